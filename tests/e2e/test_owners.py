"""The Owners page in headless Chromium: a sidebar filter reaches the URL, charts draw, the council picker is
kept in the address too."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from scripts.screenshots import wait_for_page
from tests.e2e.conftest import open_page

pytestmark = pytest.mark.browser


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_owners_filter_goes_into_the_url_and_charts_draw(page, app_url) -> None:
    open_page(page, f"{app_url}/owners")
    assert page.locator("h1").first.inner_text() == "Owners"
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text="Councils")
    box.locator("input").click()
    page.keyboard.type("Leeds City Council")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('council=leeds')")
    wait_for_page(page)
    assert _params(page)["council"] == ["leeds"]
    assert page.locator("[data-testid='stException']").count() == 0
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.get_by_text("Director of Resources is named on").count() >= 1
    assert _params(page)["owner_council"] == ["leeds"]


def test_owner_council_link_opens_that_council(page, app_url) -> None:
    open_page(page, f"{app_url}/owners?owner_council=bury")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("of Bury Council’s").count() >= 1
    assert _params(page)["owner_council"] == ["bury"]
