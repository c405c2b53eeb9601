"""Check presentation mode as a presenter sees it: every page, every slide, at projector sizes, in Chromium.

    .venv/bin/python scripts/present_check.py [--pages themes,timescales] [--shots /tmp/shots-present]

Starts the app on a free port, opens each page with ``?present=1`` at 1920x1080 and 1280x720, steps through
every slide with the right-arrow key (as a clicker does) and checks each one: the chart at least 85% of the
screen's width, the chart and its takeaway inside the screen, no two tick labels (or two bar / cell labels)
overlapping (bounding boxes of the SVG text from the DOM), no clipped button, no blank slide, "Next"
disabled on the last slide. Prints a table of the slides checked; exits 1 when any check fails.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.screenshots import CHROMIUM_ARGS, running_app, wait_for_page  # noqa: E402

#: url path -> page name. Search and Add a plan draw no chart: they must say so, never show a blank slide.
PAGES = {
    "": "Overview",
    "themes": "Themes",
    "timescales": "Timescales",
    "owners": "Owners",
    "overlap": "Overlap",
    "brief": "Council brief",
    "history": "History",
    "coverage": "Coverage",
    "search": "Search",
    "add-plan": "Add a plan",
}
SIZES = ((1920, 1080), (1280, 720))
MIN_WIDTH_SHARE = 0.85
MAX_SLIDES = 30  # a guard against a Next that never disables

#: Everything measured on one slide, in one round trip to the page.
MEASURE = """
() => {
  const slide = document.querySelector('.st-key-pce_slide');
  const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const out = {vw: window.innerWidth, vh: window.innerHeight, slide: !!slide};
  if (!slide) return out;
  const title = slide.querySelector('h3');
  out.title = title ? title.innerText.trim() : '';
  const counter = [...slide.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .map(e => e.innerText).find(t => /^Chart \\d+/.test(t) || t === 'No charts');
  out.counter = counter || '';
  out.notice = !!slide.querySelector('[data-testid="stAlert"]');
  const plot = slide.querySelector('.js-plotly-plot');
  out.chart = plot ? rect(plot) : null;
  out.traces = plot ? plot.querySelectorAll('.trace, .heatmaplayer image, .cartesianlayer .point').length : 0;
  const take = slide.querySelector('.st-key-pce_takeaway');
  out.takeaway = take ? rect(take) : null;
  const groups = {};
  if (plot) {
    const add = (name, el) => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && el.textContent.trim()) (groups[name] = groups[name] || []).push(
        {t: el.textContent.trim().slice(0, 40), b: [r.left, r.top, r.right, r.bottom]});
    };
    plot.querySelectorAll('g[class$="tick"] text, g[class$="tick2"] text').forEach(el => {
      const axis = el.closest('g[class*="axislayer"]') || el.closest('g.xaxislayer-above, g.yaxislayer-above');
      const which = (el.closest('g[class$="tick"]') || el.parentNode).getAttribute('class');
      add('ticks ' + which + ' ' + (axis ? axis.getAttribute('class') : ''), el);
    });
    plot.querySelectorAll('.textpoint text, .bartext, text.textpoint').forEach(el => add('values', el));
  }
  out.groups = groups;
  out.buttons = [...slide.querySelectorAll('button')].map(b => ({
    label: b.innerText.trim(), sw: b.scrollWidth, cw: b.clientWidth, right: b.getBoundingClientRect().right,
    disabled: b.disabled,
  }));
  return out;
}
"""


@dataclass
class Slide:
    """One slide checked: where, what it showed, and what failed."""

    page: str
    size: str
    number: int
    title: str = ""
    width_share: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def overlaps(boxes: list[dict], tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect by more than ``tolerance`` px both ways."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            (al, at, ar, ab), (bl, bt, br, bb) = a["b"], b["b"]
            if min(ar, br) - max(al, bl) > tolerance and min(ab, bb) - max(at, bt) > tolerance:
                found.append((a["t"], b["t"]))
    return found


def judge(m: dict, page: str, size: str, number: int) -> Slide:
    """The checks on one measured slide."""
    slide = Slide(page, size, number, title=m.get("title", ""))
    if not m.get("slide"):
        slide.problems.append("blank: no slide container")
        return slide
    if m.get("chart") is None:
        if not m.get("notice"):
            slide.problems.append("blank: no chart and no notice")
        else:
            slide.title = slide.title + " (no charts: notice)"
        return slide
    left, top, right, bottom = m["chart"]
    slide.width_share = (right - left) / m["vw"]
    if slide.width_share < MIN_WIDTH_SHARE:
        slide.problems.append(f"chart {slide.width_share:.0%} of the width")
    if bottom > m["vh"] + 1 or top < -1:
        slide.problems.append(f"chart runs off the screen ({top:.0f}-{bottom:.0f} of {m['vh']})")
    if m.get("takeaway") and m["takeaway"][3] > m["vh"] + 1:
        slide.problems.append("takeaway below the fold")
    if not m.get("traces"):
        slide.problems.append("blank chart: nothing drawn")
    for name, boxes in (m.get("groups") or {}).items():
        pairs = overlaps(boxes)
        if pairs:
            slide.problems.append(f"{len(pairs)} overlapping {name.split()[0]} labels, e.g. {pairs[0]}")
    for button in m.get("buttons") or []:
        if button["sw"] > button["cw"] + 1 or button["right"] > m["vw"] + 1:
            slide.problems.append(f"button clipped: {button['label']!r}")
    return slide


def check_page(page, base: str, path: str, name: str, size: tuple[int, int], shots: Path | None) -> list[Slide]:
    """Open one page presenting at one size and walk its slides with the right-arrow key."""
    width, height = size
    label = f"{width}x{height}"
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base}/{path}?present=1&slide=1")
    wait_for_page(page)
    _wait_for_slide(page, 1)
    slides: list[Slide] = []
    for number in range(1, MAX_SLIDES + 1):
        m = page.evaluate(MEASURE)
        slide = judge(m, name, label, number)
        if shots is not None:
            page.screenshot(path=str(shots / f"{path or 'overview'}-{label}-{number}.png"))
        counter = m.get("counter", "")
        parts = counter.replace("Chart", "").split("of")
        total = int(parts[1]) if len(parts) == 2 and parts[1].strip().isdigit() else None
        if m.get("chart") is not None and total is None:
            slide.problems.append(f"no 'Chart n of N' counter ({counter!r})")
        nxt = next((b for b in m.get("buttons") or [] if b["label"].endswith("Next")), None)
        last = total is None or number >= total
        if nxt is not None and last and not nxt["disabled"]:
            slide.problems.append("Next enabled on the last slide")
        slides.append(slide)
        if last:
            break
        before = page.url
        page.mouse.click(3, 3)  # focus the page itself (not a widget), as a clicker would find it
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function(f"() => location.search.includes('slide={number + 1}')", timeout=10000)
        except Exception:  # reported as a failure on the slide
            slide.problems.append(f"the right-arrow key did not move on from {before}")
            break
        wait_for_page(page)
        _wait_for_slide(page, number + 1)
    return slides


def _wait_for_slide(page, number: int, timeout_ms: int = 20000) -> None:
    """Until the slide's controls say "Chart <number> of" (drawn when the page has finished) or the page's
    no-charts notice shows; a slow page's old slide stays on screen meanwhile, so counting elements is not
    enough. Gives up quietly: the checks then report what is missing."""
    try:
        page.wait_for_function(
            "n => [...document.querySelectorAll('.st-key-pce_slide [data-testid=\"stCaptionContainer\"]')]"
            ".some(e => e.innerText.startsWith('Chart ' + n + ' of'))"
            " || !!document.querySelector('.st-key-pce_slide [data-testid=\"stAlert\"]')",
            arg=number,
            timeout=timeout_ms,
        )
        page.wait_for_timeout(600)  # the chart's own drawing
    except Exception:  # reported by the checks
        pass


def check(base: str, browser, *, pages: dict[str, str] | None = None, shots: Path | None = None) -> list[Slide]:
    """Every slide of every page at every size."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(30000)
    out: list[Slide] = []
    try:
        for path, name in (pages or PAGES).items():
            for size in SIZES:
                out += check_page(page, base, path, name, size, shots)
    finally:
        context.close()
    return out


def table(slides: list[Slide]) -> str:
    """The slides checked, one line each."""
    lines = [f"{'page':<14} {'size':<10} {'#':>2}  {'width':>5}  {'result':<6} title / problems"]
    for s in slides:
        share = f"{s.width_share:.0%}" if s.width_share else "-"
        detail = s.title[:60] + ("" if s.ok else " | " + "; ".join(s.problems))
        lines.append(f"{s.page:<14} {s.size:<10} {s.number:>2}  {share:>5}  {'ok' if s.ok else 'FAIL':<6} {detail}")
    failed = sum(not s.ok for s in slides)
    lines.append(f"{len(slides)} slides checked, {failed} failed")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="", help="comma-separated url paths (overview for the root)")
    parser.add_argument("--shots", default="", help="a folder for a screenshot of every slide")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chosen = {p: n for p, n in PAGES.items() if not args.pages or (p or "overview") in args.pages.split(",")}
    shots = Path(args.shots) if args.shots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    with running_app() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        slides = check(base, browser, pages=chosen, shots=shots)
        browser.close()
    print(table(slides))
    sys.exit(0 if all(s.ok for s in slides) else 1)


if __name__ == "__main__":
    main()
