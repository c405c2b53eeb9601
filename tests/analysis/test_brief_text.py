"""What the page and the HTML brief print under a recommendation's heading comes from one place."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.brief_text import progress_lines, recommendation_text
from reports.brief_html import _e


def test_text_that_repeats_the_title_is_not_printed_again() -> None:
    rec = pd.Series({"title": "Refresh the plan", "text": " Refresh the plan ", "sub_points": [], "lga_themes": []})
    shown = recommendation_text(rec)
    assert (shown.text, shown.sub_points, shown.themes, shown.topics) == ("", [], "–", "–")


def test_text_sub_points_themes_and_topics_as_written() -> None:
    rec = {
        "title": "Refresh the plan",
        "text": "Refresh the plan with partners",
        "sub_points": ["by March", "with members"],
        "lga_themes": ["Governance and culture", "Capacity for improvement"],
        "topics": ["scrutiny"],
    }
    shown = recommendation_text(rec)
    assert shown.text == "Refresh the plan with partners"
    assert shown.sub_points == ["by March", "with members"]
    assert shown.themes == "Governance and culture, Capacity for improvement"
    assert shown.topics == "scrutiny"


def test_progress_lines_say_undated_and_keep_the_words() -> None:
    progress = pd.DataFrame(
        {"date": [dt.date(2023, 2, 8), None], "source": ["Cabinet", None], "text": ["Done <b>", "Started"]}
    )
    assert progress_lines(progress) == [("8 Feb 2023", "Cabinet", "Done <b>"), ("undated", "", "Started")]
    assert _e(float("nan")) == "" and _e("<b>") == "&lt;b&gt;"
