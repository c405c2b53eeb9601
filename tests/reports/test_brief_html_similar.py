"""The brief's "similar elsewhere" says what each match rests on: its shared words, or plainly that it shares
none (a match on topic alone), never a topic presented as the evidence (issue 19)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analysis.followup import brief
from analysis.visit_answer import close_matches
from loaders import load_corpus
from reports.brief_html import brief_html

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "reviewed"
TOPIC = "staff engagement and internal communication"


def _matches() -> pd.DataFrame:
    """Two matches as analysis.overlap.similar gives them: one sharing words, one sharing only a topic."""
    return pd.DataFrame(
        {
            "rec_id": ["elsewhere-r1", "elsewhere-r2"],
            "council_id": ["elsewhere", "elsewhere"],
            "title": ["Run a staff survey", "Refresh internal channels"],
            "score": [0.66, 0.2],
            "text_score": [0.44, 0.0],
            "topic_score": [1.0, 1.0],
            "shared_topics": [[TOPIC], [TOPIC]],
            "why": ["staff survey, changes", ""],
        }
    )


def test_html_brief_says_what_each_similar_match_rests_on() -> None:
    corpus = load_corpus(FIXTURE)
    b = brief(corpus, "reviewshire", today=dt.date(2025, 1, 1))
    rec_id = b.recommendations["rec_id"].iloc[0]
    page = brief_html(b, similar={rec_id: _matches()}, council_names={"elsewhere": "Elsewhere"})
    assert f"(score 0.66; shared words: staff survey, changes; same topic: {TOPIC})" in page
    assert f"(score 0.20; no shared words (topic only); same topic: {TOPIC})" in page


def test_visit_answer_says_a_close_match_shares_words() -> None:
    corpus = load_corpus(FIXTURE)
    b = brief(corpus, "reviewshire", today=dt.date(2025, 1, 1))
    rec_id = b.recommendations["rec_id"].iloc[0]
    got = close_matches(corpus, b, {rec_id: _matches()}, threshold=0.1)
    assert got["why"].tolist() == [
        f"similarity 0.66 (close: at least 0.10); shared words: staff survey, changes; same topic: {TOPIC}",
        f"similarity 0.20 (close: at least 0.10); no shared words (topic only); same topic: {TOPIC}",
    ]
