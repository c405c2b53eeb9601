"""The layout every chart starts from: the dashboard's plotly template and the chart's title, escaped (a title
can carry a council's name from the data). Charts add their own height, axes and legend to it."""

from __future__ import annotations

from typing import Any

from charts.palette import TEMPLATE_NAME
from charts.safe_text import esc


def house_layout(title: str | None) -> dict[str, Any]:
    """``fig.update_layout(house_layout(title), height=..., ...)``: the template and the escaped title."""
    return {"template": TEMPLATE_NAME, "title": esc(title)}
