"""Exports from the running app in headless Chromium: presentation mode on and off, then the briefing pack,
the workbook and a chart's PNG/SVG downloaded through the real buttons and opened."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from pptx import Presentation

from scripts.screenshots import wait_for_page
from tests.e2e.conftest import open_page

pytestmark = pytest.mark.browser


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _download(page, name: str) -> bytes:
    button = page.get_by_role("button", name=name).first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90000) as info:
        button.click()
    return info.value.path().read_bytes()


def test_present_then_download_the_briefing_pack(page, app_url) -> None:
    """Toggle presentation mode on and off, then download the pack for the filtered view and open it."""
    open_page(page, f"{app_url}/?council=leeds")
    page.get_by_role("button", name="Present this page").click()
    page.wait_for_function("() => location.search.includes('present=1')")
    wait_for_page(page)
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    assert page.get_by_text("Chart 1 of 1").is_visible()
    assert page.get_by_role("button", name="Download briefing pack (PowerPoint)").is_hidden()

    page.get_by_role("button", name="Exit").click()
    page.wait_for_function("() => !location.search.includes('present=')")
    wait_for_page(page)
    assert _params(page)["council"] == ["leeds"]

    prs = Presentation(io.BytesIO(_download(page, "Download briefing pack (PowerPoint)")))
    slides = list(prs.slides)
    # title, the theme chart (topics across councils need more than one council), Timescales' and Owners' three
    # charts each; Overlap has none for one council
    assert len(slides) == 1 + 1 + 3 + 3
    charts = [shape.chart for shape in slides[1].shapes if shape.has_chart]
    assert len(charts) == 1
    series = charts[0].plots[0].series
    assert [s.name for s in series] == ["Leeds City Council"]
    assert sum(series[0].values) == 12  # Leeds' recommendations, as on the page


def test_council_brief_pack_has_the_due_table(page, app_url) -> None:
    open_page(page, f"{app_url}/brief?brief_council=leeds&visit=2023-09-01")
    prs = Presentation(io.BytesIO(_download(page, "Download briefing pack (PowerPoint)")))
    titles = [
        next(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text)
        for slide in prs.slides
    ]
    assert titles[0] == "Leeds City Council"
    due_titles = ("Due by the visit on 1 Sep 2023", "Overdue at the visit on 1 Sep 2023")
    assert [t for t in titles if t.startswith(due_titles)]
    rows = sum(
        len(shape.table.rows) - 1
        for slide, title in zip(prs.slides, titles, strict=True)
        for shape in slide.shapes
        if shape.has_table and title.startswith(due_titles)
    )
    assert rows == 8  # overdue by the visit, as the brief's headline says


def test_workbook_download_round_trips(page, app_url) -> None:
    open_page(page, f"{app_url}/?council=leeds")
    sheets = pd.read_excel(io.BytesIO(_download(page, "Download workbook (XLSX)")), sheet_name=None)
    assert next(iter(sheets)) == "README"
    assert len(sheets["recommendations"]) == 12 and len(sheets["actions"]) == 21
    assert set(sheets["councils"]["name"]) == {"Leeds City Council"}


def test_chart_png_and_svg_downloads(page, app_url) -> None:
    from charts.images import image_export_available

    ok, reason = image_export_available()
    if not ok:
        pytest.skip(reason)  # the browser tests already need Chromium, so this only skips if kaleido breaks
    open_page(page, f"{app_url}/themes?council=leeds")
    page.get_by_text("Table behind this chart").first.click()
    png = _download(page, "PNG (2×)")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 2560 and height % 2 == 0  # 1280 layout pixels at 2x
    svg = ET.fromstring(_download(page, "SVG"))
    assert svg.tag.endswith("svg") and svg.attrib["viewBox"].startswith("0 0 1280 ")
