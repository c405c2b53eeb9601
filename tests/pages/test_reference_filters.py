"""The reference-data filters (deprivation quintile, rurality, population band) and "compare with similar
councils": in the URL, applied to the pages, checked against the councils frame."""

from __future__ import annotations

from analysis.filters import population_band
from tests.pages.conftest import run_page


def _param(at, name: str) -> list[str]:
    value = at.query_params[name]
    return [value] if isinstance(value, str) else list(value)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_url_reference_filters_narrow_the_overview(corpus) -> None:
    councils = corpus.councils
    at = run_page(params={"imd": "2", "rurality": "Urban"}, tables=False)
    assert not at.exception
    assert at.multiselect(key="filter_imd_quintiles").value == [2]
    assert at.multiselect(key="filter_ruralities").value == ["Urban"]
    expected = councils[(councils["imd_quintile"] == 2) & (councils["rurality"] == "Urban")]
    assert _metric(at, "Councils") == str(len(expected)) and len(expected) > 0


def test_population_band_filter_writes_the_url(corpus) -> None:
    at = run_page(tables=False)
    at.multiselect(key="filter_population_bands").set_value(["500k and over"]).run()
    assert not at.exception
    assert _param(at, "pop") == ["500k and over"]
    expected = corpus.councils["population"].map(population_band).eq("500k and over").sum()
    assert _metric(at, "Councils") == str(expected) and expected >= 1


def test_compare_with_similar_councils_sets_the_council_filter() -> None:
    at = run_page(tables=False)
    at.selectbox(key="filter_compare_peers").set_value("leeds").run()
    assert not at.exception
    assert at.multiselect(key="filter_councils").value == ["leeds", "bury", "st-helens"]
    assert _param(at, "council") == ["leeds", "bury", "st-helens"]
    assert _metric(at, "Councils") == "3"
    at.switch_page("pages/themes.py").run()  # and it travels like any council filter
    assert not at.exception and at.multiselect(key="filter_councils").value == ["leeds", "bury", "st-helens"]


def test_bad_reference_filter_values_are_dropped_with_a_warning() -> None:
    at = run_page(params={"imd": ["9", "two"], "pop": "huge"}, tables=False)
    assert not at.exception
    warning = " ".join(w.value for w in at.sidebar.warning)
    assert "imd=9" in warning and "imd=two" in warning and "pop=huge" in warning
