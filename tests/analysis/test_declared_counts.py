"""Unknown declared counts stay unknown: a council with one challenge that states how many recommendations it
made and one that does not gets no "captured of declared" total, and the missing-recommendations check says
which challenge's count is unknown instead of "the source shows every recommendation"."""

from __future__ import annotations

import datetime as dt

from analysis.followup import brief, check_rows
from analysis.plan_checks import CHECK_MISSING
from loaders import Source, build_corpus
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def _undeclared(year: int) -> str:
    """The test plan moved to ``year``, stating no recommendations count."""
    text = GOOD.replace("testshire-2024", f"testshire-{year}").replace("year: 2024", f"year: {year}")
    text = text.replace("2024-03-01", f"{year}-03-01").replace("  recommendations_declared: 2\n", "")
    assert "recommendations_declared" not in text
    return text


def _corpus(*years: int):
    sources = [Source("testshire-2024.yaml", GOOD, "testshire-2024")]
    sources += [Source(f"testshire-{y}.yaml", _undeclared(y), f"testshire-{y}") for y in years]
    corpus = build_corpus(sources)
    assert corpus.problems[corpus.problems["severity"] == "error"].empty
    return corpus


def _missing_row(corpus) -> dict:
    rows = check_rows(brief(corpus, "testshire", dt.date(2025, 1, 1), today=dt.date(2025, 1, 1)))
    return rows[rows["Check"] == CHECK_MISSING].iloc[0].to_dict()


def test_one_declared_challenge_keeps_its_total() -> None:
    b = brief(_corpus(), "testshire", dt.date(2025, 1, 1), today=dt.date(2025, 1, 1))
    assert b.headline.declared == 2 and b.headline.captured_of_declared == "1 of 2"
    row = _missing_row(_corpus())
    assert row["Count"] == "1 of 2"
    assert "not stated" not in row["Detail"]


def test_a_second_challenge_without_a_count_makes_the_total_unknown() -> None:
    corpus = _corpus(2021)
    b = brief(corpus, "testshire", dt.date(2025, 1, 1), today=dt.date(2025, 1, 1))
    assert b.headline.recommendations == 2
    assert b.headline.declared is None  # not "2 of 2": the 2021 count is unknown
    assert b.headline.captured_of_declared == "2 (count not stated)"
    row = _missing_row(corpus)
    assert row["Detail"].endswith(
        "The count is not stated for Corporate peer challenge 2021, so whether any of its recommendations are "
        "missing is unknown."
    )


def test_no_count_anywhere_is_unknown_not_zero_of_zero() -> None:
    corpus = build_corpus([Source("testshire-2021.yaml", _undeclared(2021), "testshire-2021")])
    row = _missing_row(corpus)
    assert row["Count"] == "not stated"
    assert "0 of 0" not in row["Count"] and "every recommendation" not in row["Detail"]
