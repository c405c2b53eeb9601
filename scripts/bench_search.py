"""Benchmark full-text search (analysis/search.py) on a synthetic national-scale corpus.

    .venv/bin/python scripts/bench_search.py            # 1,000 plans
    .venv/bin/python scripts/bench_search.py 200 2000   # any sizes

Or from Python (``make bench`` may call it): ``from scripts.bench_search import run; run(1000)`` returns the
figures as a dict.

:mod:`scripts.synthetic` writes the plan files into a temporary folder (never data/), the loader reads them as
the app would, then the figures: index build time (items table plus the FTS5 table), and the median and
slowest time of :data:`QUERIES` (words, phrases, spelling variants, a common word matching thousands of
items, nonsense), each run :data:`REPEATS` times, from query text to result frame; and the same with the
sidebar filters applied (:func:`analysis.search.restrict` with all councils but one chosen, the worst case).
CPU time is given beside wall time, for busy machines. Printed, never asserted: the target is a median query
under 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import search  # noqa: E402  (after the sys.path line, so the script runs from anywhere)
from analysis.filters import Filters, apply_filters  # noqa: E402
from loaders import load_corpus  # noqa: E402
from scripts import synthetic  # noqa: E402
from scripts.bench_sizes import run_sizes  # noqa: E402

QUERIES = (
    "scrutiny",
    "performance management",
    '"performance management"',
    "organization",
    "priorities",
    "co-produce",
    '"corporate plan"',
    "medium term financial strategy",
    "staff engagement",
    "behavior",
    "council",
    "review",
    "xyzzy plugh",
    "community engagement strategy",
    '"getting the basics right"',
    "transformation programme",
)
REPEATS = 5
TARGET_MS = 100.0


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _cpu(fn: Any) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of ``fn()``: CPU time is the fair figure on a busy machine (queries run in
    this one thread, SQLite included), wall time is what a user waits."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def run(n_plans: int = 1000, *, seed: int = 7) -> dict[str, Any]:
    """Benchmark search over ``n_plans`` synthetic plans; returns the figures (times in seconds)."""
    with tempfile.TemporaryDirectory(prefix="pce-bench-search-") as folder:
        synthetic.write(n_plans, Path(folder), seed=seed)
        load_s, corpus = _timed(lambda: load_corpus(folder))
    build_s, build_cpu_s, index = _cpu(lambda: search.build_search_index(corpus))
    # a filtered view (every council but one) is the worst case: the unfiltered one is skipped outright
    view = apply_filters(
        Filters(councils=tuple(corpus.councils["council_id"].iloc[1:])), councils=corpus.councils,
        challenges=corpus.challenges, recommendations=corpus.recommendations, actions=corpus.actions,
        steps=corpus.steps,
    )  # fmt: skip
    query_times, query_cpu, filtered_times, filtered_cpu, hits = [], [], [], [], {}
    for _ in range(REPEATS):
        for query in QUERIES:
            wall, cpu, results = _cpu(lambda q=query: index.search(q))
            query_times.append(wall)
            query_cpu.append(cpu)
            extra_wall, extra_cpu, _ = _cpu(lambda r=results: search.restrict(r, view))
            filtered_times.append(wall + extra_wall)
            filtered_cpu.append(cpu + extra_cpu)
            hits[query] = len(results)
    return {
        "plans": len(corpus.challenges),
        "councils": len(corpus.councils),
        "items": len(index),
        "kinds": index.items["kind"].value_counts().to_dict(),
        "load_s": load_s,
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "query_median_s": statistics.median(query_times),
        "query_max_s": max(query_times),
        "query_cpu_median_s": statistics.median(query_cpu),
        "query_cpu_max_s": max(query_cpu),
        "filtered_median_s": statistics.median(filtered_times),
        "filtered_max_s": max(filtered_times),
        "filtered_cpu_median_s": statistics.median(filtered_cpu),
        "most_hits": max(hits.values()),
        "most_hits_query": max(hits, key=hits.get),
        "queries": len(QUERIES) * REPEATS,
    }


def report(figures: dict[str, Any]) -> str:
    """The figures as a few readable lines."""
    f = figures
    verdict = "meets" if f["query_median_s"] * 1000 < TARGET_MS else "MISSES"
    ms = lambda key: f"{f[key] * 1000:.1f} ms"  # noqa: E731
    return "\n".join([
        f"search bench: {f['plans']:,} plans, {f['councils']:,} councils, {f['items']:,} searchable items "
        f"(loaded in {f['load_s']:.1f} s)",
        f"  index build           {f['build_s']:.2f} s  (CPU {f['build_cpu_s']:.2f} s)",
        f"  query, median         {ms('query_median_s')}  (max {ms('query_max_s')} over {f['queries']} queries; "
        f"{verdict} the {TARGET_MS:.0f} ms target); CPU median {ms('query_cpu_median_s')}, "
        f"max {ms('query_cpu_max_s')}",
        f"  query + filters       {ms('filtered_median_s')} median (max {ms('filtered_max_s')}); CPU median "
        f"{ms('filtered_cpu_median_s')}",
        f"  largest result        {f['most_hits']:,} items for {f['most_hits_query']!r}",
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return run_sizes(
        argv, description=__doc__.splitlines()[0], run=run, report=report, sizes=[1_000], unit="plans per run"
    )


if __name__ == "__main__":
    raise SystemExit(main())
