"""analysis.averages: a council against the average of its own type and of its similar councils, on the fixture
corpus tests/fixtures/averages (three metropolitan districts and one London borough, numbers worked by hand)."""

from __future__ import annotations

import pytest

from analysis.averages import (
    AVERAGE_PREFIX,
    MAX_SIMILAR_GROUPS,
    comparison_groups,
    family_average_takeaway,
    family_averages,
    horizon_average_takeaway,
    horizon_averages,
    theme_average_takeaway,
    theme_averages,
)
from analysis.peers import similar_councils
from loaders import load_corpus
from tests.conftest import FIXTURES

METROS = ("metro-a", "metro-b", "metro-c")


@pytest.fixture(scope="module")
def fixture():
    return load_corpus(FIXTURES / "averages", cache=False)


def test_type_group_is_every_council_of_the_type(fixture) -> None:
    groups = comparison_groups(fixture, ["metro-a"], "type")
    assert [g.members for g in groups.groups] == [METROS]
    assert groups.groups[0].key.startswith(AVERAGE_PREFIX)
    both = comparison_groups(fixture, ["metro-b", "borough-d"], "type")
    assert [g.name for g in both.groups] == ["London borough councils", "metropolitan district councils"]
    assert comparison_groups(fixture, ["metro-a"], None).groups == ()


def test_theme_average_is_the_mean_of_each_councils_share(fixture) -> None:
    """metro-a 2 of 4 governance, metro-b 1 of 2, metro-c 1 of 2: the average share is 50%, count 4/3."""
    groups = comparison_groups(fixture, ["metro-a"], "type").groups
    avg = theme_averages(fixture.recommendations, fixture.councils, groups).set_index("lga_theme")
    assert avg.loc["Governance and culture", "share"] == pytest.approx(0.5)
    assert avg.loc["Governance and culture", "recommendations"] == pytest.approx(4 / 3)
    assert avg.loc["Capacity for improvement", "share"] == pytest.approx((1 / 4 + 1 / 2 + 0) / 3)
    assert avg.loc["Local priorities and outcomes", "share"] == pytest.approx(1 / 6)
    assert avg.loc["Organisational and place leadership", "share"] == 0  # no member: a zero, not a gap
    assert set(avg["council"]) == {"Average of metropolitan district councils (3)"}
    assert avg["council_total"].iloc[0] == pytest.approx(8 / 3)
    assert theme_average_takeaway(avg.reset_index()) == (
        "Average of metropolitan district councils (3): Governance and culture leads, 50% of a council's "
        "recommendations"
    )


def test_horizon_average_counts_only_councils_with_a_horizon(fixture) -> None:
    """metro-a 11 months, metro-b 6, metro-c has no action: the average of two councils is 8.5 months."""
    groups = comparison_groups(fixture, ["metro-a"], "type").groups
    avg = horizon_averages(fixture.actions, fixture.challenges, fixture.councils, groups, whole_months=True)
    assert avg["members"].tolist() == [2]
    assert avg["horizon_months"].tolist() == [8.5]
    assert avg["council"].tolist() == ["Average of metropolitan district councils (2)"]
    raw = horizon_averages(fixture.actions, fixture.challenges, fixture.councils, groups)
    assert 8.4 < raw["horizon_months"].iloc[0] < 8.5  # unrounded months: 10.99 and 5.98
    assert horizon_average_takeaway(avg.assign(horizon_months=9.0)).endswith("9 months from plan to last deadline")


def test_family_average_is_the_mean_share_of_owned_actions(fixture) -> None:
    """metro-a: chief executive 1 of 2, finance 1 of 2; metro-b: chief executive 1 of 1."""
    groups = comparison_groups(fixture, ["metro-b"], "type").groups
    avg = family_averages(fixture.actions, fixture.councils, groups).set_index("family")
    assert avg.loc["Chief executive", "share"] == pytest.approx(0.75)
    assert avg.loc["Finance", "share"] == pytest.approx(0.25)
    assert avg.loc["Finance", "actions"] == pytest.approx(0.5)
    assert avg["members"].unique().tolist() == [2]
    assert family_average_takeaway(avg.reset_index()).startswith(
        "Average of metropolitan district councils (2): Chief executive named on 75%"
    )


def test_similar_group_is_the_nearest_councils_with_a_plan_not_the_council(fixture) -> None:
    ranked = similar_councils(fixture, "metro-a", k=None)
    expected = tuple(ranked.loc[ranked["in_corpus"], "council_id"])
    group = comparison_groups(fixture, ["metro-a"], "similar").groups[0]
    assert group.members == expected
    assert "metro-a" not in group.members and set(group.members) == {"metro-b", "metro-c"}
    avg = theme_averages(fixture.recommendations, fixture.councils, [group]).set_index("lga_theme")
    assert avg.loc["Governance and culture", "share"] == pytest.approx(0.5)  # 1 of 2 at both
    assert avg.loc["Local priorities and outcomes", "share"] == pytest.approx(0.25)  # metro-c's 1 of 2, halved


def test_similar_groups_are_capped_and_say_why(fixture) -> None:
    many = [*METROS, "borough-d"]
    assert len(many) > MAX_SIMILAR_GROUPS
    groups = comparison_groups(fixture, many, "similar")
    assert groups.groups == ()
    assert f"at most {MAX_SIMILAR_GROUPS}" in groups.note and "4 are in view" in groups.note
