"""The current view as one Excel workbook: a README sheet, then one sheet per frame.

For people who work in spreadsheets rather than the dashboard: every council, challenge, recommendation,
action and lettered step the filters leave, with the README saying what each column means, which documents
the rows come from, which filters were applied and when the file was made.

Pure (no Streamlit). Written with openpyxl directly rather than ``DataFrame.to_excel`` for three reasons:
plan text is third-party input, and openpyxl would store a cell starting with "=" as a *formula*, so every
text cell goes through :func:`loaders.safe_cells.write_cell` (the one cell rule every export shares: text
stays text, formula-like text gets Excel's quote prefix, characters XLSX refuses are removed); list cells
become readable text (short items "a; b", long ones one per line); and headers, column widths, wrapping,
date formats and filters make the sheets usable on opening.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loaders import Frames
from loaders.columns import COLUMN_DESCRIPTIONS as _COLUMN_DESCRIPTIONS
from loaders.columns import describe
from loaders.safe_cells import write_cell, xlsx_value

#: Sheets after the README, in order, and what one row of each is.
SHEETS: dict[str, str] = {
    "councils": "one council",
    "challenges": "one peer challenge (or revisit / progress review) of a council",
    "recommendations": "one recommendation from a peer challenge report",
    "actions": "one action in a council's response plan (an action may answer several recommendations)",
    "steps": "one lettered step (a., b., …) under an action",
}

#: What each column means (kept in :mod:`loaders.columns`, which the command-line export shares). Columns not
#: listed there are still exported and listed as "(not described yet)"; tests/reports/test_workbook_columns.py
#: fails when any column of any sheet is.
COLUMN_DESCRIPTIONS: dict[str, str] = _COLUMN_DESCRIPTIONS

_LONG_ITEM = 60  # list items longer than this go one per line
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_DATE_FORMAT = "d mmm yyyy"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _scalar_text(value: object) -> str:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return f"{value:%-d %b %Y}"
    if isinstance(value, dt.date):
        return f"{value:%-d %b %Y}"
    return str(value)


def readable(value: object) -> str:
    """A list, dict or list of dicts as text a person can read in one cell.

    >>> readable(["housing", "finance"])
    'housing; finance'
    >>> readable({"Governance": ["board", "scrutiny"]})
    'Governance: board, scrutiny'
    >>> readable([{"title": "Feedback report", "date": dt.date(2023, 2, 8), "meeting": "Cabinet"}])
    'Feedback report, 8 Feb 2023, Cabinet'
    """
    if isinstance(value, Mapping):
        parts = []
        for key, item in value.items():
            if isinstance(item, list | tuple | Mapping):
                text = ", ".join(map(_scalar_text, item)) if isinstance(item, list | tuple) else readable(item)
            else:
                text = "" if _missing(item) else _scalar_text(item)
            if text:
                parts.append(f"{key}: {text}")
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        items = []
        for item in value:
            if isinstance(item, Mapping):
                items.append(", ".join(_scalar_text(v) for v in item.values() if not _missing(v) and v != ""))
            elif isinstance(item, list | tuple):
                items.append(", ".join(map(_scalar_text, item)))
            elif not _missing(item):
                items.append(_scalar_text(item))
        if len(items) > 1 and (any(len(i) > _LONG_ITEM for i in items) or any(isinstance(i, Mapping) for i in value)):
            return "\n".join(f"• {i}" for i in items)
        return "; ".join(items)
    return "" if _missing(value) else _scalar_text(value)


def _cell_value(value: object) -> object:
    """What to store in a cell: lists as readable text, numbers, booleans and dates as themselves, else text
    (cleaned for XLSX by :func:`loaders.safe_cells.write_cell`)."""
    if isinstance(value, list | tuple | Mapping):
        return readable(value)
    return xlsx_value(value)


def _write_table(sheet: Worksheet, frame: pd.DataFrame, *, first_row: int = 1) -> None:
    """A header row and the frame's rows; text cells always stay text (never formulas)."""
    header = Font(bold=True)
    for col, name in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=first_row, column=col)
        write_cell(cell, str(name))
        cell.font, cell.fill = header, _HEADER_FILL
    widths = [len(str(c)) for c in frame.columns]
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=first_row + 1):
        for c, raw in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            write_cell(cell, _cell_value(raw))  # "=SUM(...)" in a plan stays words
            value = cell.value
            if isinstance(value, str):
                if "\n" in value or len(value) > 50:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                longest = max((len(line) for line in value.splitlines()), default=0)
                widths[c - 1] = max(widths[c - 1], min(longest, 80))
            elif isinstance(value, dt.date):
                cell.number_format = _DATE_FORMAT
                widths[c - 1] = max(widths[c - 1], 11)
            else:
                widths[c - 1] = max(widths[c - 1], len(str(value)) if value is not None else 0)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(8, min(width + 2, 82))


def source_rows(challenges: pd.DataFrame) -> pd.DataFrame:
    """One row per source document behind the challenges: council, challenge, title, date, meeting, file."""
    rows = []
    for ch in challenges.sort_values(["council_id", "year"]).itertuples(index=False):
        documents = getattr(ch, "documents", None)
        documents = documents if isinstance(documents, list | tuple) and documents else [None]
        for doc in documents:
            doc = doc if isinstance(doc, Mapping) else {}
            when = doc.get("date")
            if _missing(when):
                when = getattr(ch, "source_date", None)
            rows.append(
                {
                    "council": getattr(ch, "council_name", "") or ch.council_id,
                    "challenge_id": ch.challenge_id,
                    "document": doc.get("title") or getattr(ch, "source_title", "") or "",
                    "date": None if _missing(when) else pd.Timestamp(when).date(),
                    "meeting": doc.get("meeting") or getattr(ch, "source_meeting", "") or "",
                    "file": doc.get("file") or "",
                }
            )
    return pd.DataFrame(rows, columns=["council", "challenge_id", "document", "date", "meeting", "file"])


def column_rows(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every exported column with its description ("(not described yet)" for a new column)."""
    rows = [
        {
            "sheet": sheet,
            "column": str(column),
            "description": describe(column, sheet),
        }
        for sheet, frame in frames.items()
        for column in frame.columns
    ]
    return pd.DataFrame(rows, columns=["sheet", "column", "description"])


def _frames(data: Frames | Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    get = data.get if isinstance(data, Mapping) else lambda name: getattr(data, name, None)
    out = {}
    for name in SHEETS:
        frame = get(name)
        if isinstance(frame, pd.DataFrame):
            out[name] = frame
    return out


def workbook_bytes(
    data: Frames | Mapping[str, pd.DataFrame],
    sources: pd.DataFrame | Iterable[str] | None = None,
    *,
    filters: str | None = None,
    generated: dt.date | dt.datetime | None = None,
    extra: Mapping[str, pd.DataFrame] | None = None,
) -> bytes:
    """The workbook as bytes: README, then councils, challenges, recommendations, actions, steps.

    ``data`` is a filtered :class:`analysis.filters.View`, a :class:`loaders.Corpus` or a mapping of frames.
    ``sources`` lists the documents behind the rows: a challenges frame (its ``documents`` are listed) or
    lines of text; by default the challenges in ``data``. ``filters`` describes the filters applied (by
    default ``data.filters.describe()`` when ``data`` has filters). Frames are read, never changed.
    """
    frames = _frames(data)
    if filters is None:
        chosen = getattr(data, "filters", None)
        filters = chosen.describe() if chosen is not None and chosen.active else "None: every council in the data"
    generated = generated or dt.datetime.now().replace(microsecond=0)
    if sources is None:
        sources = frames.get("challenges", pd.DataFrame(columns=["council_id", "challenge_id", "year"]))
    source_table = (
        source_rows(sources)
        if isinstance(sources, pd.DataFrame)
        else pd.DataFrame({"source": [str(s) for s in sources]})
    )

    book = Workbook()
    readme = book.active
    readme.title = "README"
    _write_readme(readme, frames, source_table, filters=filters, generated=generated)
    for name, frame in (extra or {}).items():  # sheets for people (e.g. the brief's "Status at the visit") first
        sheet = book.create_sheet(name[:31])
        _write_table(sheet, frame)
        sheet.freeze_panes = "A2"
    for name, frame in frames.items():
        sheet = book.create_sheet(name)
        _write_table(sheet, frame)
        sheet.freeze_panes = "A2"
        if len(frame.columns):
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_readme(
    sheet: Worksheet,
    frames: Mapping[str, pd.DataFrame],
    sources: pd.DataFrame,
    *,
    filters: str,
    generated: dt.date | dt.datetime,
) -> None:
    bold, big = Font(bold=True), Font(bold=True, size=14)
    lines: list[tuple[str, Any]] = [
        ("Peer Challenge Explorer: data export", None),
        ("", None),
        ("Generated", generated),
        ("Filters applied", filters),
        (
            "What this is",
            "UK councils' responses to LGA Corporate Peer Challenges, taken from the councils' own "
            "public papers. Text is as written in the sources; normalised columns (dates, owners, "
            "themes) sit beside the raw text, never in place of it.",
        ),
        ("Lists", "Cells holding several values are joined with '; ', or one per line (•) when items are long."),
        (
            "Labels",
            "LGA themes and topics are hand-labelled where the data file gives them, otherwise classified "
            "by keyword rules (see the theme_source / topic_source columns).",
        ),
    ]
    row = 1
    for label, value in lines:
        a = sheet.cell(row=row, column=1, value=label)
        a.font = big if row == 1 else bold
        if value is not None:
            cell = sheet.cell(row=row, column=2)
            write_cell(cell, _cell_value(value))
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
            if isinstance(cell.value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "d mmm yyyy hh:mm"
        row += 1

    def section(title: str, table: pd.DataFrame) -> None:
        nonlocal row
        row += 1
        sheet.cell(row=row, column=1, value=title).font = Font(bold=True, size=12)
        row += 1
        _write_table(sheet, table, first_row=row)
        row += len(table) + 1

    sheets = pd.DataFrame(
        [{"sheet": name, "rows": len(frame), "one row is": SHEETS[name]} for name, frame in frames.items()],
        columns=["sheet", "rows", "one row is"],
    )
    section("Sheets", sheets)
    section("Sources", sources)
    section("Columns", column_rows(frames))
    for column, width in zip("ABCDEF", (24, 30, 60, 14, 20, 40), strict=True):
        sheet.column_dimensions[column].width = width
