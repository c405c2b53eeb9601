"""Owner load: actions versus owner mentions, missing owners, family × theme and quarters, on small frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.owner_load import (
    IN_TEXT,
    STATED,
    family_load,
    family_takeaway,
    family_theme_matrix,
    family_theme_takeaway,
    has_stated_owner,
    named_owner_load,
    named_owner_takeaway,
    no_owner_share,
    no_owner_takeaway,
    owner_rows,
    quarter_load,
    quarter_takeaway,
    undated_actions,
)
from loaders.owners import role_family
from tests.helpers import challenges_frame, councils_frame

COUNCILS = councils_frame(ashby="Ashby", barton="Barton", corby="Corby")
CHALLENGES = challenges_frame({"ashby": 2023, "barton": 2023, "corby": 2023}, has_owner_column=[True, False, True])


def _action(action_id: str, council: str, owners: list[str], *, end: str | None = None, recs=(), mentioned=()):
    return {
        "action_id": action_id,
        "council_id": council,
        "challenge_id": f"{council}-2023",
        "owners": owners,
        "owner_families": [role_family(o) for o in owners] or ["No owner"],
        "owners_mentioned": list(mentioned),
        "end": pd.Timestamp(end) if end else pd.NaT,
        "rec_ids": list(recs),
    }


ACTIONS = pd.DataFrame(
    [
        # Ashby: one action with two directors and the chief executive, one with the S151 officer, one blank cell
        _action(
            "a1", "ashby", ["Director of Resources", "Director of Place", "Chief Executive"], end="2024-05-31",
            recs=["ashby-r1", "ashby-r2"],
        ),
        _action("a2", "ashby", ["Chief Finance Officer (Section 151)"], end="2024-12-31", recs=["ashby-r2"]),
        _action("a3", "ashby", [], end="2025-01-15", recs=["ashby-r1"], mentioned=["Cabinet"]),
        _action("a4", "ashby", ["Director of Resources"], recs=["ashby-r1"]),
        # Barton: no owner column; the text names the SLT once
        _action("b1", "barton", ["not stated"], end="2024-06-30", mentioned=["Senior Leadership Team"], recs=["b-r1"]),
        _action("b2", "barton", ["not stated"], end="2024-07-31", recs=["b-r1"]),
        # Corby: every action owned
        _action("c1", "corby", ["Leader"], end="2024-04-01", recs=["c-r1"]),
    ]
)  # fmt: skip

RECS = pd.DataFrame(
    {
        "rec_id": ["ashby-r1", "ashby-r2", "b-r1", "c-r1"],
        "lga_theme": [
            "Governance and culture",
            "Financial planning and management",
            "Capacity for improvement",
            "Governance and culture",
        ],
    }
)


def test_has_stated_owner() -> None:
    assert has_stated_owner(ACTIONS).tolist() == [True, True, False, True, False, False, True]


class TestFamilyLoad:
    def test_actions_and_mentions_differ_when_an_action_names_two_of_a_family(self) -> None:
        load = family_load(ACTIONS, COUNCILS).set_index(["council_id", "family"])
        assert load.loc[("ashby", "Director"), "actions"] == 2  # a1 and a4
        assert load.loc[("ashby", "Director"), "mentions"] == 3  # a1 names two directors
        assert load.loc[("ashby", "Chief executive"), "actions"] == 1
        assert load.loc[("ashby", "Finance"), "actions"] == 1

    def test_share_is_of_the_councils_owned_actions(self) -> None:
        load = family_load(ACTIONS, COUNCILS).set_index(["council_id", "family"])
        assert load.loc[("ashby", "Director"), "owned_actions"] == 3  # a3 has no owner
        assert load.loc[("ashby", "Director"), "share"] == pytest.approx(2 / 3)
        assert load.loc[("corby", "Political"), "share"] == 1.0

    def test_councils_without_owners_and_missing_families_are_absent(self) -> None:
        load = family_load(ACTIONS, COUNCILS)
        assert "barton" not in set(load["council_id"])
        assert not {"Not stated", "No owner"} & set(load["family"])

    def test_families_in_display_order(self) -> None:
        families = list(dict.fromkeys(family_load(ACTIONS, COUNCILS)["family"]))
        assert families == ["Chief executive", "Director", "Finance", "Political"]

    def test_empty(self) -> None:
        assert family_load(ACTIONS.iloc[0:0], COUNCILS).empty
        assert family_load(ACTIONS[ACTIONS["council_id"] == "barton"], COUNCILS).empty


class TestNamedOwners:
    def test_busiest_first_with_share_of_all_the_councils_actions(self) -> None:
        named = named_owner_load(ACTIONS, "ashby")
        assert named["owner"].tolist()[0] == "Director of Resources"
        top = named.iloc[0]
        assert (top["actions"], top["total"], top["council_actions"]) == (2, 2, 4)
        assert top["share"] == 0.5
        assert set(named["owner"]) == {
            "Director of Resources", "Director of Place", "Chief Executive", "Chief Finance Officer (Section 151)"
        }  # fmt: skip

    def test_text_mentions_only_when_asked_and_kept_apart(self) -> None:
        assert named_owner_load(ACTIONS, "barton").empty
        named = named_owner_load(ACTIONS, "barton", include_text_mentions=True)
        assert named[["owner", "actions", "named_in_text", "total"]].values.tolist() == [
            ["Senior Leadership Team", 0, 1, 1]
        ]

    def test_a_stated_owner_is_not_counted_again_as_a_mention(self) -> None:
        frame = ACTIONS.copy()
        frame.at[3, "owners_mentioned"] = ["Director of Resources"]
        rows = owner_rows(frame[frame["action_id"] == "a4"], include_text_mentions=True)
        assert rows[["owner", "source"]].values.tolist() == [["Director of Resources", STATED]]
        assert IN_TEXT != STATED

    def test_takeaway(self) -> None:
        line = named_owner_takeaway(named_owner_load(ACTIONS, "ashby"), council="Ashby")
        assert line == "Director of Resources is named on 2 of Ashby’s 4 actions"


class TestNoOwner:
    def test_shares_and_reasons(self) -> None:
        table = no_owner_share(ACTIONS, COUNCILS, CHALLENGES).set_index("council_id")
        assert table.loc["barton", ["actions", "no_owner", "share_no_owner"]].tolist() == [2, 2, 1.0]
        assert table.loc["ashby", ["actions", "with_owner", "no_owner"]].tolist() == [4, 3, 1]
        assert table.loc["ashby", "share_no_owner"] == 0.25
        assert table.loc["corby", "share_no_owner"] == 0.0
        assert table.loc["barton", "no_owner_column"] and not table.loc["ashby", "no_owner_column"]
        assert table.loc["barton", "named_in_text"] == 1 and table.loc["ashby", "named_in_text"] == 1

    def test_most_unowned_first(self) -> None:
        assert no_owner_share(ACTIONS, COUNCILS, CHALLENGES)["council"].tolist() == ["Barton", "Ashby", "Corby"]

    @pytest.mark.parametrize(
        ("councils", "expected"),
        [
            (["barton", "ashby", "corby"], "Barton states no owner for any of its 2 actions; Corby names an owner "
             "for every action"),
            (["ashby"], "Ashby states no owner for 1 of its 4 actions (25%)"),
            (["corby"], "Corby names an owner for every action"),
        ],
    )  # fmt: skip
    def test_takeaway(self, councils: list[str], expected: str) -> None:
        rows = ACTIONS[ACTIONS["council_id"].isin(councils)]
        assert no_owner_takeaway(no_owner_share(rows, COUNCILS, CHALLENGES)) == expected


class TestFamilyTheme:
    def test_actions_follow_their_recommendations_themes(self) -> None:
        matrix = family_theme_matrix(ACTIONS, RECS).set_index(["family", "lga_theme"])["actions"]
        # a1 answers r1 (governance) and r2 (finance): both cells; a4 answers r1 only
        assert matrix[("Director", "Governance and culture")] == 2
        assert matrix[("Director", "Financial planning and management")] == 1
        assert matrix[("Finance", "Financial planning and management")] == 1
        assert matrix[("Political", "Governance and culture")] == 1
        assert "Capacity for improvement" not in set(matrix.index.get_level_values(1))  # Barton has no owners

    def test_only_the_recommendations_given_are_followed(self) -> None:
        matrix = family_theme_matrix(ACTIONS, RECS[RECS["rec_id"] != "ashby-r2"])
        assert "Financial planning and management" not in set(matrix["lga_theme"])

    def test_takeaway(self) -> None:
        line = family_theme_takeaway(family_theme_matrix(ACTIONS, RECS))
        assert line.startswith("Director is named on 2 actions answering Governance and culture")


class TestQuarterLoad:
    def test_family_quarters_fill_gaps(self) -> None:
        load = quarter_load(ACTIONS)
        quarters = list(dict.fromkeys(load["quarter"]))
        assert quarters == ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"]  # a3 (Jan 2025) has no owner
        cells = load.set_index(["quarter", "owner"])["actions"]
        assert cells[("2024/25 Q1", "Director")] == 1
        assert cells[("2024/25 Q1", "Political")] == 1  # Corby, 1 April 2024
        assert cells[("2024/25 Q3", "Finance")] == 1
        assert cells[("2024/25 Q2", "Director")] == 0  # a quiet quarter is drawn as zero
        q1 = load[load["quarter"] == "2024/25 Q1"]
        assert q1["quarter_actions"].iloc[0] == 2  # a1 and c1, though a1 is in three families' stacks
        assert q1["actions"].sum() == 3  # chief executive, director (once, though two are named), political

    def test_named_owners_for_one_council(self) -> None:
        load = quarter_load(ACTIONS[ACTIONS["council_id"] == "ashby"], by="owner")
        owners = list(dict.fromkeys(load["owner"]))
        assert owners[0] == "Chief Executive"  # grouped by family, chief executive first
        cells = load.set_index(["quarter", "owner"])["actions"]
        assert cells[("2024/25 Q1", "Director of Place")] == 1
        assert cells[("2024/25 Q3", "Chief Finance Officer (Section 151)")] == 1

    def test_mentions_only_for_owners(self) -> None:
        barton = ACTIONS[ACTIONS["council_id"] == "barton"]
        assert quarter_load(barton).empty
        load = quarter_load(barton, by="owner", include_text_mentions=True)
        assert load[load["actions"] > 0][["quarter", "owner"]].values.tolist() == [
            ["2024/25 Q1", "Senior Leadership Team"]
        ]

    def test_bad_by(self) -> None:
        with pytest.raises(ValueError, match="by must be"):
            quarter_load(ACTIONS, by="council")

    def test_undated_and_takeaway(self) -> None:
        assert undated_actions(ACTIONS) == 1  # a4: owned, no end date
        line = quarter_takeaway(quarter_load(ACTIONS), undated=undated_actions(ACTIONS))
        assert line == (
            "Busiest quarter: 2024/25 Q1, with 2 actions due (3 counting each owner; Chief executive on 1); "
            "1 owned action has no due date"
        )
        assert quarter_takeaway(quarter_load(ACTIONS.iloc[0:0]), undated=3) == "3 owned actions have no due date"


def test_family_takeaway() -> None:
    line = family_takeaway(family_load(ACTIONS, COUNCILS))
    assert line == "Director is named on the most actions: 2 of 4 actions with a stated owner (50%)"


def test_inputs_are_not_mutated() -> None:
    before = ACTIONS.copy(deep=True)
    family_load(ACTIONS, COUNCILS)
    named_owner_load(ACTIONS, "ashby", include_text_mentions=True)
    no_owner_share(ACTIONS, COUNCILS, CHALLENGES)
    family_theme_matrix(ACTIONS, RECS)
    quarter_load(ACTIONS)
    pd.testing.assert_frame_equal(ACTIONS, before)


def test_shipped_data_leeds_names_an_owner_for_every_action(corpus) -> None:
    """The brief's example: Leeds names owners throughout; King's Lynn has no owner column."""
    table = no_owner_share(corpus.actions, corpus.councils, corpus.challenges).set_index("council_id")
    assert table.loc["leeds", "share_no_owner"] == 0.0
    assert table.loc["kings-lynn-and-west-norfolk", "share_no_owner"] == 1.0
    assert table.loc["kings-lynn-and-west-norfolk", "no_owner_column"]


def test_no_owner_bars_at_national_scale_keep_the_councils_with_most_gaps() -> None:
    """A bar per council is fine for 15 councils and unreadable for 900: the chart keeps the worst 20."""
    from analysis.owner_load import MAX_NO_OWNER_BARS, no_owner_drawn

    gaps = pd.DataFrame(
        {"council_id": [f"c{i:02d}" for i in range(30)], "council": [f"C{i}" for i in range(30)],
         "no_owner": list(range(30)), "actions": [40] * 30}
    )  # fmt: skip
    drawn = no_owner_drawn(gaps, always=["c00"])
    assert len(drawn) == MAX_NO_OWNER_BARS
    assert set(drawn["council_id"]) == {"c00", *(f"c{i:02d}" for i in range(11, 30))}
    assert list(drawn.index) == sorted(drawn.index)  # the table's order is kept
    assert no_owner_drawn(gaps.head(5)) is not None and len(no_owner_drawn(gaps.head(5))) == 5
    # the first row is the council the takeaway names (highest share): it keeps its bar, few actions or not
    ranked = gaps.assign(share_no_owner=gaps["no_owner"] / gaps["actions"]).iloc[::-1]
    ranked.loc[0, "share_no_owner"], ranked.loc[0, "no_owner"] = 1.0, 1
    ranked = ranked.sort_values("share_no_owner", ascending=False, kind="stable")
    drawn = no_owner_drawn(ranked)
    assert ranked["council_id"].iloc[0] == "c00" and "c00" in set(drawn["council_id"]) and len(drawn) == 20
