"""Projector styling: a large-type copy of any chart, for the back of a room and for slides.

One function shared by presentation mode (:mod:`ui.present` picks it up) and the image exports
(:mod:`charts.images`), so a chart looks the same on the projector and in a downloaded PNG or slide.
"""

from __future__ import annotations

import plotly.graph_objects as go

#: Point sizes at 1x. The dashboard's template uses 14; a projected slide needs about half as much again.
PROJECTOR_FONT = 20
PROJECTOR_TITLE_FONT = 28
PROJECTOR_TICK_FONT = 18
PROJECTOR_LEGEND_FONT = 18
PROJECTOR_CELL_FONT = 18  # numbers written inside heatmap cells and on bars
PROJECTOR_MARKER_SIZE = 14
PROJECTOR_LINE_WIDTH = 3


def for_projector(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with larger fonts, markers and lines; the original is left untouched.

    Only sizes change: data, colours and order stay as the builder made them, so the chart still matches
    its table.
    """
    out = go.Figure(fig)
    out.update_layout(
        font={"size": PROJECTOR_FONT},
        title={"font": {"size": PROJECTOR_TITLE_FONT}},
        legend={"font": {"size": PROJECTOR_LEGEND_FONT}},
        hoverlabel={"font": {"size": PROJECTOR_FONT}},
    )
    out.update_xaxes(tickfont={"size": PROJECTOR_TICK_FONT}, title_font={"size": PROJECTOR_FONT})
    out.update_yaxes(tickfont={"size": PROJECTOR_TICK_FONT}, title_font={"size": PROJECTOR_FONT})
    out.update_annotations(font={"size": PROJECTOR_FONT})
    out.update_traces(textfont={"size": PROJECTOR_CELL_FONT}, selector={"type": "heatmap"})
    out.update_traces(textfont={"size": PROJECTOR_CELL_FONT}, selector={"type": "bar"})
    out.update_traces(
        colorbar={"tickfont": {"size": PROJECTOR_TICK_FONT}, "title": {"font": {"size": PROJECTOR_FONT}}},
        selector={"type": "heatmap"},
    )
    for trace in out.data:
        if trace.type != "scatter":
            continue
        size = trace.marker.size
        if size is None or isinstance(size, int | float):
            trace.marker.size = max(PROJECTOR_MARKER_SIZE, size or 0)
        if trace.line.width is None or trace.line.width < PROJECTOR_LINE_WIDTH:
            trace.line.width = PROJECTOR_LINE_WIDTH
    return out
