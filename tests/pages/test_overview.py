"""The Overview page under AppTest, with the shipped data and with broken or empty data."""

from __future__ import annotations

import shutil

from tests.conftest import FIXTURES, PLANS
from tests.pages.conftest import plotly_specs, run_page


def test_overview_shows_every_council_and_the_theme_chart(corpus) -> None:
    """Landing page: no exception, a card per council, totals that match the corpus, one chart."""
    at = run_page()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    for name in corpus.councils["name"]:
        assert name in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Councils"] == str(len(corpus.councils))
    assert metrics["Recommendations"] == str(len(corpus.recommendations))
    specs = plotly_specs(at)
    assert len(specs) == 1
    bars = specs[0]["data"]
    assert len(bars) == corpus.recommendations["council_id"].nunique()
    assert sum(sum(trace["x"]) for trace in bars) == len(corpus.recommendations)


def test_overview_reports_captured_of_declared_for_leeds() -> None:
    """Leeds declares 15 recommendations and the source shows 12: the card says so."""
    at = run_page()
    text = " ".join(m.value for m in at.markdown)
    assert "12 of 15 declared" in text


def test_overview_shows_problems_and_still_loads_good_files(tmp_path, monkeypatch) -> None:
    """A broken file is listed as a problem; the other councils still appear."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    (plans / "broken-2024.yaml").write_text("id: [\n", encoding="utf-8")
    monkeypatch.setenv("PCE_PLANS_DIR", str(plans))
    at = run_page()
    assert not at.exception
    assert any("file(s) have problems" in e.label for e in at.expander)
    assert "broken-2024.yaml" in at.dataframe[0].value["file"].iloc[0]


def test_overview_with_no_plans_explains_itself(tmp_path, monkeypatch) -> None:
    """An empty data folder gives a message, not a blank page or a traceback."""
    monkeypatch.setenv("PCE_PLANS_DIR", str(tmp_path))
    at = run_page()
    assert not at.exception
    assert any("No plans are loaded" in i.value for i in at.info)


def test_minimal_fixture_renders(monkeypatch) -> None:
    """A single small plan renders a chart with one council's bars."""
    monkeypatch.setenv("PCE_PLANS_DIR", str(FIXTURES / "testshire-2024.yaml"))
    at = run_page()
    assert not at.exception
    assert len(plotly_specs(at)[0]["data"]) == 1
