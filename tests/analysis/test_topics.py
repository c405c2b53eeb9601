"""Topic matrix, recurrence and drill-down on small frames and on the shipped data."""

from __future__ import annotations

import pandas as pd

from analysis.topics import recommendations_in_cell, topic_matrix, topic_recurrence
from tests.helpers import councils_frame

LOCAL = "Local priorities and outcomes"
COUNCILS = councils_frame(a="Ashby", b="Barton")
RECS = pd.DataFrame(
    {
        "rec_id": ["a-r1", "a-r2", "b-r1"],
        "council_id": ["a", "a", "b"],
        "challenge_id": ["a-2024", "a-2024", "b-2023"],
        "number": ["1", "2", "1"],
        "title": ["Housing", "Staff", "Homes"],
        "text": ["Improve housing repairs", "Talk to staff", "Build homes"],
        "lga_themes": [[LOCAL], ["Capacity for improvement"], [LOCAL]],
        "theme_source": ["hand-labelled", "classified", "classified"],
        "topics": [
            ["housing", "regeneration and growth"],
            ["staff engagement and internal communication"],
            ["housing"],
        ],
        "topic_source": ["classified"] * 3,
        "evidence": [{"housing": ["housing repairs"]}, {}, {"housing": ["homes"]}],
    }
)


def test_matrix_counts_and_shares() -> None:
    m = topic_matrix(RECS, COUNCILS).set_index(["council_id", "topic"])
    assert m.loc[("a", "housing"), "recommendations"] == 1
    assert m.loc[("a", "housing"), "share"] == 0.5
    assert m.loc[("b", "housing"), "share"] == 1.0
    assert len(m) == 4


def test_recurrence_ranks_by_councils_first() -> None:
    r = topic_recurrence(RECS, COUNCILS)
    assert r.iloc[0]["topic"] == "housing"
    assert r.iloc[0]["councils"] == 2
    assert r.iloc[0]["council_names"] == ["Ashby", "Barton"]
    assert r.iloc[0]["share_of_councils"] == 1.0


def test_cell_has_evidence() -> None:
    cell = recommendations_in_cell(RECS, council_id="b", topic="housing")
    assert list(cell["rec_id"]) == ["b-r1"]
    assert cell.iloc[0]["label_evidence"] == "homes"
    cell = recommendations_in_cell(RECS, theme="Local priorities and outcomes")
    assert list(cell["label_source"]) == ["hand-labelled", "classified"]


def test_empty_frames() -> None:
    empty = RECS.iloc[0:0]
    assert topic_matrix(empty, COUNCILS).empty
    assert topic_recurrence(empty, COUNCILS).empty


def test_shipped_topic_counts_add_up(corpus) -> None:
    m = topic_matrix(corpus.recommendations, corpus.councils)
    assert m["recommendations"].sum() == corpus.recommendations["topics"].map(len).sum()
