"""Lines that travel with a chart wherever it is shown: on a presentation slide, in a briefing pack, in an image.

A chart shown to councillors needs to say where its numbers come from. :func:`source_line` names the
council papers behind the charted challenges, the same way in presentation mode (:mod:`ui.present`) and in
the PowerPoint pack (:mod:`reports.pack`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from analysis.cells import cell_text as _text

if TYPE_CHECKING:
    from analysis.followup import Brief


def source_line(challenges: pd.DataFrame, *, limit: int = 4) -> str:
    """'Sources: Leeds City Council, Executive Board 8 Feb 2023; …' for the charted challenges.

    One part per council paper (meeting, else document title, and its date), in council then year order;
    past ``limit`` parts the rest are counted ("and 3 more") so the line fits under a chart.

    >>> source_line(pd.DataFrame({"council_name": ["Leeds City Council"], "year": [2022],
    ...     "source_meeting": ["Executive Board"], "source_date": [pd.Timestamp("2023-02-08")]}))
    'Sources: Leeds City Council, Executive Board 8 Feb 2023'
    """
    if challenges.empty or "council_name" not in challenges:
        return ""
    parts: list[str] = []
    order = [c for c in ("council_name", "year") if c in challenges]
    for _, ch in challenges.sort_values(order).iterrows():
        when = ch.get("source_date")
        when = when if _text(when) else ch.get("plan_date")
        when_text = pd.Timestamp(when).strftime("%-d %b %Y") if _text(when) else ""
        meeting = _text(ch.get("source_meeting")) or _text(ch.get("source_title")) or "peer challenge report"
        part = ", ".join(p for p in (_text(ch.get("council_name")), f"{meeting} {when_text}".strip()) if p)
        if part not in parts:
            parts.append(part)
    shown, more = parts[:limit], len(parts) - limit
    return ("Sources: " + "; ".join(shown) + (f"; and {more} more" if more > 0 else "")) if shown else ""


def visit_takeaway(b: Brief) -> str:
    """One line on a council's plan against the visit date, for the brief's slide in a briefing pack.

    A past visit is judged at the visit, so everything due by then and not completed is overdue; a visit
    still ahead separates what is already overdue from what falls due before it.
    """
    from analysis.followup import day

    h = b.headline
    if h.actions == 0:
        return "The plan records no actions, so nothing can be judged against the visit date"
    when = day(b.visit_date)
    if b.visit_in_past:
        return f"{h.overdue} of {h.actions} actions were due by the visit on {when} and are not recorded as completed"
    return f"{h.overdue} of {h.actions} actions are overdue and {h.due} more fall due by the visit on {when}"
