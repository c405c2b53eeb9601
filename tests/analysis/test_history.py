"""A council's challenges over time: the timeline's events and dates, which challenge came before, and the
pairing of a later challenge's recommendations with the earlier ones (read against Bury's two reports)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.history import (
    GONE_COLUMNS,
    PAIR_COLUMNS,
    RECURRED_AT,
    RELATED_AT,
    SEEN_COLUMNS,
    TIMELINE_COLUMNS,
    councils_with_history,
    default_earlier,
    earlier_challenges,
    event_date,
    lanes,
    later_challenges,
    recurrence,
    recurrence_takeaway,
    seen_before,
    short_label,
    timeline,
    verdict,
)


@pytest.fixture(scope="module")
def bury(corpus):
    return recurrence(corpus, "bury-2021")


#: Bury 2021 recommendation -> the 2018 recommendation it follows up, read from data/plans/bury-2018.yaml and
#: bury-2021.yaml: what a reader putting the two lists side by side would pair.
BURY_PAIRS = {
    "bury-2021-r4.1": "bury-2018-r1",  # prioritise the corporate priorities again <- a Corporate Plan of priorities
    "bury-2021-r4.2": "bury-2018-r9",  # an organisational development strategy <- review organisational development
    "bury-2021-r4.4": "bury-2018-r5",  # keep improving performance management <- a performance management framework
    "bury-2021-r4.5": "bury-2018-r2",  # restructure the finance function <- strengthen financial management
    "bury-2021-r4.7": "bury-2018-r8",  # co-design the community engagement strategy <- refresh community engagement
}


class TestEventDate:
    @pytest.mark.parametrize(
        ("exact", "written", "year", "expected"),
        [
            (pd.Timestamp("2024-06-26"), "26-28 June 2024", 2024, (dt.date(2024, 6, 26), True)),
            (None, "November 2018", 2018, (dt.date(2018, 11, 15), False)),
            (None, "summer 2021", 2021, (dt.date(2021, 7, 16), False)),
            (None, "24/11/2022", None, (dt.date(2022, 11, 24), True)),
            (None, "", 2019, (dt.date(2019, 7, 1), False)),
            (None, "not stated", None, (None, False)),
        ],
    )
    def test_dates(self, exact, written, year, expected) -> None:
        assert event_date(exact, written, year=year) == expected


class TestTimeline:
    def test_bury(self, corpus) -> None:
        events = timeline("bury", corpus.challenges, corpus.reviews)
        assert list(events.columns) == TIMELINE_COLUMNS
        assert events["event_id"].tolist() == ["bury-2018", "bury-2021", "bury-2021-plan"]
        assert events["lane"].tolist() == ["Peer challenge", "Revisit", "Action plan"]
        assert events["recommendations"].tolist()[:2] == [10, 7]
        assert events.loc[2, "date"] == pd.Timestamp("2021-10-13") and events.loc[2, "date_exact"]
        assert not events.loc[1, "date_exact"]  # "summer 2021"
        assert events.loc[1, "follows"] == "bury-2018"

    def test_a_revisit_loaded_as_a_plan_is_not_drawn_twice(self, corpus) -> None:
        """reviews has a row on bury-2018 pointing at bury-2021; the timeline shows the revisit once."""
        events = timeline("bury", corpus.challenges, corpus.reviews)
        assert (events["event_id"].str.contains("bury-2021")).sum() == 2  # the revisit and its action plan

    def test_reviews_become_events(self, corpus) -> None:
        events = timeline("new-forest", corpus.challenges, corpus.reviews)
        reviews = corpus.reviews[corpus.reviews["council_id"] == "new-forest"]
        assert (events["event"] == "review").sum() == len(reviews)
        assert set(events.loc[events["planned"], "event_id"]) == set(reviews.loc[reviews["planned"], "review_id"])
        assert events["date"].is_monotonic_increasing

    def test_without_reviews(self, corpus) -> None:
        with_none = timeline("st-helens", corpus.challenges, None)
        assert set(with_none["event"]) == {"challenge"}
        empty = timeline("st-helens", corpus.challenges, pd.DataFrame())
        assert len(empty) == len(with_none) == 2

    def test_unknown_council_is_empty(self, corpus) -> None:
        events = timeline("nowhere", corpus.challenges, corpus.reviews)
        assert events.empty and list(events.columns) == TIMELINE_COLUMNS

    def test_lanes_keep_their_order(self) -> None:
        events = pd.DataFrame({"lane": ["Action plan", "Odd kind", "Revisit", "Peer challenge"]})
        assert lanes(events) == ["Peer challenge", "Revisit", "Action plan", "Odd kind"]


class TestWhichChallengeCameBefore:
    def test_councils_with_history(self, corpus) -> None:
        found = councils_with_history(corpus.challenges)
        counts = corpus.challenges.groupby("council_id").size()
        assert found == sorted(counts[counts > 1].index)
        assert {"bury", "havering", "new-forest", "st-helens"} <= set(found)

    def test_earlier_challenges_latest_first_followed_one_leading(self, corpus) -> None:
        assert earlier_challenges(corpus.challenges, "havering-2022") == ["havering-2019", "havering-2012"]
        assert earlier_challenges(corpus.challenges, "bury-2021") == ["bury-2018"]
        assert earlier_challenges(corpus.challenges, "bury-2018") == []
        assert later_challenges(corpus.challenges, "havering") == ["havering-2022", "havering-2019"]

    def test_default_skips_a_challenge_with_no_recommendations(self, corpus) -> None:
        """Havering 2022 follows 2019, whose report lists no recommendations: compare with 2012."""
        assert default_earlier(corpus.challenges, "havering-2022") == "havering-2012"
        assert default_earlier(corpus.challenges, "bury-2021") == "bury-2018"
        assert default_earlier(corpus.challenges, "bury-2018") is None

    def test_unknown_challenge(self, corpus) -> None:
        with pytest.raises(KeyError):
            earlier_challenges(corpus.challenges, "nowhere-2020")

    def test_short_label(self) -> None:
        assert short_label({"kind": "corporate peer challenge", "year": 2018}) == "2018 peer challenge"
        assert short_label({"kind": "revisit", "year": 2021}) == "2021 revisit"


class TestRecurrence:
    def test_frames(self, bury) -> None:
        assert list(bury.pairs.columns) == PAIR_COLUMNS
        assert list(bury.disappeared.columns) == GONE_COLUMNS
        assert bury.earlier_challenge_id == "bury-2018"
        assert len(bury.pairs) == 7  # every 2021 recommendation, in the plan's order
        assert bury.pairs["rec_id"].tolist()[0] == "bury-2021-r4.1"

    @pytest.mark.parametrize(("later", "earlier"), list(BURY_PAIRS.items()))
    def test_bury_2021_pairs_with_the_2018_recommendation_it_follows_up(self, bury, later, earlier) -> None:
        row = bury.pairs.set_index("rec_id").loc[later]
        assert row["earlier_rec_id"] == earlier
        assert row["verdict"] in {"recurred", "related"}

    def test_the_clearest_repeats_are_called_recurred(self, bury) -> None:
        verdicts = bury.pairs.set_index("rec_id")["verdict"]
        for rec_id in ("bury-2021-r4.1", "bury-2021-r4.2", "bury-2021-r4.4", "bury-2021-r4.7"):
            assert verdicts[rec_id] == "recurred", rec_id
        performance = bury.pairs.set_index("rec_id").loc["bury-2021-r4.4"]
        assert performance["score"] >= 0.65
        assert "performance management" in performance["why"]

    def test_what_disappeared(self, bury) -> None:
        """The corporate core (done), ICT investment and the commercialisation strategy did not come back."""
        gone = set(bury.disappeared["rec_id"])
        assert {"bury-2018-r4", "bury-2018-r6", "bury-2018-r7"} <= gone
        assert not gone & set(BURY_PAIRS.values())
        assert (bury.disappeared["best_score"] < RELATED_AT).all()

    def test_scores_stay_within_the_council(self, corpus, bury) -> None:
        assert bury.pairs["earlier_rec_id"].str.startswith("bury-2018-").all()
        assert bury.pairs["score"].between(0, 1).all()
        assert (bury.pairs["verdict"] == bury.pairs["score"].map(verdict)).all()

    def test_counts_and_takeaway(self, bury) -> None:
        counts = bury.counts()
        assert sum(counts[v] for v in ("recurred", "related", "new")) == 7
        assert counts["disappeared"] == len(bury.disappeared)
        line = recurrence_takeaway(bury, later_label="2021", earlier_label="2018")
        assert line.startswith(f"{counts['recurred']} of the 7 recommendations in 2021 repeat")
        assert f"{counts['disappeared']} from 2018 did not come back" in line

    def test_an_earlier_challenge_with_no_recommendations(self, corpus) -> None:
        result = recurrence(corpus, "havering-2022", "havering-2019")
        assert (result.pairs["verdict"] == "new").all() and len(result.pairs) == 5
        assert result.pairs["earlier_rec_id"].isna().all()
        assert result.disappeared.empty

    def test_a_later_challenge_with_no_recommendations(self, corpus) -> None:
        result = recurrence(corpus, "st-helens-2025")
        assert result.pairs.empty and result.disappeared.empty
        assert "nothing can be compared" in recurrence_takeaway(result, later_label="2025", earlier_label="2019")

    def test_refuses_what_cannot_be_compared(self, corpus) -> None:
        with pytest.raises(ValueError, match="no earlier challenge"):
            recurrence(corpus, "bury-2018")
        with pytest.raises(ValueError, match="not an earlier challenge"):
            recurrence(corpus, "bury-2021", "leeds-2022")
        with pytest.raises(KeyError):
            recurrence(corpus, "bury-2021", "nowhere-2001")
        with pytest.raises(KeyError):
            recurrence(corpus, "nowhere-2001")


class TestSeenBefore:
    def test_bury(self, corpus, bury) -> None:
        seen = seen_before(corpus, "bury")
        assert list(seen.columns) == SEEN_COLUMNS
        recurred = bury.pairs[bury.pairs["verdict"] == "recurred"]
        assert sorted(seen["rec_id"]) == sorted(recurred["rec_id"])
        assert (seen["score"] >= RECURRED_AT).all()
        assert set(seen["earlier_challenge_id"]) == {"bury-2018"}

    def test_only_later_challenges_of_the_same_council(self, corpus) -> None:
        seen = seen_before(corpus)
        recs = corpus.recommendations.set_index("rec_id")
        for row in seen.itertuples():
            assert recs.loc[row.rec_id, "council_id"] == recs.loc[row.earlier_rec_id, "council_id"]
            assert recs.loc[row.rec_id, "challenge_id"] != row.earlier_challenge_id

    def test_a_council_with_one_challenge_has_none(self, corpus) -> None:
        assert seen_before(corpus, "leeds").empty
