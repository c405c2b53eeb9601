"""Checking one upload: never raises, names problems, marks excerpts as plain text, names pasted plans."""

from __future__ import annotations

import pytest

from loaders.reader import MAX_BYTES
from loaders.upload import check_upload, excerpt, normalised_bytes, upload_name
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
LAST = len(GOOD.splitlines())


def test_good_upload_is_ok_with_its_normalised_text() -> None:
    check = check_upload("testshire-2024.yaml", GOOD.encode(), stem="testshire-2024")
    assert check.ok and check.problems == [] and check.plan.id == "testshire-2024"
    assert check.normalised.startswith("# A minimal valid plan")


def test_pasted_text_over_the_limit_is_refused_before_parsing() -> None:
    check = check_upload("pasted.yaml", "# " + "é" * (MAX_BYTES // 2))
    assert check.text is None and not check.ok
    assert "the limit is 2,097,152 bytes" in check.errors[0].message


def test_bom_is_dropped_from_pasted_text() -> None:
    assert check_upload("p.yaml", "\ufeff" + GOOD).ok


def test_problem_table_puts_errors_first_with_lines() -> None:
    text = GOOD.replace("year: 2024", "year: soon").replace("id: testshire-2024", "id: other-2024", 1)
    check = check_upload("testshire-2024.yaml", text, stem="testshire-2024")
    table = check.problem_table()
    assert table["severity"].tolist()[0] == "error"
    assert table.loc[0, "field"] == "challenge.year" and table.loc[0, "line"] == 11
    assert check.problem_lines() == [11]


@pytest.mark.parametrize(
    ("line", "expected_first", "expected_marked"),
    [
        (1, "▶ 1 │ # A minimal", "▶ 1 │"),
        (12, "  10 │", "▶ 12 │   plan_date: 2024-03-01"),
        (999, f"  {LAST - 2} │", f"▶ {LAST} │"),
    ],
)
def test_excerpt_marks_the_line_and_clamps(line: int, expected_first: str, expected_marked: str) -> None:
    block = excerpt(GOOD, line)
    assert block.splitlines()[0].startswith(expected_first)
    assert any(row.startswith(expected_marked) for row in block.splitlines())
    assert sum(row.startswith("▶") for row in block.splitlines()) == 1


def test_excerpt_keeps_markup_as_text() -> None:
    assert excerpt("a: <script>alert(1)</script>\n", 1) == "▶ 1 │ a: <script>alert(1)</script>"


@pytest.mark.parametrize(
    ("file_name", "plan_id", "expected"),
    [("dir/x.yaml", None, "x.yaml"), (None, "testshire-2024", "testshire-2024.yaml"), (None, None, "pasted.yaml")],
)
def test_upload_name(file_name: str | None, plan_id: str | None, expected: str) -> None:
    assert upload_name(file_name, plan_id) == expected


def test_normalised_bytes_falls_back_to_the_text_as_given() -> None:
    assert normalised_bytes("x.yaml", "id: [") == b"id: ["
    assert normalised_bytes("x.yaml", GOOD).startswith(b"# A minimal valid plan")
