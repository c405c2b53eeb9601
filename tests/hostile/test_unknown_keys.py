"""Many unknown keys: every problem is located through an index built once (it was a scan of the mapping per
problem: 20k keys took 7.8 s, 100k took minutes), at most MAX_PROBLEMS rows are listed per file and the rest are
summed up in one row. Time bounds are ratios against a small file measured in the same test."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from loaders import Source, build_corpus
from loaders.problems import MAX_PROBLEMS
from loaders.upload import check_upload
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def with_unknown(n: int) -> str:
    return GOOD + "".join(f"unknown_{i}: value\n" for i in range(n))


def _load(text: str) -> list:
    return build_corpus([Source("x.yaml", text, "testshire-2024")]).problems.to_dict("records")


def _check(text: str) -> list:
    return [p.__dict__ for p in check_upload("x.yaml", text).problems]


def _best(fn: Callable[[str], list], text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.mark.parametrize("fn", [_load, _check], ids=["load_corpus", "check_upload"])
def test_problems_are_capped_and_located(fn: Callable[[str], list]) -> None:
    text = with_unknown(5_000)
    rows = fn(text)
    assert len(rows) == MAX_PROBLEMS + 1
    lines = text.splitlines()
    first = lines.index("unknown_0: value") + 1
    assert [r["line"] for r in rows[:3]] == [first, first + 1, first + 2]
    assert rows[MAX_PROBLEMS - 1]["field"] == f"unknown_{MAX_PROBLEMS - 1}"
    assert rows[-1]["message"].startswith("and 4,800 more problem(s) in this file")
    assert rows[-1]["severity"] == "error"


def test_few_problems_are_not_capped() -> None:
    rows = _check(with_unknown(MAX_PROBLEMS))
    assert len(rows) == MAX_PROBLEMS and not any("more problem" in r["message"] for r in rows)


@pytest.mark.parametrize("fn", [_load, _check], ids=["load_corpus", "check_upload"])
def test_many_unknown_keys_take_linear_time(fn: Callable[[str], list]) -> None:
    """20k and 100k unknown keys against 1k: 20x and 100x the input. Linear is ~20 and ~100 (noisy on a shared
    machine); the per-problem scan it replaces was quadratic (~400 and ~10,000)."""
    base = _best(fn, with_unknown(1_000), 3)
    ratio_20k = _best(fn, with_unknown(20_000), 1) / base
    assert ratio_20k < 80, ratio_20k
    ratio_100k = _best(fn, with_unknown(100_000), 1) / base
    assert ratio_100k < 300, ratio_100k
