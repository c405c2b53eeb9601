"""Vague dates (issue 19 §1): every exact-date field has an ``…_as_written`` companion ("January 2024"), read like
a timescale (month, season, quarter, year) into a period the frames show beside the text; old files load as
before."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.brief_text import plan_when
from analysis.history import timeline as council_timeline
from loaders import Source, build_corpus
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES
from tests.hostile.test_linear_normalisers import assert_linear

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
D = dt.date

VAGUE = """\
id: testshire-2024
council: {id: testshire, name: Testshire District Council, ons_code: E07000999,
          council_type: non-metropolitan district, region: East Midlands}
challenge:
  kind: corporate peer challenge
  year: 2023
  report_date_as_written: Autumn 2023
  plan_date_as_written: %(plan)s
  documents:
    - {title: Action plan, date_as_written: February 2024}
recommendations:
  - number: "1"
    title: Talk and listen to staff
    progress:
      - {date_as_written: Summer 2024, source: Update report, text: Two staff forums held.}
      - {date: 2024-10-01, source: Review, text: Survey done.}
actions:
  - recommendations: ["1"]
    text: Run a staff survey
    timescale: March
context_documents:
  - id: testshire-2024-strategy
    title: Council strategy
    date_as_written: 2024/25
    sections: [{title: Priorities, text: Staff first.}]
"""


def _corpus(text: str):
    corpus = build_corpus([Source("testshire-2024.yaml", text, "testshire-2024")])
    assert corpus.problems[corpus.problems["severity"] == "error"].empty, corpus.problems
    return corpus


def _day(value: object) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def test_dates_as_written_are_kept_and_read_as_periods() -> None:
    ch = _corpus(VAGUE % {"plan": "January 2024"}).challenges.iloc[0]
    assert (ch["plan_date_as_written"], _day(ch["plan_date"])) == ("January 2024", None)  # no day is invented
    assert (_day(ch["plan_date_from"]), _day(ch["plan_date_to"])) == (D(2024, 1, 1), D(2024, 1, 31))
    assert ch["report_date_as_written"] == "Autumn 2023"
    assert (_day(ch["report_date_from"]), _day(ch["report_date_to"])) == (D(2023, 9, 1), D(2023, 11, 30))
    assert ch["source_date_as_written"] == "February 2024" and pd.isna(ch["source_date"])
    assert ch["documents"][0]["date_as_written"] == "February 2024"
    assert plan_when(ch) == "January 2024"


def test_progress_and_context_dates_as_written() -> None:
    corpus = _corpus(VAGUE % {"plan": "January 2024"})
    assert corpus.recommendations.iloc[0]["progress"] == [
        "Update report (Summer 2024): Two staff forums held.",
        "2024-10-01 Review: Survey done.",
    ]
    assert corpus.context.iloc[0]["document_date_as_written"] == "2024/25"


@pytest.mark.parametrize(
    ("plan", "start", "flags"),
    [
        ("January 2024", D(2024, 3, 1), ["no_year", "year_inferred"]),  # "March" after a January 2024 plan
        ("Winter 2024/25", D(2025, 3, 1), ["no_year", "year_inferred"]),  # the plan's period starts Dec 2024
        ("null", None, ["unparsed", "no_year"]),  # no plan date at all: the year cannot be inferred
    ],
)
def test_a_plan_dated_by_month_still_places_timescales_without_a_year(plan: str, start, flags) -> None:
    action = _corpus(VAGUE % {"plan": plan}).actions.iloc[0]
    assert (_day(action["start"]), list(action["timescale_flags"])) == (start, flags)


def test_the_plan_event_is_drawn_at_its_period_not_as_exact() -> None:
    corpus = _corpus(VAGUE % {"plan": "January 2024"})
    timeline = council_timeline("testshire", corpus.challenges, corpus.reviews)
    plan = timeline[timeline["event"] == "action plan"].iloc[0]
    assert (_day(plan["date"]), bool(plan["date_exact"]), plan["date_as_written"]) == (
        D(2024, 1, 16),
        False,
        "January 2024",
    )


def test_old_files_load_unchanged() -> None:
    corpus = _corpus(GOOD)
    ch = corpus.challenges.iloc[0]
    assert _day(ch["plan_date"]) == _day(ch["plan_date_from"]) == _day(ch["plan_date_to"]) == D(2024, 3, 1)
    assert ch["plan_date_as_written"] is None and ch["report_date_as_written"] is None
    assert pd.isna(ch["report_date_from"]) and ch["source_date_as_written"] is None
    action = corpus.actions.iloc[0]
    assert (_day(action["start"]), _day(action["end"])) == (D(2024, 4, 1), D(2024, 6, 30))


def test_a_hostile_date_as_written_is_read_in_linear_time() -> None:
    def load(filler: str) -> object:
        return build_corpus([Source("t.yaml", VAGUE % {"plan": f'"January{filler}2024"'}, "testshire-2024")])

    assert_linear(load, " " * 1_000, " " * 10_000, " " * 100_000, floor=5e-2)
    padded = load(" " * 100_000).challenges.iloc[0]
    assert _day(padded["plan_date_from"]) == D(2024, 1, 1)
    junk = load(" and March" * 200).challenges.iloc[0]  # a note in the date field: kept as written, not read
    assert pd.isna(junk["plan_date_from"]) and junk["plan_date_as_written"].count("March") == 200


def test_the_brief_gives_the_plan_date_as_written() -> None:
    from analysis.followup import brief
    from reports.brief_html import brief_html

    corpus = _corpus(VAGUE % {"plan": "January 2024"})
    html = brief_html(brief(corpus, "testshire", D(2024, 9, 1), today=D(2025, 1, 1)))
    assert "Action plan / response: January 2024" in html and "not dated" not in html


def test_an_exact_day_outside_its_date_as_written_is_a_warning_at_its_line() -> None:
    text = GOOD.replace("  plan_date: 2024-03-01\n", "  plan_date: 2024-03-01\n  plan_date_as_written: January 2024\n")
    _, problems = load_plan_text(text, name="t.yaml", stem="testshire-2024")
    line = text.splitlines().index("  plan_date: 2024-03-01") + 1
    assert [(p.field, p.line, p.severity) for p in problems] == [("challenge.plan_date", line, "warning")]
    assert problems[0].message == (
        "2024-03-01 is outside 'January 2024' written beside it (2024-01-01 to 2024-01-31); check both"
    )
    day = "  plan_date: 2024-03-01\n"
    agreeing = GOOD.replace(day, day + "  plan_date_as_written: March 2024\n")
    assert load_plan_text(agreeing, name="t.yaml", stem="testshire-2024")[1] == []
