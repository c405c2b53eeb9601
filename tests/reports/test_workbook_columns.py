"""Every column of every sheet is described in the README sheet, in the dashboard's workbook (reports/workbook.py)
and in the command line's export (loaders/export.py): one list, loaders/columns.py."""

from __future__ import annotations

import io

import openpyxl
import pytest

from loaders import load_corpus
from loaders.__main__ import main
from loaders.columns import COLUMN_DESCRIPTIONS, UNDESCRIBED, describe
from loaders.export import EXPORT_FRAMES
from loaders.reference import COUNCIL_REFERENCE_COLUMNS
from reports.workbook import column_rows, workbook_bytes
from tests.conftest import FIXTURES

PLANS = FIXTURES / "averages"  # four small plans: every frame has all its columns, with rows or without


@pytest.fixture(scope="module")
def fixture():
    return load_corpus(PLANS, cache=False)


def _described(book: openpyxl.Workbook, header: tuple[str, str, str]) -> dict[tuple[str, str], str]:
    """(sheet, column) -> description, read from the README's table that starts with ``header``."""
    rows = list(book["README"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if tuple(row[:3]) == header)
    out = {}
    for row in rows[start + 1 :]:
        if not row or row[0] is None:
            break
        out[(str(row[0]), str(row[1]))] = str(row[2])
    return out


def _sheet_columns(book: openpyxl.Workbook) -> dict[tuple[str, str], None]:
    return {
        (sheet.title, str(cell.value)): None
        for sheet in book.worksheets
        if sheet.title != "README"
        for cell in sheet[1]
        if cell.value is not None
    }


def test_the_13_reference_columns_are_described() -> None:
    assert len(COUNCIL_REFERENCE_COLUMNS) == 13
    missing = [c for c in COUNCIL_REFERENCE_COLUMNS if describe(c, "councils") == UNDESCRIBED]
    assert missing == []
    assert "deprived" in describe("imd_quintile") and "2020" in describe("population")


def test_dashboard_workbook_describes_every_column_of_every_sheet(fixture) -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(fixture)))
    described = _described(book, ("sheet", "column", "description"))
    columns = _sheet_columns(book)
    assert set(COUNCIL_REFERENCE_COLUMNS) <= {c for s, c in columns if s == "councils"}
    assert set(columns) <= set(described)
    assert [key for key in columns if described[key] == UNDESCRIBED] == []
    assert all(text.strip() for text in described.values())
    assert (column_rows({"councils": fixture.councils})["description"] != UNDESCRIBED).all()


def test_cli_export_has_a_readme_describing_every_column(tmp_path, fixture) -> None:
    out = tmp_path / "plans.xlsx"
    assert main(["export", str(PLANS), "--to", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["README", *EXPORT_FRAMES]
    described = _described(book, ("sheet", "column", "description"))
    columns = _sheet_columns(book)
    assert len(columns) == sum(len(getattr(fixture, name).columns) for name in EXPORT_FRAMES)
    assert set(columns) == set(described)
    assert [key for key in columns if described[key] == UNDESCRIBED] == []
    # the same word means different things on two sheets, and each sheet says its own
    assert described[("notes", "kind")] != described[("reviews", "kind")] != described[("challenges", "kind")]


def test_a_new_column_is_listed_as_not_described() -> None:
    assert "brand_new_column" not in COLUMN_DESCRIPTIONS
    assert describe("brand_new_column") == UNDESCRIBED
