"""Axis settings shared by every chart.

A count axis must tick whole numbers, but ``dtick=1`` on an axis that reaches hundreds makes plotly draw
and measure a label per unit: at 1,000 plans one such axis (897 councils) cost the browser 17 s before the
first chart appeared. So whole-number steps are forced only on short axes; long ones keep plotly's own
spacing with an integer format.
"""

from __future__ import annotations

MAX_UNIT_TICKS = 10


def count_axis(title: str | None, largest: float, **extra: object) -> dict:
    """A count axis from zero with whole-number ticks, one per unit only when the axis is short."""
    axis: dict = {"title": title, "tickformat": "d", "rangemode": "tozero", **extra}
    if largest <= MAX_UNIT_TICKS:
        axis["dtick"] = 1
    return axis


def count_label(value: float) -> str:
    """A count for a hover: "3" for whole numbers, "2.3" for an average per council (a folded bar)."""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}"
