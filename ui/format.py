"""Display formatting shared by pages: dates, counts, and escaping text that comes from data files."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$])")


def md_escape(text: object) -> str:
    """Escape text from a data file for st.markdown, so it shows as written and never as markup."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def fmt_date(value: object, *, style: str = "day") -> str:
    """'8 Feb 2023' (day) or 'Feb 2023' (month); an en dash for unknown."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value)
    return value.strftime("%-d %b %Y" if style == "day" else "%b %Y")


def captured_of_declared(captured: int, declared: object) -> str:
    """'12 of 15 declared', or just '7' when the source declares no count."""
    if declared is None or pd.isna(declared):
        return f"{captured} (none declared)"
    return f"{captured} of {int(declared)} declared"


KIND_LABELS = {
    "corporate peer challenge": "Corporate peer challenge",
    "revisit": "Revisit",
    "progress review": "Progress review",
}
