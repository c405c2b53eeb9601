"""Timescale parsing: real cells from council action plans, every supported form, and no crash on anything.

The table-driven tests pin exact dates and flags, because the dashboard draws horizons and "due before
the plan" warnings straight from them; the property tests hold the promises the rest of the app relies
on: never raise, the raw text kept, dates real, and an end before a start only ever with a flag.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import timescales
from loaders.timescales import FLAG_DESCRIPTIONS, Timescale, months_between, parse_timescale

D = dt.date
LEEDS = D(2023, 2, 8)
KINGS_LYNN = D(2024, 2, 1)
BURY = D(2021, 10, 13)


class Case(NamedTuple):
    """One cell, its plan date, and exactly what should come out."""

    text: str
    reference: dt.date | None
    start: dt.date | None
    end: dt.date | None
    flags: tuple[str, ...] = ()
    ongoing: bool = False
    completed: bool = False


def check(case: Case) -> Timescale:
    """Parse ``case`` and compare every field the table pins; returns the result for further checks."""
    ts = parse_timescale(case.text, case.reference)
    got = (ts.start, ts.end, ts.flags, ts.ongoing, ts.completed)
    assert got == (case.start, case.end, case.flags, case.ongoing, case.completed), case.text
    assert ts.raw == case.text
    return ts


# Strings as they appear in the councils' published action plans.
REAL = [
    Case("Ongoing", LEEDS, None, None, ongoing=True),
    Case("February – April 2023", LEEDS, D(2023, 2, 1), D(2023, 4, 30)),
    Case("February – June 2023", LEEDS, D(2023, 2, 1), D(2023, 6, 30)),
    Case("Summer 2023", LEEDS, D(2023, 6, 1), D(2023, 8, 31)),
    Case("Over 2023", LEEDS, D(2023, 1, 1), D(2023, 12, 31)),
    Case("Ongoing during 2023", LEEDS, D(2023, 1, 1), D(2023, 12, 31), ongoing=True),
    Case("April 2023", LEEDS, D(2023, 4, 1), D(2023, 4, 30)),
    Case("March – June 2023", LEEDS, D(2023, 3, 1), D(2023, 6, 30)),
    Case("2023/2024", LEEDS, D(2023, 4, 1), D(2024, 3, 31)),
    Case("Working Group – March 2024 Final strategy – October 2024", KINGS_LYNN, D(2024, 3, 1), D(2024, 10, 31)),
    Case("April-Sept 2024", KINGS_LYNN, D(2024, 4, 1), D(2024, 9, 30)),
    Case("April-June 2024", KINGS_LYNN, D(2024, 4, 1), D(2024, 6, 30)),
    Case("June-July 2024", KINGS_LYNN, D(2024, 6, 1), D(2024, 7, 31)),
    Case("May 2024", KINGS_LYNN, D(2024, 5, 1), D(2024, 5, 31)),
    Case("Spring 2024", KINGS_LYNN, D(2024, 3, 1), D(2024, 5, 31)),
    Case("December 2024", KINGS_LYNN, D(2024, 12, 1), D(2024, 12, 31)),
    Case("February 2024", KINGS_LYNN, D(2024, 2, 1), D(2024, 2, 29)),
    Case("April 2024", KINGS_LYNN, D(2024, 4, 1), D(2024, 4, 30)),
    Case("Ongoing", KINGS_LYNN, None, None, ongoing=True),
    Case("Summer 2024", KINGS_LYNN, D(2024, 6, 1), D(2024, 8, 31)),
    Case("Autumn 2024", KINGS_LYNN, D(2024, 9, 1), D(2024, 11, 30)),
    Case("July 2024", KINGS_LYNN, D(2024, 7, 1), D(2024, 7, 31)),
    Case("March 2023", KINGS_LYNN, D(2023, 3, 1), D(2023, 3, 31), ("before_plan_date",)),
    Case("Completed", KINGS_LYNN, None, None, completed=True),
    Case("March 2024", KINGS_LYNN, D(2024, 3, 1), D(2024, 3, 31)),
    Case("February/March 2024", KINGS_LYNN, D(2024, 2, 1), D(2024, 3, 31)),
    Case("Sept 2024", KINGS_LYNN, D(2024, 9, 1), D(2024, 9, 30)),
    Case("By December 2024", KINGS_LYNN, None, D(2024, 12, 31)),
    Case("August – December 2021", BURY, D(2021, 8, 1), D(2021, 12, 31)),
    Case("January – June 2022", BURY, D(2022, 1, 1), D(2022, 6, 30)),
    Case("July 2023 – March 2022", BURY, D(2023, 7, 1), D(2022, 3, 31), ("end_before_start",)),
]


@pytest.mark.parametrize("case", REAL, ids=[f"{c.reference}-{c.text}" for c in REAL])
def test_real_plan_strings(case: Case) -> None:
    """Every cell quoted from the Leeds, King's Lynn and Bury plans reads exactly as a person would."""
    check(case)


# Every form the parser promises, one or more examples each (no plan date unless the form needs one).
FORMS = [
    # ranges and their separators
    Case("November 2024 – January 2025", None, D(2024, 11, 1), D(2025, 1, 31)),
    Case("November 2024 — January 2025", None, D(2024, 11, 1), D(2025, 1, 31)),
    Case("November 2024 - January 2025", None, D(2024, 11, 1), D(2025, 1, 31)),
    Case("November 2024 to January 2025", None, D(2024, 11, 1), D(2025, 1, 31)),
    Case("April 2024/March 2025", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("from April 2024 until March 2025", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("between April and June 2024", None, D(2024, 4, 1), D(2024, 6, 30)),
    Case("Jan – Mar 2025", None, D(2025, 1, 1), D(2025, 3, 31)),
    Case("Sept. 2024 – Jan. 2025", None, D(2024, 9, 1), D(2025, 1, 31)),
    Case("April/May/June 2024", None, D(2024, 4, 1), D(2024, 6, 30)),
    # only the last part has a year, including across a year boundary
    Case("November – January 2025", None, D(2024, 11, 1), D(2025, 1, 31)),
    Case("December – February 2025", None, D(2024, 12, 1), D(2025, 2, 28)),
    Case("November 2024 – January", None, D(2024, 11, 1), D(2025, 1, 31)),
    # single months and days
    Case("June 2024", None, D(2024, 6, 1), D(2024, 6, 30)),
    Case("February 2023", None, D(2023, 2, 1), D(2023, 2, 28)),
    Case("31 March 2025", None, D(2025, 3, 31), D(2025, 3, 31)),
    Case("31st March 2025", None, D(2025, 3, 31), D(2025, 3, 31)),
    Case("31st of March 2025", None, D(2025, 3, 31), D(2025, 3, 31)),
    Case("March 31st, 2025", None, D(2025, 3, 31), D(2025, 3, 31)),
    Case("31/03/2025", None, D(2025, 3, 31), D(2025, 3, 31)),
    Case("31.03.25", None, D(2025, 3, 31), D(2025, 3, 31)),
    Case("2025-03-31", None, D(2025, 3, 31), D(2025, 3, 31)),
    Case("03/2025", None, D(2025, 3, 1), D(2025, 3, 31)),
    Case("1 – 15 March 2024", None, D(2024, 3, 1), D(2024, 3, 15)),
    Case("1st April 2024 – 31st March 2025", None, D(2024, 4, 1), D(2025, 3, 31)),
    # spreadsheet-style two-digit years
    Case("Mar-24", None, D(2024, 3, 1), D(2024, 3, 31)),
    Case("Mar '24", None, D(2024, 3, 1), D(2024, 3, 31)),
    Case("Nov 24 – Jan 25", None, D(2024, 11, 1), D(2025, 1, 31)),
    Case("March 24th 2024", None, D(2024, 3, 24), D(2024, 3, 24)),
    # deadlines: an end only
    Case("End of June 2025", None, None, D(2025, 6, 30)),
    Case("End June 2025", None, None, D(2025, 6, 30)),
    Case("by end of March 2025", None, None, D(2025, 3, 31)),
    Case("By the end of March 2025", None, None, D(2025, 3, 31)),
    Case("by 31 March 2025", None, None, D(2025, 3, 31)),
    Case("No later than March 2025", None, None, D(2025, 3, 31)),
    Case("Until March 2025", None, None, D(2025, 3, 31)),
    Case("before April 2025", None, None, D(2025, 3, 31)),
    Case("end of 2024", None, None, D(2024, 12, 31)),
    Case("by end of Q3 2024/25", None, None, D(2024, 12, 31)),
    Case("By end of 24/25", None, None, D(2025, 3, 31)),
    Case("end of financial year 2024/25", None, None, D(2025, 3, 31)),
    # a start only, and ongoing
    Case("Jan 2025 onwards", None, D(2025, 1, 1), None, ongoing=True),
    Case("from April 2024", None, D(2024, 4, 1), None, ongoing=True),
    Case("April 2024 – ongoing", None, D(2024, 4, 1), None, ongoing=True),
    Case("Ongoing from April 2024", None, D(2024, 4, 1), None, ongoing=True),
    Case("Starting June 2024", None, D(2024, 6, 1), None, ongoing=True),
    Case("2024 and beyond", None, D(2024, 1, 1), None, ongoing=True),
    Case("after March 2024", None, D(2024, 4, 1), None, ongoing=True),
    Case("Ongoing until March 2025", None, None, D(2025, 3, 31), ongoing=True),
    # "X and ongoing" is ongoing *from* X, with no end: never a period that ends (and so falls overdue)
    Case("July 2023 and ongoing", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 and ongoing.", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 & ongoing", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023, and ongoing", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 and then ongoing", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 then on-going", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 (ongoing)", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 to ongoing", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 and is ongoing", None, D(2023, 7, 1), None, ongoing=True),
    Case("July 2023 and continuing", None, D(2023, 7, 1), None, ongoing=True),
    Case("Oct 24 and ongoing", None, D(2024, 10, 1), None, ongoing=True),
    Case("2023/24 and ongoing", None, D(2023, 4, 1), None, ongoing=True),
    Case("Q3 2024/25 and ongoing", None, D(2024, 10, 1), None, ongoing=True),
    Case("Spring 2024 and ongoing", None, D(2024, 3, 1), None, ongoing=True),
    Case("June 2020 onwards", None, D(2020, 6, 1), None, ongoing=True),
    Case("From July 2023", None, D(2023, 7, 1), None, ongoing=True),
    Case("Started July 2023 and ongoing", None, D(2023, 7, 1), None, ongoing=True),
    Case("March 2024 and annually thereafter", None, D(2024, 3, 1), None, ongoing=True),
    Case("March 2024 and thereafter", None, D(2024, 3, 1), None, ongoing=True),
    # ...but two dates joined by "and"/"then" stay two dates, and a frequency alone is no open end
    Case("March 2024 then June 2024", None, D(2024, 3, 1), D(2024, 6, 30), ("multiple",)),
    Case("March 2024 and annually", None, D(2024, 3, 1), D(2024, 3, 31), ongoing=True),
    # seasons (meteorological) and parts of periods
    Case("Spring 2024", None, D(2024, 3, 1), D(2024, 5, 31)),
    Case("Summer 2024", None, D(2024, 6, 1), D(2024, 8, 31)),
    Case("Autumn 2024", None, D(2024, 9, 1), D(2024, 11, 30)),
    Case("Winter 2024", None, D(2024, 12, 1), D(2025, 2, 28)),
    Case("Winter 2023", None, D(2023, 12, 1), D(2024, 2, 29)),
    Case("Winter 2024/25", None, D(2024, 12, 1), D(2025, 2, 28)),
    Case("Summer of 2024", None, D(2024, 6, 1), D(2024, 8, 31)),
    Case("Spring/Summer 2024", None, D(2024, 3, 1), D(2024, 8, 31)),
    Case("Spring/early Summer 2024", None, D(2024, 3, 1), D(2024, 6, 30)),
    Case("Winter – Spring 2025", None, D(2024, 12, 1), D(2025, 5, 31)),
    Case("early Summer 2024", None, D(2024, 6, 1), D(2024, 6, 30)),
    Case("late Autumn 2024", None, D(2024, 11, 1), D(2024, 11, 30)),
    Case("early 2025", None, D(2025, 1, 1), D(2025, 4, 30)),
    Case("mid-2024", None, D(2024, 5, 1), D(2024, 8, 31)),
    Case("Late 2024", None, D(2024, 9, 1), D(2024, 12, 31)),
    Case("start of 2025", None, D(2025, 1, 1), D(2025, 4, 30)),
    Case("Mid June 2024", None, D(2024, 6, 1), D(2024, 6, 30)),
    # years and ranges of years
    Case("2024", None, D(2024, 1, 1), D(2024, 12, 31)),
    Case("Over 2023", None, D(2023, 1, 1), D(2023, 12, 31)),
    Case("during 2023", None, D(2023, 1, 1), D(2023, 12, 31)),
    Case("Throughout 2023", None, D(2023, 1, 1), D(2023, 12, 31)),
    Case("Calendar year 2024", None, D(2024, 1, 1), D(2024, 12, 31)),
    Case("2020 – 2022", None, D(2020, 1, 1), D(2022, 12, 31)),
    Case("2020-2022", None, D(2020, 1, 1), D(2022, 12, 31)),
    Case("2023 – 2024", None, D(2023, 1, 1), D(2024, 12, 31)),  # spaced: calendar years, not FY
    # UK financial years: 1 April to 31 March
    Case("2023/2024", None, D(2023, 4, 1), D(2024, 3, 31)),
    Case("2024/25", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("2024 / 25", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("2024-25", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("2023-2024", None, D(2023, 4, 1), D(2024, 3, 31)),
    Case("FY 2024/25", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("FY24/25", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("Financial year 2024/25", None, D(2024, 4, 1), D(2025, 3, 31)),
    Case("2023/24 – 2024/25", None, D(2023, 4, 1), D(2025, 3, 31)),
    Case("January 2024/25", None, D(2025, 1, 1), D(2025, 1, 31)),
    # financial quarters: Q1 = April–June
    Case("Q1 2024/25", None, D(2024, 4, 1), D(2024, 6, 30)),
    Case("Q2 2024/25", None, D(2024, 7, 1), D(2024, 9, 30)),
    Case("Q3 2024/25", None, D(2024, 10, 1), D(2024, 12, 31)),
    Case("Q4 2024/25", None, D(2025, 1, 1), D(2025, 3, 31)),
    Case("Q3 FY 2024/25", None, D(2024, 10, 1), D(2024, 12, 31)),
    Case("2024/25 Q3", None, D(2024, 10, 1), D(2024, 12, 31)),
    Case("Quarter 3 2024/25", None, D(2024, 10, 1), D(2024, 12, 31)),
    Case("Q3 24/25", None, D(2024, 10, 1), D(2024, 12, 31)),
    Case("Q3-Q4 2024/25", None, D(2024, 10, 1), D(2025, 3, 31)),
    Case("Q4 2023/24 – Q1 2024/25", None, D(2024, 1, 1), D(2024, 6, 30)),
    Case("Q1 2025", None, D(2025, 1, 1), D(2025, 3, 31), ("ambiguous_quarter",)),
    # status words
    Case("Ongoing", None, None, None, ongoing=True),
    Case("On-going", None, None, None, ongoing=True),
    Case("In progress", None, None, None, ongoing=True),
    Case("Quarterly", None, None, None, ongoing=True),
    Case("Completed", None, None, None, completed=True),
    Case("Complete", None, None, None, completed=True),
    Case("Done", None, None, None, completed=True),
    Case("Completed March 2024", None, D(2024, 3, 1), D(2024, 3, 31), completed=True),
    Case("Complete by March 2025", None, None, D(2025, 3, 31)),
    Case("To be completed by March 2025", None, None, D(2025, 3, 31)),
    Case("Not complete", None, None, None, ("unparsed",)),
    Case("Partially completed", None, None, None, ("unparsed",)),
    # flags, never silent fixes
    Case("July 2023 – March 2022", None, D(2023, 7, 1), D(2022, 3, 31), ("end_before_start",)),
    Case("2024 – 2022", None, D(2024, 1, 1), D(2022, 12, 31), ("end_before_start",)),
    Case("March 2023", KINGS_LYNN, D(2023, 3, 1), D(2023, 3, 31), ("before_plan_date",)),
    Case("from April 2023", KINGS_LYNN, D(2023, 4, 1), None, ("before_plan_date",), ongoing=True),
    Case("By January 2024", KINGS_LYNN, None, D(2024, 1, 31), ("before_plan_date",)),
    Case("February 2024", KINGS_LYNN, D(2024, 2, 1), D(2024, 2, 29)),  # contains the plan date: fine
    Case("Report to Cabinet March 2024", None, D(2024, 3, 1), D(2024, 3, 31), ("extra_text",)),
    Case("March 2024 (subject to funding)", None, D(2024, 3, 1), D(2024, 3, 31), ("extra_text",)),
    Case("March 2024 (TBC)", None, D(2024, 3, 1), D(2024, 3, 31), ("tentative",)),
    Case("c. March 2024", None, D(2024, 3, 1), D(2024, 3, 31), ("tentative",)),
    Case("March 2024?", None, D(2024, 3, 1), D(2024, 3, 31), ("tentative",)),
    Case("£2000 by March 2024", None, None, D(2024, 3, 31), ("extra_text",)),
    Case("February 2024 April 2024", None, D(2024, 2, 1), D(2024, 4, 30), ("multiple",)),
]


@pytest.mark.parametrize("case", FORMS, ids=[c.text for c in FORMS])
def test_supported_forms(case: Case) -> None:
    """Each written form gives exactly these dates and flags."""
    check(case)


NO_YEAR = [
    Case("Summer", None, None, None, ("unparsed", "no_year")),
    Case("February – June", None, None, None, ("unparsed", "no_year")),
    Case("31 March", None, None, None, ("unparsed", "no_year")),
    Case("Summer", D(2024, 2, 1), D(2024, 6, 1), D(2024, 8, 31), ("no_year", "year_inferred")),
    Case("Summer", D(2024, 7, 15), D(2024, 6, 1), D(2024, 8, 31), ("no_year", "year_inferred")),
    Case("Summer", D(2024, 9, 1), D(2025, 6, 1), D(2025, 8, 31), ("no_year", "year_inferred")),
    Case("February", KINGS_LYNN, D(2024, 2, 1), D(2024, 2, 29), ("no_year", "year_inferred")),
    Case("January", KINGS_LYNN, D(2025, 1, 1), D(2025, 1, 31), ("no_year", "year_inferred")),
    Case("Winter", D(2024, 1, 10), D(2023, 12, 1), D(2024, 2, 29), ("no_year", "year_inferred")),
    Case("November – January", D(2024, 12, 1), D(2024, 11, 1), D(2025, 1, 31), ("no_year", "year_inferred")),
    Case("Q3", KINGS_LYNN, D(2024, 10, 1), D(2024, 12, 31), ("no_year", "year_inferred")),
    Case("by end of March", KINGS_LYNN, None, D(2024, 3, 31), ("no_year", "year_inferred")),
    Case("end of the financial year", KINGS_LYNN, None, D(2024, 3, 31), ("no_year", "year_inferred")),
    Case("from April", KINGS_LYNN, D(2024, 4, 1), None, ("no_year", "year_inferred"), ongoing=True),
    Case("29 February", D(2025, 1, 1), D(2028, 2, 29), D(2028, 2, 29), ("no_year", "year_inferred")),
]


@pytest.mark.parametrize("case", NO_YEAR, ids=[f"{c.reference}-{c.text}" for c in NO_YEAR])
def test_no_year_is_inferred_from_the_plan_date_or_left_unparsed(case: Case) -> None:
    """Without a year anywhere, the plan date picks the first period not wholly before it; else unparsed."""
    check(case)


UNPARSED = [
    "TBC",
    "N/A",
    "Immediately",
    "Immediate",
    "Short term",
    "Within 6 months",
    "Year 1",
    "next March",
    "this summer",
    "This financial year",
    "end of year",
    "by year end",
    "FY 2024",
    "Q3 FY 2024",
    "31 February 2024",
    "13/2024",
    "to be agreed with partners",
    "???",
]


@pytest.mark.parametrize("text", UNPARSED)
def test_unreadable_text_is_flagged_not_guessed(text: str) -> None:
    """Relative phrases, ambiguous years and impossible dates get no dates at all, only the flag."""
    ts = parse_timescale(text, KINGS_LYNN)
    assert ts.start is None and ts.end is None and ts.milestones == ()
    assert "unparsed" in ts.flags
    assert not ts.parsed
    assert ts.raw == text


@pytest.mark.parametrize("text", [None, "", "   ", "\t\n", "\u00a0"])
def test_empty_cell_is_simply_unknown(text: str | None) -> None:
    """A blank cell is not an error: no dates, no flags, nothing ongoing."""
    ts = parse_timescale(text, KINGS_LYNN)
    assert ts == Timescale(raw=text or "")
    assert not ts.parsed


def test_labelled_milestones() -> None:
    """Several labelled dates in one cell: each milestone kept, the cell spans earliest to latest."""
    ts = parse_timescale("Working Group – March 2024 Final strategy – October 2024", KINGS_LYNN)
    assert ts.milestones == (
        ("Working Group", D(2024, 3, 1), D(2024, 3, 31)),
        ("Final strategy", D(2024, 10, 1), D(2024, 10, 31)),
    )
    assert (ts.start, ts.end, ts.flags) == (D(2024, 3, 1), D(2024, 10, 31), ())


@pytest.mark.parametrize(
    ("text", "milestones"),
    [
        ("Spring 2024 Spring 2024", [(D(2024, 3, 1), D(2024, 5, 31)), (D(2024, 3, 1), D(2024, 5, 31))]),
        ("February 2024 April 2024", [(D(2024, 2, 1), D(2024, 2, 29)), (D(2024, 4, 1), D(2024, 4, 30))]),
        ("March and September 2024", [(D(2024, 3, 1), D(2024, 3, 31)), (D(2024, 9, 1), D(2024, 9, 30))]),
    ],
)
def test_unlabelled_dates_are_flagged_multiple(text: str, milestones: list[tuple[dt.date, dt.date]]) -> None:
    """Several dates without labels (often a copy-paste slip) keep the span and say so."""
    ts = parse_timescale(text)
    assert ts.milestones == tuple(("", s, e) for s, e in milestones)
    assert (ts.start, ts.end) == (milestones[0][0], milestones[-1][1])
    assert ts.flags == ("multiple",)


def test_labels_may_follow_their_dates() -> None:
    """When the cell starts with a date and ends with words, each label is the text after its date."""
    ts = parse_timescale("March 2024 – draft; June 2024 – final")
    assert [m[0] for m in ts.milestones] == ["draft", "final"]
    assert (ts.start, ts.end, ts.flags) == (D(2024, 3, 1), D(2024, 6, 30), ())


def test_milestone_year_comes_from_the_next_date() -> None:
    """A milestone without a year takes the next one's, stepping back a year to stay in order."""
    ts = parse_timescale("Working Group – November Final – January 2025")
    assert ts.milestones == (
        ("Working Group", D(2024, 11, 1), D(2024, 11, 30)),
        ("Final", D(2025, 1, 1), D(2025, 1, 31)),
    )
    assert ts.flags == ()


def test_milestone_deadlines_leave_the_start_unknown() -> None:
    """A deadline milestone before every known start means the cell's own start is unknown."""
    ts = parse_timescale("Draft – by March 2024 Final – June 2024")
    assert ts.milestones == (("Draft", None, D(2024, 3, 31)), ("Final", D(2024, 6, 1), D(2024, 6, 30)))
    assert (ts.start, ts.end, ts.flags) == (None, D(2024, 6, 30), ())


def test_open_ended_milestone_leaves_the_end_unknown() -> None:
    """An open-ended milestone after every known end means the cell's own end is unknown, and ongoing."""
    ts = parse_timescale("Pilot – May 2024 Rollout – from September 2024")
    assert (ts.start, ts.end, ts.ongoing) == (D(2024, 5, 1), None, True)


def test_raw_text_is_never_altered() -> None:
    """Dashes, case and spacing come back exactly as written."""
    text = "  April–Sept 2024 \u2014 TBC "
    assert parse_timescale(text).raw == text


def test_parsed_property() -> None:
    """``parsed`` is True for any usable answer: a date, ongoing or completed; never for unparsed."""
    assert parse_timescale("By December 2024").parsed
    assert parse_timescale("Jan 2025 onwards").parsed
    assert parse_timescale("Ongoing").parsed
    assert parse_timescale("Done").parsed
    assert not parse_timescale("TBC").parsed
    assert not parse_timescale(None).parsed


def test_timescale_is_frozen() -> None:
    """Frames share Timescale objects, so they must not be mutable."""
    ts = parse_timescale("May 2024")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ts.start = None  # type: ignore[misc]


def test_datetime_reference_is_accepted() -> None:
    """A datetime plan date (as pandas may hand over) behaves like its date, and never breaks comparison."""
    ts = parse_timescale("March 2023", dt.datetime(2024, 2, 1, 12, 0))
    assert ts.flags == ("before_plan_date",)


def test_every_flag_is_described() -> None:
    """The dashboard explains every flag it can meet, in plain English."""
    required = {"end_before_start", "before_plan_date", "unparsed", "no_year", "year_inferred", "multiple"}
    assert required <= FLAG_DESCRIPTIONS.keys()
    cases = REAL + FORMS + NO_YEAR
    seen = {f for c in cases for f in parse_timescale(c.text, c.reference).flags}
    assert seen <= FLAG_DESCRIPTIONS.keys()
    assert seen == FLAG_DESCRIPTIONS.keys(), "every flag has a table case"
    assert all(text.endswith(".") and len(text) > 30 for text in FLAG_DESCRIPTIONS.values())


def test_months_between() -> None:
    """Approximate months for horizon charts: signed, and close to calendar months."""
    assert months_between(D(2024, 1, 1), D(2024, 1, 1)) == 0
    assert months_between(D(2024, 1, 1), D(2025, 1, 1)) == pytest.approx(12, abs=0.05)
    assert months_between(D(2024, 4, 1), D(2024, 10, 1)) == pytest.approx(6, abs=0.05)
    assert months_between(D(2025, 1, 1), D(2024, 1, 1)) == pytest.approx(-12, abs=0.05)
    assert isinstance(months_between(D(2024, 1, 1), D(2024, 2, 1)), float)


# --------------------------------------------------------------------------------------------------
# Properties

MONTH_NAMES = {
    1: ["January", "Jan"], 2: ["February", "Feb"], 3: ["March", "Mar"], 4: ["April", "Apr"], 5: ["May"],
    6: ["June", "Jun"], 7: ["July", "Jul"], 8: ["August", "Aug"], 9: ["September", "Sept", "Sep"],
    10: ["October", "Oct"], 11: ["November", "Nov"], 12: ["December", "Dec"],
}  # fmt: skip
VOCABULARY = [
    "January", "Sept", "may", "May", "Spring", "summer", "Winter", "autumn", "2024", "2023/24", "2024-25",
    "24/25", "Q3", "q4", "Quarter", "FY", "financial", "year", "–", "-", "—", "/", "to", "by", "from",
    "onwards", "end", "of", "early", "mid", "late", "start", "ongoing", "on-going", "completed", "complete",
    "done", "not", "and", "between", "31st", "1", "15", "29", "February", "24", "'25", "31/02/2024",
    "2025-13-01", "29.02.2023", "£", "?", "TBC", "next", "the", "before", "after", "until", "2099",
    "1990", "1989", "9999", "0000", "Working", "Group", "(", ")", ",", ";", ":", ".", "+", "c", "w/c",
]  # fmt: skip
SEASON_MONTHS = {"Spring": 3, "Summer": 6, "Autumn": 9, "Winter": 12}


@st.composite
def date_like_text(draw: st.DrawFn) -> str:
    """Text built from the parser's own vocabulary, so the odd combinations get exercised, not just noise."""
    words = draw(st.lists(st.sampled_from(VOCABULARY), max_size=12))
    return "".join(w + draw(st.sampled_from([" ", "", "-", " – "])) for w in words)


cell_text = st.one_of(st.text(), date_like_text())
references = st.one_of(st.none(), st.dates(), st.dates(D(2015, 1, 1), D(2030, 12, 31)))


def assert_invariants(ts: Timescale, text: str, reference: dt.date | None) -> None:
    """What every caller may rely on, whatever the input."""
    assert ts.raw == text
    dates = [ts.start, ts.end, *(d for _, s, e in ts.milestones for d in (s, e))]
    assert all(d is None or type(d) is dt.date for d in dates)
    assert len(set(ts.flags)) == len(ts.flags)
    assert list(ts.flags) == [f for f in FLAG_DESCRIPTIONS if f in ts.flags], "flags in the documented order"
    spans = [(ts.start, ts.end), *((s, e) for _, s, e in ts.milestones)]
    if any(s is not None and e is not None and e < s for s, e in spans):
        assert "end_before_start" in ts.flags
    if "unparsed" in ts.flags:
        assert ts.start is None and ts.end is None and ts.milestones == ()
    if not text.strip():
        assert ts == Timescale(raw=text)
    if "year_inferred" in ts.flags:
        assert "no_year" in ts.flags and reference is not None and "before_plan_date" not in ts.flags
    if "before_plan_date" in ts.flags:
        key = ts.end if ts.end is not None else ts.start
        assert reference is not None and key is not None and key < reference
    if "multiple" in ts.flags:
        assert any(label == "" for label, _, _ in ts.milestones)
    assert len(ts.milestones) != 1


@settings(max_examples=400, deadline=None, database=None)
@given(text=cell_text, reference=references)
def test_never_raises_and_keeps_its_promises(text: str, reference: dt.date | None) -> None:
    """Arbitrary text never raises; dates are real dates; an end before a start is always flagged."""
    assert_invariants(parse_timescale(text, reference), text, reference)


@settings(max_examples=400, deadline=None, database=None)
@given(text=cell_text, reference=references)
def test_the_safety_net_is_not_what_keeps_it_from_raising(text: str, reference: dt.date | None) -> None:
    """The parser itself handles arbitrary text; the catch-all in parse_timescale is only a backstop."""
    if text.strip():
        assert_invariants(timescales._interpret(text, reference), text, reference)


@settings(max_examples=200, deadline=None, database=None)
@given(month=st.integers(1, 12), year=st.integers(1990, 2099), data=st.data())
def test_any_month_and_year(month: int, year: int, data: st.DataObject) -> None:
    """A month name and a year give that whole month, whichever spelling is used."""
    name = data.draw(st.sampled_from(MONTH_NAMES[month]))
    ts = parse_timescale(f"{name} {year}")
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    assert (ts.start, ts.end, ts.flags) == (D(year, month, 1), D(year, month, last), ())


@settings(max_examples=200, deadline=None, database=None)
@given(year=st.integers(1990, 2098), quarter=st.integers(1, 4), long=st.booleans())
def test_any_financial_year_and_quarter(year: int, quarter: int, long: bool) -> None:
    """A financial year such as 2024/25 or 2024/2025 runs April to March; its quarters count from April."""
    fy = f"{year}/{year + 1}" if long else f"{year}/{(year + 1) % 100:02d}"
    whole = parse_timescale(fy)
    assert (whole.start, whole.end, whole.flags) == (D(year, 4, 1), D(year + 1, 3, 31), ())
    q = parse_timescale(f"Q{quarter} {fy}")
    first_month = 4 + 3 * (quarter - 1)
    start = D(year + (first_month > 12), (first_month - 1) % 12 + 1, 1)
    assert q.start == start and q.flags == ()
    assert q.end is not None and months_between(start, q.end) == pytest.approx(3, abs=0.1)


@settings(max_examples=100, deadline=None, database=None)
@given(season=st.sampled_from(sorted(SEASON_MONTHS)), year=st.integers(1990, 2098))
def test_any_season(season: str, year: int) -> None:
    """Seasons are meteorological three-month blocks; Winter runs into the next year."""
    ts = parse_timescale(f"{season} {year}")
    assert ts.start == D(year, SEASON_MONTHS[season], 1)
    assert ts.end is not None and months_between(ts.start, ts.end) == pytest.approx(3, abs=0.1)
    assert ts.flags == ()
