"""Sections: every chart declared once (compute -> data; figure, takeaway, table, source and bars from it).

:mod:`sections.base` says what a section is; one module per page declares its sections; :data:`PAGES` lists
them in page order for presentation mode, the briefing pack and the tests that walk every section.
"""

from __future__ import annotations

from sections import owners
from sections.base import Bars, Context, Drawn, Frames, Section, Series, Style, build_all
from sections.timescales import DUE_BY, HORIZON

#: Page name -> its sections, in the order the page draws them.
PAGES: dict[str, tuple[Section, ...]] = {
    "Timescales": (DUE_BY, HORIZON),
    "Owners": owners.PAGE,
}

__all__ = ["PAGES", "Bars", "Context", "Drawn", "Frames", "Section", "Series", "Style", "build_all"]
