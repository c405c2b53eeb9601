"""Large valid plans and long text: the normaliser's writer is PyYAML's pure-Python emitter only for values it
cannot write itself, and the text it writes is byte for byte the emitter's (a 500 KB plan timed out in the
fuzzer; a 288 KB run of one character and a 1.6 MB quoted line stalled in PyYAML's reader). Time bounds are
ratios against a small plan measured in the same test."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml

from loaders.roundtrip import _slow_dump, dump_yaml, normalise_text
from tests.conftest import FIXTURES, PLANS

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
SHIPPED = sorted(PLANS.glob("*.yaml"))
LONGEST = max(SHIPPED, key=lambda path: path.stat().st_size)


def _plan_of(kb: int) -> str:
    """The fixture with the biggest shipped plan's actions repeated to about ``kb`` KB: valid, real text."""
    data = yaml.safe_load(GOOD)
    actions = [{**action, "recommendations": ["1"]} for action in yaml.safe_load(LONGEST.read_text())["actions"]]
    data["actions"] = []
    while len(dump_yaml(data)) < kb * 1024:
        for _ in range(max(1, len(data["actions"]) // 4)):
            index = len(data["actions"])
            data["actions"].append({**actions[index % len(actions)], "id": f"x{index}"})
    return dump_yaml(data)


@pytest.mark.parametrize("path", [*SHIPPED, *sorted(FIXTURES.glob("*.yaml"))], ids=lambda p: Path(p).name)
def test_the_writer_is_byte_identical_to_pyyaml_on_real_plans(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert dump_yaml(data) == _slow_dump(data)


EDGES = {
    "kept breaks": "x\n\n",
    "literal": "line one\nline two",
    "empty list": [],
    "empty map": {},
    "empty text": "",
    "list in list": [[1]],
    "float": 1.5,
    "datetime": dt.datetime(2024, 1, 1, 1, 1),
    "accent": "Café résumé",
    "long word": "a" * 200,
    "long text": "word, " * 60 + "end",
    "long quoted-looking": "'" + "x " * 80,
    "number text": "1",
    "decimal text": "4.1",
    "yes": "yes",
    "null text": "null",
    "date text": "2024-01-01",
    "big int": 10**20,
    "negative": -5,
    "apostrophe": "the council's plan",
    "colon": "a: b",
    "hash": "see #1",
    "bullet": "• first",
    "hex text": "0x1f",
    "nested": [{"x": [{"y": "z", "w": ["v", "1"]}]}],
    "long key " * 10: 1,
    "": 2,
}


@pytest.mark.parametrize("key", list(EDGES), ids=[k[:20] or "empty key" for k in EDGES])
def test_the_writer_is_byte_identical_to_pyyaml_on_awkward_values(key: str) -> None:
    value = EDGES[key]
    for data in ({key: value}, {"pre": 1, key: value, "post": 2}, {"l": [value, {"k": value}], "m": {"k": value}}):
        assert dump_yaml(data) == _slow_dump(data), data
    assert dump_yaml(EDGES) == _slow_dump(EDGES)
    assert dump_yaml({"a": "x\n\n", "z": "end\n\n"}).endswith("...\n")  # PyYAML ends such a document with ...


def _best(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = normalise_text(text, name="testshire-2024.yaml", stem="testshire-2024")
        times.append(time.perf_counter() - started)
        assert not [p for p in result.problems if p.severity == "error"], result.problems[:3]
    return min(times)


def test_a_500_kb_plan_normalises_in_time_proportional_to_its_size() -> None:
    small, large = _plan_of(5), _plan_of(500)
    ratio = _best(large, 1) / _best(small, 5)
    size_ratio = len(large) / len(small)  # about 80
    assert ratio < 3 * size_ratio, (ratio, size_ratio)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("owner", "Q1" * 140_000),  # the fuzzer's 288 KB run in one field
        ("text", '"' + "Run a staff survey " * 84_000 + 'now"'),  # a 1.6 MB quoted line
        ("text", '"' + "Run a staff survey " * 84_000 + '"'),  # its trailing space: PyYAML's emitter writes it
    ],
    ids=["288 KB run", "1.6 MB quoted line", "1.6 MB quoted line, trailing space"],
)
def test_long_text_normalises_in_time_proportional_to_its_size(field: str, value: str) -> None:
    old = {"owner": "owner: Chief Executive & Director of Resources", "text": "text: Run a staff survey"}[field]
    assert old in GOOD
    text = GOOD.replace(old, f"{field}: {value}")
    base = _best(GOOD, 5)
    ratio = _best(text, 1) / base
    size_ratio = len(text) / len(GOOD)
    # linear: a small file's time is mostly fixed cost, so the ratio is under the size ratio (a few times it where
    # PyYAML's own emitter writes the value); the stalls in PyYAML's reader were far beyond
    assert ratio < 3 * size_ratio, (ratio, size_ratio)
