"""Timescale analysis: what a Gantt draws and why, durations, horizons, deadlines, due-by and flagged timescales."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import timelines
from analysis.timelines import (
    DUE_SUMMARY_COLUMNS,
    FLAGGED_COLUMNS,
    GANTT_COLUMNS,
    due_by_actions,
    due_by_long,
    due_by_summary,
    due_by_takeaway,
    duration_takeaway,
    flagged_takeaway,
    flagged_timescales,
    gantt_rows,
    gantt_takeaway,
    horizon_takeaway,
    horizons,
    limit_gantt,
    planned_durations,
)
from loaders.timescales import FLAG_DESCRIPTIONS
from tests.helpers import councils_frame

D = dt.date
TODAY = D(2026, 11, 24)
T = pd.Timestamp

COUNCILS = councils_frame(ashby="Ashby Council", barton="Barton Borough Council")
CHALLENGES = pd.DataFrame(
    {
        "challenge_id": ["ashby-2023", "barton-2022"],
        "council_id": ["ashby", "barton"],
        "year": [2023, 2022],
        "plan_date": pd.to_datetime(["2024-02-01", None]),
        "onsite_start": pd.to_datetime(["2023-10-16", None]),
        "onsite_end": pd.to_datetime(["2023-10-19", None]),
        "onsite_as_written": ["16-19 October 2023", "November 2022"],
    }
)


def _action(cid: str, order: int, raw: str, start=None, end=None, *, ongoing=False, completed=False, flags=(),
            number=None) -> dict:  # fmt: skip
    return {
        "action_id": f"{cid}-a{order}",
        "challenge_id": "ashby-2023" if cid == "ashby" else "barton-2022",
        "council_id": cid,
        "rec_ids": [],
        "number": number,
        "order": order,
        "text": f"Action text {order}",
        "owners": ["Chief Executive"],
        "timescale_raw": raw,
        "start": T(start) if start else pd.NaT,
        "end": T(end) if end else pd.NaT,
        "ongoing": ongoing,
        "completed": completed,
        "timescale_flags": list(flags),
        "timescale_source": "action" if raw else "none",
        "status": None,
    }


ACTIONS = pd.DataFrame(
    [
        _action("ashby", 1, "April-Sept 2024", "2024-04-01", "2024-09-30", number="1.1"),
        _action("ashby", 2, "By December 2024", end="2024-12-31", number="1.2"),
        _action("ashby", 3, "Ongoing", ongoing=True, number="2.1"),
        _action("ashby", 4, "From May 2024", "2024-05-01", ongoing=True, number="2.2"),
        _action("ashby", 5, "Completed", completed=True, number="3.1"),
        _action("ashby", 6, "shortly", flags=["unparsed"], number="3.2"),
        _action("ashby", 7, "", number="3.3"),
        _action("barton", 1, "July 2023 – March 2022", "2023-07-01", "2022-03-31", flags=["end_before_start"]),
        _action("barton", 2, "by April 2023", end="2023-04-30"),
        _action("barton", 3, "Ongoing", ongoing=True),  # no plan date: cannot be placed
    ]
)
ACTIONS["start"] = ACTIONS["start"].astype("datetime64[s]")
ACTIONS["end"] = ACTIONS["end"].astype("datetime64[s]")
STEPS = pd.DataFrame(
    [
        {"step_id": "ashby-a1-a", "action_id": "ashby-a1", "challenge_id": "ashby-2023", "council_id": "ashby",
         "label": "a", "order": 1, "text": "Draft", "timescale_raw": "Spring", "start": pd.NaT, "end": pd.NaT,
         "ongoing": False, "completed": False, "timescale_flags": ["no_year"], "status": None},
    ]
)  # fmt: skip


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return gantt_rows(ACTIONS, CHALLENGES, COUNCILS).set_index("action_id")


class TestGanttRows:
    def test_columns_and_only_placeable_actions(self, rows: pd.DataFrame) -> None:
        assert list(gantt_rows(ACTIONS, CHALLENGES, COUNCILS).columns) == GANTT_COLUMNS
        # unparsed, blank, and barton's ongoing-without-any-date are left out
        assert set(rows.index) == {"ashby-a1", "ashby-a2", "ashby-a3", "ashby-a4", "ashby-a5", "barton-a1",
                                   "barton-a2"}  # fmt: skip

    @pytest.mark.parametrize(
        ("action", "basis", "bar_start", "bar_end", "open_ended"),
        [
            ("ashby-a1", "as written", "2024-04-01", "2024-09-30", False),
            ("ashby-a2", "plan date", "2024-02-01", "2024-12-31", False),  # deadline only: from the plan date
            ("ashby-a3", "ongoing", "2024-02-01", "2024-12-31", True),  # open-ended to the last deadline
            ("ashby-a4", "as written", "2024-05-01", "2024-12-31", True),
            ("ashby-a5", "completed", "2024-02-01", "2024-02-01", False),  # a mark at the plan date
            ("barton-a1", "as written", "2022-03-31", "2023-07-01", False),  # end before start: drawn as a span
            ("barton-a2", "deadline only", "2023-04-30", "2023-04-30", False),  # no plan date: a point
        ],
    )
    def test_what_each_bar_draws(self, rows, action, basis, bar_start, bar_end, open_ended) -> None:
        row = rows.loc[action]
        assert row["start_basis"] == basis
        assert (row["bar_start"], row["bar_end"]) == (T(bar_start), T(bar_end))
        assert row["open_ended"] == open_ended

    def test_dates_as_written_are_kept_beside_what_is_drawn(self, rows) -> None:
        backwards = rows.loc["barton-a1"]
        assert (backwards["start"], backwards["end"]) == (T("2023-07-01"), T("2022-03-31"))
        assert backwards["flagged"] and backwards["flags"] == ["end_before_start"]
        assert pd.isna(backwards["duration_months"])  # no honest length

    def test_durations_and_labels(self, rows) -> None:
        assert rows.loc["ashby-a1", "duration_months"] == pytest.approx(6, abs=0.1)
        assert rows.loc["ashby-a2", "duration_months"] == pytest.approx(11, abs=0.1)
        assert rows[["duration_months"]].loc[["ashby-a3", "ashby-a4", "ashby-a5"]].isna().all().all()
        assert rows.loc["ashby-a1", "label"] == "1.1: Action text 1"
        assert rows.loc["barton-a2", "item"] == "Action 2"  # no number in the plan: its position
        assert rows.loc["barton-a2", "council"] == "Barton Borough Council"

    def test_open_ended_bars_run_at_least_three_months_and_honour_a_horizon(self) -> None:
        late = pd.concat([ACTIONS, pd.DataFrame([_action("ashby", 8, "From Dec 2024", "2024-12-01", ongoing=True)])])
        row = gantt_rows(late, CHALLENGES, COUNCILS).set_index("action_id").loc["ashby-a8"]
        assert row["bar_end"] == T("2025-03-01")  # last deadline (Dec 2024) is too close: 3 months on
        fixed = gantt_rows(ACTIONS, CHALLENGES, COUNCILS, horizon=D(2025, 6, 30)).set_index("action_id")
        assert fixed.loc["ashby-a3", "bar_end"] == T("2025-06-30")

    def test_inputs_are_not_mutated_and_empty_gives_empty(self) -> None:
        before = ACTIONS.copy(deep=True)
        gantt_rows(ACTIONS, CHALLENGES, COUNCILS)
        pd.testing.assert_frame_equal(ACTIONS, before)
        assert gantt_rows(ACTIONS.iloc[0:0], CHALLENGES, COUNCILS).empty

    def test_takeaway(self, rows) -> None:
        line = gantt_takeaway(rows.reset_index(), actions=len(ACTIONS))
        assert line == (
            "7 of 10 actions can be placed on a timeline; 2 are open-ended (ongoing, no end date), 1 is marked "
            "completed"
        )


class TestLimitGantt:
    def test_a_council_shows_all_its_actions(self, rows) -> None:
        shown, hidden = limit_gantt(rows.reset_index(), council_id="barton")
        assert set(shown["council_id"]) == {"barton"} and len(shown) == 2 and hidden == 0

    def test_top_n_keeps_the_longest_and_counts_the_rest(self, rows) -> None:
        frame = rows.reset_index()
        shown, hidden = limit_gantt(frame, top=3)
        assert hidden == 4
        assert set(shown["action_id"]) == {"barton-a1", "ashby-a2", "ashby-a3"}  # 15, 11 and 11 months
        assert list(shown.index) == sorted(shown.index)  # original (council, date) order kept


class TestDurationsHorizons:
    def test_planned_durations_leave_out_what_has_no_length(self, rows) -> None:
        durations = planned_durations(rows.reset_index())
        assert set(durations["action_id"]) == {"ashby-a1", "ashby-a2"}
        assert duration_takeaway(durations) == (
            "Ashby Council's actions are planned to take a median of 8 months (from 6 months to 11 months)"
        )

    def test_horizon_is_plan_date_to_last_deadline(self) -> None:
        h = horizons(ACTIONS, CHALLENGES, COUNCILS)
        assert list(h["challenge_id"]) == ["ashby-2023"]  # barton has no plan date
        row = h.iloc[0]
        assert row["last_deadline"] == T("2024-12-31")
        assert row["horizon_months"] == pytest.approx(11, abs=0.05)
        assert row["last_item"] == "1.2: Action text 2"
        assert (row["deadlines"], row["open_ended"]) == (2, 2)
        assert horizon_takeaway(h) == "Ashby Council gives itself 11 months from plan to last deadline"

    def test_horizon_takeaway_names_longest_and_shortest(self) -> None:
        h = pd.DataFrame({"council": ["A", "B", "C"], "horizon_months": [6.2, 26.1, -2.0]})
        assert horizon_takeaway(h) == (
            "B gives itself the longest horizon: 26 months from plan to last deadline (C the shortest: 2 months before)"
        )


class TestDeadlines:
    def test_deadlines_counted_by_month_and_council(self) -> None:
        d = timelines.deadlines_by_month(ACTIONS, COUNCILS)
        got = {(m.strftime("%Y-%m"), c): n for m, c, n in zip(d["month"], d["council_id"], d["deadlines"], strict=True)}
        assert got == {("2022-03", "barton"): 1, ("2023-04", "barton"): 1, ("2024-09", "ashby"): 1,
                       ("2024-12", "ashby"): 1}  # fmt: skip
        assert d.loc[d["council_id"] == "barton", "items"].tolist() == [["Action 1"], ["Action 2"]]

    def test_takeaway_names_the_busiest_month(self) -> None:
        d = pd.DataFrame({"month": pd.to_datetime(["2024-12-01", "2024-06-01"]), "council": ["A", "B"],
                          "deadlines": [6, 2]})  # fmt: skip
        assert timelines.deadline_takeaway(d) == "The busiest month is December 2024: 6 deadlines, all A's"


class TestDueBy:
    def test_one_chosen_date_for_every_council(self) -> None:
        statused = due_by_actions(ACTIONS, CHALLENGES, COUNCILS, date=D(2024, 10, 1), today=TODAY)
        assert set(statused["basis"]) == {"chosen date"} and set(statused["due_date"]) == {D(2024, 10, 1)}
        summary = due_by_summary(statused).set_index("council_id")
        assert list(due_by_summary(statused).columns) == DUE_SUMMARY_COLUMNS
        # Ashby: 1.1 (Sept 2024) due; 1.2 (Dec 2024) later; 2.1, 2.2 ongoing; 3.1 completed; 3.2, 3.3 no date
        ashby = summary.loc["ashby"]
        assert (ashby["actions"], ashby["due"], ashby["ongoing"], ashby["later"], ashby["no_date"],
                ashby["completed"]) == (7, 1, 2, 1, 2, 1)  # fmt: skip
        # Barton: both deadlines (March 2022 as written, April 2023) before the date
        assert summary.loc["barton", "due"] == 2 and summary.loc["barton", "share_due"] == pytest.approx(2 / 3)
        exclusive = ["due", "ongoing", "later", "no_date", "completed"]  # "due" already includes "overdue"
        assert (summary[exclusive].sum(axis=1) == summary["actions"]).all()

    def test_each_council_at_its_own_progress_review(self) -> None:
        statused = due_by_actions(ACTIONS, CHALLENGES, COUNCILS, today=TODAY)
        dates = statused.groupby("council_id")["due_date"].first().to_dict()
        assert dates == {"ashby": D(2024, 8, 19), "barton": D(2023, 9, 1)}  # 10 months after the visit
        assert set(statused["basis"]) == {"progress review"}
        summary = due_by_summary(statused).set_index("council_id")
        assert summary.loc["ashby", "due"] == 0  # nothing of Ashby's ends by 19 Aug 2024
        assert summary.loc["barton", "due"] == 2

    def test_long_form_and_takeaway(self) -> None:
        statused = due_by_actions(ACTIONS, CHALLENGES, COUNCILS, date=D(2024, 10, 1), today=TODAY)
        long = due_by_long(statused)
        assert long["actions"].sum() == len(ACTIONS)
        assert long[long["council_id"] == "ashby"]["status"].tolist() == ["overdue", "ongoing", "later", "no_date",
                                                                           "completed"]  # fmt: skip
        assert due_by_takeaway(due_by_summary(statused), chosen=D(2024, 10, 1)) == (
            "By 1 Oct 2024, 3 of 10 actions were due; the largest share in Barton Borough Council (2 of 3)"
        )

    def test_one_council_takeaway_names_its_review(self) -> None:
        one = ACTIONS[ACTIONS["council_id"] == "barton"]
        summary = due_by_summary(due_by_actions(one, CHALLENGES, COUNCILS, today=TODAY))
        assert due_by_takeaway(summary) == (
            "By its progress review (1 Sep 2023), Barton Borough Council had 2 of 3 actions due"
        )

    def test_nothing_in_nothing_out(self) -> None:
        statused = due_by_actions(ACTIONS.iloc[0:0], CHALLENGES, COUNCILS, today=TODAY)
        assert statused.empty and due_by_summary(statused).empty and due_by_long(statused).empty


class TestFlagged:
    def test_flagged_actions_and_steps_with_explanations(self) -> None:
        flagged = flagged_timescales(ACTIONS, STEPS, COUNCILS)
        assert list(flagged.columns) == FLAGGED_COLUMNS
        assert flagged["item"].tolist() == ["3.2", "Action 1", "1.1, step a"]
        assert flagged["kind"].tolist() == ["action", "action", "step"]
        assert flagged.iloc[0]["explanation"] == FLAG_DESCRIPTIONS["unparsed"]
        assert flagged.iloc[1]["timescale_raw"] == "July 2023 – March 2022"
        assert flagged_takeaway(flagged) == (
            "3 timescales need a second look: 1 could not be read, 1 ends before it starts"
        )

    def test_shipped_data_lists_burys_known_problems(self, corpus) -> None:
        flagged = flagged_timescales(corpus.actions, corpus.steps, corpus.councils)
        bury = flagged[flagged["council_id"] == "bury"].set_index("timescale_raw")
        assert bury.loc["July 2023 – March 2022", "flags"] == ["end_before_start"]
        assert bury.loc["shortly", "flags"] == ["unparsed"]
        assert pd.isna(bury.loc["shortly", "start"]) and pd.isna(bury.loc["shortly", "end"])
        every = corpus.actions["timescale_flags"].map(bool).sum() + corpus.steps["timescale_flags"].map(bool).sum()
        assert len(flagged) == every


def test_shipped_data_is_drawable(corpus) -> None:
    """Every drawn bar runs forwards, every action with a date is drawn, and Leeds' horizon is its 2023/24."""
    rows = gantt_rows(corpus.actions, corpus.challenges, corpus.councils)
    assert (rows["bar_end"] >= rows["bar_start"]).all()
    dated = corpus.actions[corpus.actions["start"].notna() | corpus.actions["end"].notna()]
    assert set(dated["action_id"]) <= set(rows["action_id"])
    leeds = horizons(corpus.actions, corpus.challenges, corpus.councils).set_index("council_id").loc["leeds"]
    assert leeds["last_deadline"] == T("2024-03-31")
    assert leeds["horizon_months"] == pytest.approx(13.7, abs=0.1)  # 8 Feb 2023 to 31 March 2024


def test_due_by_matches_action_status_council_by_council(corpus) -> None:
    """The one-call-and-reclassify path gives exactly what action_status gives at each council's own date."""
    from analysis.followup import action_status, council_default_visit

    statused = due_by_actions(corpus.actions, corpus.challenges, corpus.councils, today=TODAY)
    for cid, group in corpus.actions.groupby("council_id"):
        visit = council_default_visit(corpus.challenges[corpus.challenges["council_id"] == cid])
        expected = action_status(group, visit.date if visit else TODAY, TODAY)
        got = statused.loc[group.index]
        assert got["visit_status"].tolist() == expected["visit_status"].tolist(), cid
        assert got["days_overdue"].tolist() == expected["days_overdue"].tolist(), cid
        assert set(got["due_date"]) == {visit.date if visit else TODAY}


def test_timescale_left_out_agrees_with_coverage(corpus) -> None:
    from analysis.coverage import councils_left_out
    from analysis.timelines import timescale_left_out

    expected = councils_left_out(corpus.councils, corpus.challenges, corpus.actions, "timescales")
    got = timescale_left_out(corpus.councils, corpus.challenges, corpus.actions)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
    assert "north-west-leicestershire" in set(got["council_id"])
