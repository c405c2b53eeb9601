"""Topic patterns across councils: the council × topic matrix, which topics recur, and what sits in a cell.

A recommendation can carry several topics, so a topic count is "recommendations that touch this topic";
shares are of the council's recommendations and can add up past 100%.
"""

from __future__ import annotations

import pandas as pd

MATRIX_COLUMNS = ["council_id", "council", "topic", "recommendations", "council_total", "share"]
RECURRENCE_COLUMNS = ["topic", "councils", "council_names", "recommendations", "share_of_councils"]


def _names(councils: pd.DataFrame) -> pd.Series:
    return councils.set_index("council_id")["name"]


def topic_matrix(recommendations: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """Long frame: one row per council and topic it has, with the count and the council's share."""
    if recommendations.empty:
        return pd.DataFrame(columns=MATRIX_COLUMNS)
    exploded = recommendations[["rec_id", "council_id", "topics"]].explode("topics").dropna(subset=["topics"])
    counts = exploded.groupby(["council_id", "topics"]).size().rename("recommendations").reset_index()
    counts = counts.rename(columns={"topics": "topic"})
    totals = recommendations.groupby("council_id").size().rename("council_total")
    counts = counts.merge(totals, on="council_id")
    counts["share"] = counts["recommendations"] / counts["council_total"]
    counts["council"] = counts["council_id"].map(_names(councils))
    return counts.sort_values(["council", "topic"], ignore_index=True)[MATRIX_COLUMNS]


def topic_recurrence(recommendations: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """Topics ranked by how many councils were told about them (then by recommendations).

    Counting councils, not recommendations, stops one council's long plan from dominating "what recurs".
    """
    if recommendations.empty:
        return pd.DataFrame(columns=RECURRENCE_COLUMNS)
    exploded = recommendations[["rec_id", "council_id", "topics"]].explode("topics").dropna(subset=["topics"])
    names = _names(councils)
    grouped = exploded.groupby("topics").agg(
        councils=("council_id", "nunique"),
        council_ids=("council_id", lambda s: sorted(set(s))),
        recommendations=("rec_id", "nunique"),
    )
    grouped["council_names"] = grouped["council_ids"].map(lambda ids: [names.get(i, i) for i in ids])
    present = recommendations["council_id"].nunique()
    grouped["share_of_councils"] = grouped["councils"] / present if present else 0.0
    out = grouped.reset_index().rename(columns={"topics": "topic"})
    return out.sort_values(["councils", "recommendations", "topic"], ascending=[False, False, True], ignore_index=True)[
        RECURRENCE_COLUMNS
    ]


def recommendations_in_cell(
    recommendations: pd.DataFrame, *, council_id: str | None = None, topic: str | None = None, theme: str | None = None
) -> pd.DataFrame:
    """The recommendations behind one chart cell, with the evidence for the label that put them there."""
    rows = recommendations
    if council_id:
        rows = rows[rows["council_id"] == council_id]
    if topic:
        rows = rows[rows["topics"].map(lambda ts: topic in ts)]
    if theme:
        rows = rows[rows["lga_themes"].map(lambda ts: theme in ts)]
    label = topic or theme
    evidence = rows["evidence"].map(lambda ev: ", ".join((ev or {}).get(label, [])) if label else "")
    source = rows["topic_source"] if topic else rows["theme_source"]
    return rows.assign(label_evidence=evidence, label_source=source)[
        ["rec_id", "council_id", "challenge_id", "number", "title", "text", "lga_themes", "topics", "label_source",
         "label_evidence"]
    ].reset_index(drop=True)  # fmt: skip


def topic_takeaway(recurrence: pd.DataFrame, *, councils: int) -> str:
    """One plain-English line: the topic most councils were told about.

    >>> import pandas as pd
    >>> topic_takeaway(pd.DataFrame({"topic": ["housing"], "councils": [3], "recommendations": [5]}), councils=4)
    'Housing came up for 3 of 4 councils (5 recommendations)'
    """
    if recurrence.empty:
        return ""
    top = recurrence.iloc[0]
    return (
        f"{str(top['topic']).capitalize()} came up for {int(top['councils'])} of {councils} councils "
        f"({int(top['recommendations'])} recommendation{'' if int(top['recommendations']) == 1 else 's'})"
    )


#: Councils a council x topic heatmap draws as columns; more make the columns unreadably thin.
MAX_HEATMAP_COUNCILS = 30


def limit_councils(matrix: pd.DataFrame, keep: int = MAX_HEATMAP_COUNCILS) -> tuple[pd.DataFrame, int]:
    """The ``keep`` councils with most recommendations from a :func:`topic_matrix`, and how many were left out."""
    totals = matrix.drop_duplicates("council_id").set_index("council_id")["council_total"]
    if len(totals) <= keep:
        return matrix, 0
    kept = totals.sort_values(ascending=False, kind="stable").head(keep).index
    return matrix[matrix["council_id"].isin(kept)], len(totals) - keep
