"""The Council brief printed from Chromium (print media, ``page.pdf()`` = Ctrl+P) and seen on a phone.

Printed: no sheet is (almost) blank, the first sheet holds the headline tiles and the overdue list, nothing
is wider than the printable width, and the collapsed per-recommendation sections print open (every
recommendation's "LGA theme" line, which lives inside its expander, is on paper).
Phone (390×844): the answer table and a recommendation's action table lead with Status, on screen.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import open_page
from tests.helpers import skip_unless_ci

pytestmark = pytest.mark.browser

COUNCILS = ["leeds", "bury", "kings-lynn-and-west-norfolk"]
#: A4 less the 12 mm margins of PRINT_CSS's @page rule, in CSS pixels (96 per inch).
PRINTABLE_WIDTH = round((210 - 2 * 12) / 25.4 * 96)
MIN_TEXT = 80


def _pages_text(pdf: Path) -> list[str]:
    """Each sheet's text in reading order, read back with pdftotext (poppler); -layout would interleave the
    side-by-side tiles' lines."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = out.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("council_id", COUNCILS)
def test_printed_brief_has_no_blank_sheet_and_leads_with_the_answer(browser, app_url, tmp_path, council_id) -> None:
    if shutil.which("pdftotext") is None:  # `make browser` installs it as root; under CI its absence fails
        skip_unless_ci("pdftotext (poppler-utils) is not installed", what="the printed brief cannot be read back")
    context = browser.new_context(viewport={"width": PRINTABLE_WIDTH, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        open_page(page, f"{app_url}/brief?brief_council={council_id}")
        page.wait_for_selector(".st-key-brief_answer")
        page.evaluate("() => document.fonts.ready.then(() => true)")  # fallback fonts lay the tiles out wider
        page.emulate_media(media="print")
        page.wait_for_timeout(500)
        # Nothing wider than the printable width (the page laid out at the sheet's width, in print media).
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PRINTABLE_WIDTH, f"{council_id}: content {width}px wide, printable {PRINTABLE_WIDTH}px"
        wide = page.evaluate(
            """(limit) => [...document.querySelectorAll('[data-testid="stMain"] *')]
                 .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > limit + 1; })
                 .slice(0, 5).map(e => (e.getAttribute('data-testid') || e.tagName) + ' ' +
                                       Math.round(e.getBoundingClientRect().right))""",
            PRINTABLE_WIDTH,
        )
        assert not wide, f"{council_id}: elements past the right edge: {wide}"
        in_expanders = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid="stExpanderDetails"]')]
                 .map(e => (e.textContent.match(/LGA theme:/g) || []).length).reduce((a, b) => a + b, 0)"""
        )
        pdf = tmp_path / f"brief-{council_id}.pdf"
        page.pdf(path=str(pdf), print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    sheets = _pages_text(pdf)
    assert len(sheets) >= 2
    thin = [(i + 1, len(s.strip())) for i, s in enumerate(sheets) if len(s.strip()) < MIN_TEXT]
    assert not thin, f"{council_id}: sheets with almost no text (sheet, characters): {thin} of {len(sheets)}"
    first = _squash(sheets[0].replace("-\n", ""))
    for tile in ("Deadline passed by the visit", "Due in the 3 months after", "Ongoing", "No date"):
        assert tile in first, f"{council_id}: tile {tile!r} not on the first sheet"
    assert "not marked complete" in first, f"{council_id}: the overdue list's heading is not on the first sheet"
    assert "Council brief" in first
    text = _squash(" ".join(sheets))
    assert in_expanders > 0
    assert text.count("LGA theme:") == in_expanders, f"{council_id}: collapsed sections did not print open"
    assert "Use the default visit date" not in text and "Download brief" not in text  # no buttons printed


def test_on_a_phone_the_answer_table_shows_status_first(browser, app_url) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        open_page(page, f"{app_url}/brief?brief_council=leeds")
        table = page.locator(".st-key-brief_overdue table").first
        table.scroll_into_view_if_needed()
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts() if h.strip()]
        assert headers[:2] == ["Status", "Action"]
        for name in ("Status", "Action"):
            box = table.locator("thead th", has_text=name).first.bounding_box()
            assert box is not None
            assert box["x"] >= 0 and box["x"] + min(box["width"], 40) <= 390, (name, box)
        # A recommendation's own action table, opened as a phone user would: its Status column leads too.
        expander = page.locator('[data-testid="stExpander"]').filter(
            has=page.locator("summary", has_text=re.compile(r"Recommendations? [0-9, ]+: .* — [1-9][0-9]* actions?"))
        )
        expander.first.locator("summary").click()
        detail = expander.first.locator("table").first
        detail.wait_for()
        detail.scroll_into_view_if_needed()
        headers = [h.strip() for h in detail.locator("thead th").all_inner_texts() if h.strip()]
        assert headers[0] == "Status", headers
        box = detail.locator("thead th", has_text="Status").first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + min(box["width"], 40) <= 390, box
        cell = detail.locator("tbody tr td").first
        assert cell.inner_text().strip(), "the first cell of a detail row is the action's status"
    finally:
        context.close()
