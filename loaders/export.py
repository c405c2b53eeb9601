"""Spreadsheet export of the frames, for people who never open the dashboard.

Three shapes, chosen by the target's name (``python -m loaders export PATH --to TARGET``):

- ``out.xlsx``: one workbook, a README sheet describing every column, then one sheet per frame (openpyxl);
- ``out.zip``: one CSV per frame inside a zip (``councils.csv``, ``actions.csv``, ...);
- ``out.csv``: one CSV per frame beside each other (``out-councils.csv``, ``out-actions.csv``, ...), or
  exactly ``out.csv`` when a single frame is asked for (``--frame actions``);
- a name without a suffix (or an existing folder, or one ending in ``/``) is a folder: ``<folder>/<frame>.csv``;
- any other suffix (``x.yml``, ``x.xls``) is refused with :class:`ExportTargetError` rather than guessed at.

List cells become ``"a; b"`` text so a spreadsheet shows them; CSVs are UTF-8 with a byte-order mark, which
Excel needs to show names such as "King's Lynn" and en dashes correctly. Plan text is third-party input:
every cell goes through :mod:`loaders.safe_cells` (never a formula, no character XLSX refuses).

Every file is built in memory first and then written with :func:`loaders.atomic.write_bytes_atomic`, so a
failure (a bug, a full disk) leaves the previous export exactly as it was.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from loaders.atomic import write_bytes_atomic
from loaders.columns import describe
from loaders.safe_cells import csv_safe_frame, write_cell

#: Frames exported, in this order (``context`` is left out: it is reference text, not plan data).
EXPORT_FRAMES = ("councils", "challenges", "recommendations", "actions", "steps", "notes", "reviews", "problems")

#: Target suffixes ``export_frames`` writes; a target with no suffix is a folder of CSVs.
EXPORT_SUFFIXES = (".xlsx", ".zip", ".csv")


class ExportTargetError(ValueError):
    """The target's name asks for a shape this module does not write, or its folder does not exist."""


@dataclass
class Export:
    """What an export wrote, and how many text cells had to change to fit in XLSX (control characters)."""

    paths: list[Path] = field(default_factory=list)
    cleaned_cells: int = 0


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple | dict)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts become '; '-joined text so a spreadsheet shows them (only object columns hold them)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and any(_is_list(v) for v in out[column]):
            out[column] = out[column].map(
                lambda v: "; ".join(map(str, v.items() if isinstance(v, dict) else v)) if _is_list(v) else v
            )
    return out


#: The first sheet of an XLSX export: what the other sheets and every one of their columns hold.
README_SHEET = "README"


def _readme(book: Workbook, frames: dict[str, pd.DataFrame]) -> None:
    """The README sheet: one row per sheet, then one row per column of every sheet with its description
    (:mod:`loaders.columns`, shared with the dashboard's workbook)."""
    sheet = book.create_sheet(README_SHEET)
    rows: list[tuple[object, ...]] = [
        ("Peer Challenge Explorer: data export (python -m loaders export)",),
        (),
        ("sheet", "rows"),
        *((name, len(frame)) for name, frame in frames.items()),
        (),
        ("sheet", "column", "description"),
        *((name, str(column), describe(column, name)) for name, frame in frames.items() for column in frame.columns),
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            write_cell(sheet.cell(row=r, column=c), value)
    for column, width in zip("ABC", (18, 26, 90), strict=True):
        sheet.column_dimensions[column].width = width


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> tuple[bytes, int]:
    """A README sheet (every column described), then one sheet per frame, text always stored as text; the file
    and the number of text cells changed."""
    book = Workbook()
    book.remove(book.active)
    changed = 0
    if frames:
        _readme(book, frames)
    for name, frame in frames.items():
        sheet = book.create_sheet(name[:31])
        flat = _flat(frame)
        for col, header in enumerate(flat.columns, start=1):
            write_cell(sheet.cell(row=1, column=col), str(header))
        for r, row in enumerate(flat.itertuples(index=False, name=None), start=2):
            for c, value in enumerate(row, start=1):
                changed += write_cell(sheet.cell(row=r, column=c), value)
        if len(flat.columns):
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(flat.columns))}{len(flat) + 1}"
    if not book.worksheets:
        book.create_sheet("empty")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), changed


def write_xlsx(frames: dict[str, pd.DataFrame], target: str | Path | BinaryIO) -> int:
    """One sheet per frame (see :func:`xlsx_bytes`); returns how many text cells had to change."""
    data, changed = xlsx_bytes(frames)
    if isinstance(target, str | Path):
        write_bytes_atomic(target, data)
    else:
        target.write(data)
    return changed


def csv_text(frame: pd.DataFrame) -> bytes:
    """One frame as spreadsheet-friendly CSV bytes (formula-like text prefixed with ``'``)."""
    return csv_safe_frame(_flat(frame)).to_csv(index=False).encode("utf-8-sig")


def write_zip(frames: dict[str, pd.DataFrame], target: str | Path | BinaryIO) -> None:
    """One ``<frame>.csv`` per frame inside a zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", csv_text(frame))
    if isinstance(target, str | Path):
        write_bytes_atomic(target, buffer.getvalue())
    else:
        target.write(buffer.getvalue())


def check_target(target: str | Path) -> str:
    """The shape ``target`` asks for (``"xlsx"``, ``"zip"``, ``"csv"`` or ``"folder"``); raise
    :class:`ExportTargetError` for an unknown suffix or a folder that does not exist, before anything is
    read or written."""
    text = str(target)
    path = Path(target)
    suffix = path.suffix.lower()
    if path.is_dir() or text.endswith(("/", "\\")) or not suffix:
        if not path.is_dir() and not path.parent.is_dir():
            raise ExportTargetError(f"{path.parent}: folder does not exist (only the last folder is created)")
        return "folder"
    if suffix not in EXPORT_SUFFIXES:
        accepted = ", ".join(EXPORT_SUFFIXES)
        raise ExportTargetError(f"{text}: cannot export to '{path.suffix}': use {accepted} or a folder name")
    if not path.parent.is_dir():
        raise ExportTargetError(f"{path.parent}: folder does not exist")
    return suffix[1:]


def write_export(frames: dict[str, pd.DataFrame], target: str | Path) -> Export:
    """Write ``frames`` in the shape ``target``'s name asks for (see the module docstring).

    Every file is built before the first one is written, and each is replaced atomically: an error while
    building leaves every previous file untouched.
    """
    shape = check_target(target)
    target = Path(target)
    if shape == "xlsx":
        data, changed = xlsx_bytes(frames)
        write_bytes_atomic(target, data)
        return Export([target], changed)
    if shape == "zip":
        write_zip(frames, target)
        return Export([target])
    if shape == "csv":
        if len(frames) == 1:
            paths = {target: next(iter(frames.values()))}
        else:
            paths = {target.with_name(f"{target.stem}-{name}.csv"): frame for name, frame in frames.items()}
    else:
        paths = {target / f"{name}.csv": frame for name, frame in frames.items()}
    files = {path: csv_text(frame) for path, frame in paths.items()}
    if shape == "folder":
        target.mkdir(exist_ok=True)
    for path, data in files.items():
        write_bytes_atomic(path, data)
    return Export(list(files))


def export_frames(frames: dict[str, pd.DataFrame], target: str | Path) -> list[Path]:
    """Write ``frames`` in the shape ``target``'s name asks for (see :func:`write_export`); the files written."""
    return write_export(frames, target).paths


def zip_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """The zip of CSVs as bytes, for a download button."""
    buffer = io.BytesIO()
    write_zip(frames, buffer)
    return buffer.getvalue()
