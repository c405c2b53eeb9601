"""Headline numbers for the overview: per-council summaries and theme counts."""

from __future__ import annotations

import pandas as pd

from loaders.constants import LGA_THEMES


def council_summary(councils: pd.DataFrame, challenges: pd.DataFrame) -> pd.DataFrame:
    """One row per council: its challenges, declared and captured recommendations, actions.

    Declared counts are summed only where a document declares one, so "captured of declared" is honest
    about gaps (Leeds declares 15 and shows 12).
    """
    by_council = (
        challenges.sort_values(["council_id", "year"])
        .groupby("council_id", sort=False)
        .agg(
            challenges=("challenge_id", "count"),
            challenge_ids=("challenge_id", list),
            kinds=("kind", list),
            years=("year", list),
            latest_plan_date=("plan_date", "max"),
            recommendations_declared=("recommendations_declared", lambda s: s.sum(min_count=1)),
            recommendations_captured=("recommendations_captured", "sum"),
            actions=("actions_count", "sum"),
            steps=("steps_count", "sum"),
        )
        .reset_index()
    )
    out = councils.merge(by_council, on="council_id", how="left")
    out["recommendations_declared"] = out["recommendations_declared"].astype("Int64")
    return out.sort_values("name", ignore_index=True)


def theme_counts(recommendations: pd.DataFrame, councils: pd.DataFrame, *, primary_only: bool = True) -> pd.DataFrame:
    """Recommendations per LGA core theme per council, with each council's share.

    ``primary_only`` counts each recommendation once, under its first (best) theme; otherwise a
    recommendation labelled with two themes counts under both, and shares can add up past 100%.
    """
    columns = ["council_id", "council", "lga_theme", "recommendations", "share", "council_total"]
    if recommendations.empty:
        return pd.DataFrame(columns=columns)
    recs = recommendations[["rec_id", "council_id", "lga_theme", "lga_themes"]]
    if primary_only:
        rows = recs.rename(columns={"lga_theme": "theme"})[["rec_id", "council_id", "theme"]]
    else:
        rows = recs.explode("lga_themes").rename(columns={"lga_themes": "theme"})[["rec_id", "council_id", "theme"]]
    rows = rows.dropna(subset=["theme"])
    counts = rows.groupby(["council_id", "theme"]).size().rename("recommendations").reset_index()
    totals = recs.groupby("council_id").size().rename("council_total")
    counts = counts.merge(totals, on="council_id")
    counts["share"] = counts["recommendations"] / counts["council_total"]
    names = councils.set_index("council_id")["name"]
    counts["council"] = counts["council_id"].map(names)
    counts = counts.rename(columns={"theme": "lga_theme"})
    order = {t: i for i, t in enumerate(LGA_THEMES)}
    counts["_order"] = counts["lga_theme"].map(order)
    return counts.sort_values(["_order", "council"], ignore_index=True)[columns]


def theme_takeaway(counts: pd.DataFrame) -> str:
    """One plain-English line for a theme chart: the most common LGA core theme and its share.

    ``counts`` is :func:`theme_counts` output (primary themes, so each recommendation counts once).

    >>> import pandas as pd
    >>> theme_takeaway(pd.DataFrame({"lga_theme": ["Governance and culture", "Capacity for improvement"],
    ...                              "recommendations": [3, 1], "council_id": ["a", "a"]}))
    'Governance and culture is the most common theme: 3 of 4 recommendations'
    """
    if counts.empty:
        return ""
    by_theme = counts.groupby("lga_theme")["recommendations"].sum().sort_values(ascending=False, kind="stable")
    total = int(by_theme.sum())
    top, n = by_theme.index[0], int(by_theme.iloc[0])
    tied = [t for t, v in by_theme.items() if v == n]
    if len(tied) > 1:
        return f"{' and '.join(tied)} are the most common themes: {n} of {total} recommendations each"
    return f"{top} is the most common theme: {n} of {total} recommendations"
