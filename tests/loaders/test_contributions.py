"""Contributed plans: saved without ever overwriting, loaded beside the published ones and marked."""

from __future__ import annotations

import shutil

import pytest

from loaders import load_corpus
from loaders.contributions import ContributionRefused, contribute, with_contributions
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def test_a_plan_is_saved_once_and_never_overwritten(tmp_path) -> None:
    path = contribute(tmp_path, "testshire-2024", GOOD)
    assert path.read_text(encoding="utf-8") == GOOD
    with pytest.raises(ContributionRefused, match="never overwritten"):
        contribute(tmp_path, "testshire-2024", "id: other\n")
    assert path.read_text(encoding="utf-8") == GOOD
    assert [p.name for p in tmp_path.iterdir()] == ["testshire-2024.yaml"]  # no temporary file left


@pytest.mark.parametrize("plan_id", ["../escape", "", "UPPER", "a/b", "x" * 200, ".hidden"])
def test_ids_that_are_not_slugs_are_refused(tmp_path, plan_id) -> None:
    with pytest.raises(ContributionRefused):
        contribute(tmp_path, plan_id, GOOD)
    assert list(tmp_path.iterdir()) == []


def test_a_published_id_is_refused(tmp_path) -> None:
    with pytest.raises(ContributionRefused, match="published plan"):
        contribute(tmp_path, "testshire-2024", GOOD, taken={"testshire-2024"})


def test_contributions_load_beside_the_published_plans_marked(tmp_path) -> None:
    published_dir, contributed_dir = tmp_path / "plans", tmp_path / "contributed"
    published_dir.mkdir()
    shutil.copy(FIXTURES / "testshire-2024.yaml", published_dir)
    published = load_corpus(published_dir, cache=False)
    other = GOOD.replace("testshire-2024", "otherplace-2024").replace("testshire", "otherplace")
    contribute(contributed_dir, "otherplace-2024", other)
    contribute(contributed_dir, "testshire-2024", GOOD)  # same id as a published plan: published wins
    both = with_contributions(published, contributed_dir)
    flags = dict(zip(both.challenges["challenge_id"], both.challenges["contributed"], strict=True))
    assert flags == {"testshire-2024": False, "otherplace-2024": True}
    assert both.recommendations.groupby("challenge_id")["contributed"].all().to_dict() == flags
    clash = both.problems[both.problems["message"].str.contains("has the same id")]
    assert len(clash) == 1 and clash["severity"].iloc[0] == "warning"
    assert with_contributions(published, tmp_path / "missing") is published
