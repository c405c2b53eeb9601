"""Sections: every chart declared once (compute -> data; figure, takeaway, table, source and bars from it).

:mod:`sections.base` says what a section is; one module per page declares its sections; :data:`PAGES` lists
them in page order for presentation mode, the briefing pack and the tests that walk every section.
"""

from __future__ import annotations

from sections import brief, history, overlap, overview, owners, themes, timescales
from sections.base import Bars, Context, Drawn, Frames, Section, Series, Style, build_all

#: Page name -> its sections, in the order the page draws them.
PAGES: dict[str, tuple[Section, ...]] = {
    "Overview": overview.PAGE,
    "Themes": themes.PAGE,
    "Timescales": timescales.PAGE,
    "Owners": owners.PAGE,
    "Overlap": overlap.PAGE,
    "Council brief": brief.PAGE,
    "History": history.PAGE,
}

__all__ = ["PAGES", "Bars", "Context", "Drawn", "Frames", "Section", "Series", "Style", "build_all"]
