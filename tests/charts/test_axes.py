"""Count axes tick whole numbers, and one tick per unit only where that stays a handful of labels."""

from __future__ import annotations

from charts.axes import MAX_UNIT_TICKS, count_axis
from charts.wrap import name_list


def test_short_axis_ticks_every_unit() -> None:
    assert count_axis("Actions", 3) == {"title": "Actions", "tickformat": "d", "rangemode": "tozero", "dtick": 1}


def test_long_axis_leaves_spacing_to_plotly() -> None:
    axis = count_axis("Councils", 897, side="top")
    assert "dtick" not in axis and axis["tickformat"] == "d" and axis["side"] == "top"
    assert "dtick" in count_axis("Councils", MAX_UNIT_TICKS) and "dtick" not in count_axis("x", MAX_UNIT_TICKS + 1)


def test_name_list_cuts_long_lists() -> None:
    assert name_list(["A", "B"]) == "A, B"
    assert name_list([str(i) for i in range(15)], limit=3) == "0, 1, 2 and 12 more"
