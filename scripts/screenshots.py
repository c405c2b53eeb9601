"""Screenshot every page of the running app in headless Chromium, to look at what we built.

    .venv/bin/python scripts/screenshots.py [OUTDIR] [--query "council=leeds"] [--pages themes,owners]

Starts the app on a free port, waits for each page's charts, saves full-page PNGs, stops the app.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "themes", "timescales", "owners", "overlap", "brief"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(port: int | None = None, env: dict[str, str] | None = None, script: Path | None = None):
    """The app (or another Streamlit ``script``) served headless on a free port; yields its base URL."""
    import os

    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the app did not start within 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_for_page(page, timeout_ms: int = 30000) -> None:
    """Until Streamlit has finished running and any charts have drawn."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    # A cold start can take seconds before the first element arrives, and the status widget does not always show
    # meanwhile: wait until the main area holds content, nothing is pending (no skeleton) and the number of
    # elements has stayed the same for three looks in a row.
    state = (
        "() => document.querySelector('[data-testid=\"stStatusWidget\"]') ? -1 :"
        " document.querySelector('[data-testid=\"stSkeleton\"]') ? -1 :"
        ' document.querySelectorAll(\'[data-testid="stMain"] [data-testid="stElementContainer"]\').length'
    )
    deadline, seen = time.time() + timeout_ms / 1000, []
    while time.time() < deadline:
        seen = [*seen[-2:], page.evaluate(state)]
        if len(seen) == 3 and seen[0] > 1 and len(set(seen)) == 1:
            break
        page.wait_for_timeout(400)
    with contextlib.suppress(Exception):
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=5000)
    page.wait_for_timeout(800)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir", nargs="?", default="/tmp/screens")
    parser.add_argument("--query", default="")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--width", type=int, default=1400)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    with running_app() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        for name in args.pages.split(","):
            path_part = "" if name == "overview" else name  # the default page is served at the root
            url = f"{base}/{path_part}" + (f"?{args.query}" if args.query else "")
            page.goto(url)
            wait_for_page(page)
            path = out / f"{name}.png"
            # Streamlit scrolls inside its main container, so grow the viewport to the content's height.
            height = page.evaluate(
                '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
                '[data-testid="stMainBlockContainer"]\')].map(e => e.scrollHeight), 900)'
            )
            page.set_viewport_size({"width": args.width, "height": min(int(height) + 80, 12000)})
            page.wait_for_timeout(800)
            page.screenshot(path=str(path), full_page=True)
            page.set_viewport_size({"width": args.width, "height": 900})
            print(path)
        browser.close()


if __name__ == "__main__":
    main()
