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


def counted(n: int, word: str, plural: str | None = None) -> str:
    """'1 council', '2 councils', '1,234 actions', '3 councils' judged by ``n``: the number and its noun agree
    (never "council(s)"). ``plural`` for a noun that does not take an s ("1 body", "2 bodies").

    >>> counted(1, "source"), counted(2, "source"), counted(1234, "action"), counted(2, "body", "bodies")
    ('1 source', '2 sources', '1,234 actions', '2 bodies')
    """
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"
