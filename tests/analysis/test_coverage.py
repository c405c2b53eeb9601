"""Sparse councils are counted with a reason, never silently dropped from timescale and owner views."""

import pandas as pd

from analysis.coverage import (
    NO_ACTION_PLAN,
    NO_OWNER_COLUMN,
    NO_OWNERS,
    NO_TIMESCALES,
    councils_left_out,
    left_out_sentence,
)
from tests.helpers import challenges_frame, councils_frame

COUNCILS = councils_frame(a="Aton", b="Bton", c="Cton")
CHALLENGES = challenges_frame(
    {"a": 2020, "b": 2021, "c": 2022}, action_plan_in_source=[True, True, False], has_owner_column=[True, False, True]
)
ACTIONS = pd.DataFrame(
    {
        "council_id": ["a", "b"],
        "start": pd.to_datetime(["2021-01-01", None]),
        "end": pd.to_datetime(["2021-06-30", None]),
        "ongoing": [False, False],
        "owner_families": [["Director"], ["Not stated"]],
    }
)


def test_timescales_leave_out_undated_and_planless_councils():
    out = councils_left_out(COUNCILS, CHALLENGES, ACTIONS, "timescales")
    assert out.set_index("council_id")["reason"].to_dict() == {"b": NO_TIMESCALES, "c": NO_ACTION_PLAN}


def test_owners_distinguish_missing_column_from_unstated_owner():
    out = councils_left_out(COUNCILS, CHALLENGES, ACTIONS, "owners")
    assert out.set_index("council_id")["reason"].to_dict() == {"b": NO_OWNER_COLUMN, "c": NO_ACTION_PLAN}
    with_column = CHALLENGES.assign(has_owner_column=True)
    assert councils_left_out(COUNCILS, with_column, ACTIONS, "owners")["reason"].tolist() == [NO_OWNERS, NO_ACTION_PLAN]


def test_sentence_names_each_council_and_reason():
    out = councils_left_out(COUNCILS, CHALLENGES, ACTIONS, "timescales")
    sentence = left_out_sentence(out, shown=1)
    assert sentence.startswith("Showing 1 council; 2 councils left out:")
    assert "Cton (the source has no action plan)" in sentence
    assert left_out_sentence(out.iloc[0:0], shown=3) is None
