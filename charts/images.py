"""Static chart images (PNG at 2x for slides, SVG for print) rendered server-side with kaleido.

kaleido 1.x draws figures in a headless Chrome/Chromium it does not bundle. Starting that browser costs
about two seconds, so one browser is kept running for the life of the process and every export reuses it
(about 0.2 s per image after the first).

Why not ``kaleido.start_sync_server()``: when its browser fails to start, its worker thread dies and every
later call waits forever on a queue, hanging the Streamlit session. This module runs the same kaleido
object on its own event-loop thread instead, so each call has a timeout, a failed start becomes a clear
:class:`ImageExportError`, and a crashed browser is restarted on the next export.

:func:`image_export_available` says, without starting anything, whether exports can work here and if not
what is missing, so the UI can say so instead of failing.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go

from charts.projector import for_projector

ImageFormat = Literal["png", "svg"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg")
MIME_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}

#: Layout size (CSS pixels) when neither the caller nor the figure gives one: 16:9, the shape of a slide.
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1280, 720
#: Debian's package; kaleido reads BROWSER_PATH before searching PATH, so pointing it here avoids any
#: attempt to download a Chrome of its own.
DEBIAN_CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 60.0  # seconds for the browser to start
RENDER_TIMEOUT = 60.0  # seconds for one image

MISSING_BROWSER = (
    "PNG/SVG export needs Chrome or Chromium on the server, and none was found. On Debian or Ubuntu install "
    "it with `apt-get install chromium` (`make test` does this when run as root), or point BROWSER_PATH at a "
    "Chrome binary. The chart toolbar's camera button still saves a PNG from your browser."
)


class ImageExportError(RuntimeError):
    """A chart image could not be made; the message says why in plain English."""


def _configure_browser() -> str | None:
    """The browser kaleido will use: BROWSER_PATH if set, else Debian's chromium (set as BROWSER_PATH), else
    whatever Chrome/Chromium choreographer finds on PATH or in the usual places."""
    if not os.environ.get("BROWSER_PATH") and os.access(DEBIAN_CHROMIUM, os.X_OK):
        os.environ["BROWSER_PATH"] = DEBIAN_CHROMIUM
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) and Path(explicit).is_file() else None
    try:
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)
    except Exception:  # a best-effort search: any failure means "not found"
        return None


def image_export_available() -> tuple[bool, str]:
    """Whether PNG/SVG export can work here, and if not, a sentence saying what is missing.

    Cheap (no browser is started), so pages can ask on every run. A browser that was found but failed to
    start is reported too, with the reason it gave.
    """
    missing = _missing()
    if missing:
        return False, missing
    if _RENDERER.failure:
        return False, _RENDERER.failure
    return True, f"PNG/SVG export uses {os.environ.get('BROWSER_PATH') or _configure_browser()}."


def _missing() -> str:
    """What is missing for exports ("" when kaleido and a browser are both there)."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return "PNG/SVG export needs the kaleido package (pip install -r requirements.txt)."
    if _configure_browser() is None:
        explicit = os.environ.get("BROWSER_PATH")
        if explicit:
            return f"PNG/SVG export: BROWSER_PATH is set to {explicit}, which is not a runnable browser."
        return MISSING_BROWSER
    return ""


def _first_sentence(exc: BaseException) -> str:
    """The gist of an error: choreographer packs several sentences (sometimes a tuple of them) into one."""
    first: object = exc.args[0] if exc.args else ""
    if isinstance(first, tuple | list):
        first = first[0] if first else ""
    text = str(first).strip()
    return text.split(". ")[0].rstrip(".") if text else type(exc).__name__


class _Renderer:
    """One kaleido browser on its own event-loop thread, started on first use, restarted after a failure."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self.failure: str = ""  # why the last start failed ("" when it did not)
        self._registered = False

    def _start(self) -> None:
        import kaleido

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="chart-images", daemon=True).start()

        async def open_browser() -> Any:
            # mathjax=False: no formulas here, and the default fetches MathJax from a CDN on every start.
            k = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False)
            await k.open()
            return k

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(timeout=START_TIMEOUT)
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            reason = _first_sentence(exc)
            self.failure = f"PNG/SVG export: the browser at {os.environ.get('BROWSER_PATH')} did not start ({reason})."
            raise ImageExportError(self.failure) from exc
        self._loop = loop
        self.failure = ""
        if not self._registered:
            atexit.register(self.stop)
            self._registered = True

    def render(self, figures: list[dict], opts: list[dict]) -> list[bytes]:
        with self._lock:
            if self._kaleido is None:
                self._start()
            loop, k = self._loop, self._kaleido
        assert loop is not None
        try:
            return [
                asyncio.run_coroutine_threadsafe(k.calc_fig(fig, opts=o), loop).result(timeout=RENDER_TIMEOUT + 5)
                for fig, o in zip(figures, opts, strict=True)
            ]
        except Exception as exc:
            self.stop()  # a browser that failed once may be wedged: start a fresh one next time
            raise ImageExportError(f"The chart image could not be made ({type(exc).__name__}: {exc}).") from exc

    def stop(self) -> None:
        with self._lock:
            loop, k = self._loop, self._kaleido
            self._loop, self._kaleido = None, None
        if loop is None:
            return
        # Closing is best effort: the process is going away, or the browser is already dead.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)


_RENDERER = _Renderer()


def image_size(fig: go.Figure, *, width: int | None = None, height: int | None = None) -> tuple[int, int]:
    """The layout size an export uses: the arguments, else the figure's own, else 16:9 (1280 x 720)."""
    w = width or fig.layout.width or DEFAULT_WIDTH
    h = height or fig.layout.height or (DEFAULT_HEIGHT if not fig.layout.width else round(w * 9 / 16))
    return int(w), int(h)


def _prepared(fig: go.Figure, *, projector: bool) -> dict:
    styled = for_projector(fig) if projector else go.Figure(fig)
    return styled.to_plotly_json()


def to_images(
    figures: Iterable[go.Figure],
    fmt: ImageFormat = "png",
    *,
    scale: float = 2,
    width: int | None = None,
    height: int | None = None,
    projector: bool = True,
) -> list[bytes]:
    """Several figures in one go through the shared browser (for a briefing pack)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"format must be one of {IMAGE_FORMATS}, not {fmt!r}")
    missing = _missing()  # a browser that failed to start before is tried again: the cause may have passed
    if missing:
        raise ImageExportError(missing)
    figures = list(figures)
    opts = []
    for fig in figures:
        w, h = image_size(fig, width=width, height=height)
        opts.append({"format": fmt, "width": w, "height": h, "scale": scale})
    return _RENDERER.render([_prepared(f, projector=projector) for f in figures], opts)


def to_image(
    fig: go.Figure,
    fmt: ImageFormat = "png",
    *,
    scale: float = 2,
    width: int | None = None,
    height: int | None = None,
    projector: bool = True,
) -> bytes:
    """One chart as PNG or SVG bytes. ``scale=2`` gives a PNG twice the layout size, sharp on slides.

    ``projector`` enlarges fonts and markers (:func:`charts.projector.for_projector`), as in presentation
    mode. The image is ``width * scale`` by ``height * scale`` pixels (see :func:`image_size`); an SVG's
    viewBox is the layout size. Raises :class:`ImageExportError` with the reason when there is no browser.
    """
    return to_images([fig], fmt, scale=scale, width=width, height=height, projector=projector)[0]


def stop_renderer() -> None:
    """Close the shared browser (tests; it is also closed when the process exits)."""
    _RENDERER.stop()
