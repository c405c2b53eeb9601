"""Charts of recommendations by LGA core theme."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.axes import count_label
from charts.layout import rows_layout
from charts.palette import MISSING_COLOUR
from charts.safe_text import esc_rows, esc_text
from charts.wrap import wrap_label
from loaders.constants import LGA_THEMES


def theme_bars_figure(
    counts: pd.DataFrame, *, colours: dict[str, str], measure: str = "recommendations", title: str | None = None
) -> go.Figure:
    """Horizontal grouped bars: one bar per council for each LGA core theme.

    ``counts`` is :func:`analysis.summary.theme_counts` output; ``measure`` is ``recommendations`` or ``share``.
    Themes are always all five, in the LGA's order, so councils can be compared at a glance.
    """
    fig = go.Figure()
    labels = {t: wrap_label(t, 22) for t in LGA_THEMES}
    # Councils in name order, any folded "Other councils" bar last.
    for council_id, group in sorted(counts.groupby("council_id", sort=True), key=lambda kv: kv[0].startswith("_")):
        group = group.set_index("lga_theme").reindex(LGA_THEMES)
        values = group[measure].fillna(0)
        name = group["council"].dropna().iloc[0] if group["council"].notna().any() else council_id
        fig.add_bar(
            y=[labels[t] for t in LGA_THEMES],
            x=values,
            name=esc_text(name),
            orientation="h",
            marker_color=colours.get(council_id, MISSING_COLOUR),  # "Other councils" is grey
            customdata=esc_rows(zip(LGA_THEMES, group["recommendations"].fillna(0).map(count_label), strict=True)),
            hovertemplate=(
                "<b>%{fullData.name}</b><br>%{customdata[0]}<br>%{customdata[1]} recommendation(s)"
                + (" per council" if name.endswith("average)") else "")
                + ("<br>%{x:.0%} of the council's" if measure == "share" else "")
                + "<extra></extra>"
            ),
        )
    fig.update_layout(
        rows_layout(title, max(1, counts["council_id"].nunique()), per_row=5 * 22, top=90, least=380),
        barmode="group",
        xaxis={
            "title": "Share of the council's recommendations" if measure == "share" else "Recommendations",
            "tickformat": ".0%" if measure == "share" else "d",
            "rangemode": "tozero",
        },
        bargap=0.25,
    )
    return fig
