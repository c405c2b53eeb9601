"""Reading one frame cell as display text: the one rule for missing values (None, NaN, NaT become '')."""

from __future__ import annotations

import pandas as pd


def cell_text(value: object) -> str:
    """Cell text, '' for missing values (NaN/None/NaT); anything else as ``str``, unstripped."""
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):  # list-like cells: not missing
        pass
    return str(value)
