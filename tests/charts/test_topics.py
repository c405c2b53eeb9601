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
