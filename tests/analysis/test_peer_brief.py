"""analysis.peer_brief.councils_like: the brief's "Councils like this one", and the section on the brief page."""

from __future__ import annotations

from analysis.overlap import similar
from analysis.peer_brief import councils_like
from analysis.peers import similar_councils
from loaders import load_corpus
from tests.conftest import FIXTURES
from tests.pages.conftest import run_page


def test_leeds_is_compared_with_metropolitan_districts_that_have_a_plan(corpus) -> None:
    result = councils_like(corpus, "leeds")
    ranked = similar_councils(corpus, "leeds", k=None)
    expected = ranked[ranked["in_corpus"]]["council_id"].head(3).tolist()
    assert result.peers["council_id"].tolist() == expected == ["bury", "st-helens"]
    assert result.peers["why"].str.startswith("metropolitan district").all()
    bury = result.peers.set_index("council_id").loc["bury"]
    assert bury["recommendations"] == (corpus.recommendations["council_id"] == "bury").sum()
    assert bury["actions"] == (corpus.actions["council_id"] == "bury").sum()
    assert "Capacity for improvement" in bury["themes"]


def test_closest_recommendation_is_the_best_match_among_the_similar_councils(corpus) -> None:
    result = councils_like(corpus, "leeds")
    leeds_recs = corpus.recommendations[corpus.recommendations["council_id"] == "leeds"]
    assert len(result.closest) == len(leeds_recs)
    peers = set(result.peers["council_id"])
    matched = result.closest.dropna(subset=["match_rec_id"])
    assert len(matched) > 0 and set(matched["match_council_id"]) <= peers
    for row in matched.itertuples():
        everything = similar(corpus, row.rec_id, k=500)
        best = everything[everything["council_id"].isin(peers)].iloc[0]
        assert (row.match_rec_id, row.score) == (best["rec_id"], round(float(best["score"]), 3))
    planned = matched[matched["planned"] != ""]
    for row in planned.itertuples():
        answering = corpus.actions[corpus.actions["rec_ids"].map(lambda ids, r=row.match_rec_id: r in ids)]
        assert row.planned.startswith(answering["text"].iloc[0])


def test_council_outside_the_reference_gets_a_reason() -> None:
    fictional = load_corpus(FIXTURES / "testshire-2024.yaml", cache=False)
    result = councils_like(fictional, "testshire")
    assert result.peers.empty and "not in the reference data" in result.reason


def test_brief_page_shows_councils_like_leeds() -> None:
    at = run_page("pages/brief.py", params={"brief_council": "leeds"}, tables=False)
    assert not at.exception
    assert "Councils like this one" in [h.value for h in at.subheader]
    frames = [t.value for t in at.dataframe]
    peers = next(f for f in frames if "why" in f)
    assert peers["name"].tolist() == ["Bury", "St. Helens"]
    closest = next(f for f in frames if "match_title" in f)
    assert set(closest["match_council"]) <= {"Bury", "St. Helens"} and len(closest) > 0
