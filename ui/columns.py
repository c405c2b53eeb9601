"""How the tables behind the charts print their columns, in one place: dates as "3 Mar 2024", counts as whole
numbers, shares as percentages (or as a bar, 0 to 100%), scores to two places, long text wide.

A section's table is headed for people (:func:`sections.common.labelled`), so its column configuration is
keyed by those headings: :func:`by_label` builds it from the formats below, each named once.
"""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

#: How every date in a table reads.
DATE_FORMAT = "D MMM YYYY"


def date_column(label: str) -> Any:
    return st.column_config.DateColumn(label, format=DATE_FORMAT)


def count_column(label: str) -> Any:
    return st.column_config.NumberColumn(label, format="%d")


def number_column(label: str, format: str) -> Any:
    return st.column_config.NumberColumn(label, format=format)


def percent_column(label: str) -> Any:
    return st.column_config.NumberColumn(label, format="percent")


def share_bar(label: str) -> Any:
    """A share from 0 to 1 drawn as a bar with its percentage."""
    return st.column_config.ProgressColumn(label, format="percent", min_value=0, max_value=1)


def score_bar(label: str) -> Any:
    """A similarity score from 0 to 1 drawn as a bar with two decimals."""
    return st.column_config.ProgressColumn(label, format="%.2f", min_value=0, max_value=1)


def text_column(label: str, width: Literal["small", "medium", "large"] = "large") -> Any:
    return st.column_config.TextColumn(label, width=width)


def list_column(label: str) -> Any:
    return st.column_config.ListColumn(label)


def tick_column(label: str) -> Any:
    return st.column_config.CheckboxColumn(label)


def by_label(*columns: Any) -> dict[str, Any]:
    """Column configuration keyed by each column's own heading (what a section's table is headed by)."""
    return {column["label"]: column for column in columns}
