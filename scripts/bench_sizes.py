"""The command line the size benchmarks share (``bench_overlap``, ``bench_search``): sizes as arguments, one
``--seed``, and one report printed per size as soon as it is measured."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any


def run_sizes(
    argv: list[str] | None,
    *,
    description: str,
    run: Callable[..., Any],
    report: Callable[[Any], str],
    sizes: Sequence[int],
    unit: str,
) -> int:
    """Parse ``sizes`` (``unit``, e.g. "plans per run") and ``--seed``; print ``report(run(n, seed=...))`` per size."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("sizes", nargs="*", type=int, default=list(sizes), help=unit)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for n in args.sizes:
        print(report(run(n, seed=args.seed)), flush=True)
    return 0
