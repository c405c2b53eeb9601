"""Not a council (issue 19 §1): the LGA also peer-challenges combined authorities, fire and rescue authorities,
national parks and itself. Such a plan can say so, instead of a council type written as a placeholder."""

from __future__ import annotations

import json

import pytest

from loaders import Source, build_corpus
from loaders.constants import COUNCIL_TYPES
from loaders.organisation_types import ORGANISATION_TYPES
from loaders.problems import PlanError
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES, ROOT

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def _as(kind: str, region: str = "East Midlands", ons: str = "E07000999") -> str:
    text = GOOD.replace("council_type: non-metropolitan district", f"council_type: {kind}", 1)
    text = text.replace("region: East Midlands", f"region: {region}", 1).replace(
        "ons_code: E07000999", f"ons_code: {ons}"
    )
    assert f"council_type: {kind}" in text
    return text


@pytest.mark.parametrize("kind", ["combined authority", "fire and rescue authority", "national park authority"])
def test_a_body_that_is_not_a_council_loads_with_its_own_type(kind: str) -> None:
    corpus = build_corpus([Source("testshire-2024.yaml", _as(kind), "testshire-2024")])
    assert corpus.problems[corpus.problems["severity"] == "error"].empty
    assert corpus.councils["council_type"].tolist() == [kind]
    assert kind in corpus.recommendations.merge(corpus.councils, on="council_id")["council_type"].tolist()


def test_a_national_body_has_no_region_and_may_have_no_code() -> None:
    text = _as("other", region="not applicable", ons="null") + "notes:\n  - kind: context\n    text: The LGA itself.\n"
    plan, problems = load_plan_text(text, name="t.yaml", stem="testshire-2024")
    assert (plan.council.council_type, plan.council.region, plan.council.ons_code) == ("other", "not applicable", None)
    assert problems == []


def test_an_unknown_type_lists_every_allowed_type() -> None:
    with pytest.raises(PlanError) as caught:
        load_plan_text(_as("parish council"), name="t.yaml", stem="testshire-2024")
    [problem] = caught.value.problems
    assert problem.field == "council.council_type"
    assert all(repr(kind) in problem.message for kind in ORGANISATION_TYPES)


def test_the_councils_come_first_and_the_json_schema_lists_every_type() -> None:
    assert ORGANISATION_TYPES[: len(COUNCIL_TYPES)] == COUNCIL_TYPES
    assert {"combined authority", "fire and rescue authority", "national park authority", "other"} <= set(
        ORGANISATION_TYPES
    )
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
    council = schema["$defs"]["Council"]["properties"]["council_type"]
    assert council["enum"] == list(ORGANISATION_TYPES)
    assert "not applicable" in schema["$defs"]["Council"]["properties"]["region"]["description"]
