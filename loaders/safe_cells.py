"""The one rule for putting plan text into a spreadsheet cell: never a formula, never a character Excel refuses.

Plan files are third-party input, and every export (the CLI's XLSX and CSVs, the dashboard's workbook and
each *Download CSV* button) ends up opened in Excel or LibreOffice. A cell whose text starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is read there as a formula: ``=HYPERLINK(...)`` becomes a
live link, ``=WEBSERVICE(...)`` a request to any server. OWASP's rule is applied here, once, for everyone:

- **CSV** has no types, so such a cell gets a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheets
  show as text; :func:`csv_cell` / :func:`csv_safe_frame`.
- **XLSX** has types: the cell is stored as a string with Excel's own "quote prefix" style, which is what
  Excel itself records when someone types the apostrophe; the text keeps exactly what the plan says and
  stays text even after the cell is edited; :func:`write_cell`.

Only text is guarded: numbers stay numbers (``-3`` stored as a number is a number, not a formula), so sums
and filters keep working. XLSX also cannot hold most C0 control characters (openpyxl raises
``IllegalCharacterError``) nor more than 32,767 characters in one cell: :func:`xlsx_text` removes the first
and cuts the second, and says whether it changed anything so a caller can tell the user.

Pure (openpyxl and pandas only): loaders/, reports/ and ui/ all import it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Longest text kept in one XLSX cell (Excel's limit is 32,767); longer text is cut with :data:`CUT_NOTE`.
CELL_LIMIT = 32_000
CUT_NOTE = " … (cut: too long for one Excel cell)"


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula.

    >>> is_formula_like("=1+1"), is_formula_like("-3 to 2"), is_formula_like("Chief Executive")
    (True, True, False)
    """
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell: text that would be a formula gets a leading ``'``; anything else is unchanged.

    >>> csv_cell('=HYPERLINK("http://x")'), csv_cell(-3), csv_cell("-3")
    ('\\'=HYPERLINK("http://x")', -3, "'-3")
    """
    return "'" + value if isinstance(value, str) and is_formula_like(value) else value


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every formula-like text cell (and header) prefixed; numbers keep their type.

    Only columns that can hold text are visited (object, string, category), so a national table of numbers
    costs nothing extra.
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if not (
            values.dtype == object
            or isinstance(values.dtype, pd.StringDtype | pd.CategoricalDtype)
            or pd.api.types.is_string_dtype(values.dtype)
        ):
            continue
        cells = values.astype(object)
        flagged = [isinstance(v, str) and is_formula_like(v) for v in cells]
        if any(flagged):
            out[column] = pd.Series(
                ["'" + v if hit else v for v, hit in zip(cells, flagged, strict=True)], index=out.index, dtype=object
            )
    out.columns = [csv_cell(c) for c in out.columns]
    return out


def xlsx_text(text: str) -> tuple[str, bool]:
    """``text`` as an XLSX cell can hold it, and whether it had to change.

    Control characters XLSX refuses (openpyxl's ``ILLEGAL_CHARACTERS_RE``: C0 except tab, newline and
    carriage return) are removed; text over :data:`CELL_LIMIT` characters is cut with a note saying so.

    >>> xlsx_text("bad\\x07bell"), xlsx_text("fine")
    (('badbell', True), ('fine', False))
    """
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(cleaned) > CELL_LIMIT:
        cleaned = cleaned[:CELL_LIMIT] + CUT_NOTE
    return cleaned, cleaned != text


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def xlsx_value(value: Any) -> Any:
    """What a cell stores for a scalar: None for missing, numbers/booleans/dates as themselves, else text.

    Timestamps at midnight become dates (shown without a time); numpy scalars become Python ones.
    """
    if isinstance(value, str):
        return value
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
        if value.tzinfo is None and value == dt.datetime.combine(value.date(), dt.time()):
            return value.date()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # XLSX has no time zones; openpyxl refuses aware datetimes
    if isinstance(value, bool | int | float | dt.datetime | dt.date | dt.time):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def write_cell(cell: Cell, value: Any) -> bool:
    """Store ``value`` in an openpyxl ``cell``, text always as text; True when the text had to change.

    Strings are cleaned by :func:`xlsx_text` and stored with ``data_type "s"`` (openpyxl would otherwise turn
    a leading ``=`` into a formula); formula-like text also gets Excel's quote prefix so it stays text when
    someone edits the cell.
    """
    value = xlsx_value(value)
    if not isinstance(value, str):
        cell.value = value
        return False
    text, changed = xlsx_text(value)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return changed
