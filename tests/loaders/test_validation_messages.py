"""Validation a maintainer can act on: YAML spellings (``null``), no pydantic prefixes, every schema problem of
a file in one pass (an impossible date no longer hides the rest), and hand labels outside their vocabularies
warned about. Each case edits the valid test plan, so a failure names the one thing that changed."""

from __future__ import annotations

import pytest

from loaders.problems import PlanError, Problem
from loaders.roundtrip import normalise_text
from loaders.themes import TOPICS
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _errors(text: str) -> list[Problem]:
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, name="t.yaml", stem="testshire-2024")
    return caught.value.problems


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_null_is_spelt_as_yaml_writes_it() -> None:
    text = _edit(GOOD, "council_type: non-metropolitan district", "council_type: null")
    [problem] = _errors(text)
    assert problem.field == "council.council_type"
    assert problem.line == _line(text, "council_type:")
    assert problem.message.startswith("null (an empty value) is not allowed here; expected one of")
    assert "None" not in problem.message


def test_validator_messages_have_no_pydantic_prefix_and_point_at_the_field() -> None:
    text = _edit(GOOD, "  plan_date:", "  onsite_start: 2024-02-02\n  onsite_end: 2024-02-01\n  plan_date:")
    [problem] = _errors(text)
    assert (problem.field, problem.line) == ("challenge.onsite_end", _line(text, "onsite_end:"))
    assert problem.message == "2024-02-01 is before onsite_start (2024-02-02)"


def test_an_impossible_date_does_not_hide_the_other_problems() -> None:
    """Four independent slips, one of them a date YAML cannot read: all four are reported, in file order."""
    text = _edit(GOOD, "plan_date: 2024-03-01", "plan_date: 2024-11-31")
    text = _edit(text, "council_type: non-metropolitan district", "council_type: null")
    text = _edit(text, "title: Talk and listen to staff", 'title: ""')
    text = _edit(text, "    text: Run a staff survey\n", "    text: Run a staff survey\n    colour: red\n")
    problems = _errors(text)
    assert [(p.field, p.line) for p in problems] == [
        ("council.council_type", _line(text, "council_type:")),
        ("challenge.plan_date", _line(text, "plan_date:")),
        ("recommendations[0].title", _line(text, 'title: ""')),
        ("actions[0].colour", _line(text, "colour:")),
    ]
    assert problems[1].message == "'2024-11-31' is not a date (November 2024 has 30 days)"
    assert all(p.severity == "error" for p in problems)


def test_an_impossible_date_in_a_text_field_says_to_quote_it() -> None:
    text = _edit(GOOD, "text: Run a staff survey", "text: 2023-02-29")
    [problem] = _errors(text)
    assert problem.field == "actions[0].text"
    assert problem.message == "'2023-02-29' is not a date (February 2023 has 28 days); put it in quotes if it is text"


def test_impossible_dates_are_all_reported_by_the_normaliser_too() -> None:
    text = _edit(GOOD, "plan_date: 2024-03-01", "plan_date: 2024-11-31")
    text = _edit(text, "      date: 2024-03-01", "      date: 2024-02-30")
    with pytest.raises(PlanError) as caught:
        normalise_text(text, name="t.yaml")
    assert [p.field for p in caught.value.problems] == ["challenge.plan_date", "challenge.documents[0].date"]


def test_a_council_theme_the_challenge_does_not_list_is_a_warning() -> None:
    text = _edit(GOOD, "  documents:", "  council_themes:\n    - name: Our people\n    - name: Our place\n  documents:")
    text = _edit(text, "    lga_themes:", "    council_theme: Our peple\n    lga_themes:")
    plan, problems = load_plan_text(text, name="t.yaml", stem="testshire-2024")
    assert plan.recommendations[0].council_theme == "Our peple"  # kept as written: the plan still loads
    [problem] = problems
    assert (problem.field, problem.severity) == ("recommendations[0].council_theme", "warning")
    assert problem.line == _line(text, "council_theme: Our peple")
    assert problem.message == (
        "'Our peple' is not one of the challenge's council themes "
        "(challenge.council_themes lists 'Our people', 'Our place')"
    )
    right = _edit(text, "council_theme: Our peple", "council_theme: Our place")
    assert load_plan_text(right, name="t.yaml", stem="testshire-2024")[1] == []


def test_a_council_theme_without_any_listed_themes_is_a_warning() -> None:
    text = _edit(GOOD, "    lga_themes:", "    council_theme: Our people\n    lga_themes:")
    [problem] = load_plan_text(text, name="t.yaml", stem="testshire-2024")[1]
    assert problem.message.endswith("(challenge.council_themes is empty)")


def test_topics_outside_the_taxonomy_are_warnings_with_a_hint() -> None:
    known = TOPICS[0]
    text = _edit(GOOD, "    lga_themes:", f"    topics: [{known}, {known.upper()}, made-up topic]\n    lga_themes:")
    _, problems = load_plan_text(text, name="t.yaml", stem="testshire-2024")
    assert [(p.field, p.severity) for p in problems] == [
        ("recommendations[0].topics[1]", "warning"),
        ("recommendations[0].topics[2]", "warning"),
    ]
    assert problems[0].message == f"{known.upper()!r} is not a topic in the taxonomy; did you mean {known!r}?"
    assert problems[1].message == "'made-up topic' is not a topic in the taxonomy (see rules/topics.yaml for the list)"
    assert problems[0].line == _line(text, "topics:")


def test_the_shipped_plans_raise_no_label_warnings() -> None:
    """Every shipped plan's hand labels are inside their vocabularies (a property that holds as plans are added)."""
    from loaders import load_corpus

    corpus = load_corpus("data/plans", cache=False)
    labels = corpus.problems[corpus.problems["field"].str.contains(r"\.(?:council_theme|topics)", regex=True)]
    assert labels.empty, labels.to_string()
