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
        rows = []
        for r, row in enumerate(sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True), start=1):
            cells = [
                "" if values.get((r, c + 1), v) is None else str(values.get((r, c + 1), v)) for c, v in enumerate(row)
            ]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
        where = [f"sheet {sheet.title!r}, row {i + 1}" for i in range(len(rows))]
        blocks.append(Table(rows, f"sheet {sheet.title!r}", where))
    return Document(blocks, "xlsx")
