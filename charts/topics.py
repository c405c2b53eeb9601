"""Charts of topics across councils: the council × topic heatmap and the "what recurs" bar chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.axes import count_axis
from charts.heatmap import heatmap_trace
from charts.layout import rows_layout
from charts.safe_text import esc_rows
from charts.wrap import name_list, short_council_name, wrap_label


def topic_heatmap_figure(
    matrix: pd.DataFrame, *, topics: list[str] | None = None, measure: str = "recommendations", title: str | None = None
) -> go.Figure:
    """Topics down, councils across; the cell is the number (or share) of recommendations touching the topic.

    ``matrix`` is :func:`analysis.topics.topic_matrix` output. ``topics`` fixes the row order (e.g. by
    recurrence, most shared at the top). Topics go down the side because their names are long and read
    best horizontally; councils go across under short names (full names on hover). Zeros are drawn, so
    "no recommendation on this topic" is visible rather than blank.
    """
    councils = sorted(matrix["council"].dropna().unique())
    rows = topics if topics is not None else sorted(matrix["topic"].unique())
    pivot = matrix.pivot_table(index="topic", columns="council", values=measure, aggfunc="sum").reindex(
        index=rows, columns=councils
    )
    counts = matrix.pivot_table(index="topic", columns="council", values="recommendations", aggfunc="sum").reindex(
        index=rows, columns=councils
    )
    z = pivot.fillna(0).to_numpy()
    text = [[("" if pd.isna(c) else f"{int(c)}") for c in row] for row in counts.to_numpy()]
    fig = go.Figure(
        heatmap_trace(
            scale=("Share", ".0%") if measure == "share" else ("Recs", "d"),
            z=z,
            x=[wrap_label(short_council_name(c), 14, max_lines=3) for c in councils],
            y=[wrap_label(t, 40, max_lines=2) for t in rows],
            customdata=esc_rows([[c, t] for c in councils] for t in rows),
            text=text,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
            + ("%{z:.0%} of the council's recommendations" if measure == "share" else "%{z} recommendation(s)")
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        rows_layout(title, len(rows), per_row=34, top=140, least=320),
        xaxis={"side": "top", "tickangle": 0 if len(councils) <= 8 else -45, "title": None},
        margin={"t": 90 if len(councils) <= 8 else 150},
    )
    return fig


def topic_recurrence_figure(recurrence: pd.DataFrame, *, top: int = 12, title: str | None = None) -> go.Figure:
    """Horizontal bars: in how many councils each topic came up, most recurrent first."""
    rows = recurrence.head(top)
    fig = go.Figure(
        go.Bar(
            y=[wrap_label(t, 34, max_lines=2) for t in rows["topic"]],
            x=rows["councils"],
            orientation="h",
            marker_color="#4477AA",
            text=[
                f"{c} council{'' if c == 1 else 's'} · {r} recommendation{'' if r == 1 else 's'}"
                for c, r in zip(rows["councils"], rows["recommendations"], strict=True)
            ],
            textposition="auto",
            customdata=esc_rows(zip(rows["topic"], rows["council_names"].map(name_list), strict=True)),
            hovertemplate="<b>%{customdata[0]}</b><br>%{x} council(s): %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        rows_layout(title, len(rows), per_row=38, top=80, least=300),
        xaxis=count_axis("Councils with at least one recommendation on the topic", float(rows["councils"].max() or 0)),
        showlegend=False,
    )
    return fig
