"""The vectorised status rule (followup.classify_many) gives exactly what the row-by-row rule
(followup.classify, the original implementation) gives: on the shipped corpus and on awkward cells."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis.followup import STATUS_LABELS, action_status, classify, step_status
from analysis.timelines import due_by_actions, due_dates

TODAY = dt.date(2025, 3, 1)


def _date(value: object) -> dt.date | None:
    from analysis.followup import _date as date_of

    return date_of(value)


def _reference(frame: pd.DataFrame, visit_dates, *, with_status_text: bool) -> pd.DataFrame:
    """The original row loop, kept as the oracle."""
    codes, late = [], []
    for row, visit in zip(frame.itertuples(index=False), visit_dates, strict=True):
        code = classify(
            start=getattr(row, "start", None), end=getattr(row, "end", None), ongoing=getattr(row, "ongoing", False),
            completed=getattr(row, "completed", False),
            status_text=getattr(row, "status", None) if with_status_text else None, visit_date=visit, today=TODAY,
        )  # fmt: skip
        codes.append(code)
        end_d = _date(getattr(row, "end", None))
        late.append((min(visit, TODAY) - end_d).days if code == "overdue" and end_d else pd.NA)
    return frame.assign(
        visit_status=pd.Series(codes, index=frame.index, dtype="object"),
        status_label=pd.Series([STATUS_LABELS[c] for c in codes], index=frame.index, dtype="object"),
        days_overdue=pd.Series(late, index=frame.index, dtype="Int64"),
    )


def _same_status(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    columns = ["visit_status", "status_label", "days_overdue"]
    pd.testing.assert_frame_equal(got[columns], expected[columns])


AWKWARD = pd.DataFrame(
    {
        "action_id": [f"x{i}" for i in range(12)],
        "council_id": ["a", "a", "a", "b", "b", "b", "c", "c", "c", "c", "d", "d"],
        "start": [None, "2024-01-01", pd.NaT, "not a date", dt.date(2026, 1, 1), pd.Timestamp("2024-05-05 13:00"),
                  None, None, np.nan, "2023-02-01", None, dt.datetime(2024, 2, 2, 9)],
        "end": ["2024-03-31", None, pd.Timestamp("2025-02-28 23:59"), None, None, dt.date(2025, 6, 30),
                "2024-12-31", np.nan, None, "2026-04-01", "garbage", pd.NaT],
        "ongoing": [False, None, True, np.nan, "yes", False, 0, 1, True, False, None, False],
        "completed": [False, False, np.nan, None, False, True, False, "", 0, False, False, 1],
        "status": ["Completed.", "in progress", None, np.nan, "Done!", "", "  COMPLETE ", 3, "achieved", None, "x",
                   "Delivered"],
    }
)  # fmt: skip


@pytest.mark.parametrize("visit", [dt.date(2024, 6, 30), dt.date(2025, 12, 31), dt.date(2023, 1, 1)])
def test_awkward_cells_match_the_row_rule(visit: dt.date) -> None:
    for with_text in (True, False):
        frame = AWKWARD if with_text else AWKWARD.drop(columns="status")
        expected = _reference(frame, [visit] * len(frame), with_status_text=with_text)
        _same_status(step_status(frame, visit, TODAY), expected)
        assert len(set(expected["visit_status"])) >= 3  # the awkward cells reach several branches


def test_missing_columns_take_the_row_rule_defaults() -> None:
    frame = AWKWARD[["action_id", "end"]]
    visit = dt.date(2024, 6, 30)
    _same_status(step_status(frame, visit, TODAY), _reference(frame, [visit] * len(frame), with_status_text=False))


@pytest.mark.parametrize("visit", [dt.date(2023, 6, 30), dt.date(2024, 6, 30), dt.date(2026, 1, 1)])
def test_shipped_actions_and_steps_match_the_row_rule(corpus, visit: dt.date) -> None:
    statused = action_status(corpus.actions, visit, TODAY, steps=corpus.steps)
    base = statused.drop(columns=["visit_status", "status_label", "days_overdue"])
    _same_status(statused, _reference(base, [visit] * len(base), with_status_text=True))
    steps = corpus.steps
    _same_status(step_status(steps, visit, TODAY), _reference(steps, [visit] * len(steps), with_status_text=True))


def test_shipped_due_by_each_councils_review_matches_the_row_rule(corpus) -> None:
    out = due_by_actions(corpus.actions, corpus.challenges, corpus.councils, today=TODAY, steps=corpus.steps)
    dates = due_dates(corpus.challenges, list(dict.fromkeys(out["council_id"])), today=TODAY)
    visits = [dates[c][0] for c in out["council_id"]]
    assert len(set(visits)) > 1  # councils really are judged at different dates
    base = out.drop(columns=["visit_status", "status_label", "days_overdue"])
    _same_status(out, _reference(base, visits, with_status_text=True))
    assert (out["visit_status"] == "overdue").sum() > 0
