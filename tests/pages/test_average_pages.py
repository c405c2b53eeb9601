"""The "Compare with" control on Themes, Timescales and Owners (AppTest, fixture corpus tests/fixtures/averages):
kept in the URL, it adds "Average of <type> councils (n)" with the numbers analysis.averages gives."""

from __future__ import annotations

import pytest

from analysis.averages import comparison_groups, family_averages, horizon_averages, theme_averages
from loaders import load_corpus
from tests.conftest import FIXTURES
from tests.pages.conftest import plotly_specs, run_page

PLANS = FIXTURES / "averages"
LABEL = "Average of metropolitan district councils"


@pytest.fixture()
def fixture(monkeypatch):
    monkeypatch.setenv("PCE_PLANS_DIR", str(PLANS))
    return load_corpus(PLANS, cache=False)


def _trace(spec: dict, name_start: str) -> dict:
    hits = [t for t in spec["data"] if str(t.get("name", "")).startswith(name_start)]
    assert hits, [t.get("name") for t in spec["data"]]
    return hits[0]


def test_themes_link_turns_the_type_average_on(fixture) -> None:
    at = run_page("pages/themes.py", params={"council": "metro-a", "theme_average": "type", "theme_measure": "share"})
    assert not at.exception
    assert at.segmented_control(key="themes_average").value == "type"
    trace = _trace(plotly_specs(at)[0], f"{LABEL} (3)")
    groups = comparison_groups(fixture, ["metro-a"], "type").groups
    expected = theme_averages(fixture.recommendations, fixture.councils, groups)["share"].tolist()
    assert trace["x"] == pytest.approx(expected)
    shown = [m.value.replace("\\", "") for m in at.markdown]  # markdown-escaped on the page
    assert any(f"{LABEL} (3): Governance and culture leads, 50%" in text for text in shown), shown
    table = at.dataframe[0].value
    assert (table["Council"] == f"{LABEL} (3)").sum() == 5


def test_themes_control_writes_the_url_and_off_removes_it(fixture) -> None:
    at = run_page("pages/themes.py", params={"council": "metro-a"})
    assert len(plotly_specs(at)[0]["data"]) == 1
    at.segmented_control(key="themes_average").set_value("similar").run()
    assert at.query_params["theme_average"] in ("similar", ["similar"])
    names = [t["name"] for t in plotly_specs(at)[0]["data"]]
    assert names == ["Metro A Council", "Average of councils like Metro A Council (2)"]
    at.segmented_control(key="themes_average").set_value("none").run()
    assert "theme_average" not in at.query_params


def test_timescales_and_owners_draw_the_type_average(fixture) -> None:
    groups = comparison_groups(fixture, ["metro-a"], "type").groups
    at = run_page("pages/timescales.py", params={"council": "metro-a", "horizon_average": "type"})
    assert not at.exception
    horizon = next(s for s in plotly_specs(at) if "plan's date" in str(s["layout"]["xaxis"]["title"]))
    months = horizon_averages(fixture.actions, fixture.challenges, fixture.councils, groups, whole_months=True)
    assert horizon["data"][0]["x"] == [11.0, round(months["horizon_months"].iloc[0] + 0.01)]  # 8.5 -> 9
    at = run_page("pages/owners.py", params={"council": "metro-a", "owner_average": "type", "owner_measure": "share"})
    assert not at.exception
    trace = _trace(plotly_specs(at)[0], f"{LABEL} (2)")
    expected = family_averages(fixture.actions, fixture.councils, groups)["share"].tolist()
    assert trace["x"] == pytest.approx(expected)
