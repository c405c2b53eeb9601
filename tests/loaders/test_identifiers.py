"""Recommendation numbers written with the source's own prefix ("R1", "Rec 2") give the same ids, references
and "R<number>" labels as bare numbers: the prefix is taken off once, in loaders.identifiers."""

from __future__ import annotations

import pytest

from analysis.plan_checks import _rec_labels
from loaders import Source, build_corpus
from loaders.identifiers import rec_number
from loaders.problems import PlanError
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("R1", "1"),
        ("r12", "12"),
        ("Rec 4.1", "4.1"),
        ("Rec. 2", "2"),
        ("Recommendation 3", "3"),
        ("Recommendation no. 7", "7"),
        ("Recommendation #1", "1"),
        ("RECOMMENDATION 1", "1"),
        ("Rec1", "1"),
        ("R 1", "1"),
        ("R: 3", "3"),
        ("R-1", "1"),
        ("Rec – 4", "4"),
        ("R\u00a02", "2"),
        ("Recommendation one", "Recommendation one"),
        ("Recommendations 1", "Recommendations 1"),
        ("R" + " " * 5_000 + "x", "R" + " " * 5_000 + "x"),  # no digits after the spaces: as written
        (" 5 ", "5"),
        ("4.1", "4.1"),
        ("2a", "2a"),
        ("Rural 1", "Rural 1"),  # a word that merely starts with R is not a prefix
        ("RA1", "RA1"),
        ("R", "R"),
    ],
)
def test_rec_number_takes_off_a_recommendation_prefix_only(written: str, key: str) -> None:
    assert rec_number(written) == key


def _plan(number: str, ref: str) -> str:
    text = GOOD.replace('- number: "1"', f'- number: "{number}"', 1).replace(
        'recommendations: ["1"]', f'recommendations: ["{ref}"]', 1
    )
    assert f'"{number}"' in text and f'["{ref}"]' in text
    return text


@pytest.mark.parametrize(("number", "ref"), [("R1", "R1"), ("R1", "1"), ("1", "R1"), ("Rec 1", "r1")])
def test_prefixed_numbers_give_the_bare_id_and_link_their_actions(number: str, ref: str) -> None:
    corpus = build_corpus([Source("testshire-2024.yaml", _plan(number, ref), "testshire-2024")])
    assert corpus.problems[corpus.problems["severity"] == "error"].empty
    rec = corpus.recommendations.iloc[0]
    assert (rec["rec_id"], rec["number"], rec["number_raw"]) == ("testshire-2024-r1", "1", number)
    assert rec["actions_count"] == 1
    assert corpus.actions.iloc[0]["rec_ids"] == ["testshire-2024-r1"]
    assert _rec_labels(corpus.recommendations) == ["R1"]  # not "RR1"


def test_r1_and_1_in_one_plan_are_a_duplicate() -> None:
    text = GOOD.replace('- number: "1"', '- number: "R1"', 1).replace(
        "actions:", '  - number: "1"\n    title: The same number again\nactions:', 1
    )
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, name="t.yaml", stem="testshire-2024")
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("recommendations[0].number", "duplicate recommendation number 'R1'"),
        ("recommendations[1].number", "duplicate recommendation number '1'"),
    ]


@pytest.mark.parametrize("written", ["R1", "r1", "Rec 1", "Recommendation 1", "R-1"])
def test_every_prefix_form_gives_r1_and_displays_r1(written: str) -> None:
    """The brief, the checks and the tables label it "R1", never "RR1" or "RRec 1"."""
    corpus = build_corpus([Source("testshire-2024.yaml", _plan(written, written), "testshire-2024")])
    rec = corpus.recommendations.iloc[0]
    assert rec["rec_id"] == "testshire-2024-r1"
    assert _rec_labels(corpus.recommendations) == ["R1"]


def test_bare_numbers_keep_their_ids() -> None:
    """Old files, numbered without a prefix, keep exactly the ids they had: ``<challenge>-r<number as written>``."""
    corpus = build_corpus([Source("testshire-2024.yaml", GOOD, "testshire-2024")])
    recs = corpus.recommendations
    assert len(recs) > 0
    assert list(recs["rec_id"]) == [f"testshire-2024-r{n.strip()}" for n in recs["number_raw"]]
    assert list(recs["number"]) == [n.strip() for n in recs["number_raw"]]
