"""Gantt rows: one bar per action (or step) from its start, or the plan date when only a deadline is given,
to its end or its challenge's horizon, with ``start_basis`` saying which; the limit of what one chart draws,
and the chart's takeaway.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.cells import counted
from analysis.timeline_common import (
    GANTT_COLUMNS,
    GANTT_TOP_DEFAULT,
    OPEN_ENDED_MIN_MONTHS,
    _flags,
    _item,
    _months,
    _names,
    _plan_dates,
)

# --------------------------------------------------------------------------------------------------
# Gantt


def gantt_rows(
    actions: pd.DataFrame,
    challenges: pd.DataFrame,
    councils: pd.DataFrame,
    *,
    horizon: dt.date | None = None,
) -> pd.DataFrame:
    """One row per action that can be placed on a timeline (columns :data:`GANTT_COLUMNS`).

    ``start``/``end`` are the dates as the loader read them; ``bar_start``/``bar_end`` are what to draw
    (see the module docstring for ``start_basis``). An end before its start (flagged ``end_before_start``)
    is drawn from the earlier date to the later one and keeps its flag. Actions with no usable date are left
    out; the caller can count them as ``len(actions) - len(rows)``. ``horizon`` overrides where open-ended
    bars stop. ``duration_months`` is the planned length: from ``bar_start`` to the written end, for bars that
    have both and are not flagged end-before-start.
    """
    if actions.empty:
        return pd.DataFrame(columns=GANTT_COLUMNS)
    frame = actions[["action_id", "council_id", "challenge_id", "number", "order", "text", "timescale_raw", "start",
                     "end", "ongoing", "completed", "timescale_flags"]].copy()  # fmt: skip
    frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[s]")
    frame["end"] = pd.to_datetime(frame["end"]).astype("datetime64[s]")
    frame["ongoing"] = frame["ongoing"].fillna(False).astype(bool)
    frame["completed"] = frame["completed"].fillna(False).astype(bool)
    frame["plan_date"] = frame["challenge_id"].map(_plan_dates(challenges)).astype("datetime64[s]")
    start, end, plan = frame["start"], frame["end"], frame["plan_date"]

    basis = pd.Series(pd.NA, index=frame.index, dtype="object")
    basis[start.notna()] = "as written"
    only_end = start.isna() & end.notna()
    basis[only_end & plan.notna()] = "plan date"
    basis[only_end & plan.isna()] = "deadline only"
    undated = start.isna() & end.isna()
    basis[undated & frame["ongoing"] & plan.notna()] = "ongoing"
    basis[undated & ~frame["ongoing"] & frame["completed"] & plan.notna()] = "completed"
    frame["start_basis"] = basis
    frame = frame[basis.notna()].copy()
    if frame.empty:
        return pd.DataFrame(columns=GANTT_COLUMNS)

    bar_start = frame["start"].where(frame["start"].notna(), frame["plan_date"])
    bar_start = bar_start.where(frame["start_basis"] != "deadline only", frame["end"])
    frame["open_ended"] = frame["end"].isna() & (frame["start_basis"] != "completed")
    # The horizon: the challenge's last written deadline (or the caller's), never less than a few months on.
    last = frame.groupby("challenge_id")["end"].transform("max")
    stop = pd.Series(pd.Timestamp(horizon), index=frame.index) if horizon is not None else last
    floor = bar_start + pd.DateOffset(months=OPEN_ENDED_MIN_MONTHS)
    open_end = stop.where(stop.notna() & (stop >= floor), floor)
    bar_end = frame["end"].where(~frame["open_ended"], open_end)
    bar_end = bar_end.where(frame["start_basis"] != "completed", bar_start)
    backwards = bar_end < bar_start  # end before start as written: draw the span, keep the flag
    frame["bar_start"] = bar_start.where(~backwards, bar_end).astype("datetime64[s]")
    frame["bar_end"] = bar_end.where(~backwards, bar_start).astype("datetime64[s]")

    frame["flags"] = frame["timescale_flags"].map(_flags)
    frame["flagged"] = frame["flags"].map(bool)
    frame["council"] = frame["council_id"].map(_names(councils)).fillna(frame["council_id"])
    frame["item"] = [_item(n, o) for n, o in zip(frame["number"], frame["order"], strict=True)]
    frame["text"] = frame["text"].fillna("").astype(str)
    frame["label"] = frame["item"] + ": " + frame["text"]
    frame["timescale_raw"] = frame["timescale_raw"].fillna("").astype(str)
    measurable = frame["end"].notna() & frame["start_basis"].isin(["as written", "plan date"]) & ~backwards
    frame["duration_months"] = _months(frame["bar_start"], frame["end"]).where(measurable)
    frame = frame.sort_values(["council", "challenge_id", "bar_start", "order"], kind="stable", ignore_index=True)
    return frame[GANTT_COLUMNS]


def limit_gantt(
    rows: pd.DataFrame, *, council_id: str | None = None, top: int = GANTT_TOP_DEFAULT
) -> tuple[pd.DataFrame, int]:
    """The rows a Gantt should draw, and how many it hides.

    With ``council_id``: that council's actions. Then at most ``top`` rows, the longest first (open-ended
    work counts as long as its bar), so the biggest commitments stay visible; the rows keep the council and
    date order of :func:`gantt_rows`.

    >>> rows = pd.DataFrame({"council_id": ["a", "a", "b"], "bar_start": pd.to_datetime(["2024-01-01"] * 3),
    ...                      "bar_end": pd.to_datetime(["2024-02-01", "2024-09-01", "2024-05-01"])})
    >>> shown, hidden = limit_gantt(rows, top=2)
    >>> shown.index.tolist(), hidden
    ([1, 2], 1)
    """
    chosen = rows[rows["council_id"] == council_id] if council_id else rows
    if len(chosen) <= top:
        return chosen, 0
    length = chosen["bar_end"] - chosen["bar_start"]
    keep = length.sort_values(ascending=False, kind="stable").index[:top]
    return chosen.loc[sorted(keep)], len(chosen) - top


def gantt_takeaway(rows: pd.DataFrame, *, actions: int) -> str:
    """'48 of 65 actions can be placed on a timeline; 6 are ongoing with no end date, 1 is marked completed'."""
    if rows.empty:
        return ""
    open_ended = int(rows["open_ended"].sum())
    done = int(rows["completed"].sum())
    extra = []
    if open_ended:
        extra.append(f"{open_ended:,} {'is' if open_ended == 1 else 'are'} open-ended (ongoing, no end date)")
    if done:
        extra.append(f"{done:,} {'is' if done == 1 else 'are'} marked completed")
    head = f"{len(rows):,} of {counted(actions, 'action')} can be placed on a timeline"
    return head + ("; " + ", ".join(extra) if extra else "")
