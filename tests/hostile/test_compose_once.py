"""A large file with problems is composed once (issue 15, fuzz sweep): the alias check, the construction, the
schema errors' lines, the cross-record checks' lines and the normaliser's unknown-field lines all read the tree
:func:`loaders.reader.parse_tree` built. Each step used to compose the text again, so a 2 MB upload with
100,000 unknown keys was composed three or four times and timed out. Time bounds are ratios of CPU time against
a 10 KB file of the same shape measured in the same test."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import yaml

import loaders.reader
from loaders import Source, build_corpus
from loaders.problems import PlanError
from loaders.roundtrip import normalise_text
from loaders.upload import check_upload
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def unknown_keys(kb: int) -> str:
    """The fixture and then unknown top-level keys up to ``kb`` KB: one schema error per key."""
    lines, size, i = [GOOD], len(GOOD), 0
    while size < kb * 1024:
        line = f"unknown_{i}: value\n"
        lines.append(line)
        size, i = size + len(line), i + 1
    return "".join(lines)


def dangling_refs(kb: int) -> str:
    """The fixture with actions pointing at a recommendation that does not exist, up to ``kb`` KB: the schema
    passes, every action is a cross-record error (check_plan's lines)."""
    actions, size, i = [], len(GOOD), 0
    while size < kb * 1024:
        item = f"  - id: z{i}\n    recommendations: ['99']\n    text: Act {i}\n"
        actions.append(item)
        size, i = size + len(item), i + 1
    return GOOD.replace("\nactions:\n", "\nactions:\n" + "".join(actions), 1)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every yaml.compose and yaml.load call (a full pass of the parser) the loaders make, with its text."""
    calls: list[tuple[str, str]] = []
    for kind in ("compose", "load"):
        real = getattr(yaml, kind)

        def counting(stream, Loader=None, _real=real, _kind=kind):
            calls.append((_kind, stream))
            return _real(stream, Loader=Loader or yaml.SafeLoader)

        monkeypatch.setattr(loaders.reader.yaml, kind, counting)
    return calls


def _passes_over(text: str, calls: list[tuple[str, str]]) -> list[str]:
    """The parser passes over ``text`` itself (the normaliser's check of its own output is another text)."""
    return [kind for kind, stream in calls if stream == text]


def _load(text: str) -> None:
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, name="x.yaml", stem="testshire-2024")
    assert len(caught.value.problems) > 50  # real problems, each with its line
    assert all(p.line for p in caught.value.problems[:-1])


def _normalise(text: str) -> None:
    result = normalise_text(text, name="x.yaml", stem="testshire-2024")
    assert len([p for p in result.problems if p.severity == "error"]) > 50


@pytest.mark.parametrize("shape", [unknown_keys, dangling_refs], ids=["unknown_keys", "dangling_refs"])
@pytest.mark.parametrize("fn", [_load, _normalise], ids=["load_plan_text", "normalise_text"])
def test_a_file_with_problems_is_composed_once(
    fn: Callable[[str], None], shape: Callable[[int], str], parses: list[tuple[str, str]]
) -> None:
    text = shape(40)
    fn(text)
    assert _passes_over(text, parses) == ["compose"]


def test_check_upload_parses_the_upload_once(parses: list[tuple[str, str]]) -> None:
    text = unknown_keys(40)
    check = check_upload("x.yaml", text)
    assert len(check.errors) > 50 and check.errors[0].line == GOOD.count("\n") + 1
    assert _passes_over(text, parses) == ["compose"]


def _cpu(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize("shape", [unknown_keys, dangling_refs], ids=["unknown_keys", "dangling_refs"])
@pytest.mark.parametrize("target", ["check_upload", "load_corpus"])
def test_time_per_kb_stays_flat_from_10_kb_to_1_mb(shape: Callable[[int], str], target: str) -> None:
    """A 1 MB file may cost at most 3x per KB what a 10 KB file of the same shape costs (measured: 0.4-2.4x;
    composing once per step was more, and any step quadratic in the problems would be ~100x)."""

    def run(text: str) -> Callable[[], object]:
        if target == "check_upload":
            return lambda: check_upload("x.yaml", text)
        return lambda: build_corpus([Source("x.yaml", text, "testshire-2024")])

    small, large = shape(10), shape(1024)
    per_kb_small = _cpu(run(small), 5) / len(small)
    per_kb_large = _cpu(run(large), 1) / len(large)
    assert per_kb_large < 3 * per_kb_small, (per_kb_large / per_kb_small, len(large) // 1024)
