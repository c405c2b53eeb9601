"""What the timeline views share: their settings and column lists, small helpers (months between dates,
item labels, plurals), and which councils to draw when there are many (the rest folded into one row).

Pure pandas, like every ``analysis.timeline_*`` module; :mod:`analysis.timelines` re-exports it all.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.cells import counted
from analysis.coverage import councils_left_out
from analysis.summary import OTHER_COUNCILS
from loaders.timescale_words import DAYS_PER_MONTH

#: Open-ended bars run at least this many months past their start, so they never collapse to a sliver.
OPEN_ENDED_MIN_MONTHS = 3
#: How many actions the all-councils Gantt draws before it asks for a council (issue 8: no thousand-bar charts).
GANTT_TOP_DEFAULT = 40
#: Per-council charts draw at most this many councils (the rest are folded or listed in the tables): more
#: colours than this cannot be told apart, and a national view would otherwise draw hundreds of traces.
MAX_COUNCILS_DRAWN = 12

GANTT_COLUMNS = [
    "action_id", "council_id", "council", "challenge_id", "order", "item", "label", "text", "timescale_raw",
    "start", "end", "bar_start", "bar_end", "start_basis", "open_ended", "ongoing", "completed", "flagged",
    "flags", "plan_date", "duration_months",
]  # fmt: skip
DURATION_COLUMNS = ["council_id", "council", "action_id", "item", "label", "timescale_raw", "start_basis",
                    "bar_start", "end", "duration_months"]  # fmt: skip
HORIZON_COLUMNS = ["council_id", "council", "challenge_id", "year", "plan_date", "last_deadline", "horizon_months",
                   "last_item", "deadlines", "open_ended"]  # fmt: skip
DEADLINE_COLUMNS = ["month", "council_id", "council", "deadlines", "items"]
DUE_SUMMARY_COLUMNS = ["council_id", "council", "due_date", "basis", "actions", "due", "overdue", "ongoing",
                       "later", "no_date", "completed", "share_due"]  # fmt: skip
DUE_LONG_COLUMNS = ["council_id", "council", "due_date", "status", "status_label", "actions"]
#: The action columns action_status and the due-by table read.
_STATUS_INPUTS = ["action_id", "council_id", "challenge_id", "number", "order", "text", "timescale_raw", "start", "end",
                  "ongoing", "completed", "timescale_flags", "timescale_source", "status", "owners"]  # fmt: skip
FLAGGED_COLUMNS = ["council_id", "council", "challenge_id", "kind", "item", "text", "timescale_raw", "start", "end",
                   "flags", "explanation"]  # fmt: skip


# --------------------------------------------------------------------------------------------------
# Small helpers


def _names(councils: pd.DataFrame) -> dict[str, str]:
    return dict(zip(councils["council_id"], councils["name"], strict=False))


def _months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Approximate months from ``start`` to ``end`` (vectorised :func:`loaders.timescales.months_between`)."""
    return (pd.to_datetime(end) - pd.to_datetime(start)).dt.days / DAYS_PER_MONTH


def _item(number: object, order: object) -> str:
    """The action's number as the plan writes it ("2.3"), else its position ("Action 4")."""
    text = "" if number is None or (isinstance(number, float) and pd.isna(number)) else str(number).strip()
    if text and text.lower() != "nan":
        return text
    return f"Action {order}"


def _flags(value: object) -> list[str]:
    return [str(f) for f in value] if isinstance(value, list | tuple) else []


def month_words(months: float) -> str:
    """'14 months', '1 month', 'under a month', '2 months before' — whole months, for takeaways.

    >>> month_words(13.6), month_words(0.99), month_words(0.3), month_words(-2.0)
    ('14 months', '1 month', 'under a month', '2 months before')
    """
    whole = math.floor(float(months) + 0.5)  # half up: 8.5 months reads as 9, not banker's 8
    if whole < 0:
        return f"{counted(-whole, 'month')} before"
    return "under a month" if whole < 1 else counted(whole, "month")


def _plan_dates(challenges: pd.DataFrame) -> pd.Series:
    return pd.Series(pd.to_datetime(challenges["plan_date"]).to_numpy(), index=challenges["challenge_id"])


# --------------------------------------------------------------------------------------------------
# Many councils: which to draw


def busiest_councils(actions: pd.DataFrame, *, top: int = MAX_COUNCILS_DRAWN) -> list[str]:
    """The ``top`` councils with the most actions (ties by id): the ones per-council charts draw.

    >>> busiest_councils(pd.DataFrame({"council_id": ["b", "a", "a", "c", "b"]}), top=2)
    ['a', 'b']
    """
    counts = actions.groupby("council_id").size()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [cid for cid, _ in ordered[:top]]


def timescale_left_out(councils: pd.DataFrame, challenges: pd.DataFrame, actions: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.coverage.councils_left_out` for timescales, asked only about councils that might be.

    A council with any dated or ongoing action is never left out, so those are skipped before the per-council
    check: same answer, without a frame scan per council in a national corpus.
    """
    dated = actions["start"].notna() | actions["end"].notna() | actions["ongoing"].fillna(False).astype(bool)
    safe = set(actions.loc[dated, "council_id"])
    maybe = councils[~councils["council_id"].isin(safe)]
    mine = actions["council_id"].isin(set(maybe["council_id"]))
    return councils_left_out(maybe, challenges, actions[mine], "timescales")


def fold_deadlines(deadlines: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    """Deadlines by month with every council outside ``keep`` summed into one "Other councils" row per month."""
    inside = deadlines[deadlines["council_id"].isin(keep)]
    rest = deadlines[~deadlines["council_id"].isin(keep)]
    if rest.empty:
        return deadlines
    n = rest["council_id"].nunique()
    other = rest.groupby("month", as_index=False).agg(deadlines=("deadlines", "sum"), items=("items", "sum"))
    other = other.assign(council_id=OTHER_COUNCILS, council=f"Other councils ({n})")
    return pd.concat([inside, other[DEADLINE_COLUMNS]], ignore_index=True)
