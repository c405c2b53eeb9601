"""Spreadsheet export of the frames, for people who never open the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pandas as pd


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts become '; '-joined text so a spreadsheet shows them."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (list, tuple, dict))).any():
            out[column] = out[column].map(
                lambda v: "; ".join(map(str, v.items() if isinstance(v, dict) else v))
                if isinstance(v, (list, tuple, dict)) else v
            )
    return out


def write_xlsx(frames: dict[str, pd.DataFrame], target: str | Path | BinaryIO) -> None:
    """One sheet per frame (openpyxl); lists flattened to text."""
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, frame in frames.items():
            _flat(frame).to_excel(writer, sheet_name=name[:31], index=False)
