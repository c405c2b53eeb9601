"""The Themes page under AppTest: charts present, counts right, filters and drill-down work."""

from __future__ import annotations

import pytest

from tests.pages.conftest import assert_explains_nothing_matches, bars_total, plotly_specs, run_page


def test_themes_page_shows_three_charts_with_all_recommendations(corpus) -> None:
    at = run_page("pages/themes.py")
    assert not at.exception
    specs = plotly_specs(at)
    assert len(specs) == 3
    bars = specs[0]["data"]
    total, slack = bars_total(bars)
    assert total == pytest.approx(len(corpus.recommendations), abs=slack)
    heat = specs[1]["data"][0]
    assert len(heat["x"]) == corpus.recommendations["council_id"].nunique()


def test_themes_page_respects_council_filter() -> None:
    at = run_page("pages/themes.py", params={"council": "kings-lynn-and-west-norfolk"})
    assert not at.exception
    bars = plotly_specs(at)[0]["data"]
    assert len(bars) == 1 and sum(bars[0]["x"]) == 8


def test_drill_down_lists_the_recommendations_in_a_cell(corpus) -> None:
    at = run_page("pages/themes.py")
    at.selectbox(key="themes_cell_council").set_value("leeds").run()
    topic = at.selectbox(key="themes_cell_topic").value
    expected = corpus.recommendations[
        (corpus.recommendations["council_id"] == "leeds") & corpus.recommendations["topics"].map(lambda t: topic in t)
    ]
    table = at.dataframe[-1].value
    if expected.empty:
        assert any("No recommendations" in i.value for i in at.info)
    else:
        assert len(table) == len(expected)


def test_themes_with_filters_that_leave_nothing() -> None:
    assert_explains_nothing_matches("pages/themes.py", "No recommendations match these filters")


def test_tables_behind_charts_are_built_only_when_opened() -> None:
    """Closed, a table sends nothing (up to 2.3 MB a page at 1,000 plans); opened, it holds every row."""
    at = run_page("pages/themes.py", tables=False)
    assert len(at.get("plotly_chart")) == 3
    assert len(at.dataframe) == 0  # the three charts' tables and the drill-down's, all closed
    csv_buttons = lambda: [b.proto.label for b in at.get("download_button")].count("Download CSV")  # noqa: E731
    assert csv_buttons() == 0
    at.session_state["themes_lga_table_open"] = True
    at.run()
    assert len(at.dataframe) == 1 and csv_buttons() == 1
    table = at.dataframe[0].value
    assert set(table.columns) >= {"Council", "LGA core theme", "Recommendations"}
    assert int(table["Recommendations"].sum()) > 0
