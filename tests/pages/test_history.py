"""History page under AppTest: the council comes from and goes to the URL, the timeline draws the council's
events in its colour, the metrics and pairing table show the recurrence figures, and empty states explain."""

from __future__ import annotations

import pytest

from analysis.history import recurrence, timeline
from charts.palette import council_colours
from loaders import load_corpus
from tests.conftest import ROOT
from tests.helpers import metric_values, query_param
from tests.pages.conftest import plotly_specs, run_page

PAGE = "pages/history.py"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "data" / "plans")


def test_bury_from_the_url(corpus) -> None:
    """?history_council=bury: timeline, takeaway, metrics and the side-by-side table are Bury's figures."""
    at = run_page(PAGE, params={"history_council": "bury"})
    assert not at.exception
    assert at.selectbox(key="history_council_select").value == "bury"
    expected = recurrence(corpus, "bury-2021").counts()
    assert metric_values(at) == {k.capitalize(): str(v) for k, v in expected.items()}
    texts = [m.value for m in at.markdown]
    assert any("Bury Council: 2 peer challenges in 3 years" in t for t in texts)
    assert any(f"{expected['recurred']} of the 7 recommendations in the 2021 revisit repeat one" in t for t in texts)
    pairs = at.dataframe[1].value
    assert len(pairs) == 7
    assert dict(zip(pairs["number"], pairs["earlier_number"], strict=True))["4.4"] == "5"
    gone = at.dataframe[2].value
    assert {"4", "6", "7"} <= set(gone["number"])


def test_timeline_chart_draws_the_councils_events_in_its_colour(corpus) -> None:
    at = run_page(PAGE, params={"history_council": "new-forest"})
    spec = plotly_specs(at)[0]
    colour = council_colours(corpus.councils["council_id"])["new-forest"]
    markers = [t for t in spec["data"] if t.get("mode") == "markers+text"]
    events = timeline("new-forest", corpus.challenges, corpus.reviews).dropna(subset=["date"])
    assert sum(len(t["x"]) for t in markers) == len(events)
    assert colour in markers[0]["marker"]["color"]
    assert any(c == "white" for t in markers for c in t["marker"]["color"])  # the planned LGA follow-up


def test_choosing_a_council_puts_it_in_the_url() -> None:
    at = run_page(PAGE)
    at.selectbox(key="history_council_select").select("havering").run()
    assert not at.exception
    assert query_param(at, "history_council") == "havering"
    assert any("London Borough of Havering: 3 peer challenges" in m.value for m in at.markdown)


def test_havering_compares_with_the_latest_challenge_that_has_recommendations() -> None:
    at = run_page(PAGE, params={"history_council": "havering"})
    later = at.selectbox(key="history_later_havering")
    assert later.value == "havering-2022"
    assert at.selectbox(key="history_earlier_havering-2022").value == "havering-2012"
    at.selectbox(key="history_earlier_havering-2022").select("havering-2019").run()
    assert any("No recommendations are recorded for the 2019 peer challenge" in w.value for w in at.warning)
    assert metric_values(at)["New"] == "5"


def test_a_council_with_one_challenge_shows_its_own_history(corpus) -> None:
    """Not another council's: its timeline, its recorded reviews (or that none is recorded) and a brief link."""
    from analysis.history import councils_with_history

    counts = corpus.challenges.groupby("council_id")["challenge_id"].nunique()
    one = sorted(set(counts[counts == 1].index) - set(councils_with_history(corpus.challenges)))
    reviewed = [c for c in one if c in set(corpus.reviews["council_id"])]
    for council_id in [one[0], *reviewed[:1]]:
        at = run_page(PAGE, params={"history_council": council_id}, tables=False)
        assert not at.exception
        assert at.selectbox(key="history_council_select").value == council_id == query_param(at, "history_council")
        assert any("has had one peer challenge so far" in i.value for i in at.info)
        headers = [h.value for h in at.subheader]
        n_reviews = int((corpus.reviews["council_id"] == council_id).sum())
        assert "Timeline" in headers
        assert any(h.startswith("Recorded progress reviews — ") for h in headers), headers
        timeline = at.table[0].value
        assert len(timeline) >= 1  # at least its on-site visit
        if council_id in reviewed:
            assert n_reviews >= 1
            assert any(list(t.value.columns)[:2] == ["Date", "Kind"] and len(t.value) >= 1 for t in at.table)
        assert not plotly_specs(at)  # no other council's chart


def test_filters_leaving_no_council_with_history_show_the_one_left() -> None:
    at = run_page(PAGE, params={"council": "leeds"})
    assert not at.exception
    assert at.selectbox(key="history_council_select").value == "leeds"
    assert any("has had one peer challenge so far" in i.value for i in at.info)


def test_no_recommendations_on_either_side(corpus) -> None:
    at = run_page(PAGE, params={"history_council": "st-helens"})
    assert not at.exception
    assert len([w for w in at.warning if "No recommendations are recorded" in w.value]) == 2
    assert metric_values(at) == {"Recurred": "0", "Related": "0", "New": "0", "Disappeared": "0"}
