"""Charts of recommendation overlap: the council x council matrix, recurring groups, and one recommendation's
closest matches elsewhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.overlap_view import match_evidence
from charts.axes import count_axis
from charts.bars import council_ranking_figure
from charts.heatmap import heatmap_trace
from charts.layout import house_layout, rows_layout
from charts.palette import MISSING_COLOUR
from charts.safe_text import esc_rows, esc_text
from charts.wrap import short_council_name, wrap_label


def overlap_heatmap_figure(matrix: pd.DataFrame, names: dict[str, str], *, title: str | None = None) -> go.Figure:
    """Council x council overlap, 0-100%, the diagonal blanked.

    The diagonal is 1.0 by definition (a council against itself) and would dominate the colour scale, so it
    is drawn empty with a dash; the scale then spreads over the pairs that mean something.
    """
    ids = list(matrix.index)
    labels = [names.get(c, c) for c in ids]
    z = matrix.to_numpy(dtype=float).copy()
    np.fill_diagonal(z, np.nan)
    text = [["\u2014" if i == j else f"{z[i][j]:.0%}" for j in range(len(ids))] for i in range(len(ids))]
    short = [wrap_label(short_council_name(n), 14, max_lines=3) for n in labels]
    many = len(ids) > 8
    fig = go.Figure(
        heatmap_trace(
            scale=("Overlap", ".0%"),
            z=z,
            x=short,
            y=[esc_text(short_council_name(n)) for n in labels],
            text=text,
            texttemplate="%{text}" if len(ids) <= 16 else None,
            customdata=esc_rows([[a, b] for b in labels] for a in labels),
            zmax=max(0.05, float(np.nanmax(z))) if len(ids) > 1 else 1,
            hoverongaps=False,
            hovertemplate="<b>%{customdata[0]}</b> and <b>%{customdata[1]}</b><br>%{z:.0%} overlap<extra></extra>",
        )
    )
    fig.update_layout(
        rows_layout(title, len(ids), per_row=30 if many else 44, top=150, least=340),
        xaxis={"side": "top", "tickangle": -45 if many else 0, "title": None},
        margin={"t": 150 if many else 90},
    )
    return fig


def cluster_bars_figure(
    bars: pd.DataFrame, *, colours: dict[str, str], top: int = 12, title: str | None = None
) -> go.Figure:
    """One horizontal bar per recurring group, split by council: which councils were told the same thing.

    ``bars`` is :func:`analysis.overlap_view.cluster_bars` output, most widespread group first. Each bar is
    named by its display number and headline (its most representative recommendation); the hover adds the
    words the group shares and its topic.
    """
    order = bars.drop_duplicates("cluster_id").head(top)
    shown = bars[bars["cluster_id"].isin(order["cluster_id"])]
    labels = {
        row.cluster_id: wrap_label(f"{row.number}. {row.headline}", 34, max_lines=2)
        for row in order.itertuples(index=False)
    }
    fig = go.Figure()
    # Councils in name order, a folded "Other councils" segment last.
    for council_id, rows in sorted(shown.groupby("council_id", sort=True), key=lambda kv: kv[0].startswith("_")):
        name = rows["council"].iloc[0]
        fig.add_bar(
            y=rows["cluster_id"].map(labels),
            x=rows["recommendations"],
            orientation="h",
            name=esc_text(short_council_name(name)),
            marker_color=colours.get(council_id, MISSING_COLOUR),
            customdata=esc_rows(zip(rows["headline"], rows["label"], rows["topic"], [name] * len(rows), strict=True)),
            hovertemplate="<b>%{customdata[3]}</b><br>%{customdata[0]}<br>Shared words: %{customdata[1]}<br>"
            "Topic: %{customdata[2]}<br>%{x} recommendation(s)<extra></extra>",
        )
    fig.update_layout(
        house_layout(title),
        barmode="stack",
        legend={"traceorder": "normal"},
        height=max(300, 130 + 42 * len(order)),
        yaxis={"categoryorder": "array", "categoryarray": list(labels.values()), "autorange": "reversed",
               "title": None},
        xaxis=count_axis("Recommendations", float(shown.groupby("cluster_id")["recommendations"].sum().max() or 0)),
    )  # fmt: skip
    return fig


def match_scores_figure(matches: pd.DataFrame, *, colours: dict[str, str], title: str | None = None) -> go.Figure:
    """Horizontal bars: how close each match is (0-1), in the council's colour, best at the top."""
    labels = [
        wrap_label(f"{short_council_name(c)} {n}: {t}", 46, max_lines=2)
        for c, n, t in zip(matches["council"], matches["number"], matches["title"], strict=True)
    ]
    topics = matches["shared_topics"] if "shared_topics" in matches.columns else [None] * len(matches)
    evidence = [match_evidence(w, t) for w, t in zip(matches["why"], topics, strict=True)]
    return council_ranking_figure(
        matches,
        value="score",
        labels=labels,
        colours=colours,
        xaxis={"title": "Similarity (0\u20131)", "range": [0, 1]},
        title=title,
        per_row=56,
        text=[f"{s:.2f}" for s in matches["score"]],
        textposition="auto",
        customdata=esc_rows(zip(matches["council"], matches["title"], evidence, strict=True)),
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
        "<br>Score %{x:.2f}<extra></extra>",
    )
