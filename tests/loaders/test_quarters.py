"""Financial-year quarter labels: April starts Q1, and January–March belong to the year before."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.timescales import financial_quarter, financial_quarters_between


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2024, 4, 1), "2024/25 Q1"),
        (dt.date(2024, 6, 30), "2024/25 Q1"),
        (dt.date(2024, 7, 1), "2024/25 Q2"),
        (dt.date(2024, 12, 31), "2024/25 Q3"),
        (dt.date(2025, 1, 1), "2024/25 Q4"),
        (dt.date(2025, 3, 31), "2024/25 Q4"),
        (dt.date(2009, 5, 5), "2009/10 Q1"),
        (dt.date(2000, 2, 1), "1999/00 Q4"),
    ],
)
def test_financial_quarter(day: dt.date, label: str) -> None:
    assert financial_quarter(day) == label


def test_quarters_between_fills_gaps_and_keeps_order() -> None:
    labels = financial_quarters_between(dt.date(2023, 3, 15), dt.date(2024, 4, 2))
    assert labels == ["2022/23 Q4", "2023/24 Q1", "2023/24 Q2", "2023/24 Q3", "2023/24 Q4", "2024/25 Q1"]
    assert labels == sorted(labels)


def test_quarters_between_reversed_is_empty() -> None:
    assert financial_quarters_between(dt.date(2024, 5, 1), dt.date(2024, 1, 1)) == []
