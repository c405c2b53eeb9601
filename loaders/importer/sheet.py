"""Spreadsheets (openpyxl for .xlsx, csv for .csv): every sheet is a table; merged cells take their value."""

from __future__ import annotations

import csv
import io

from loaders.importer.document import Document, ImportRefused, Table
from loaders.importer.formats import decode_text
from loaders.importer.word import check_zip

MAX_ROWS = 5000
MAX_COLUMNS = 60


def read_sheet(data: bytes, kind: str) -> Document:
    if kind == "csv":
        rows = [
            row[:MAX_COLUMNS]
            for _, row in zip(range(MAX_ROWS), csv.reader(io.StringIO(decode_text(data))), strict=False)
        ]
        return Document([Table(rows, "sheet 1", [f"row {i + 1}" for i in range(len(rows))])], "csv")
    check_zip(data)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ImportRefused(f"the spreadsheet cannot be read ({type(exc).__name__})") from None
    blocks = []
    for sheet in book.worksheets:
        values = {}
        for rng in sheet.merged_cells.ranges:
            top = sheet.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, min(rng.max_row, MAX_ROWS) + 1):
                for c in range(rng.min_col, min(rng.max_col, MAX_COLUMNS) + 1):
                    values[(r, c)] = top if c == rng.min_col else None
        # only the cells the sheet holds: iter_rows would make a cell object for every position up to the
        # farthest cell, and one cell at row 4,000 made 240,000 of them (openpyxl keeps cells in ``_cells``)
        held = {
            key: cell.value
            for key, cell in sheet._cells.items()
            if key[0] <= MAX_ROWS and key[1] <= MAX_COLUMNS and cell.value is not None
        }
        held.update({key: v for key, v in values.items() if key in held or v is not None})
        last_row = max((r for r, _ in held), default=0)
        width: dict[int, int] = {}
        for r, c in held:
            width[r] = max(width.get(r, 0), c)
        rows = []
        for r in range(1, last_row + 1):
            cells = ["" if held.get((r, c)) is None else str(held[(r, c)]) for c in range(1, width.get(r, 0) + 1)]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
        while rows and not rows[-1]:
            rows.pop()
        where = [f"sheet {sheet.title!r}, row {i + 1}" for i in range(len(rows))]
        blocks.append(Table(rows, f"sheet {sheet.title!r}", where))
    return Document(blocks, "xlsx")
