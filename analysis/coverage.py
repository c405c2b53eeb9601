"""Which councils a view leaves out, and why: sparse sources must be counted, never silently dropped.

Timescale and owner views can only draw councils whose plans give actions with dates or owners. Many
public sources give less (recommendations only, a summary, a plan without an owner column), so every such
view says how many councils it leaves out and the reason, in words an adviser can repeat.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from analysis.cells import counted

Need = Literal["actions", "timescales", "owners"]

LEFT_OUT_COLUMNS = ["council_id", "council", "reason", "challenges"]

NO_ACTION_PLAN = "the source has no action plan"
NO_ACTIONS = "no actions captured from the source"
NO_TIMESCALES = "no action has a dated timescale"
NO_OWNER_COLUMN = "the plan has no owner column"
NO_OWNERS = "no action has an owner stated"


def _has_date(actions: pd.DataFrame) -> pd.Series:
    return actions["start"].notna() | actions["end"].notna() | actions["ongoing"].astype(bool)


def _has_owner(actions: pd.DataFrame) -> pd.Series:
    return actions["owner_families"].map(lambda fams: any(f != "Not stated" for f in (fams or [])))


def councils_left_out(
    councils: pd.DataFrame, challenges: pd.DataFrame, actions: pd.DataFrame, need: Need
) -> pd.DataFrame:
    """Councils in the view that a chart of ``need`` cannot draw, one row each with the reason.

    ``councils``, ``challenges`` and ``actions`` are the filtered view's frames; a council drawn with at
    least one usable action is not listed. Grouped, not looped, so a national corpus answers at once.
    """
    ids = councils["council_id"]
    per_council = actions.groupby("council_id", sort=False)
    has_actions = ids.isin(per_council.size().index)
    plan_in_source = challenges.groupby("council_id")["action_plan_in_source"].any() if len(challenges) else None
    owner_column = challenges.groupby("council_id")["has_owner_column"].any() if len(challenges) else None
    reasons = pd.Series(None, index=councils.index, dtype=object)
    plan_given = ids.map(plan_in_source).fillna(True).astype(bool) if plan_in_source is not None else True
    reasons[~has_actions] = NO_ACTIONS
    reasons[~has_actions & ~plan_given] = NO_ACTION_PLAN
    if need == "timescales":
        dated = actions.loc[_has_date(actions), "council_id"].unique() if len(actions) else []
        reasons[has_actions & ~ids.isin(dated)] = NO_TIMESCALES
    if need == "owners":
        owned = actions.loc[_has_owner(actions).astype(bool), "council_id"].unique() if len(actions) else []
        without = has_actions & ~ids.isin(owned)
        column = ids.map(owner_column).fillna(True).astype(bool) if owner_column is not None else True
        reasons[without] = NO_OWNERS
        reasons[without & ~column] = NO_OWNER_COLUMN
    out = councils.loc[reasons.notna(), ["council_id", "name"]].rename(columns={"name": "council"})
    out["reason"] = reasons[reasons.notna()].astype("str")
    names = challenges.groupby("council_id")["challenge_id"].agg(", ".join) if len(challenges) else {}
    out["challenges"] = out["council_id"].map(names).fillna("")
    return out.reset_index(drop=True)[LEFT_OUT_COLUMNS]


def left_out_sentence(left_out: pd.DataFrame, shown: int) -> str | None:
    """'Showing 3 councils; 2 left out: Bury 2018 (the source has no action plan), ...' or None."""
    if left_out.empty:
        return None
    parts = [f"{row.council} ({row.reason})" for row in left_out.itertuples(index=False)]
    noun = "council" if len(left_out) == 1 else "councils"
    return f"Showing {shown} council{'s' if shown != 1 else ''}; {len(left_out)} {noun} left out: " + "; ".join(parts)


def left_out_headline(left_out: pd.DataFrame, shown: int) -> str | None:
    """The left-out councils counted by reason, for views with too many to name in one sentence.

    >>> lo = pd.DataFrame({"council": ["A", "B", "C"], "reason": ["no plan", "no plan", "no dates"]})
    >>> left_out_headline(lo, 4)
    'Showing 4 councils; 3 councils left out: 2 because no plan, 1 because no dates'
    """
    if left_out.empty:
        return None
    by_reason = left_out["reason"].value_counts(sort=True)
    parts = [f"{int(n):,} because {reason}" for reason, n in by_reason.items()]
    return f"Showing {counted(shown, 'council')}; {counted(len(left_out), 'council')} left out: " + ", ".join(parts)
