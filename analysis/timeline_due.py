"""What is due by a date: the review date per council (the follow-up visit default), each action's status
on that date, summed per council and in long form for the stacked chart, and the takeaway.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.cells import counted
from analysis.followup import (
    STATUS_LABELS,
    STATUSES,
    action_status,
    classify_many,
    default_visit,
    latest_challenges,
)
from analysis.timeline_common import _STATUS_INPUTS, DUE_LONG_COLUMNS, DUE_SUMMARY_COLUMNS, _names

# --------------------------------------------------------------------------------------------------
# Due by a date


def due_dates(
    challenges: pd.DataFrame, council_ids: list[str], *, date: dt.date | None = None, today: dt.date | None = None
) -> dict[str, tuple[dt.date, str]]:
    """For each council, the date to judge against and why: ``date`` if given, else its progress review.

    The progress review follows :func:`analysis.followup.council_default_visit` (about ten months after the
    latest challenge's on-site visit); a council with no usable challenge date falls back to ``today``.
    """
    today = today or dt.date.today()
    if date is not None:
        return {cid: (date, "chosen date") for cid in council_ids}
    wanted = set(council_ids)
    # council_default_visit's rule (latest challenge with a usable date), with one sort for every council
    # rather than one per council.
    found: dict[str, dt.date] = {}
    for row in latest_challenges(challenges[challenges["council_id"].isin(wanted)]).to_dict("records"):
        if row["council_id"] not in found:
            visit = default_visit(row)
            if visit:
                found[row["council_id"]] = visit.date
    return {cid: (found[cid], "progress review") if cid in found else (today, "today") for cid in council_ids}


def due_by_actions(
    actions: pd.DataFrame,
    challenges: pd.DataFrame,
    councils: pd.DataFrame,
    *,
    date: dt.date | None = None,
    today: dt.date | None = None,
    steps: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every action with its status at its council's due date (:func:`analysis.followup.action_status`).

    ``date`` judges every council against one date; without it each council is judged at its own progress
    review. Adds ``council``, ``due_date`` and ``basis`` to action_status's columns.
    """
    today = today or dt.date.today()
    narrow = actions[[c for c in _STATUS_INPUTS if c in actions]]  # action_status copies its input: keep it thin
    if narrow.empty:
        return action_status(narrow, date or today, today).assign(council=[], due_date=[], basis=[])
    dates = due_dates(challenges, list(dict.fromkeys(narrow["council_id"])), date=date, today=today)
    when = narrow["council_id"].map(lambda cid: dates[cid][0])
    out = action_status(narrow, when.iloc[0], today, steps=steps)
    if when.nunique() > 1:
        # Councils judged at different dates: one action_status call gives the dates it works from, then every row
        # is classified at its own council's date with the same rule (followup.classify_many). One call per council
        # would cost a frame copy per council: minutes at national scale.
        codes, late = classify_many(
            start=out["start"], end=out["end"], ongoing=out["ongoing"], completed=out["completed"],
            status_text=out.get("status"), visit_date=when.tolist(), today=today, n=len(out),
        )  # fmt: skip
        out = out.assign(
            visit_status=pd.Series(codes, index=out.index, dtype="object"),
            status_label=pd.Series([STATUS_LABELS[c] for c in codes], index=out.index, dtype="object"),
            days_overdue=pd.Series(late.array, index=out.index, dtype="Int64"),
        )
    return out.assign(
        council=out["council_id"].map(_names(councils)).fillna(out["council_id"]),
        due_date=when.to_numpy(),
        basis=out["council_id"].map(lambda cid: dates[cid][1]),
    )


def due_by_summary(statused: pd.DataFrame) -> pd.DataFrame:
    """Per council: how many actions are due by its date (``due`` = deadline on or before it, not completed).

    ``overdue`` is the part of ``due`` whose deadline had already passed at the as-of date (today, or the
    due date if that is earlier — for a past date, every due action is "overdue" then). Columns
    :data:`DUE_SUMMARY_COLUMNS`; the status counts add up to ``actions``.
    """
    if statused.empty:
        return pd.DataFrame(columns=DUE_SUMMARY_COLUMNS)
    counts = statused.groupby(["council_id", "visit_status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    first = statused.groupby("council_id")[["council", "due_date", "basis"]].first()
    out = first.join(counts).reset_index()
    out["actions"] = out[list(STATUSES)].sum(axis=1)
    out["overdue"] = out["overdue"].astype(int)
    out["due"] = out["overdue"] + out["due"]
    out["share_due"] = out["due"] / out["actions"]
    return out.sort_values("council", ignore_index=True)[DUE_SUMMARY_COLUMNS]


def due_by_long(statused: pd.DataFrame) -> pd.DataFrame:
    """Counts per council and status code, in :data:`analysis.followup.STATUSES` order (for a stacked chart)."""
    if statused.empty:
        return pd.DataFrame(columns=DUE_LONG_COLUMNS)
    grouped = statused.groupby(["council_id", "council", "due_date", "visit_status"]).size().rename("actions")
    out = grouped.reset_index().rename(columns={"visit_status": "status"})
    out["status_label"] = out["status"].map(STATUS_LABELS)
    out["_rank"] = out["status"].map({s: i for i, s in enumerate(STATUSES)})
    return out.sort_values(["council", "_rank"], ignore_index=True)[DUE_LONG_COLUMNS]


def due_by_takeaway(summary: pd.DataFrame, *, chosen: dt.date | None = None) -> str:
    """'By 1 Aug 2024, 15 of 24 actions were due; ...' — one line for the due-by chart.

    >>> s = pd.DataFrame({"council": ["A", "B"], "due_date": [dt.date(2024, 8, 1)] * 2, "actions": [24, 10],
    ...                   "due": [15, 2], "share_due": [15 / 24, 0.2]})
    >>> due_by_takeaway(s, chosen=dt.date(2024, 8, 1))
    'By 1 Aug 2024, 17 of 34 actions were due; the largest share in A (15 of 24)'
    """
    if summary.empty:
        return ""
    due, total = int(summary["due"].sum()), int(summary["actions"].sum())
    when = f"By {chosen:%-d %b %Y}" if chosen else "By each council's progress review"
    if len(summary) == 1:
        row = summary.iloc[0]
        when = when if chosen else f"By its progress review ({row['due_date']:%-d %b %Y})"
        return f"{when}, {row['council']} had {due:,} of {counted(total, 'action')} due"
    top = summary.sort_values(["share_due", "due"], ascending=False, kind="stable").iloc[0]
    return (
        f"{when}, {due:,} of {counted(total, 'action')} were due; the largest share in {top['council']} "
        f"({int(top['due']):,} of {int(top['actions']):,})"
    )
