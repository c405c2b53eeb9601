"""The one way a heatmap is drawn: cells with their number in them, a light-at-zero colour scale, gaps between
cells and a slim colour bar, so the Themes, Owners and Overlap heatmaps read alike."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

#: Sequential, colour-blind-safe and light at zero so empty cells recede (ColorBrewer Blues).
HEATMAP_SCALE = [[0.0, "#f7fbff"], [0.25, "#c6dbef"], [0.5, "#6baed6"], [0.75, "#2171b5"], [1.0, "#08306b"]]


def heatmap_trace(*, scale_title: str, tickformat: str, **cells: Any) -> go.Heatmap:
    """A heatmap trace in the house style; ``cells`` are the trace's own data (z, x, y, text, customdata,
    hovertemplate, and any setting a chart needs to differ, such as ``zmax`` or ``texttemplate``).

    ``scale_title`` and ``tickformat`` label the colour bar (what a cell counts, and how its numbers print).
    """
    style: dict[str, Any] = {
        "texttemplate": "%{text}",
        "textfont": {"size": 13},
        "colorscale": HEATMAP_SCALE,
        "zmin": 0,
        "xgap": 2,
        "ygap": 2,
        "colorbar": {"title": {"text": scale_title}, "tickformat": tickformat, "thickness": 14},
    }
    return go.Heatmap(**(style | cells))
