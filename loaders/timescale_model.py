"""What a timescale cell reads as: the :class:`Timescale` record and the flags that explain a doubtful reading.

Kept apart from the parser so the frames, the analysis and the parser's own modules share one definition
without importing the parser.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Every flag the parser can raise, in the order flags are reported, with the dashboard's explanation.
FLAG_DESCRIPTIONS: dict[str, str] = {
    "unparsed": "The timescale could not be read as dates, so start and end are left blank; the text is "
    "shown as written.",
    "no_year": "A month, season or quarter is given with no year anywhere in the cell.",
    "year_inferred": "The missing year was taken as the first one that does not put the timescale wholly "
    "before the plan's date.",
    "end_before_start": "As written, the end is earlier than the start. The dates are kept as written, not corrected.",
    "before_plan_date": "The timescale ends (or, with no end given, starts) before the date of the action plan itself.",
    "multiple": "The cell holds several dates without labels. Each is kept as a milestone and the overall "
    "span, earliest to latest, is used.",
    "extra_text": "The cell has words besides the timescale (a note, label or caveat) that were kept but "
    "not interpreted.",
    "ambiguous_quarter": "A quarter was given with a calendar year (e.g. 'Q1 2025') and read as a calendar "
    "quarter (Q1 = January–March), although councils often mean financial quarters (Q1 = April–June).",
    "tentative": "The timescale is marked as provisional or approximate (e.g. 'TBC', 'approx.', '?').",
}

Milestone = tuple[str, dt.date | None, dt.date | None]


@dataclass(frozen=True)
class Timescale:
    """One timescale cell, read.

    ``raw`` is the text as given. ``start``/``end`` are None when unknown: a deadline ("by March 2025")
    has no start, an open-ended item ("from April 2024") no end. ``milestones`` holds
    ``(label, start, end)`` for each date when the cell names several; then ``start`` is the earliest
    start and ``end`` the latest end. ``flags`` explain anything doubtful; see ``FLAG_DESCRIPTIONS``.
    """

    raw: str
    start: dt.date | None = None
    end: dt.date | None = None
    ongoing: bool = False
    completed: bool = False
    flags: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()

    @property
    def parsed(self) -> bool:
        """True when the cell said something usable: a start or an end, or that it is ongoing or done."""
        return self.start is not None or self.end is not None or self.ongoing or self.completed
