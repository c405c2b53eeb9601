"""Load test: many users at once. Starts the app on loopback, drives N concurrent headless Chromium sessions
(one browser, one context per user) through every page via the sidebar navigation, and reports errors (must be
zero) and the median / 95th-percentile time from clicking a page to its first chart being drawn.

    .venv/bin/python scripts/load_test.py [--sessions 20] [--timeout 600] [--url http://127.0.0.1:8501]

``--url`` drives an existing deployment (e.g. ``deploy/run_replicas.sh 2``'s nginx) instead of starting a
server; ``--warm-url`` (repeatable) opens each replica once first, so every replica has loaded the corpus
before users arrive, as the proxy alone cannot choose which replica the warm-up visit reaches.

``run(sessions=20) -> dict`` is what a benchmark calls. Everything is bounded: each page has ``page_timeout_s``
to finish, the whole run ``timeout_s``; a timeout is counted as an error, never waited out.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.screenshots import CHROMIUM_ARGS, running_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
#: Sidebar navigation label -> the page's title (its h1), in app.py's order.
PAGES = {
    "Overview": "Peer Challenge Explorer",
    "Themes": "Themes",
    "Timescales": "Timescales",
    "Owners": "Owners",
    "Overlap": "Overlap",
    "Council brief": "Council brief",
    "History": "History",
    "Search": "Search",
    "Add a plan": "Add a plan",
}
#: Pages that draw a chart with no filters set: their visit is timed to the first chart. The others are timed
#: to the end of their run ("page ready"). Knowing this up front keeps a slow rerun from being mistaken for
#: a page without charts.
CHART_PAGES = frozenset({"Overview", "Themes", "Timescales", "Owners", "Overlap", "History"})

# "chart" once the new page (its h1) has drawn a live plotly chart; once its script run has finished, "idle"
# when it has no chart at all and "pending" while a chart's container waits for plotly to draw (plotly draws
# after the run ends); false before the new page has started drawing. Elements left over from the previous
# page are marked stale by Streamlit and ignored.
_STATE = """(title) => {
  const live = (el) => !el.closest('[data-stale="true"]');
  const h1 = [...document.querySelectorAll('h1')].find(live);
  if (!h1 || !h1.innerText.trim().startsWith(title)) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(live);
  if (charts.some((chart) => chart.querySelector('.js-plotly-plot .main-svg'))) return 'chart';
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  return charts.length ? 'pending' : 'idle';
}"""
#: A page counts as finished once it has been idle this long (a rerun can follow at once).
QUIET_S = 1.5
#: A chart page that stays finished this long without drawing a chart is an error.
NO_CHART_S = 120.0


async def _wait(page, title: str, timeout_s: float, *, expect_chart: bool = False) -> tuple[str, float]:
    """Poll until the page titled ``title`` draws a chart ("chart") or, for a page without charts, stays idle
    for QUIET_S ("done"); returns the outcome and the seconds since the call when it first happened."""
    started = time.perf_counter()
    idle_since: float | None = None
    while (now := time.perf_counter()) - started < timeout_s:
        state = await page.evaluate(_STATE, title)
        if state == "chart":
            return "chart", now - started
        if state in ("idle", "pending"):
            idle_since = idle_since or now
            if not expect_chart and now - idle_since >= QUIET_S:
                return "done", idle_since - started
            if expect_chart and now - idle_since >= NO_CHART_S:
                raise TimeoutError(f"page {title!r} finished but drew no chart within {NO_CHART_S:.0f} s")
        else:
            idle_since = None
        await asyncio.sleep(0.2)
    raise TimeoutError(f"page {title!r} did not finish within {timeout_s:.0f} s")


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _summary(values: list[float]) -> dict[str, float | int | None]:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values)) if values else None,
        "p95_ms": round(_percentile(values, 0.95)) if values else None,
        "max_ms": round(max(values)) if values else None,
    }


async def _main_text(page, limit: int = 300) -> str:
    """What the page showed (for an error message): the start of its main area's text."""
    try:
        text = await page.locator("[data-testid='stMain']").inner_text(timeout=5000)
    except Exception:
        return "?"
    return " ".join(text.split())[:limit]


async def _wait_idle(page, timeout_s: float) -> None:
    """Until the app has not been running for QUIET_S (a first visit reruns itself once or twice)."""
    started = time.perf_counter()
    state = "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
    idle_since: float | None = None
    while (now := time.perf_counter()) - started < timeout_s:
        if await page.evaluate(state) == "notRunning":
            idle_since = idle_since or now
            if now - idle_since >= QUIET_S:
                return
        else:
            idle_since = None
        await asyncio.sleep(0.2)


async def _user(
    browser, base: str, user: int, pages: dict[str, str], page_timeout_s: float, ramp_s: float = 0.0
) -> dict[str, Any]:
    """One user's walk through every page, starting ``user * ramp_s`` seconds in; timings and errors (never
    raises)."""
    await asyncio.sleep(user * ramp_s)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"user {user}: page error: {exc}"))
    page.on("dialog", lambda dialog: errors.append(f"user {user}: unexpected dialog: {dialog.message}"))
    charts: list[tuple[str, float]] = []
    ready: list[tuple[str, float]] = []
    try:
        opened = time.perf_counter()
        await page.goto(base, timeout=page_timeout_s * 1000)
        await _wait(page, pages.get("Overview", ""), page_timeout_s)
        await _wait_idle(page, page_timeout_s)
        first_visit = (time.perf_counter() - opened) * 1000
        walk = [*list(pages.items())[1:], *list(pages.items())[:1]]  # leave the page we are on; come back last
        for label, title in walk:
            try:
                started = time.perf_counter()
                await (
                    page.locator("[data-testid='stSidebarNav']")
                    .get_by_text(label, exact=True)
                    .click(timeout=page_timeout_s * 1000)
                )
                clicked = time.perf_counter() - started
                outcome, seconds = await _wait(page, title, page_timeout_s, expect_chart=label in CHART_PAGES)
                elapsed = (clicked + seconds) * 1000
                (charts if outcome == "chart" else ready).append((label, elapsed))
                if outcome == "chart":  # let the page finish before moving on, as a reader would
                    await _wait_idle(page, page_timeout_s)
                exceptions = await page.locator("[data-testid='stException']").count()
                if exceptions:
                    errors.append(f"user {user}: {label}: {exceptions} exception box(es) on the page")
            except Exception as exc:  # a timeout or a broken page is an error to report, not a crash
                shown = await _main_text(page)
                errors.append(f"user {user}: {label}: {type(exc).__name__}: {str(exc).splitlines()[0]} | page: {shown}")
    except Exception as exc:
        errors.append(f"user {user}: could not open the app: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()
    return {"charts": charts, "ready": ready, "errors": errors, "first_visit": locals().get("first_visit")}


async def _drive(
    base: str, sessions: int, pages: dict[str, str], page_timeout_s: float, ramp_s: float = 0.0
) -> list[dict[str, Any]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            users = (_user(browser, base, i, pages, page_timeout_s, ramp_s) for i in range(sessions))
            return await asyncio.gather(*users)
        finally:
            await browser.close()


def _in_thread(coro, timeout_s: float) -> Any:
    """Run a coroutine on a fresh event loop in its own thread, bounded by ``timeout_s``, so ``run`` works
    from code that already has a loop (a notebook, or pytest holding a sync Playwright session)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, timeout=timeout_s)).result()


def run(
    sessions: int = 20,
    *,
    url: str | None = None,
    pages: dict[str, str] | None = None,
    timeout_s: float = 900,
    page_timeout_s: float = 180,
    ramp_s: float = 1.0,
    env: dict[str, str] | None = None,
    warm_urls: list[str] | None = None,
) -> dict[str, Any]:
    """Drive ``sessions`` concurrent browser sessions through every page; the figures as a dict.

    Starts the app on a free loopback port unless ``url`` is given (``warm_urls``: replicas behind it to
    open once before the run, each visit going straight to that replica). Users arrive ``ramp_s`` seconds apart
    (then all walk the pages at once), as people opening a shared link do, rather than in one instant.

    Keys: ``sessions``, ``page_visits``,
    ``errors`` (list of messages; must be empty), ``first_chart`` and ``page_ready`` (n, median_ms, p95_ms,
    max_ms), ``first_chart_by_page`` (median ms per page), ``wall_s``.
    """
    pages = pages or PAGES
    started = time.perf_counter()

    def drive(base: str) -> list[dict[str, Any]]:
        # The warm-up visit loads the corpus into the shared cache and switches off Streamlit's legacy
        # pages mode, so every user measures a running app rather than its start-up.
        for warm in [*(warm_urls or []), base]:
            _in_thread(_drive(warm, 1, {"Overview": pages.get("Overview", "")}, page_timeout_s), timeout_s)
        return _in_thread(_drive(base, sessions, pages, page_timeout_s, ramp_s), timeout_s)

    try:
        if url:
            results = drive(url)
        else:
            with running_app(env=env) as base:
                results = drive(base)
    except TimeoutError:
        results = [{"charts": [], "ready": [], "errors": [f"the whole run exceeded {timeout_s:.0f} s"]}]
    charts = [ms for r in results for _, ms in r["charts"]]
    by_page: dict[str, list[float]] = {}
    for r in results:
        for label, ms in r["charts"]:
            by_page.setdefault(label, []).append(ms)
    return {
        "sessions": sessions,
        "page_visits": sum(len(r["charts"]) + len(r["ready"]) for r in results),
        "errors": [e for r in results for e in r["errors"]],
        "first_chart": _summary(charts),
        "page_ready": _summary([ms for r in results for _, ms in r["ready"]]),
        "first_chart_by_page": {label: round(statistics.median(v)) for label, v in by_page.items()},
        "first_visit": _summary([r["first_visit"] for r in results if r.get("first_visit")]),
        "wall_s": round(time.perf_counter() - started, 1),
        "ramp_s": ramp_s,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=900, help="bound on the whole run, seconds")
    parser.add_argument("--ramp", type=float, default=1.0, help="seconds between users arriving")
    parser.add_argument("--url", help="an app already running (default: start one on a free loopback port)")
    parser.add_argument(
        "--warm-url", action="append", default=[], help="a replica behind --url to open once first (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = run(args.sessions, url=args.url, timeout_s=args.timeout, ramp_s=args.ramp, warm_urls=args.warm_url)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for error in figures["errors"]:
            print(f"ERROR {error}")
        chart, ready = figures["first_chart"], figures["page_ready"]
        print(
            f"{figures['sessions']} sessions, {figures['page_visits']} page visits in {figures['wall_s']} s; "
            f"errors: {len(figures['errors'])}\n"
            f"time to first chart: median {chart['median_ms']} ms, p95 {chart['p95_ms']} ms "
            f"(max {chart['max_ms']} ms, {chart['n']} visits)\n"
            f"pages without charts, time to ready: median {ready['median_ms']} ms, p95 {ready['p95_ms']} ms\n"
            f"median first chart by page (ms): {figures['first_chart_by_page']}\n"
            f"opening the app (to a finished Overview): median {figures['first_visit']['median_ms']} ms, "
            f"p95 {figures['first_visit']['p95_ms']} ms"
        )
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
