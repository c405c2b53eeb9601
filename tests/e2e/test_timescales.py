"""The Timescales page in headless Chromium: a sidebar filter reaches the URL, the charts draw, and a due date
in the link is used and kept."""

from __future__ import annotations

import pytest

from scripts.screenshots import wait_for_page
from tests.e2e.conftest import open_filtered_to, open_page, url_params

pytestmark = pytest.mark.browser


def test_timescales_filter_goes_into_the_url_and_charts_draw(page, app_url) -> None:
    open_filtered_to(
        page, f"{app_url}/timescales", title="Timescales", council="Leeds City Council", council_id="leeds"
    )
    assert page.locator(".js-plotly-plot").count() == 5
    # The Gantt draws Leeds' 20 dated actions as bars.
    gantt = page.locator(".js-plotly-plot").nth(1)
    assert gantt.locator("g.trace.bars path").count() == 20
    assert page.get_by_text("Leeds City Council gives itself 14 months from plan to last deadline").count() == 1


def test_due_date_in_the_link_is_used_and_kept(page, app_url) -> None:
    open_page(page, f"{app_url}/timescales?council=leeds&due=2024-01-01")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("By 1 Jan 2024, Leeds City Council had 12 of 21 actions due").count() == 1
    assert url_params(page)["due"] == ["2024-01-01"] and url_params(page)["council"] == ["leeds"]


def test_a_due_date_typed_and_confirmed_with_enter_is_applied(page, app_url) -> None:
    """Streamlit's date field commits only on blur: ui.state makes Enter apply it (the keyboard path, issue 16)."""
    open_page(page, f"{app_url}/timescales?council=leeds&due=2024-01-01")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.get_by_text("By 1 Jan 2024, Leeds City Council had 12 of 21 actions due").count() == 1
    field = page.locator("[data-testid='stDateInput']").filter(has_text="Due by")
    field.locator("[data-type='day']").click()
    page.keyboard.type("01082024")  # DD/MM/YYYY, segment by segment
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('due=2024-08-01')")
    wait_for_page(page)
    assert page.get_by_text("By 1 Aug 2024, Leeds City Council had").count() == 1
    assert page.get_by_text("By 1 Jan 2024, Leeds City Council had").count() == 0
