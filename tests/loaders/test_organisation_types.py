"""council.council_type is checked against data: the reference's authority types plus rules/organisation_types.yaml
(loaders/organisation_types.py), not a Python literal."""

from __future__ import annotations

import csv
import shutil

import pytest

from loaders import Source, build_corpus
from loaders.constants import COUNCIL_TYPES
from loaders.models import CouncilType
from loaders.organisation_types import (
    ORGANISATION_TYPES,
    RULES_FILE,
    non_council_types,
    organisation_types,
    reference_types,
)
from loaders.reference import AUTHORITIES_FILE, DEFAULT_REFERENCE_DIR, TYPE_NAMES
from loaders.rules import RuleError
from tests.helpers import FIXTURE_PLAN, fixture_plan_with

GOOD = FIXTURE_PLAN
TYPED = "  council_type: non-metropolitan district"
TYPE_LINE = next(n for n, line in enumerate(GOOD.splitlines(), 1) if line == TYPED)


def _with_type(kind: str) -> str:
    return fixture_plan_with(TYPED, f"  council_type: {kind}")


def _errors(text: str):
    problems = build_corpus([Source("testshire-2024.yaml", text, "testshire-2024")]).problems
    return problems[problems["severity"] == "error"]


def test_the_schema_accepts_every_reference_type_and_the_rule_files() -> None:
    with (DEFAULT_REFERENCE_DIR / AUTHORITIES_FILE).open(encoding="utf-8", newline="") as handle:
        raw = {
            TYPE_NAMES.get(row["local-authority-type"]) or row["local-authority-type-name"].lower()
            for row in csv.DictReader(handle)
        }
    assert "combined authority" in raw and len(raw) == 11
    assert set(reference_types()) == raw
    assert set(CouncilType.__args__) == set(ORGANISATION_TYPES) == raw | set(non_council_types())
    assert ORGANISATION_TYPES[:5] == COUNCIL_TYPES  # the council types lead, as the docs list them
    assert {"fire and rescue authority", "national park authority"} <= set(ORGANISATION_TYPES)


def test_a_type_from_the_reference_validates() -> None:
    kinds = [k for k in reference_types() if k not in COUNCIL_TYPES]
    assert kinds  # the reference has types beyond the five councils'
    for kind in (kinds[0], "combined authority"):
        assert _errors(_with_type(kind)).empty, kind


def test_a_made_up_type_is_reported_with_file_line_and_field() -> None:
    errors = _errors(_with_type("parish meeting"))
    assert len(errors) == 1
    row = errors.iloc[0]
    assert (row["file"], row["line"], row["field"]) == ("testshire-2024.yaml", TYPE_LINE, "council.council_type")
    assert "'parish meeting' is not allowed here" in row["message"] and "'combined authority'" in row["message"]


def test_a_reference_type_is_read_from_the_file_not_code(tmp_path) -> None:
    """A type the reference file adds is accepted: the list is read from the data."""
    folder = tmp_path / "reference"
    shutil.copytree(DEFAULT_REFERENCE_DIR, folder)
    path = folder / AUTHORITIES_FILE
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[0] |= {"local-authority-type": "XYZ", "local-authority-type-name": "Harbour board"}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert "harbour board" in reference_types(folder)
    assert "harbour board" not in ORGANISATION_TYPES
    (folder / AUTHORITIES_FILE).write_bytes(b"\xff\xfe not utf-8")  # unreadable: the five council types stand in
    assert reference_types(folder) == COUNCIL_TYPES


def test_a_broken_rule_file_names_file_line_and_field(tmp_path) -> None:
    bad = tmp_path / "organisation_types.yaml"
    bad.write_text(RULES_FILE.read_text(encoding="utf-8").replace("non_council_types:", "non_council_typs:"))
    with pytest.raises(RuleError) as caught:
        organisation_types(rules=bad)
    fields = {(p.field, p.line) for p in caught.value.problems}
    line = next(n for n, text in enumerate(bad.read_text().splitlines(), 1) if text.startswith("non_council_typs"))
    assert ("non_council_typs", line) in fields
