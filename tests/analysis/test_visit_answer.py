"""The brief's answer at the top: tiles, overdue list in words, recorded reviews, the ongoing-from rule, the
close-match threshold (re-derived from the evaluation set) and the 'Status at the visit' sheet."""

from __future__ import annotations

import datetime as dt

import numpy as np
import yaml

from analysis.followup import brief, check_rows
from analysis.overlap import index_for
from analysis.status import ongoing_from
from analysis.visit_answer import (
    CLOSE_MATCH,
    VISIT_SHEET_COLUMNS,
    overdue_rows,
    review_rows,
    span_words,
    tiles,
    visit_sheet,
)
from loaders import load_corpus
from tests.conftest import PLANS, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "reviewed"
TODAY = dt.date(2026, 1, 1)


def _fixture_brief(visit: dt.date | None = None):
    corpus = load_corpus(FIXTURE)
    return brief(corpus, "reviewshire", visit_date=visit, today=TODAY, reviews=corpus.reviews)


def test_span_in_words() -> None:
    assert span_words(dt.date(2020, 1, 31), dt.date(2023, 8, 31)) == "3 years 7 months"
    assert span_words(dt.date(2023, 8, 20), dt.date(2023, 9, 1)) == "12 days"
    assert span_words(dt.date(2023, 9, 1), dt.date(2023, 9, 1)) == "0 days"


def test_recorded_review_is_the_default_visit_and_its_findings_are_shown() -> None:
    b = _fixture_brief()
    assert b.visit_date == dt.date(2023, 2, 14)  # the review, not on-site end + 10 months (4 Jan 2023)
    assert "recorded progress review" in b.visit_default.explanation
    rows = review_rows(b)
    assert rows.iloc[0]["RAG"] == "1 green, 0 amber, 1 red (recommendations)"
    assert "Scrutiny work has not started" in rows.iloc[0]["Findings"]


def test_and_ongoing_is_ongoing_not_overdue() -> None:
    assert ongoing_from("July 2023 and ongoing", True)
    assert not ongoing_from("Ongoing during 2023", True)
    assert not ongoing_from("Ongoing", True)
    b = _fixture_brief(dt.date(2024, 6, 1))
    status = dict(zip(b.actions["text"], b.actions["visit_status"], strict=True))
    assert status["Monthly budget monitoring to Cabinet"] == "ongoing"
    assert status["Agree a refreshed financial strategy"] == "overdue"


def test_tiles_partition_the_actions_and_the_overdue_list_matches() -> None:
    b = _fixture_brief(dt.date(2024, 6, 1))
    values = {t.label: t.value for t in tiles(b)}
    assert values["Deadline passed by the visit"] == "2 of 3"
    over = overdue_rows(b)
    assert list(over.columns[:2]) == ["Status", "Action"]  # a phone keeps status and action in view
    assert over.iloc[0]["Overdue at the visit"] == "overdue by 1 year 2 months"  # 31 Mar 2023 -> 1 Jun 2024
    assert values["Recommendations"].endswith("(count not stated)")
    missing = check_rows(b).set_index("Check").loc["Recommendations missing from the source"]
    assert missing["Count"] == "not stated" and "unknown" in missing["Detail"]


def test_visit_sheet_has_one_row_per_action_and_step_and_review() -> None:
    b = _fixture_brief(dt.date(2024, 6, 1))
    sheet = visit_sheet(b)
    assert list(sheet.columns) == VISIT_SHEET_COLUMNS
    assert (sheet["Item"] == "Action").sum() == 3 and (sheet["Item"] == "Review").sum() == 1
    row = sheet[sheet["Action or step"] == "Agree a refreshed financial strategy"].iloc[0]
    assert row["Days overdue at the visit"] == (dt.date(2024, 6, 1) - dt.date(2023, 3, 31)).days


def test_close_match_threshold_separates_the_evaluation_set() -> None:
    corpus = load_corpus(PLANS)
    idx = index_for(corpus)
    pairs = yaml.safe_load((ROOT / "tests" / "data" / "overlap_pairs.yaml").read_text(encoding="utf-8"))

    def score(p: dict) -> float:
        i, j = idx.locate(p["a"]), idx.locate(p["b"])
        return float(idx.block_scores(np.array([i]), np.array([j]))[0, 0])

    pos = [score(p) for p in pairs["positives"]]
    neg = [score(p) for p in pairs["negatives"]]
    assert max(neg) < CLOSE_MATCH  # no labelled look-alike is shown as a close match
    assert sum(s >= CLOSE_MATCH for s in pos) / len(pos) >= 0.6  # most real pairs are
