"""Benchmark the recommendation overlap engine (analysis/overlap.py) on synthetic corpora.

    .venv/bin/python scripts/bench_overlap.py            # 1,000 and 10,000 recommendations
    .venv/bin/python scripts/bench_overlap.py 500 20000  # any sizes

Or from Python (``make bench`` may call it): ``from scripts.bench_overlap import run; run(10_000)`` returns
the figures as a dict.

The synthetic frame resamples the shipped recommendations: each one splices the start of one real text onto
the end of another (and the same for titles) and takes its topics from the first source, in councils of
about nine recommendations. Realistic vocabulary and topic mix, new texts, so the index does real work.

Figures: index build time; median :func:`similar` time over 200 queries after the build; the one-off
all-pairs pass behind :func:`council_overlap` and :func:`clusters`; peak traced memory per phase
(tracemalloc, which sees numpy and scipy buffers); the largest array the index holds; and the largest array
any scoring call returned during the run, next to the size a dense N x N float64 matrix would need.
These are printed, never asserted: timings belong to a benchmark, not to the test suite.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import overlap  # noqa: E402
from loaders import load_corpus  # noqa: E402  (after the sys.path line, so the script runs from anywhere)
from scripts.bench_sizes import run_sizes  # noqa: E402

QUERIES = 200
RECS_PER_COUNCIL = 9


def _splice(rng: random.Random, a: str, b: str) -> str:
    """The start of one real text and the end of another: realistic words, a new text."""
    wa, wb = a.split(), b.split()
    if len(wa) < 3 or len(wb) < 3:
        return a
    return " ".join(wa[: rng.randint(2, len(wa) - 1)] + wb[rng.randint(1, len(wb) - 2) :])


def synthetic_recommendations(n: int, *, seed: int = 7) -> pd.DataFrame:
    """A recommendations frame of ``n`` rows mixed from the shipped data (which is only read)."""
    rng = random.Random(seed)
    real = load_corpus(ROOT / "data" / "plans").recommendations
    pool = real[["title", "text", "topics"]].to_dict("records")
    rows = []
    for i in range(n):
        a, b = rng.choice(pool), rng.choice(pool)
        council = f"synthetic-{i // RECS_PER_COUNCIL:05d}"
        rows.append({
            "rec_id": f"{council}-2024-r{i % RECS_PER_COUNCIL + 1}",
            "challenge_id": f"{council}-2024",
            "council_id": council,
            "title": _splice(rng, a["title"], b["title"]),
            "text": _splice(rng, a["text"] or a["title"], b["text"] or b["title"]),
            "topics": list(a["topics"]),
            "sub_points": [],
        })  # fmt: skip
    return pd.DataFrame(rows)


def _nbytes(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if sparse.issparse(value):
        return max(value.data.nbytes, getattr(value, "indices", value.data).nbytes)
    return 0


def _largest_held(index: overlap.OverlapIndex) -> tuple[str, int]:
    """The index's largest single array (a sparse matrix counts as its largest buffer)."""
    held = {name: _nbytes(value) for name, value in vars(index).items()}
    if index._neighbours is not None:
        held.update({f"neighbours[{i}]": a.nbytes for i, a in enumerate(index._neighbours)})
    name = max(held, key=held.get)
    return name, held[name]


def _measure(frame: pd.DataFrame, seed: int, *, traced: bool) -> dict[str, Any]:
    """One pass over every phase; with ``traced``, memory peaks (tracemalloc slows numpy down several-fold, so
    timings come from an untraced pass)."""
    figures: dict[str, Any] = {}

    def phase(name: str, fn: Callable[[], Any]) -> Any:
        if traced:
            tracemalloc.reset_peak()
            start_mem = tracemalloc.get_traced_memory()[0]
        start = time.perf_counter()
        result = fn()
        figures[f"{name}_s"] = time.perf_counter() - start
        if traced:
            figures[f"peak_{name}_bytes"] = tracemalloc.get_traced_memory()[1] - start_mem
        return result

    if traced:
        tracemalloc.start()
    try:
        index = phase("build", lambda: overlap.build_index(frame))
        ids = [str(r) for r in random.Random(seed).sample(list(index.rec_ids), min(QUERIES, len(index)))]
        times, peaks = [], []
        for rec_id in ids:
            phase("similar", lambda r=rec_id: index.similar(r, k=5))
            times.append(figures["similar_s"])
            peaks.append(figures.get("peak_similar_bytes", 0))
        if traced:
            figures["peak_similar_bytes"] = max(peaks, default=0)
        phase("all_pairs", index.neighbours)
        matrix = phase("council_overlap", index.council_overlap)
        groups = phase("clusters", lambda: index.clusters(overlap.CLUSTER_THRESHOLD))
        if traced:
            figures["retained_bytes"] = tracemalloc.get_traced_memory()[0]
    finally:
        if traced:
            tracemalloc.stop()
    figures.update(
        similar_median_s=statistics.median(times), similar_max_s=max(times), index=index, matrix_shape=matrix.shape,
        clusters=int(groups["cluster_id"].nunique()) if len(groups) else 0,
    )  # fmt: skip
    return figures


def run(n: int, *, seed: int = 7) -> dict[str, Any]:
    """Benchmark ``n`` synthetic recommendations; returns the figures (times in seconds, sizes in bytes)."""
    frame = synthetic_recommendations(n, seed=seed)
    # nothing to clear: analysis keeps no caches, so every run starts cold
    timed = _measure(frame, seed, traced=False)
    largest_returned = 0
    original_block, original_row = overlap.OverlapIndex.block_scores, overlap.OverlapIndex.row_scores

    def block_scores(self, rows, cols=None):  # record the size of every scoring result
        nonlocal largest_returned
        out = original_block(self, rows, cols)
        largest_returned = max(largest_returned, out.nbytes)
        return out

    def row_scores(self, i):
        nonlocal largest_returned
        out = original_row(self, i)
        largest_returned = max(largest_returned, *(a.nbytes for a in out))
        return out

    overlap.OverlapIndex.block_scores, overlap.OverlapIndex.row_scores = block_scores, row_scores
    try:
        traced = _measure(frame, seed, traced=True)
    finally:
        overlap.OverlapIndex.block_scores, overlap.OverlapIndex.row_scores = original_block, original_row
    index = traced.pop("index")
    timed.pop("index")
    held_name, held_bytes = _largest_held(index)
    return {
        "recommendations": n,
        "councils": len(index.councils),
        "features": index.text.shape[1],
        **{k: v for k, v in timed.items() if k.endswith("_s") and k != "similar_s"},
        "clusters": timed["clusters"],
        **{k: v for k, v in traced.items() if k.endswith("_bytes")},
        "largest_held_array": held_name,
        "largest_held_bytes": held_bytes,
        "largest_scoring_array_bytes": largest_returned,
        "dense_nxn_float64_bytes": n * n * 8,
        "matrix_shape": timed["matrix_shape"],
    }


def _mb(b: int) -> str:
    return f"{b / 1e6:,.1f} MB"


def report(figures: dict[str, Any]) -> str:
    """The figures as a few readable lines."""
    f = figures
    return "\n".join([
        f"overlap bench: {f['recommendations']:,} recommendations, {f['councils']:,} councils, "
        f"{f['features']:,} TF-IDF features",
        f"  index build           {f['build_s']:.2f} s   (peak +{_mb(f['peak_build_bytes'])})",
        f"  similar(), median     {f['similar_median_s'] * 1000:.1f} ms  (max {f['similar_max_s'] * 1000:.1f} ms, "
        f"peak +{_mb(f['peak_similar_bytes'])} each)",
        f"  all-pairs pass (once) {f['all_pairs_s']:.2f} s   (peak +{_mb(f['peak_all_pairs_bytes'])}); "
        f"council_overlap() {f['council_overlap_s'] * 1000:.0f} ms; clusters() {f['clusters_s']:.2f} s, "
        f"{f['clusters']:,} groups (peak +{_mb(f['peak_clusters_bytes'])})",
        f"  traced memory held at the end (frame, index, results) {_mb(f['retained_bytes'])}",
        f"  largest array held    {f['largest_held_array']} {_mb(f['largest_held_bytes'])}; largest scoring "
        f"result {_mb(f['largest_scoring_array_bytes'])}; a dense N x N float64 would be "
        f"{_mb(f['dense_nxn_float64_bytes'])}",
    ])  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return run_sizes(
        argv,
        description=__doc__.splitlines()[0],
        run=run,
        report=report,
        sizes=[1_000, 10_000],
        unit="recommendations per run",
    )


if __name__ == "__main__":
    raise SystemExit(main())
