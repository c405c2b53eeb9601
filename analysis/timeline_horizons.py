"""How far ahead plans look: planned durations of items, each challenge's horizon (months from the plan date
to its last deadline), deadlines counted by month, and the takeaway of each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.cells import counted
from analysis.timeline_common import (
    DEADLINE_COLUMNS,
    DURATION_COLUMNS,
    HORIZON_COLUMNS,
    _item,
    _months,
    _names,
    month_words,
)

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
        return f"The busiest months are {listed}, with {counted(n, 'deadline')} each"
    rows = deadlines[deadlines["month"] == busiest[0]]
    head = f"The busiest month is {pd.Timestamp(busiest[0]):%B %Y}: {counted(n, 'deadline')}"
    if deadlines["council"].nunique() == 1:
        return head
    if len(rows) == 1:
        return f"{head}, all {rows['council'].iloc[0]}'s"
    return f"{head} across {len(rows)} councils"
