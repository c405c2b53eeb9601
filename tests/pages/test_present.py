"""Presentation mode: one chart at a time, from the URL, with controls and a source line."""

from __future__ import annotations

from tests.pages.conftest import plotly_specs, run_page


def test_presenting_draws_only_the_current_chart() -> None:
    at = run_page("pages/themes.py", params={"present": "1"})
    assert not at.exception
    specs = plotly_specs(at)
    assert len(specs) == 1
    assert specs[0]["data"][0]["type"] == "bar"
    assert any(c.value.startswith("Sources:") for c in at.caption)


def test_slide_param_picks_the_chart_and_next_moves_on() -> None:
    at = run_page("pages/themes.py", params={"present": "1"})
    at.button(key="present_next").click().run()
    assert plotly_specs(at)[0]["data"][0]["type"] == "heatmap"
    at.button(key="present_next").click().run()
    assert at.query_params["slide"] in ("3", ["3"])
    assert len(plotly_specs(at)) == 1


def test_exit_returns_to_the_normal_page() -> None:
    at = run_page("pages/themes.py", params={"present": "1"})
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params
    assert len(plotly_specs(at)) == 3


def test_last_chart_disables_next() -> None:
    at = run_page("pages/themes.py", params={"present": "1"})
    at.button(key="present_next").click().run()
    assert not at.button(key="present_next").disabled
    at.button(key="present_next").click().run()
    assert plotly_specs(at)[0]["data"][0]["type"] == "bar"  # the recurrence chart, third of three
    assert at.button(key="present_next").disabled
