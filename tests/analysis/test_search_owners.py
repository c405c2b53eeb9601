"""Search finds actions and steps by their owners and timescales as written ("Director of Resources", "Oct 24"),
and shows the owner and timescale in the result text so the match is visible. Fixture corpus only."""

from __future__ import annotations

import pytest

from analysis.search import build_search_index, search_items
from loaders import Source, build_corpus
from tests.conftest import FIXTURES
from ui.highlight import highlight

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
STEPS = """    steps:
      - label: a
        text: Agree the questions
        owner: Head of Organisational Development
        timescale: Oct 24
      - label: b
        text: Publish the results
"""


@pytest.fixture(scope="module")
def corpus():
    text = GOOD.rstrip("\n") + "\n" + STEPS
    corpus = build_corpus([Source("testshire-2024.yaml", text, "testshire-2024")])
    assert corpus.problems[corpus.problems["severity"] == "error"].empty
    return corpus


@pytest.fixture(scope="module")
def index(corpus):
    return build_search_index(corpus)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Director of Resources", ["testshire-2024-a1"]),
        ('"Chief Executive & Director of Resources"', ["testshire-2024-a1"]),
        ("April - June 2024", ["testshire-2024-a1"]),
        ("Oct 24", ["testshire-2024-a1-a"]),
        ("Head of Organisational Development", ["testshire-2024-a1-a"]),
        ("organizational development", ["testshire-2024-a1-a"]),  # spelling variants meet here too
        ("Director of Policy", []),
        ("Nov 24", []),
    ],
)
def test_owners_and_timescales_are_searchable(index, query: str, expected: list[str]) -> None:
    assert index.search(query)["item_id"].tolist() == expected


def test_the_result_text_shows_the_owner_and_timescale(corpus) -> None:
    items = search_items(corpus).set_index("item_id")
    assert items.loc["testshire-2024-a1", "text"] == (
        "Run a staff survey\n\nOwner: Chief Executive & Director of Resources\n\nTimescale: April - June 2024"
    )
    assert items.loc["testshire-2024-a1-b", "text"] == "Publish the results"  # nothing stated, nothing added
    marked = highlight(items.loc["testshire-2024-a1-a", "text"], "Oct 24")
    assert ":orange-background[**Oct**] :orange-background[**24**]" in marked
