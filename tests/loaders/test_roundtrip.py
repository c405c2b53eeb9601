"""Normalised download: every shipped plan survives the round trip; unknown fields and comments are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.problems import PlanError
from loaders.roundtrip import comment_lines, lost_values, normalise_text, split_unknown
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES, PLANS

SHIPPED = [*sorted(PLANS.glob("*.yaml")), FIXTURES / "testshire-2024.yaml"]
TESTSHIRE = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_plan_round_trips_without_loss(path: Path) -> None:
    """Normalising loses no value, validates to the same plan, and normalising again changes nothing."""
    text = path.read_text(encoding="utf-8")
    original, _ = load_plan_text(text, name=path.name, stem=path.stem)
    result = normalise_text(text, name=path.name, stem=path.stem)
    assert not [p for p in result.problems if p.severity == "error"]
    assert lost_values(yaml.safe_load(text), yaml.safe_load(result.text)) == []
    reloaded, _ = load_plan_text(result.text, name=path.name, stem=path.stem)
    assert reloaded == original
    assert normalise_text(result.text, name=path.name, stem=path.stem).text == result.text


def test_unknown_fields_are_kept_and_reported_with_their_line() -> None:
    """A misspelt key survives into the download and is named with file, line and field."""
    text = TESTSHIRE.replace("    text: Run a staff survey\n", "    text: Run a staff survey\n    ownr: HR team\n")
    text += "extra_block:\n  why: not in the schema\n"
    result = normalise_text(text, name="t.yaml", stem="testshire-2024")
    out = yaml.safe_load(result.text)
    assert out["actions"][0]["ownr"] == "HR team"
    assert out["extra_block"] == {"why": "not in the schema"}
    unknown = {p.field: p.line for p in result.problems if "unknown field" in p.message}
    lines = text.splitlines()
    assert unknown == {
        "actions[0].ownr": lines.index("    ownr: HR team") + 1,
        "extra_block": lines.index("extra_block:") + 1,
    }
    with pytest.raises(PlanError):  # the dashboard itself still refuses it until it is fixed
        load_plan_text(text, name="t.yaml")


def test_comments_are_reported_and_the_opening_block_kept() -> None:
    comment = "    # the HR team asked for this"
    text = TESTSHIRE.replace("    text: Run a staff survey\n", f"{comment}\n    text: Run a staff survey\n")
    result = normalise_text(text, name="t.yaml")
    assert result.text.startswith("# A minimal valid plan used by tests")
    warning = next(p for p in result.problems if "comment line" in p.message)
    assert warning.severity == "warning" and warning.line == text.splitlines().index(comment) + 1


def test_explicit_nulls_and_multiline_text_survive() -> None:
    text = TESTSHIRE.replace("    owner: Chief Executive & Director of Resources\n", "    owner: null\n").replace(
        "    title: Talk and listen to staff\n",
        "    title: Talk and listen to staff\n    text: |\n      First line.\n      Second line: with a colon.\n",
    )
    result = normalise_text(text, name="t.yaml")
    assert "    owner: null\n" in result.text
    # "|" as written: the final newline is part of the text, kept exactly (validation strips it, the file does not)
    assert "text: |\n      First line.\n      Second line: with a colon.\n" in result.text


def test_a_plan_that_does_not_validate_raises_with_its_problems() -> None:
    with pytest.raises(PlanError) as caught:
        normalise_text(TESTSHIRE.replace("year: 2024", "year: [2024]"), name="t.yaml")
    assert [p.field for p in caught.value.problems] == ["challenge.year"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1 # trailing\n", [1]),
        ("# top\na: 1\n", [1]),
        ("a: 'not # a comment'\nb: x#y\n", []),
        ("a: |\n  # inside a block\n  text\n", []),
        ("a: 1\n", []),
    ],
)
def test_comment_lines(text: str, expected: list[int]) -> None:
    assert comment_lines(text) == expected


def test_split_unknown_leaves_wrong_shapes_to_validation() -> None:
    known, unknown = split_unknown({"id": "x-2024", "council": ["not", "a", "mapping"], "actions": "text", "zz": 1})
    assert known == {"id": "x-2024", "council": ["not", "a", "mapping"], "actions": "text"}
    assert unknown == [(("zz",), 1)]
