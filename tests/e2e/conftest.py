"""Browser tests: the real app served on a free port, driven by Playwright with Debian's chromium.

Chromium comes from `make browser` (apt-get, as root). Outside CI the tests skip with the reason when it is
missing; under CI (CI=true) a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from scripts.screenshots import CHROMIUM_ARGS, running_app, wait_for_page
from tests.helpers import skip_unless_ci

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)


def _require_browser() -> None:
    reason = None
    if CHROMIUM is None:
        reason = "chromium is not installed (run `make browser` as root, or `apt-get install chromium`)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (make test installs requirements.txt)"
    if reason:
        skip_unless_ci(reason, what="browser tests cannot run")


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    _require_browser()
    with running_app() as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_page(page)


def url_params(page) -> dict[str, list[str]]:
    """The query parameters of the page's current address."""
    return parse_qs(urlparse(page.url).query)


def choose_council(page, name: str) -> None:
    """Pick one council in the sidebar filter, as a user would, and wait for the page to settle."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(has_text="Councils")
    box.locator("input").click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('council=')")
    wait_for_page(page)


def open_filtered_to(page, url: str, *, title: str, council: str, council_id: str) -> None:
    """Open ``url``, check its heading is ``title``, pick ``council`` in the sidebar and wait for its charts:
    the filter is in the address and nothing failed."""
    open_page(page, url)
    assert page.locator("h1").first.inner_text() == title
    choose_council(page, council)
    assert url_params(page)["council"] == [council_id]
    assert page.locator("[data-testid='stException']").count() == 0
    page.wait_for_selector(".js-plotly-plot .main-svg")


def type_and_enter(page, area: str, text: str) -> None:
    """Type ``text`` into the first text box of ``area`` (``stMain`` or ``stSidebar``) and press Enter."""
    box = page.locator(f"[data-testid='{area}'] [data-testid='stTextInput'] input").first
    box.fill(text)
    box.press("Enter")
