"""Timescales across councils: Gantt rows, planned durations, horizons, deadlines by month, what is due by a
date, and the timescales that could not be read cleanly.

Dates are the loader's normalised dates exactly as written (see :mod:`loaders.timescales`); nothing here
corrects them. Drawing needs a few conventions, each recorded per row in ``start_basis`` so a chart can say
what it did:

* ``as written`` — the cell gives a start (and usually an end);
* ``plan date`` — the cell gives only a deadline ("By December 2024"): the bar starts at the plan's date,
  because that is when the council committed to it;
* ``deadline only`` — only a deadline and no plan date: a point at the deadline;
* ``ongoing`` — "Ongoing" with no dates: from the plan date, open-ended;
* ``completed`` — "Completed" with no dates: a mark at the plan date (done as of the plan).

Open-ended work (ongoing, or a start with no end) runs to a *horizon*: the challenge's last deadline, and at
least :data:`OPEN_ENDED_MIN_MONTHS` past its start, so it is drawn as running on rather than as a date.

Months are approximate (mean Gregorian months, :func:`loaders.timescales.months_between`): good for
comparing horizons, not for exact calendar arithmetic. Pure pandas; inputs are never mutated.

This module is the public entry (pages, sections and tests import from here); the work is split by view:
:mod:`analysis.timeline_common` (settings, columns, which councils to draw), :mod:`analysis.timeline_gantt`,
:mod:`analysis.timeline_horizons` (durations, horizons, deadlines by month), :mod:`analysis.timeline_due`
(due by a date) and :mod:`analysis.timeline_flags` (timescales that could not be read cleanly).
"""

from __future__ import annotations

from analysis.coverage import councils_left_out, left_out_headline
from analysis.timeline_common import (
    DEADLINE_COLUMNS,
    DUE_LONG_COLUMNS,
    DUE_SUMMARY_COLUMNS,
    DURATION_COLUMNS,
    FLAGGED_COLUMNS,
    GANTT_COLUMNS,
    GANTT_TOP_DEFAULT,
    HORIZON_COLUMNS,
    MAX_COUNCILS_DRAWN,
    OPEN_ENDED_MIN_MONTHS,
    OTHER_COUNCILS,
    busiest_councils,
    fold_deadlines,
    month_words,
    timescale_left_out,
)
from analysis.timeline_due import (
    due_by_actions,
    due_by_long,
    due_by_summary,
    due_by_takeaway,
    due_dates,
)
from analysis.timeline_flags import (
    flagged_takeaway,
    flagged_timescales,
)
from analysis.timeline_gantt import (
    gantt_rows,
    gantt_takeaway,
    limit_gantt,
)
from analysis.timeline_horizons import (
    deadline_takeaway,
    deadlines_by_month,
    duration_takeaway,
    horizon_takeaway,
    horizons,
    planned_durations,
)

__all__ = [
    "DEADLINE_COLUMNS",
    "DUE_LONG_COLUMNS",
    "DUE_SUMMARY_COLUMNS",
    "DURATION_COLUMNS",
    "FLAGGED_COLUMNS",
    "GANTT_COLUMNS",
    "GANTT_TOP_DEFAULT",
    "HORIZON_COLUMNS",
    "MAX_COUNCILS_DRAWN",
    "OPEN_ENDED_MIN_MONTHS",
    "OTHER_COUNCILS",
    "busiest_councils",
    "councils_left_out",
    "deadline_takeaway",
    "deadlines_by_month",
    "due_by_actions",
    "due_by_long",
    "due_by_summary",
    "due_by_takeaway",
    "due_dates",
    "duration_takeaway",
    "flagged_takeaway",
    "flagged_timescales",
    "fold_deadlines",
    "gantt_rows",
    "gantt_takeaway",
    "horizon_takeaway",
    "horizons",
    "left_out_headline",
    "limit_gantt",
    "month_words",
    "planned_durations",
    "timescale_left_out",
]
