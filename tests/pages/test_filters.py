"""The shared sidebar filters: read from the URL, written back to it, and applied on every page."""

from __future__ import annotations

from tests.pages.conftest import run_page


def _param(at, name: str) -> list[str]:
    value = at.query_params[name]
    return [value] if isinstance(value, str) else list(value)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_url_filters_select_the_sidebar_and_narrow_the_overview() -> None:
    at = run_page(params={"council": "leeds"})
    assert not at.exception
    assert at.multiselect(key="filter_councils").value == ["leeds"]
    assert _metric(at, "Recommendations") == "12"
    assert _metric(at, "Actions") == "21"


def test_choosing_a_filter_writes_it_to_the_url() -> None:
    at = run_page()
    at.multiselect(key="filter_councils").set_value(["bury", "leeds"]).run()
    assert _param(at, "council") == ["bury", "leeds"]
    assert _metric(at, "Councils") == "2"


def test_filters_survive_moving_between_pages() -> None:
    at = run_page(params={"council": "kings-lynn-and-west-norfolk"})
    at.switch_page("pages/themes.py").run()
    assert not at.exception
    assert at.multiselect(key="filter_councils").value == ["kings-lynn-and-west-norfolk"]
    assert _param(at, "council") == ["kings-lynn-and-west-norfolk"]


def test_unknown_link_values_are_ignored_with_a_warning() -> None:
    at = run_page(params={"council": ["leeds", "atlantis"]})
    assert not at.exception
    assert at.multiselect(key="filter_councils").value == ["leeds"]
    assert any("atlantis" in w.value for w in at.sidebar.warning)


def test_filters_that_leave_nothing_explain_themselves() -> None:
    at = run_page(params={"council": "leeds", "region": "East Midlands"})
    assert not at.exception
    assert any("No councils match these filters" in i.value for i in at.info)
