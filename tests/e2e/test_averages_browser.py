"""Headless Chromium on the Coverage page and on Themes with the type average on: the numbers a user sees equal
the analysis functions', and a screenshot of each goes to /tmp (not committed) to be looked at."""

from __future__ import annotations

import re

import pytest

from analysis.averages import comparison_groups, theme_average_takeaway, theme_averages
from analysis.national_coverage import coverage_table
from scripts.screenshots import wait_for_page
from tests.e2e.conftest import open_page, url_params

pytestmark = pytest.mark.browser

SHOTS = "/tmp/i21-{}.png"
#: The n-th plotly chart as the browser drew it (_fullData: typed arrays decoded): trace names and values.
TRACES = (
    "(n) => [...document.querySelectorAll('.js-plotly-plot')][n]._fullData"
    ".map(t => ({name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || [])}))"
)


def _metric(page, label: str) -> int:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return int(re.sub(r"\D", "", box.locator("[data-testid='stMetricValue']").inner_text()))


def test_coverage_page_counts_and_map(page, app_url, corpus) -> None:
    table = coverage_table(corpus.authorities, corpus.challenges)
    open_page(page, f"{app_url}/coverage")
    assert page.locator("h1").first.inner_text() == "Coverage"
    assert page.locator("[data-testid='stException']").count() == 0
    assert _metric(page, "Current English councils") == len(table) > 300
    assert _metric(page, "With a peer challenge here") == int(table["in_corpus"].sum()) == 15
    assert _metric(page, "No data yet") == len(table) - 15
    # The offline map is a scatter of longitude (x) and latitude (y): every current English council is a dot.
    traces = {t["name"]: len(t["x"]) for t in page.evaluate(TRACES, 0)}
    assert traces == {f"No data yet ({len(table) - 15})": len(table) - 15, "Peer challenge here (15)": 15}
    page.screenshot(path=SHOTS.format("coverage"), full_page=True)


def test_themes_with_the_type_average_shows_the_analysis_numbers(page, app_url, corpus) -> None:
    groups = comparison_groups(corpus, ["leeds"], "type").groups
    averages = theme_averages(corpus.recommendations, corpus.councils, groups)
    label = averages["council"].iloc[0]
    assert label == "Average of metropolitan district councils (2)"  # Leeds and Bury; St Helens has none yet
    open_page(page, f"{app_url}/themes?council=leeds&theme_average=type&theme_measure=share")
    assert page.locator("[data-testid='stException']").count() == 0
    traces = {t["name"]: t["x"] for t in page.evaluate(TRACES, 0)}
    assert list(traces) == ["Leeds City Council", label]
    assert traces[label] == pytest.approx(averages["share"].tolist())
    # What a reader sees: the takeaway sentence, with the same percentage.
    sentence = theme_average_takeaway(averages)
    assert page.get_by_text(sentence, exact=False).count() == 1, sentence
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS.format("themes-type-average"), full_page=True)
    page.locator(".js-plotly-plot").first.screenshot(path=SHOTS.format("themes-type-average-chart"))
    # The control changes the URL, and the similar councils' average replaces the type's.
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text="Average of similar councils").click()
    page.wait_for_function("() => location.search.includes('theme_average=similar')")
    wait_for_page(page)
    assert url_params(page)["theme_average"] == ["similar"]
    names = [t["name"] for t in page.evaluate(TRACES, 0)]
    assert names == ["Leeds City Council", "Average of councils like Leeds City Council (1)"]
