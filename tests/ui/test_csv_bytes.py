"""CSV downloads: list cells read "a; b", everything else is written as is."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ui.components import csv_bytes


def test_list_cells_are_joined_and_other_columns_kept() -> None:
    table = pd.DataFrame(
        {
            "owners": [None, ["Leader", "Chief Executive"], []],
            "flags": [("vague",), None, ("a", "b")],
            "name": ["A, B", "C", None],
            "day": [dt.date(2024, 4, 1), None, dt.date(2025, 1, 2)],
            "n": [1, 2, 3],
        }
    )
    lines = csv_bytes(table).decode("utf-8").splitlines()
    assert lines == [
        "owners,flags,name,day,n",
        ',vague,"A, B",2024-04-01,1',
        "Leader; Chief Executive,,C,,2",
        ",a; b,,2025-01-02,3",
    ]
    assert table["owners"].iloc[1] == ["Leader", "Chief Executive"]  # the caller's frame is untouched
