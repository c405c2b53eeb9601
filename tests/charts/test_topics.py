"""The topic charts draw the numbers they are given, in a stable order."""

from __future__ import annotations

from analysis.topics import topic_matrix, topic_recurrence
from charts.topics import topic_heatmap_figure, topic_recurrence_figure
from tests.analysis.test_topics import COUNCILS, RECS


def test_heatmap_cells_match_the_matrix() -> None:
    matrix = topic_matrix(RECS, COUNCILS)
    order = list(topic_recurrence(RECS, COUNCILS)["topic"])
    fig = topic_heatmap_figure(matrix, topics=order)
    heat = fig.data[0]
    assert len(heat.x) == 2 and len(heat.y) == 3  # councils across, topics down
    assert [row[0] for row in heat.z.tolist()] == [1, 1, 1]  # Ashby: housing, regeneration, staff
    assert [row[1] for row in heat.z.tolist()] == [1, 0, 0]  # Barton: housing only; zero drawn, not blank
    assert heat.text[1][1] == ""


def test_recurrence_bars() -> None:
    fig = topic_recurrence_figure(topic_recurrence(RECS, COUNCILS), top=2)
    assert list(fig.data[0].x) == [2, 1]
    assert "Ashby, Barton" in fig.data[0].customdata[0][1]
    assert fig.layout.xaxis.dtick == 1  # two councils at most: whole-number ticks


def test_recurrence_across_hundreds_of_councils_keeps_the_axis_and_hover_small() -> None:
    """One label per unit on an axis reaching 900 cost the browser 17 s at 1,000 plans; hovers listed 900 names."""
    import pandas as pd

    names = [f"Council {i}" for i in range(900)]
    recurrence = pd.DataFrame(
        {"topic": ["housing"], "councils": [900], "council_names": [names], "recommendations": [950],
         "share_of_councils": [1.0]}
    )  # fmt: skip
    fig = topic_recurrence_figure(recurrence)
    assert fig.layout.xaxis.dtick is None and fig.layout.xaxis.tickformat == "d"
    hover = fig.data[0].customdata[0][1]
    assert hover.startswith("Council 0, Council 1,") and hover.endswith("and 888 more")
