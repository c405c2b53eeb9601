"""Where a council's actions stand at a visit date, as one column chart (for the brief and the briefing pack)."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from charts.layout import house_layout
from charts.palette import STATUS_COLOURS
from charts.safe_text import esc_text


def status_figure(
    counts: Mapping[str, int],
    *,
    labels: Mapping[str, str],
    order: list[str] | tuple[str, ...],
    title: str | None = None,
) -> go.Figure:
    """One column per follow-up status, in ``order`` (most pressing first), coloured as on the brief.

    ``counts`` is :func:`analysis.followup.status_counts` output; statuses partition the actions, so the
    columns add up to the number of actions. Zero columns are kept: "0 overdue" is news too.
    """
    codes = list(order)
    values = [int(counts.get(code, 0)) for code in codes]
    fig = go.Figure(
        go.Bar(
            x=[esc_text(labels.get(code, code)) for code in codes],
            y=values,
            marker_color=[STATUS_COLOURS.get(code, "#888888") for code in codes],
            text=values,
            textposition="outside",
            hovertemplate="%{x}: %{y} action(s)<extra></extra>",
            name="Actions",
        )
    )
    fig.update_layout(
        house_layout(title),
        height=380,
        showlegend=False,
        yaxis={"title": "Actions", "tickformat": "d", "rangemode": "tozero"},
        xaxis={"title": None},
    )
    return fig
