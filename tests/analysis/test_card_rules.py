"""One rule for what a challenge's card, its completeness row and the History page say about its action plan and
its follow-ups, checked on a fixture corpus (tests/fixtures/followed) built to hold each case:

* a challenge whose action plan is not in the source but whose one action a progress report gives;
* its revisit, loaded as a plan of its own (History draws it as a challenge, not as a review);
* a challenge with no action plan, no actions and no stated recommendation count.
"""

from __future__ import annotations

import itertools

import pytest

from analysis.history import follow_ups, timeline
from loaders import load_corpus
from loaders.completeness import FULL, PARTIAL, plan_note
from tests.conftest import FIXTURES
from tests.helpers import completeness_row

FOLLOWED = FIXTURES / "followed"


@pytest.fixture(scope="module")
def followed():
    return load_corpus(FOLLOWED, cache=False)


def test_a_plan_level_needs_the_plan_and_the_note_agrees(followed) -> None:
    """Never "partial action plan" beside "the action plan is not in the source": the level and the note read
    the same two facts, and a level naming an action plan only comes with the plan in the source."""
    rows = followed.challenges.set_index("challenge_id")
    assert rows.loc["followshire-2019", "completeness"] == "recommendations only"  # its one action is reported
    assert rows.loc["followshire-2022", "completeness"] == "full action plan"
    assert rows.loc["notedshire-2021", "completeness"] == "recommendations only"
    for ch in followed.challenges.itertuples(index=False):
        note = plan_note(actions=ch.actions_count, action_plan_in_source=ch.action_plan_in_source)
        assert (note is None) == ch.action_plan_in_source
        if note is not None:
            assert ch.completeness not in (FULL, PARTIAL)
    assert plan_note(actions=1, action_plan_in_source=False) == (
        "The action plan is not in the source document; the action shown is as later progress papers report it."
    )


@pytest.mark.parametrize(
    ("declared", "captured", "actions", "without", "in_source"),
    list(itertools.product([None, 0, 3], [0, 3], [0, 1, 6], [0, 1], [True, False])),
)
def test_level_and_note_never_contradict(declared, captured, actions, without, in_source) -> None:
    level = completeness_row(declared, captured, actions, without, in_source)
    note = plan_note(actions=actions, action_plan_in_source=in_source)
    if note is not None:
        assert level not in (FULL, PARTIAL)
        assert ("no actions" in note) == (actions == 0)


def test_review_counts_are_the_reviews_history_draws(followed) -> None:
    """The revisit filed as its own plan is a challenge on History's timeline, so it is a follow-up, not a review;
    the progress report is both drawn and counted. The loader's reviews_count still counts both (it is the
    frame's documented column)."""
    after = follow_ups(followed.challenges, followed.reviews).set_index("challenge_id")
    assert after.loc["followshire-2019", "reviews"] == 1
    assert after.loc["followshire-2019", "followed_by"] == ["followshire-2022"]
    assert followed.challenges.set_index("challenge_id").loc["followshire-2019", "reviews_count"] == 2
    for council_id in followed.challenges["council_id"].unique():
        events = timeline(council_id, followed.challenges, followed.reviews)
        drawn = events[events["event"] == "review"].groupby("challenge_id").size()
        mine = followed.challenges.loc[followed.challenges["council_id"] == council_id, "challenge_id"]
        for challenge_id in mine:
            assert after.loc[challenge_id, "reviews"] == drawn.get(challenge_id, 0)


def test_review_counts_follow_history_on_the_shipped_plans(corpus) -> None:
    """The same rule on whatever plans are loaded: a card's count is History's count for every challenge."""
    after = follow_ups(corpus.challenges, corpus.reviews).set_index("challenge_id")
    for council_id in corpus.challenges["council_id"].unique():
        events = timeline(council_id, corpus.challenges, corpus.reviews)
        drawn = events[events["event"] == "review"].groupby("challenge_id").size()
        for challenge_id in corpus.challenges.loc[corpus.challenges["council_id"] == council_id, "challenge_id"]:
            assert after.loc[challenge_id, "reviews"] == drawn.get(challenge_id, 0)
