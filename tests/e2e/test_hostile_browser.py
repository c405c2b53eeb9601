"""Text from plan files is always text: a plan full of <script> and <img onerror> renders literally in Chromium
on every page, runs nothing, and injects no element. The app is served with PCE_PLANS_DIR pointing at the
shipped plans plus one hostile plan.

Inside charts the danger is plotly's own markup (issue 15, item 5): ``<a href>`` in a council's name became a
live link in a legend, ``<b>`` bold text. So every page is also searched, once its charts have drawn, for links
to the hostile address (in HTML or SVG), for an element holding only the injected words, and for a bare
``www.`` that Markdown turned into a link; and the charts must show the markup as literal text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scripts.screenshots import running_app, wait_for_page
from tests.conftest import FIXTURES, PLANS
from tests.e2e.conftest import _require_browser, open_page
from ui.format import WORD_JOINER

pytestmark = pytest.mark.browser

PAGES = ["", "themes", "timescales", "owners", "overlap", "brief", "history", "search", "add-plan"]
#: Every payload both opens a dialog and sets a flag, so either way of running would be caught.
SCRIPT = "<script>window.__xss=1;alert('xss-script')</script>"
IMG = "<img src=x onerror=\"window.__xss=2;alert('xss-img')\">"
SVG = "<svg onload=\"window.__xss=3;alert('xss-svg')\"></svg>"
LINK = "[click me](javascript:window.__xss=4;alert('xss-link'))"
#: Plotly's markup: a link, bold, a styled span; and a bare address that Markdown would link.
MARKUP = '<a href="https://evil.example/phish">CLICKME</a> <b>BOLDINJ</b> <span style="color:red">REDINJ</span>'
BARE = "www.evil.example"
COUNCIL_NAME = f"Hostile {SCRIPT} {MARKUP} Council"


def _hostile_plan() -> str:
    plan = yaml.safe_load((FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8"))
    plan["id"] = "hostile-2024"
    plan["council"].update(id="hostile", name=COUNCIL_NAME, ons_code="E07000998")
    plan["challenge"]["focus_areas"] = [SVG, f"{MARKUP} {BARE}"]
    plan["recommendations"][0].update(
        title=f"Listen {IMG} to staff {MARKUP}", text=f"Do it {SCRIPT} now {LINK} {BARE}", topics=[IMG, MARKUP]
    )
    plan["actions"][0].update(
        text=f"Survey {SVG} staff {IMG} {MARKUP} {BARE}", owner=f"Chief Executive {SCRIPT} {MARKUP}", status=LINK
    )
    return yaml.safe_dump(plan, sort_keys=False, allow_unicode=True)


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory) -> Iterator[str]:
    _require_browser()
    folder: Path = tmp_path_factory.mktemp("plans")
    for path in PLANS.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    (folder / "hostile-2024.yaml").write_text(_hostile_plan(), encoding="utf-8")
    with running_app(env={"PCE_PLANS_DIR": str(folder)}) as base:
        yield base


INJECTED = """() => ({
    flag: window.__xss || 0,
    imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror], [onload]').length,
    scripts: [...document.scripts].filter(s => s.textContent.includes('__xss')).length,
    svgs: [...document.querySelectorAll('svg[onload]')].length,
    links: [...document.querySelectorAll('a[href^="javascript:"]')].length,
})"""
NOTHING = {"flag": 0, "imgs": 0, "scripts": 0, "svgs": 0, "links": 0}
#: Elements the chart markup would make: links to the hostile address (an SVG <a> keeps it in xlink:href, which
#: a[href] misses, so every attribute is read), an element holding only an injected word (plotly draws <b> as a
#: bold tspan of its own), a red tspan; and what the charts draw instead, the markup as literal text.
CHART_MARKUP = """() => {
    const attrs = el => [...el.attributes].map(a => a.value).join(' ');
    const alone = word => [...document.querySelectorAll('*')].filter(
        el => el.children.length === 0 && el.textContent.trim() === word).length;
    const texts = [...document.querySelectorAll('.js-plotly-plot svg text')].map(t => t.textContent);
    return {
        charts: document.querySelectorAll('.js-plotly-plot .main-svg').length,
        evil_links: [...document.querySelectorAll('a')].filter(a => attrs(a).includes('evil.example')).length,
        link_alone: alone('CLICKME'),
        bold_alone: alone('BOLDINJ'),
        red_alone: alone('REDINJ'),
        styled: [...document.querySelectorAll('svg tspan[style]')].filter(
            t => /red/.test(t.getAttribute('style'))).length,
        literal: texts.filter(t => t.includes('CLICKME</a>')).length,
        bare_links: [...document.querySelectorAll('a')].filter(a => a.textContent.includes('evil.example')).length,
    };
}"""
#: Pages whose charts draw the hostile council's text without a hover (a legend, a tick label or an axis title).
SHOWS_IN_CHARTS = {"timescales", "owners", "themes"}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_hostile_text_renders_as_text_everywhere(page, hostile_url: str, path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    query = {"brief": "?brief_council=hostile", "search": "?q=staff"}.get(path, "?council=hostile")
    open_page(page, f"{hostile_url}/{path}{query}")
    page.mouse.move(400, 400)  # hover effects (plotly tooltips) get their chance to render too
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.evaluate(INJECTED) == NOTHING
    assert page.locator("[data-testid='stException']").count() == 0
    if path in ("", "brief"):
        body = page.locator("[data-testid='stMain']").inner_text()
        assert COUNCIL_NAME in body.replace(WORD_JOINER, "")  # the joiner keeps its https:// from being linked


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "overview")
def test_chart_markup_in_plan_text_draws_as_text(page, hostile_url: str, path: str) -> None:
    """No link, bold or styled element from plan text in any chart (or anywhere), and no bare www. linked."""
    query = {"brief": "?brief_council=hostile", "search": "?q=evil"}.get(path, "?council=hostile")
    open_page(page, f"{hostile_url}/{path}{query}")
    found = page.evaluate(CHART_MARKUP)
    assert {k: v for k, v in found.items() if k not in ("charts", "literal")} == {
        "evil_links": 0, "link_alone": 0, "bold_alone": 0, "red_alone": 0, "styled": 0, "bare_links": 0,
    }  # fmt: skip
    if path in SHOWS_IN_CHARTS:
        assert found["charts"] > 0 and found["literal"] > 0, found


def test_chart_legends_and_hovers_show_the_markup_literally(page, hostile_url: str) -> None:
    """The Timescales timeline's legend names the council exactly as written, tags and all, and so does the hover
    of its bar; neither holds a link."""
    open_page(page, f"{hostile_url}/timescales?council=hostile")
    chart = page.locator(".js-plotly-plot").filter(has=page.locator(".legendtext", has_text="CLICKME")).first
    legend = chart.locator(".legendtext").all_text_contents()
    assert COUNCIL_NAME in legend
    chart.locator(".bars path").first.hover(force=True)  # plotly's drag layer lies over the bars
    hover = chart.locator(".hoverlayer")
    hover.locator("text").first.wait_for()
    shown = " ".join(hover.locator("text").all_text_contents())
    assert "CLICKME</a>" in shown and "<b>BOLDINJ</b>" in shown, shown
    assert hover.locator("a").count() == 0
    assert page.evaluate(CHART_MARKUP)["evil_links"] == 0


def test_hostile_recommendation_text_is_shown_literally(page, hostile_url: str) -> None:
    """On the council brief the recommendation and action text appear exactly as written, tags and all."""
    open_page(page, f"{hostile_url}/brief?brief_council=hostile")
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Listen <img src=x onerror=\"window.__xss=2;alert('xss-img')\"> to staff" in body


def test_hostile_upload_renders_as_text_on_the_add_plan_page_and_after(page, hostile_url: str) -> None:
    """Uploaded through the browser, with a hostile file name and a broken line: the excerpt and the notice on
    every later page show the text; nothing runs."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, f"{hostile_url}/add-plan")
    name = "up<img src=x onerror=alert(9)>.yaml"
    broken = _hostile_plan().replace("year: 2024", f"year: {IMG}", 1)
    page.get_by_test_id("stTabs").locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "application/yaml", "buffer": broken.encode()}]
    )
    page.get_by_text("out of the dashboard").first.wait_for()  # "1 error keeps" / "2 errors keep"
    wait_for_page(page)
    body = page.locator("[data-testid='stMain']").inner_text()
    assert f"year: {IMG}" in body  # the excerpt shows the offending line as written
    page.get_by_test_id("stTabs").locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "application/yaml", "buffer": _hostile_plan().encode()}]
    )
    page.get_by_role("button", name="Add to my session").click()
    page.get_by_text("uploaded plan, not published").first.wait_for()
    wait_for_page(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Themes").click()  # same session: no reload
    page.wait_for_url("**/themes**")
    wait_for_page(page)
    assert name in page.locator("[data-testid='stMain']").inner_text()
    assert dialogs == []
    assert page.evaluate(INJECTED) == NOTHING
