"""Search in the running app: type a query, see highlighted results and the query in the address, open a
result in the council brief at its recommendation; the sidebar box on another page leads to Search."""

from __future__ import annotations

import pytest

from loaders import load_corpus
from scripts.screenshots import wait_for_page
from tests.conftest import ROOT
from tests.e2e.conftest import open_page, type_and_enter, url_params
from ui.anchors import heading_anchor, recommendation_heading

pytestmark = pytest.mark.browser


def test_type_a_query_see_results_and_open_one(page, app_url) -> None:
    open_page(page, f"{app_url}/search")
    type_and_enter(page, "stMain", '"Team Bury"')
    page.wait_for_function("() => location.search.includes('q=')")
    wait_for_page(page)
    assert url_params(page)["q"] == ['"Team Bury"']
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("appears", exact=False).first.wait_for()
    assert "Bury Council" in main.locator("h3").all_inner_texts()
    marks = main.locator("strong", has_text="Team Bury")
    assert marks.count() >= 1  # the match is highlighted (bold on an orange background)
    assert page.locator("[data-testid='stException']").count() == 0

    link = main.get_by_role("link", name="Open in the council brief ↗").first
    href = link.get_attribute("href") or ""
    assert href.startswith("brief?brief_council=bury&visit=") and "#recommendation-10-" in href
    assert "&open=" in href  # the brief opens that recommendation's collapsed section
    with page.context.expect_page() as opened:
        link.click()
    brief = opened.value
    wait_for_page(brief)
    brief.wait_for_selector("h1")
    assert brief.locator("h1").first.inner_text() == "Council brief"
    anchor = href.split("#", 1)[1]
    heading = brief.locator(f"[id='{anchor}']")
    heading.wait_for()
    assert "Recommendation 10" in heading.inner_text()
    brief.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= -5 && r.top < window.innerHeight; }",
        arg=anchor,
        timeout=15000,
    )


def test_the_sidebar_box_opens_search(page, app_url) -> None:
    open_page(page, f"{app_url}/themes")
    type_and_enter(page, "stSidebar", "scrutiny")
    page.wait_for_function("() => location.pathname.endsWith('/search')")
    wait_for_page(page)
    page.wait_for_function("() => location.search.includes('q=scrutiny')")
    assert page.locator("h1").first.inner_text() == "Search"
    assert page.locator("[data-testid='stMain'] [data-testid='stTextInput'] input").first.input_value() == "scrutiny"
    page.locator("[data-testid='stMain']").get_by_text("“scrutiny” appears", exact=False).first.wait_for()


@pytest.mark.parametrize("council_id", ["bury", "leeds", "kings-lynn-and-west-norfolk"])
def test_every_recommendation_heading_has_the_anchor_search_links_to(page, app_url, council_id) -> None:
    """ui.anchors reproduces Streamlit's heading ids: check them on the real brief (quotes, dashes, ampersands)."""
    recs = load_corpus(ROOT / "data" / "plans").recommendations
    recs = recs[recs["council_id"] == council_id]
    open_page(page, f"{app_url}/brief?brief_council={council_id}")
    page.wait_for_selector("h5", state="attached")  # in collapsed sections: in the page, not yet visible
    ids = set(page.locator("h5[id]").evaluate_all("els => els.map(e => e.id)"))
    expected = {
        heading_anchor(recommendation_heading(n, t)) for n, t in zip(recs["number"], recs["title"], strict=True)
    }
    assert expected <= ids, sorted(expected - ids)
