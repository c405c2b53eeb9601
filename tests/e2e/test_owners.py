"""The Owners page in headless Chromium: a sidebar filter reaches the URL, charts draw, the council picker is
kept in the address too."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_filtered_to, open_page, url_params

pytestmark = pytest.mark.browser


def test_owners_filter_goes_into_the_url_and_charts_draw(page, app_url) -> None:
    open_filtered_to(page, f"{app_url}/owners", title="Owners", council="Leeds City Council", council_id="leeds")
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.get_by_text("Director of Resources is named on").count() >= 1
    assert url_params(page)["owner_council"] == ["leeds"]


def test_owner_council_link_opens_that_council(page, app_url) -> None:
    open_page(page, f"{app_url}/owners?owner_council=bury")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("of Bury Council’s").count() >= 1
    assert url_params(page)["owner_council"] == ["bury"]
