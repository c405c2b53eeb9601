"""First visit vs second visit to Overlap and Search, with and without the start-up warm-up (``ui/warm.py``).

Each mode runs in a fresh interpreter (the caches are per process), on the same corpus, under AppTest:

* ``off``: ``PCE_WARM_INDEXES=0`` - the first visitor to each page builds its index (the old behaviour);
* ``on``: ``PCE_WARM_INDEXES=1`` - app start-up starts the warm-up thread; the visits come once it is done
  (its duration is reported: a visitor arriving sooner waits only for the rest of it).

    .venv/bin/python scripts/bench_warm.py /tmp/syn1000 [--json]

``run(folder) -> dict`` is what ``scripts/bench.py`` calls.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: page -> (script, query parameters): the search page is asked something, as a visitor would.
PAGES = {"overlap": ("pages/overlap.py", {}), "search": ("pages/search.py", {"q": "housing"})}


def _measure(warm: bool) -> dict[str, Any]:
    """In this process: open the app, (wait for the warm-up), then each page's first and second run."""
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from ui import warm as warm_module

    out: dict[str, Any] = {"warm": warm}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    start = time.perf_counter()
    at.run()
    out["open_s"] = time.perf_counter() - start
    if warm:
        start = time.perf_counter()
        warm_module.wait(600)
        out["warm_wait_s"] = time.perf_counter() - start
        out["warm_steps_s"] = dict(warm_module.timings)
    for name, (script, params) in PAGES.items():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        at.switch_page(script)
        for key, value in params.items():
            at.query_params[key] = value
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        start = time.perf_counter()
        at.run()
        second = time.perf_counter() - start
        out[name] = {"first_s": first, "second_s": second, "errors": [e.message for e in at.exception]}
    return out


def run(folder: Path | str) -> dict[str, Any]:
    """Both modes, each in a fresh interpreter: ``{"off": {...}, "on": {...}}``."""
    results = {}
    for mode, flag in (("off", "0"), ("on", "1")):
        env = {**os.environ, "PCE_PLANS_DIR": str(folder), "PCE_WARM_INDEXES": flag}
        done = subprocess.run(
            [sys.executable, __file__, "--child", flag],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench_warm child ({mode}) failed: {done.stderr[-2000:]}")
        results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


def describe(results: dict[str, Any]) -> list[str]:
    """One line per page: first and second run without and with the warm-up."""
    lines = []
    for name in PAGES:
        off, on = results["off"][name], results["on"][name]
        lines.append(
            f"{name:<8} first run {off['first_s']:5.2f} s -> {on['first_s']:5.2f} s with the warm-up "
            f"(second run {off['second_s']:5.2f} s / {on['second_s']:5.2f} s)"
        )
    on = results["on"]
    steps = ", ".join(f"{k} {v:.2f} s" for k, v in on.get("warm_steps_s", {}).items())
    waited = on.get("warm_wait_s", 0)
    lines.append(f"warm-up thread after start-up: {steps} (waited {waited:.2f} s after the first run)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--child", choices=["0", "1"], help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(_measure(args.child == "1")))
        return 0
    if not args.folder:
        parser.error("give the plans folder (e.g. from scripts/synthetic.py 1000 /tmp/syn1000)")
    results = run(args.folder)
    print(json.dumps(results, indent=2) if args.json else "\n".join(describe(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
