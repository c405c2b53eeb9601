"""Recorded progress reviews reach every copy of the brief: the HTML file and the PowerPoint pack list the same
rows as the page's "Recorded progress reviews" section (analysis.visit_answer.review_rows), and say so when none
is recorded (the visit date is then an estimate)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pptx import Presentation

from analysis.followup import brief
from analysis.visit_answer import review_rows
from loaders import Corpus, load_corpus
from reports.brief_html import brief_html
from reports.pack import briefing_pack

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "reviewed"
TODAY = dt.date(2025, 1, 1)


def _brief(corpus: Corpus, council_id: str):
    return brief(corpus, council_id, today=TODAY, reviews=corpus.reviews)


def _slides(b) -> list:
    prs = Presentation(io.BytesIO(briefing_pack([], title="t", brief=b, images=False)))
    return list(prs.slides)


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


def _table(slide) -> list[list[str]]:
    table = next(s.table for s in slide.shapes if s.has_table)
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def reviewed():
    corpus = load_corpus(FIXTURE)
    return _brief(corpus, "reviewshire")


def test_html_brief_lists_the_recorded_review_as_the_page_does(reviewed) -> None:
    rows = review_rows(reviewed)
    assert len(rows) == 1
    page = brief_html(reviewed)
    assert "<h2>Recorded progress reviews — 1</h2>" in page
    row = rows.iloc[0]
    assert row["Date"] == "14 Feb 2023"
    for column in rows.columns:
        assert f"<th>{column}</th>" in page
        assert f"<td>{row[column]}</td>" in page, column
    assert "Scrutiny work has not started" in page
    # Near the top, with the answer: before the challenge cards and the per-recommendation detail.
    assert page.index("Recorded progress reviews") < page.index("<h2>Peer challenge")


def test_pack_has_a_slide_with_the_recorded_review(reviewed) -> None:
    rows = review_rows(reviewed)
    slides = [s for s in _slides(reviewed) if _texts(s)[0].startswith("Recorded progress reviews")]
    assert len(slides) == 1
    assert _texts(slides[0])[0] == "Recorded progress reviews — 1"
    table = _table(slides[0])
    assert table[0] == list(rows.columns)
    assert table[1] == [str(v) for v in rows.iloc[0]]


def test_shipped_council_with_a_recorded_review(corpus: Corpus) -> None:
    with_reviews = sorted(set(corpus.reviews["council_id"])) if len(corpus.reviews) else []
    assert with_reviews, "the shipped data records at least one review"
    b = _brief(corpus, with_reviews[0])
    rows = review_rows(b)
    assert len(rows) >= 1
    page = brief_html(b)
    assert f"Recorded progress reviews — {len(rows)}" in page
    slides = [s for s in _slides(b) if _texts(s)[0].startswith("Recorded progress reviews")]
    body = [r for s in slides for r in _table(s)[1:]]
    assert [r[0] for r in body] == list(rows["Date"])


def test_without_a_recorded_review_both_say_the_visit_date_is_an_estimate(corpus: Corpus) -> None:
    without = sorted(set(corpus.councils["council_id"]) - set(corpus.reviews["council_id"]))
    b = _brief(corpus, without[0])
    assert review_rows(b).empty
    assert "Recorded progress reviews — 0" in brief_html(b)
    assert "the visit date is an estimate" in brief_html(b)
    slide = next(s for s in _slides(b) if _texts(s)[0].startswith("Recorded progress reviews"))
    assert _texts(slide)[0] == "Recorded progress reviews — 0"
    assert any("the visit date is an estimate" in t for t in _texts(slide))
