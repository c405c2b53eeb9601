"""The one way a heatmap is drawn: cells with their number in them, a light-at-zero colour scale, gaps between
cells and a slim colour bar, so the Themes, Owners and Overlap heatmaps read alike."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

#: Sequential, colour-blind-safe and light at zero so empty cells recede (ColorBrewer Blues).
HEATMAP_SCALE = [[0.0, "#f7fbff"], [0.25, "#c6dbef"], [0.5, "#6baed6"], [0.75, "#2171b5"], [1.0, "#08306b"]]


def heatmap_trace(*, scale: tuple[str, str], **cells: Any) -> go.Heatmap:
    """A heatmap trace in the house style; ``cells`` are the trace's own data (z, x, y, text, customdata,
    hovertemplate, and any setting a chart needs to differ, such as ``zmax`` or ``texttemplate``).

    ``scale`` labels the colour bar: what a cell counts, and how its numbers print (``("Actions", "d")``).
    """
    scale_title, tickformat = scale
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


def count_grid(
    frame: pd.DataFrame, *, rows: str, row_order: list[str], columns: str, column_order: list[str], values: str
) -> np.ndarray:
    """``values`` summed per ``rows`` x ``columns`` value, in the orders given, 0 where nothing falls: the cells
    of a count heatmap, zeros drawn so that an empty cell reads as none rather than as missing."""
    pivot = frame.pivot_table(index=rows, columns=columns, values=values, aggfunc="sum")
    return pivot.reindex(index=row_order, columns=column_order).fillna(0).astype(int).to_numpy()
