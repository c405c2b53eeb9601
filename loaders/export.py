"""Spreadsheet export of the frames, for people who never open the dashboard.

Three shapes, chosen by the target's name (``python -m loaders export PATH --to TARGET``):

- ``out.xlsx``: one workbook, one sheet per frame (openpyxl);
- ``out.zip``: one CSV per frame inside a zip (``councils.csv``, ``actions.csv``, ...);
- ``out.csv``: one CSV per frame beside each other (``out-councils.csv``, ``out-actions.csv``, ...), or
  exactly ``out.csv`` when a single frame is asked for (``--frame actions``);
- anything else is a folder: ``<folder>/<frame>.csv``.

List cells become ``"a; b"`` text so a spreadsheet shows them; CSVs are UTF-8 with a byte-order mark, which
Excel needs to show names such as "King's Lynn" and en dashes correctly.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

import pandas as pd

#: Frames exported, in this order (``context`` is left out: it is reference text, not plan data).
EXPORT_FRAMES = ("councils", "challenges", "recommendations", "actions", "steps", "notes", "reviews", "problems")


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts become '; '-joined text so a spreadsheet shows them."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (list, tuple, dict))).any():
            out[column] = out[column].map(
                lambda v: (
                    "; ".join(map(str, v.items() if isinstance(v, dict) else v))
                    if isinstance(v, (list, tuple, dict))
                    else v
                )
            )
    return out


def write_xlsx(frames: dict[str, pd.DataFrame], target: str | Path | BinaryIO) -> None:
    """One sheet per frame (openpyxl); lists flattened to text."""
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, frame in frames.items():
            _flat(frame).to_excel(writer, sheet_name=name[:31], index=False)


def csv_text(frame: pd.DataFrame) -> bytes:
    """One frame as spreadsheet-friendly CSV bytes."""
    return _flat(frame).to_csv(index=False).encode("utf-8-sig")


def write_zip(frames: dict[str, pd.DataFrame], target: str | Path | BinaryIO) -> None:
    """One ``<frame>.csv`` per frame inside a zip archive."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", csv_text(frame))


def export_frames(frames: dict[str, pd.DataFrame], target: str | Path) -> list[Path]:
    """Write ``frames`` in the shape ``target``'s name asks for (see the module docstring); the files written."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(frames, target)
        return [target]
    if suffix == ".zip":
        write_zip(frames, target)
        return [target]
    if suffix == ".csv":
        if len(frames) == 1:
            paths = {target: next(iter(frames.values()))}
        else:
            paths = {target.with_name(f"{target.stem}-{name}.csv"): frame for name, frame in frames.items()}
    else:
        target.mkdir(parents=True, exist_ok=True)
        paths = {target / f"{name}.csv": frame for name, frame in frames.items()}
    for path, frame in paths.items():
        path.write_bytes(csv_text(frame))
    return list(paths)


def zip_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """The zip of CSVs as bytes, for a download button."""
    buffer = io.BytesIO()
    write_zip(frames, buffer)
    return buffer.getvalue()
