"""Links into the council brief: heading ids as Streamlit makes them (the slugify package's rules), and the
brief's address with the sidebar filters kept."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ui.anchors import brief_url, brief_visits, heading_anchor, recommendation_heading, result_anchors


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("Revisit 2021", "revisit-2021"),
        ("Corporate peer challenge 2018", "corporate-peer-challenge-2018"),
        ("Recommendation 4.1: In light of the number", "recommendation-4-1-in-light-of-the-number"),
        (
            "Recommendation 3: Co-produce, then ‘integrated’ organisation",
            "recommendation-3-co-produce-then-integrated-organisation",
        ),
        (
            "Recommendation 10: Review the role of the strategic 'Team Bury' partnership",
            "recommendation-10-review-the-role-of-the-strategic-team-bury-partnership",
        ),
        (
            "Recommendation 2: the Council's plan – and the district's",
            "recommendation-2-the-councils-plan-and-the-districts",
        ),
        ("Recommendation 5: Finance & HR", "recommendation-5-finance-and-hr"),
        ("Recommendation 6: Café Ynys Môn", "recommendation-6-cafe-ynys-mon"),
        ("Recommendation 7: Re-focus SLT on strategic issues", "recommendation-7-re-focus-slt-on-strategic-issues"),
        ("Recommendation 8: ICT and HR functions", "recommendation-8-ict-and-hr-functions"),
        ("Recommendation 9: the MacAlister review", "recommendation-9-the-mac-alister-review"),
        ("Recommendation A: 2026/27 budget gap", "recommendation-a-2026-27-budget-gap"),
    ],
)
def test_heading_anchor(text: str, anchor: str) -> None:
    assert heading_anchor(text) == anchor


def test_recommendation_heading_matches_the_brief() -> None:
    assert recommendation_heading("4.1", "Prioritise") == "Recommendation 4.1: Prioritise"


def test_brief_url_keeps_filters_and_anchor() -> None:
    url = brief_url("bury", anchor="revisit-2021", params={"council": ["bury", "leeds"], "year": ["2021"]})
    assert url == "brief?brief_council=bury&council=bury&council=leeds&year=2021#revisit-2021"
    assert brief_url("st-helens") == "brief?brief_council=st-helens"


def test_brief_url_with_the_visit_date() -> None:
    assert brief_url("bury", anchor="x", visit="2022-04-01") == "brief?brief_council=bury&visit=2022-04-01#x"


def test_brief_visits_are_the_briefs_defaults() -> None:
    challenges = pd.DataFrame(
        {"challenge_id": ["b-2021"], "council_id": ["b"], "kind": ["revisit"], "year": [2021],
         "onsite_start": [pd.NaT], "onsite_end": [pd.NaT], "onsite_as_written": ["summer 2021"]}
    )  # fmt: skip
    visits = brief_visits(challenges, ["b", "none"], today=dt.date(2030, 1, 2))
    assert visits == {"b": "2022-04-01", "none": "2030-01-02"}


def test_result_anchors_use_the_recommendation_else_the_challenge() -> None:
    recs = pd.DataFrame({"rec_id": ["b-r1"], "number": ["1"], "title": ["Plan"]})
    challenges = pd.DataFrame({"challenge_id": ["b-2021"], "kind": ["revisit"], "year": [2021]})
    results = pd.DataFrame({"rec_id": ["b-r1", "", "b-r9"], "challenge_id": ["b-2021", "b-2021", "b-1999"]})
    assert result_anchors(results, recommendations=recs, challenges=challenges) == [
        "recommendation-1-plan",
        "revisit-2021",
        "",
    ]
