"""Alias amplification by characters: one long owner string anchored once and reused through ``*v`` in thousands
of actions is a few thousand nodes (under MAX_EXPANDED_NODES) yet tens of megabytes of text for the owner
splitter and the normaliser (a 229 KB file timed out in both). The reader bounds the expanded text too, so the
file is one problem row on the anchor's line, found in time proportional to the file (ratio, not seconds)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import yaml

import loaders.reader
from loaders import Source, build_corpus
from loaders.reader import MAX_EXPANDED_CHARS, MAX_EXPANDED_NODES
from loaders.upload import check_upload
from tests.conftest import FIXTURES, plan_problems

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
OWNER = "owner: Chief Executive & Director of Resources"


def amplified(length: int, copies: int) -> str:
    """The fixture with its owner anchored as a ``length``-character string and ``copies`` more actions citing it."""
    assert OWNER in GOOD
    owner = ("Chief Executive , " * (length // 18 + 1))[:length]
    actions = "".join(f'  - recommendations: ["1"]\n    text: Act {i}\n    owner: *v\n' for i in range(copies))
    return GOOD.replace(OWNER, f'owner: &v "{owner}"') + actions


def anchor_line(text: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if "&v" in line)


def _load(text: str) -> list[dict]:
    problems = plan_problems(build_corpus([Source("testshire-2024.yaml", text, "testshire-2024")]).problems)
    return problems.to_dict("records")


def _check(text: str) -> list[dict]:
    return [p.__dict__ for p in check_upload("testshire-2024.yaml", text, stem="testshire-2024").problems]


HOSTILE = amplified(16_000, 3_900)  # the fuzzer's reproducer: 62 MB of owner text from a 250 KB file


def test_the_reproducer_is_under_every_other_bound() -> None:
    assert len(HOSTILE.encode()) < 300_000
    nodes, chars, line = loaders.reader._expanded_size(yaml.compose(HOSTILE))
    assert nodes < MAX_EXPANDED_NODES  # so only the character bound can catch it
    assert chars > 60_000_000 and line == anchor_line(HOSTILE)


@pytest.mark.parametrize("fn", [_load, _check], ids=["load_corpus", "check_upload"])
def test_amplified_text_is_one_row_on_the_anchor_line(fn: Callable[[str], list[dict]]) -> None:
    (row,) = fn(HOSTILE)
    assert row["severity"] == "error"
    assert row["line"] == anchor_line(HOSTILE)
    assert row["message"].startswith("YAML aliases expand to 62,")
    assert f"the limit is {MAX_EXPANDED_CHARS:,}" in row["message"]


@pytest.mark.parametrize("fn", [_load, _check], ids=["load_corpus", "check_upload"])
def test_just_over_and_under_the_bound(fn: Callable[[str], list[dict]]) -> None:
    length = 10_000
    over = MAX_EXPANDED_CHARS // length + 1
    assert any("aliases expand to" in row["message"] for row in fn(amplified(length, over)))
    assert fn(amplified(200, 20)) == []  # a few short aliases are still a valid plan


@pytest.mark.parametrize("fn", [_load, _check], ids=["load_corpus", "check_upload"])
def test_refusal_does_not_follow_the_expanded_text(fn: Callable[[str], list[dict]], monkeypatch) -> None:
    """The same 3,900 aliases of a 20-character owner, refused at a bound patched down to 50,000 characters, is
    the baseline: the 16,000-character owner must cost about the same (linear in the file), not 800 times more
    (following 62 MB of expanded text)."""
    short = amplified(20, 3_900)

    def best(text: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            assert "aliases expand to" in fn(text)[0]["message"]
            times.append(time.perf_counter() - started)
        return min(times)

    with monkeypatch.context() as patch:
        patch.setattr(loaders.reader, "MAX_EXPANDED_CHARS", 50_000)
        base = best(short)
    ratio = best(HOSTILE) / base
    assert ratio < 4, ratio  # ~1.1 (the file is 7% longer); before the bound: a timeout
