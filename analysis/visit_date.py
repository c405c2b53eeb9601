"""The default visit date for a council's brief: a recorded progress review, else the usual ten months.

Where the plan records a progress review or revisit of its latest challenge (``corpus.reviews``), that review's
date is the visit an adviser prepares for; otherwise the LGA's practice (a progress review about ten months
after the on-site visit) gives an estimate, labelled as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.status import PROGRESS_REVIEW_MONTHS, _date, _text, add_months
from loaders.timescales import parse_timescale


@dataclass(frozen=True)
class VisitDefault:
    """The suggested visit date for a challenge and, in plain English, how it was worked out."""

    date: dt.date
    basis: str  # "onsite", "as written", "year" or "plan"
    explanation: str


def default_visit(challenge: Mapping[str, Any] | pd.Series) -> VisitDefault | None:
    """Progress-review date: :data:`PROGRESS_REVIEW_MONTHS` after the challenge's on-site visit.

    Uses the last on-site day when the source gives exact dates; else the first day of the period it gives
    in words ("October 2023", "summer 2021"); else 1 July of the challenge year; else the plan date.
    """
    months = PROGRESS_REVIEW_MONTHS
    end, start = _date(challenge.get("onsite_end")), _date(challenge.get("onsite_start"))
    onsite = end or start
    if onsite:
        return VisitDefault(
            add_months(onsite, months),
            "onsite",
            f"{months} months after the last on-site day ({onsite:%-d %B %Y}): when the LGA's progress review "
            "usually takes place.",
        )
    written = _text(challenge.get("onsite_as_written")).strip()
    if written:
        ts = parse_timescale(written)
        first = ts.start or ts.end
        if first and "unparsed" not in ts.flags:
            return VisitDefault(
                add_months(first, months),
                "as written",
                f"{months} months after the start of the on-site period the source gives (\u201c{written}\u201d; "
                "exact days not stated): when the LGA's progress review usually takes place.",
            )
    year = challenge.get("year")
    if year is not None and not pd.isna(year):
        assumed = dt.date(int(year), 7, 1)
        return VisitDefault(
            add_months(assumed, months),
            "year",
            f"The on-site dates are not given; assuming mid-{int(year)} and adding {months} months.",
        )
    plan = _date(challenge.get("plan_date"))
    if plan:
        return VisitDefault(plan, "plan", "No on-site date or year is given; using the plan's date.")
    return None


def latest_challenges(challenges: pd.DataFrame) -> pd.DataFrame:
    """Challenges latest first: by year, then on-site start, then plan date."""
    if challenges.empty:
        return challenges.copy()
    keyed = challenges.assign(
        _onsite=pd.to_datetime(challenges.get("onsite_start"), errors="coerce"),
        _plan=pd.to_datetime(challenges.get("plan_date"), errors="coerce"),
    )
    ordered = keyed.sort_values(["year", "_onsite", "_plan"], ascending=False, na_position="last", kind="stable")
    return ordered.drop(columns=["_onsite", "_plan"])


#: Review kinds that are a visit to the council (a council's own progress report is not).
VISIT_KINDS = ("progress review", "revisit")


def recorded_visits(reviews: pd.DataFrame | None, challenge_ids: list[str]) -> pd.DataFrame:
    """The recorded progress reviews and revisits of these challenges, earliest first (held or planned).

    The date is the exact day when the source gives one, else the first day of the period it gives in words.
    """
    if reviews is None or reviews.empty or not challenge_ids:
        return pd.DataFrame(columns=list(reviews.columns) if reviews is not None else [])
    mine = reviews[reviews["challenge_id"].isin(challenge_ids) & reviews["kind"].isin(VISIT_KINDS)]
    when = mine["date"].fillna(mine["date_from"]) if "date_from" in mine else mine["date"]
    mine = mine.assign(_when=pd.to_datetime(when, errors="coerce")).dropna(subset=["_when"])
    return mine.sort_values("_when", kind="stable").drop(columns=["_when"])


def review_visit(reviews: pd.DataFrame | None, challenge_id: str) -> VisitDefault | None:
    """The first recorded progress review or revisit of a challenge as the visit date, or None."""
    found = recorded_visits(reviews, [challenge_id])
    if found.empty:
        return None
    row = found.iloc[0]
    when = _date(row.get("date")) or _date(row.get("date_from"))
    if when is None:
        return None
    written = _text(row.get("date_as_written")).strip() or f"{when:%-d %B %Y}"
    held = "planned" if bool(row.get("planned")) else "recorded"
    exact = "" if _date(row.get("date")) else " (exact day not stated: the first day of that period)"
    return VisitDefault(
        when,
        "review",
        f"the {held} {_text(row.get('kind'))} of {written} ({_text(row.get('title'))}){exact}.",
    )


def council_visit(challenges: pd.DataFrame, reviews: pd.DataFrame | None = None) -> VisitDefault | None:
    """A council's default visit date: its latest challenge's recorded review, else an estimate from its dates."""
    for _, row in latest_challenges(challenges).iterrows():
        found = review_visit(reviews, row["challenge_id"])
        if found:
            return found
        estimate = default_visit(row)
        if estimate:
            return VisitDefault(estimate.date, estimate.basis, "Estimate: " + estimate.explanation)
    return None
