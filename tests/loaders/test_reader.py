"""The guarded reader: hostile YAML becomes a clear problem, never code execution or a hang."""

from __future__ import annotations

import pytest

from loaders.problems import PlanError
from loaders.reader import MAX_BYTES, read_yaml

BILLION_LAUGHS = b"""
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""

CASES = [
    ("python tag", b"x: !!python/object/apply:os.system ['echo hi']\n", "only plain YAML"),
    ("billion laughs", BILLION_LAUGHS, "aliases expand"),
    ("binary", b"\x00\x01\x02 not text", "binary"),
    ("latin-1", "name: Caf\u00e9\n".encode("latin-1"), "not valid UTF-8"),
    ("duplicate key", b"id: a\nid: b\n", "duplicate key 'id'"),
    ("oversized", b"#" * (MAX_BYTES + 1), "limit"),
]


@pytest.mark.parametrize(("case", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_with_a_message(case: str, data: bytes, expected: str) -> None:
    """Each hostile input raises PlanError whose message says what is wrong."""
    with pytest.raises(PlanError) as caught:
        read_yaml(data, name="upload.yaml")
    assert expected in str(caught.value)


def test_duplicate_key_names_both_lines() -> None:
    """The duplicate key's own line is reported, and the message points at the first one."""
    with pytest.raises(PlanError) as caught:
        read_yaml(b"council:\n  id: a\n  id: b\n", name="f.yaml")
    problem = caught.value.problems[0]
    assert problem.line == 3
    assert "first at line 2" in problem.message


def test_plain_yaml_loads() -> None:
    """Ordinary YAML, dates included, loads as plain Python values."""
    data = read_yaml(b"a: 2024-03-01\nb: [1, two]\n", name="ok.yaml")
    assert str(data["a"]) == "2024-03-01" and data["b"] == [1, "two"]
