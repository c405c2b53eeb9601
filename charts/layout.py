"""The layout every chart starts from: the dashboard's plotly template and the chart's title, escaped (a title
can carry a council's name from the data). Charts add their own height, axes and legend to it; a chart with a
row per item down the side (ranked bars, heatmaps) starts from :func:`rows_layout` instead."""

from __future__ import annotations

from typing import Any

from charts.palette import TEMPLATE_NAME
from charts.safe_text import esc


def house_layout(title: str | None) -> dict[str, Any]:
    """``fig.update_layout(house_layout(title), height=..., ...)``: the template and the escaped title."""
    return {"template": TEMPLATE_NAME, "title": esc(title)}


def rows_layout(title: str | None, rows: int, *, per_row: float, top: float, least: float) -> dict[str, Any]:
    """The house layout for a chart with one row per item down the side, the first item at the top.

    Its height grows with the rows (``top`` for the title and axes, ``per_row`` for each row, never below
    ``least``) so a long ranking keeps readable rows instead of squeezing them; the y axis keeps the data's order
    (plotly would draw the first row at the bottom) and carries no title (the row labels say what it is).
    """
    return {
        **house_layout(title),
        "height": max(least, top + per_row * rows),
        "yaxis": {"autorange": "reversed", "title": None},
    }
