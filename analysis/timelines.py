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
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from analysis.coverage import councils_left_out, left_out_headline  # noqa: F401 - re-exported
from analysis.followup import (
    STATUS_LABELS,
    STATUSES,
    action_status,
    classify_many,
    default_visit,
    latest_challenges,
)
from loaders.timescales import FLAG_DESCRIPTIONS

#: Open-ended bars run at least this many months past their start, so they never collapse to a sliver.
OPEN_ENDED_MIN_MONTHS = 3
#: How many actions the all-councils Gantt draws before it asks for a council (issue 8: no thousand-bar charts).
GANTT_TOP_DEFAULT = 40
#: Per-council charts draw at most this many councils (the rest are folded or listed in the tables): more
#: colours than this cannot be told apart, and a national view would otherwise draw hundreds of traces.
MAX_COUNCILS_DRAWN = 12
OTHER_COUNCILS = "_other"
_DAYS_PER_MONTH = 365.2425 / 12

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
    return (pd.to_datetime(end) - pd.to_datetime(start)).dt.days / _DAYS_PER_MONTH


def _item(number: object, order: object) -> str:
    """The action's number as the plan writes it ("2.3"), else its position ("Action 4")."""
    text = "" if number is None or (isinstance(number, float) and pd.isna(number)) else str(number).strip()
    if text and text.lower() != "nan":
        return text
    return f"Action {order}"


def _flags(value: object) -> list[str]:
    return [str(f) for f in value] if isinstance(value, list | tuple) else []


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def month_words(months: float) -> str:
    """'14 months', '1 month', 'under a month', '2 months before' — whole months, for takeaways.

    >>> month_words(13.6), month_words(0.99), month_words(0.3), month_words(-2.0)
    ('14 months', '1 month', 'under a month', '2 months before')
    """
    whole = math.floor(float(months) + 0.5)  # half up: 8.5 months reads as 9, not banker's 8
    if whole < 0:
        return f"{_plural(-whole, 'month')} before"
    return "under a month" if whole < 1 else _plural(whole, "month")


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
    head = f"{len(rows):,} of {_plural(actions, 'action')} can be placed on a timeline"
    return head + ("; " + ", ".join(extra) if extra else "")


# --------------------------------------------------------------------------------------------------
# Durations, horizons, deadlines by month


def planned_durations(rows: pd.DataFrame) -> pd.DataFrame:
    """The planned length of every action that has one (from :func:`gantt_rows`), in months.

    Deadline-only actions are measured from the plan date (the time the council gave itself); open-ended,
    undated and end-before-start ones are left out because they have no honest length.
    """
    if rows.empty:
        return pd.DataFrame(columns=DURATION_COLUMNS)
    out = rows[rows["duration_months"].notna()]
    return out[DURATION_COLUMNS].reset_index(drop=True)


def duration_takeaway(durations: pd.DataFrame) -> str:
    """'Actions are planned to take a median of 5 months; Leeds City Council plans the longest (median 6 months)'."""
    if durations.empty:
        return ""
    overall = float(durations["duration_months"].median())
    by_council = durations.groupby("council")["duration_months"].median().sort_values(ascending=False, kind="stable")
    if len(by_council) == 1:
        low, high = durations["duration_months"].min(), durations["duration_months"].max()
        return (
            f"{by_council.index[0]}'s actions are planned to take a median of {month_words(overall)} "
            f"(from {month_words(low)} to {month_words(high)})"
        )
    return (
        f"Actions are planned to take a median of {month_words(overall)}; {by_council.index[0]} plans the longest "
        f"(median {month_words(by_council.iloc[0])})"
    )


def horizons(actions: pd.DataFrame, challenges: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """Per challenge with a plan date and at least one deadline: months from the plan to its last deadline.

    Columns :data:`HORIZON_COLUMNS`; ``last_item`` is the action with the last deadline, ``deadlines`` how
    many actions give an end date, ``open_ended`` how many run on with none. Sorted longest first.
    """
    dated = actions[actions["end"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=HORIZON_COLUMNS)
    dated = dated.assign(end=pd.to_datetime(dated["end"]))
    latest = (
        dated.sort_values(["end", "order"], kind="stable").groupby("challenge_id").tail(1).set_index("challenge_id")
    )
    counts = dated.groupby("challenge_id").size()
    no_end = actions["end"].isna() & (actions["ongoing"].fillna(False).astype(bool) | actions["start"].notna())
    open_counts = actions[no_end].groupby("challenge_id").size()
    chal = challenges[challenges["challenge_id"].isin(latest.index) & challenges["plan_date"].notna()]
    if chal.empty:
        return pd.DataFrame(columns=HORIZON_COLUMNS)
    names = _names(councils)
    out = pd.DataFrame(
        {
            "council_id": chal["council_id"].to_numpy(),
            "council": chal["council_id"].map(names).fillna(chal["council_id"]).to_numpy(),
            "challenge_id": chal["challenge_id"].to_numpy(),
            "year": chal["year"].to_numpy(),
            "plan_date": pd.to_datetime(chal["plan_date"]).to_numpy(),
        }
    )
    last = latest.loc[out["challenge_id"]]
    out["last_deadline"] = last["end"].to_numpy()
    out["horizon_months"] = _months(out["plan_date"], out["last_deadline"])
    out["last_item"] = [
        f"{_item(n, o)}: {t}" for n, o, t in zip(last["number"], last["order"], last["text"].fillna(""), strict=True)
    ]
    out["deadlines"] = out["challenge_id"].map(counts).fillna(0).astype(int)
    out["open_ended"] = out["challenge_id"].map(open_counts).fillna(0).astype(int)
    return out.sort_values(["horizon_months", "council"], ascending=[False, True], ignore_index=True)[HORIZON_COLUMNS]


def horizon_takeaway(horizon: pd.DataFrame) -> str:
    """'Leeds City Council gives itself the longest horizon: 14 months from plan to last deadline'.

    A negative horizon (every deadline falls before the plan's own date, as in a plan written to report on
    work already done) is said as such ("2 months before"), never hidden.

    >>> h = pd.DataFrame({"council": ["Leeds City Council", "Bury Council"], "horizon_months": [13.7, 6.5]})
    >>> horizon_takeaway(h)
    'Leeds City Council gives itself the longest horizon: 14 months from plan to last deadline (Bury Council the shortest: 7 months)'
    """  # noqa: E501
    if horizon.empty:
        return ""
    ordered = horizon.sort_values("horizon_months", ascending=False, kind="stable")
    top = ordered.iloc[0]
    if len(ordered) == 1:
        return f"{top['council']} gives itself {month_words(top['horizon_months'])} from plan to last deadline"
    low = ordered.iloc[-1]
    return (
        f"{top['council']} gives itself the longest horizon: {month_words(top['horizon_months'])} from plan to last "
        f"deadline ({low['council']} the shortest: {month_words(low['horizon_months'])})"
    )


def deadlines_by_month(actions: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """How many action deadlines fall in each calendar month, per council (columns :data:`DEADLINE_COLUMNS`).

    The deadline is the written end date (a flagged end-before-start keeps its written end). ``items`` lists
    the actions ("2.3", "Action 4") for hover text. Months with no deadline are not listed.
    """
    dated = actions[actions["end"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=DEADLINE_COLUMNS)
    month = pd.to_datetime(dated["end"]).dt.to_period("M").dt.to_timestamp()
    frame = pd.DataFrame(
        {
            "month": month.to_numpy(),
            "council_id": dated["council_id"].astype(object).to_numpy(),
            "item": [_item(n, o) for n, o in zip(dated["number"], dated["order"], strict=True)],
        }
    ).sort_values(["month", "council_id"], kind="stable", ignore_index=True)
    # Group boundaries by hand: a groupby-agg(list) makes a Python call per group, too slow for a national corpus.
    key = frame["month"].astype("int64").astype(str) + "|" + frame["council_id"]
    starts = np.flatnonzero(np.r_[True, key.to_numpy()[1:] != key.to_numpy()[:-1]])
    ends = np.r_[starts[1:], len(frame)]
    item_values = frame["item"].to_numpy()
    out = pd.DataFrame(
        {
            "month": frame["month"].to_numpy()[starts],
            "council_id": frame["council_id"].to_numpy()[starts],
            "deadlines": ends - starts,
            "items": [item_values[a:b].tolist() for a, b in zip(starts, ends, strict=True)],
        }
    )
    out["council"] = out["council_id"].map(_names(councils)).fillna(out["council_id"])
    return out[DEADLINE_COLUMNS]


def deadline_takeaway(deadlines: pd.DataFrame) -> str:
    """'The busiest month is December 2024: 7 deadlines, all King's Lynn's' (ties name up to three months).

    >>> d = pd.DataFrame({"month": pd.to_datetime(["2024-12-01", "2024-12-01", "2023-06-01"]),
    ...                   "council": ["A", "B", "A"], "deadlines": [4, 1, 2]})
    >>> deadline_takeaway(d)
    'The busiest month is December 2024: 5 deadlines across 2 councils'
    >>> deadline_takeaway(d[d["council"] == "A"].assign(deadlines=1))
    'The busiest months are June 2023 and December 2024, with 1 deadline each'
    """
    if deadlines.empty:
        return ""
    per_month = deadlines.groupby("month")["deadlines"].sum().sort_index()
    n = int(per_month.max())
    busiest = list(per_month[per_month == n].index)
    if len(busiest) > 1:
        named = [f"{pd.Timestamp(m):%B %Y}" for m in busiest[:3]]
        listed = ", ".join(named[:-1]) + f" and {named[-1]}" if len(busiest) <= 3 else ", ".join(named) + " and others"
        return f"The busiest months are {listed}, with {_plural(n, 'deadline')} each"
    rows = deadlines[deadlines["month"] == busiest[0]]
    head = f"The busiest month is {pd.Timestamp(busiest[0]):%B %Y}: {_plural(n, 'deadline')}"
    if deadlines["council"].nunique() == 1:
        return head
    if len(rows) == 1:
        return f"{head}, all {rows['council'].iloc[0]}'s"
    return f"{head} across {len(rows)} councils"


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
        return f"{when}, {row['council']} had {due:,} of {_plural(total, 'action')} due"
    top = summary.sort_values(["share_due", "due"], ascending=False, kind="stable").iloc[0]
    return (
        f"{when}, {due:,} of {_plural(total, 'action')} were due; the largest share in {top['council']} "
        f"({int(top['due']):,} of {int(top['actions']):,})"
    )


# --------------------------------------------------------------------------------------------------
# Flagged and unparsed timescales


def _flag_frame(frame: pd.DataFrame, kind: str, items: pd.Series) -> pd.DataFrame:
    """The flagged rows of an actions or steps frame in :data:`FLAGGED_COLUMNS` shape (less ``council``).

    Filters before building anything: at national scale there are tens of thousands of rows and most are clean.
    """
    flagged = frame[frame["timescale_flags"].map(lambda f: isinstance(f, list | tuple) and len(f) > 0)]
    if kind == "action":
        item = items.reindex(flagged["action_id"]).to_numpy()
    else:
        parents = items.reindex(flagged["action_id"]).fillna(flagged["action_id"].astype(object)).to_numpy()
        labels = flagged["label"].astype(object).where(flagged["label"].notna(), flagged["order"].astype(str))
        labels = labels.map(lambda v: str(v).strip()).where(lambda v: v != "", flagged["order"].astype(str))
        item = [f"{p}, step {lab}" for p, lab in zip(parents, labels, strict=True)]
    flags = flagged["timescale_flags"].map(_flags)
    return pd.DataFrame(
        {
            "council_id": flagged["council_id"].to_numpy(),
            "challenge_id": flagged["challenge_id"].to_numpy(),
            "kind": kind,
            "item": item,
            "text": flagged["text"].fillna("").astype(str).to_numpy(),
            "timescale_raw": flagged["timescale_raw"].fillna("").astype(str).to_numpy(),
            "start": flagged["start"].to_numpy(),
            "end": flagged["end"].to_numpy(),
            "flags": flags.to_numpy(),
            "explanation": flags.map(lambda fs: " ".join(FLAG_DESCRIPTIONS.get(f, f) for f in fs)).to_numpy(),
        }
    )


def flagged_timescales(actions: pd.DataFrame, steps: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """Every action and step whose timescale carries a flag (``unparsed``, ``end_before_start``, ...).

    The raw text is shown as written beside the dates read from it and a plain-English explanation of each
    flag (:data:`loaders.timescales.FLAG_DESCRIPTIONS`). Columns :data:`FLAGGED_COLUMNS`, in source order.
    """
    items = pd.Series(
        [_item(n, o) for n, o in zip(actions["number"], actions["order"], strict=True)],
        index=actions["action_id"].to_numpy(),
        dtype=object,
    )
    parts = [_flag_frame(actions, "action", items)]
    if steps is not None and not steps.empty:
        parts.append(_flag_frame(steps[steps["action_id"].isin(actions["action_id"])], "step", items))
    out = pd.concat(parts, ignore_index=True)
    out.insert(1, "council", out["council_id"].map(_names(councils)).fillna(out["council_id"]))
    return out[FLAGGED_COLUMNS]


def flagged_takeaway(flagged: pd.DataFrame) -> str:
    """'7 timescales need a second look: 2 could not be read, 1 ends before it starts, ...'.

    >>> flagged_takeaway(pd.DataFrame({"flags": [["unparsed"], ["end_before_start"], ["unparsed"]]}))
    '3 timescales need a second look: 2 could not be read, 1 ends before it starts'
    """
    if flagged.empty:
        return ""
    counts = flagged["flags"].explode().value_counts()
    words = {  # flag: (one, several)
        "unparsed": ("could not be read", "could not be read"),
        "end_before_start": ("ends before it starts", "end before they start"),
        "before_plan_date": ("falls before the plan's date", "fall before the plan's date"),
        "multiple": ("holds several dates", "hold several dates"),
    }
    parts = [f"{int(counts[f]):,} {w[int(counts[f]) != 1]}" for f, w in words.items() if f in counts]
    head = f"{_plural(len(flagged), 'timescale')} need{'s' if len(flagged) == 1 else ''} a second look"
    return head + (": " + ", ".join(parts) if parts else "")
