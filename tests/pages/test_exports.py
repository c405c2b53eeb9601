"""Export buttons under AppTest: PNG/SVG beside every chart's CSV, the workbook and the briefing pack downloads."""

from __future__ import annotations

import pytest

from charts.images import image_export_available
from tests.pages.conftest import run_page


def labels(at) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_every_chart_has_png_and_svg_beside_its_csv() -> None:
    """Themes draws three charts: each gets CSV, PNG (2x) and SVG (where this server can make images)."""
    ok, reason = image_export_available()
    at = run_page("pages/themes.py")
    assert not at.exception
    shown = labels(at)
    charts = len(at.get("plotly_chart"))
    assert charts == 3
    if ok:
        assert shown.count("PNG (2×)") == shown.count("SVG") == charts
        keys = [d.proto.id for d in at.get("download_button") if d.proto.label == "PNG (2×)"]
        assert all(k.endswith(("themes_lga_png", "themes_heatmap_png", "themes_recurrence_png")) for k in keys)
    else:
        assert "PNG (2×)" not in shown
        assert any(reason in c.value for c in at.caption)


def test_without_a_browser_the_buttons_say_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = run_page("pages/themes.py")
    assert not at.exception
    assert "PNG (2×)" not in labels(at) and "SVG" not in labels(at)
    missing = [c.value for c in at.caption if "/nonexistent/chromium" in c.value and "BROWSER" in c.value]
    assert len(missing) == 3  # one per chart, where the buttons would be
    assert labels(at).count("Download CSV") >= 3  # the CSV is unaffected


def test_overview_offers_the_workbook_and_the_pack() -> None:
    at = run_page()
    assert not at.exception
    shown = labels(at)
    assert "Download workbook (XLSX)" in shown
    assert "Download briefing pack (PowerPoint)" in shown
    picker = next(m for m in at.multiselect if m.label == "Charts in the pack")
    sections = ["Themes", "Timescales", "Owners", "Overlap"]  # every page with pack charts, all chosen by default
    assert picker.value == sections and picker.options == sections


def test_overview_with_nothing_left_offers_no_downloads() -> None:
    at = run_page(params={"council": "leeds", "region": "East Midlands"})
    assert not at.exception
    assert any("No councils match these filters" in i.value for i in at.info)
    assert "Download briefing pack (PowerPoint)" not in labels(at)
    assert "Download workbook (XLSX)" not in labels(at)


def test_overview_pack_is_disabled_when_no_recommendation_is_left() -> None:
    """A year with no challenge leaves the council but no recommendations: nothing to chart, so no pack."""
    at = run_page(params={"council": "leeds", "year": "2018"})
    assert not at.exception
    pack = next(d for d in at.get("download_button") if d.proto.label == "Download briefing pack (PowerPoint)")
    assert pack.proto.disabled


def test_council_brief_offers_its_pack_beside_the_html() -> None:
    at = run_page("pages/brief.py", params={"brief_council": "leeds", "visit": "2023-09-01"})
    assert not at.exception
    shown = labels(at)
    assert shown.index("Download briefing pack (PowerPoint)") == shown.index("Download brief (HTML)") + 1


def test_presentation_mode_hides_nothing_it_should_not_draw() -> None:
    """While presenting only the current chart is drawn: no table, so no CSV or image buttons."""
    at = run_page("pages/themes.py", params={"present": "1", "slide": "2"})
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert "PNG (2×)" not in labels(at)
