"""UK financial-year quarters ("2024/25 Q1", April to June), for charts of what falls due when.

Labels sort in time order as plain strings; re-exported by :mod:`loaders.timescales`, where the README
names them.
"""

from __future__ import annotations

import datetime as dt

from loaders.timescale_dates import _month_add

# --------------------------------------------------------------------------------------------------
# Financial-year quarters, for charts of what falls due when.


def financial_quarter(day: dt.date) -> str:
    """The UK financial-year quarter a date falls in, labelled as councils write it: "2024/25 Q1".

    Financial years run 1 April to 31 March, so Q1 is April–June and Q4 is January–March of the next
    calendar year. Labels sort in time order as plain strings, which keeps chart axes simple.

    >>> financial_quarter(dt.date(2024, 4, 1)), financial_quarter(dt.date(2025, 3, 31))
    ('2024/25 Q1', '2024/25 Q4')
    >>> financial_quarter(dt.date(1999, 12, 1))
    '1999/00 Q3'
    """
    first_year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{first_year}/{(first_year + 1) % 100:02d} Q{quarter}"


def financial_quarters_between(first: dt.date, last: dt.date) -> list[str]:
    """Every quarter label from ``first``'s to ``last``'s, inclusive and in order, gaps included.

    Charts of load over time need the empty quarters too, or a quiet quarter silently disappears.

    >>> financial_quarters_between(dt.date(2024, 2, 1), dt.date(2024, 7, 1))
    ['2023/24 Q4', '2024/25 Q1', '2024/25 Q2']
    """
    if last < first:
        return []
    labels: list[str] = []
    year, month = first.year, first.month - (first.month - 1) % 3  # first month of the calendar quarter
    while dt.date(year, month, 1) <= last:
        labels.append(financial_quarter(dt.date(year, month, 1)))
        year, month = _month_add(year, month, 3)
    return labels
