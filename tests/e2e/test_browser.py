"""The running app in headless Chromium: every page opens, filters reach the URL and survive navigation,
charts draw, and downloads deliver what the table shows."""

from __future__ import annotations

import csv
import io

import pytest

from scripts.present_check import PAGES as PAGE_NAMES
from scripts.screenshots import wait_for_page
from tests.e2e.conftest import choose_council, open_page, url_params

pytestmark = pytest.mark.browser

#: url path -> page title; every page of app.py (as presentation mode walks them) but Coverage, whose council
#: filter does not narrow a chart. The default page (Overview) lives at the root, titled with the app's name.
PAGES = {path: name for path, name in PAGE_NAMES.items() if path != "coverage"} | {"": "Peer Challenge Explorer"}
CHART_PAGES = ["", "themes", "timescales", "owners", "overlap"]


def test_deep_link_on_a_fresh_server_uses_the_app_navigation(page, app_url) -> None:
    """The first visit of a fresh server is a bookmark: it must get app.py's navigation, not legacy pages."""
    open_page(page, f"{app_url}/themes?council=leeds")
    nav = page.locator("[data-testid='stSidebarNav']").inner_text()
    assert "Council brief" in nav and "app" not in nav.split()
    assert page.locator("h1").first.inner_text() == "Themes"
    assert url_params(page)["council"] == ["leeds"]


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: p or "overview")
def test_each_page_filters_into_the_url_and_draws(page, app_url, path: str) -> None:
    open_page(page, f"{app_url}/{path}")
    assert page.locator("h1").first.inner_text() == PAGES[path]
    assert page.locator("[data-testid='stException']").count() == 0
    choose_council(page, "Leeds City Council")
    assert url_params(page)["council"] == ["leeds"]
    assert page.locator("[data-testid='stException']").count() == 0
    if path in CHART_PAGES:
        page.wait_for_selector(".js-plotly-plot .main-svg")
        assert page.locator(".js-plotly-plot").count() >= 1


def test_filters_survive_moving_between_pages(page, app_url) -> None:
    open_page(page, f"{app_url}/?council=bury")
    page.locator("[data-testid='stSidebarNav'] a", has_text="Themes").click()
    page.wait_for_function("() => location.pathname.endsWith('/themes')")
    wait_for_page(page)
    page.wait_for_function("() => location.search.includes('council=bury')")
    assert url_params(page)["council"] == ["bury"]
    chips = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first.inner_text()
    assert "Bury Council" in chips


def test_overview_metrics_follow_the_filter(page, app_url) -> None:
    open_page(page, f"{app_url}/?council=leeds")
    metrics = {
        m.locator("[data-testid='stMetricLabel']").inner_text().strip(): m.locator(
            "[data-testid='stMetricValue']"
        ).inner_text()
        for m in page.locator("[data-testid='stMetric']").all()
    }
    assert "Councils" in metrics, metrics
    assert metrics["Councils"] == "1"
    assert metrics["Recommendations"] == "12"
    assert metrics["Actions"] == "21"


def test_csv_download_is_the_table_behind_the_chart(page, app_url, corpus) -> None:
    open_page(page, f"{app_url}/")
    expander = page.locator("[data-testid='stExpander']").filter(has_text="Table behind this chart").first
    expander.get_by_text("Table behind this chart").click()
    # Opening the expander reruns the page to build the table (lazily): click the button of the finished run,
    # not one the rerun is about to replace (under load the click could land on the stale one and no download
    # ever came).
    button = expander.get_by_role("button", name="Download CSV")
    button.wait_for(state="visible", timeout=60000)
    wait_for_page(page, 60000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert sum(int(r["Recommendations"]) for r in rows) == len(corpus.recommendations)  # the section's table
    with_recs = corpus.councils[corpus.councils["council_id"].isin(corpus.recommendations["council_id"])]
    assert {r["Council"] for r in rows} == set(with_recs["name"])  # every council, even those folded in the chart


def test_add_plan_bookmark_on_a_fresh_server_has_no_page_not_found(page) -> None:
    """Every other page is covered by the session server's first visit; this one needs its own fresh server."""
    from scripts.screenshots import running_app

    with running_app() as base:
        open_page(page, f"{base}/add-plan")
        assert page.locator("h1").first.inner_text() == "Add a plan"
        page.wait_for_timeout(1000)  # the dialog, when it comes, follows the first run
        assert page.get_by_text("Page not found").count() == 0
