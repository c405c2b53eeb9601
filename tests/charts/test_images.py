"""Chart images: PNG/SVG of the right size from the shared browser, projector styling, a clear reason without one.

Tests that render need Chromium. Without it they skip with the reason image_export_available() gives,
except under CI (CI=true), where a missing browser fails instead of hiding the exports behind a skip.
"""

from __future__ import annotations

import struct
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import plotly.graph_objects as go
import pytest

from charts import images
from charts.images import ImageExportError, image_export_available, image_size, to_image, to_images
from charts.projector import PROJECTOR_FONT, PROJECTOR_MARKER_SIZE, for_projector
from tests.figures import report
from tests.helpers import skip_unless_ci


def require_image_export() -> None:
    """Skip (with the reason) where no browser exists; never under CI."""
    ok, reason = image_export_available()
    if not ok:
        skip_unless_ci(reason, what="image export must work")


@pytest.fixture(scope="module")
def renderer() -> Iterator[None]:
    require_image_export()
    yield
    images.stop_renderer()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (the IHDR chunk follows the 8-byte signature)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def bars(height: int | None = 400, width: int | None = None) -> go.Figure:
    fig = go.Figure(go.Bar(x=["Leeds", "Bury"], y=[12, 17], text=["12", "17"]))
    fig.update_layout(height=height, width=width, title="Recommendations")
    return fig


@pytest.mark.parametrize(
    ("fig_size", "args", "expected"),
    [
        ((None, 400), {}, (1280, 400)),  # builders set a height; the width defaults to a slide's
        ((None, None), {}, (1280, 720)),  # nothing set: 16:9
        ((1000, None), {}, (1000, 562)),  # a width alone keeps 16:9
        ((900, 500), {}, (900, 500)),  # the figure's own size
        ((900, 500), {"width": 600, "height": 300}, (600, 300)),  # arguments win
    ],
)
def test_image_size(fig_size: tuple, args: dict, expected: tuple[int, int]) -> None:
    """Export size: arguments, else the figure's, else 16:9."""
    width, height = fig_size
    assert image_size(bars(height=height, width=width), **args) == expected


@pytest.mark.parametrize(("scale", "width", "height"), [(2, None, None), (1, None, None), (2, 800, 450)])
def test_png_is_the_figure_size_times_scale(renderer: None, scale: int, width: int | None, height: int | None) -> None:
    """A 2x PNG of a 1280 x 400 chart is 2560 x 800 pixels."""
    fig = bars(height=400)
    data = to_image(fig, "png", scale=scale, width=width, height=height)
    w, h = image_size(fig, width=width, height=height)
    assert png_size(data) == (w * scale, h * scale)


def test_svg_parses_and_has_the_layout_size(renderer: None) -> None:
    """The SVG is well-formed XML whose viewBox is the layout size, and it carries the chart's text."""
    data = to_image(bars(height=400), "svg", scale=1)
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.attrib["viewBox"] == "0 0 1280 400"
    assert (root.attrib["width"], root.attrib["height"]) == ("1280", "400")
    texts = [el.text for el in root.iter() if el.text]
    assert "Recommendations" in texts and "Leeds" in texts


def test_the_browser_is_reused(renderer: None) -> None:
    """After the first export, more images come from the same browser, far faster than a fresh start."""
    to_image(bars(), "png")  # make sure the browser is up
    started = time.perf_counter()
    out = to_images([bars(height=300 + 20 * i) for i in range(5)], "png", scale=1)
    per_image = (time.perf_counter() - started) / 5
    report(f"chart images: {per_image:.2f} s per PNG from the shared browser (5 in a batch)")
    assert [png_size(png)[1] for png in out] == [300, 320, 340, 360, 380]
    assert per_image < 1.5


def test_export_leaves_the_figure_alone(renderer: None) -> None:
    fig = bars()
    before = fig.to_plotly_json()
    to_image(fig, "svg")
    assert fig.to_plotly_json() == before


def test_missing_browser_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """No browser: no hang, no traceback, a sentence naming the setting to fix."""
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    ok, reason = image_export_available()
    assert not ok
    assert "BROWSER_PATH" in reason and "/nonexistent/chromium" in reason
    with pytest.raises(ImageExportError, match="not a runnable browser"):
        to_image(bars(), "png")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        to_image(bars(), "gif")  # type: ignore[arg-type]


# --- projector styling ---------------------------------------------------------------------------------


def test_projector_enlarges_type_and_markers_without_touching_the_data() -> None:
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], mode="lines+markers", marker={"size": 6}))
    fig.add_bar(x=[1, 2], y=[5, 6])
    fig.update_layout(title="Timeline", font={"size": 14})
    big = for_projector(fig)
    assert big.layout.font.size == PROJECTOR_FONT > fig.layout.font.size
    assert big.layout.xaxis.tickfont.size >= 18
    assert big.data[0].marker.size == PROJECTOR_MARKER_SIZE
    assert list(big.data[0].y) == [3, 4] and list(big.data[1].y) == [5, 6]
    assert fig.data[0].marker.size == 6  # the original is untouched
    assert fig.layout.font.size == 14
