"""Timescale cells from LGA peer challenge action plans, read into dates without silent guessing.

Councils write timescales by hand: "April-Sept 2024", "Q3 2024/25", "By December 2024", "Spring/early
Summer 2024", "Ongoing". The dashboard needs dates to draw horizons and to spot items due before the plan
was even written, but a wrong date is worse than none, so this parser is deliberately literal:

* the text is kept in ``Timescale.raw`` exactly as given and is never altered;
* text it cannot read is flagged ``unparsed`` and gets no dates, rather than an approximation;
* anything odd but readable (an end before its start, a date before the plan, a year it had to infer,
  several dates in one cell, words it did not interpret) is kept *as written* and explained by a flag
  (see ``FLAG_DESCRIPTIONS``). Nothing is corrected.

Conventions, those of UK local government:

* financial years run 1 April to 31 March: "2024/25", "FY 2024/25", "2023/2024", and "2024-25" or
  "2023-2024" written without spaces. "2023 – 2024" with spaces, or "2020-2022", is a range of calendar
  years. A month or season given with a financial year falls in that year ("January 2024/25" is January
  2025; a season is placed by its first month, so "Winter 2024/25" is December 2024 – February 2025);
* financial quarters count from April: Q3 2024/25 is October–December 2024. A quarter given with a
  calendar year ("Q1 2025") is read as a calendar quarter and flagged ``ambiguous_quarter``;
* seasons are meteorological: Spring = March–May, Summer = June–August, Autumn = September–November,
  Winter = December to February of the next year;
* "early", "mid" and "late" take the first, middle or last third of a season, quarter or year (in whole
  months) and leave a month whole; "start of" / "beginning of" are read as "early";
* "by X", "until X", "end of X" give an end only; "before X" ends the day before X starts; "from X",
  "started X", "X onwards", "X – ongoing", "X and ongoing", "X then ongoing" and "X and annually thereafter"
  give a start only and mark the item ongoing *from* X: X's own end is no deadline, so such an item is never
  shown as ending (or overdue) at the end of X;
* "Mar-24", "March 24" and "Mar '24" are March 2024 (spreadsheet style); "March 24th" is a day.

Deliberately flagged ``unparsed`` rather than read: phrases relative to an unstated "now" ("next spring",
"this financial year", "within 6 months", "immediately", "short term", "year 1"), "year end" / "end of
year" (calendar or financial?), "FY 2024" (which financial year?), impossible dates ("31 February"), and
any cell with more than ``MAX_CELL_CHARS`` characters besides spaces (a note in the wrong column).

This module is the public entry (the README's names live here); the parser is split by job:
:mod:`loaders.timescale_model` (the record and its flags), :mod:`loaders.timescale_words` (vocabulary),
:mod:`loaders.timescale_tokens` (tokens), :mod:`loaders.timescale_grammar` (expressions),
:mod:`loaders.timescale_dates` (calendar placement), :mod:`loaders.timescale_cell` (the cell as a whole) and
:mod:`loaders.quarters` (financial quarters). Repeated cells are read once per process: a bounded
``lru_cache`` (8,192 entries) of immutable :class:`Timescale` results keyed by the cell text and the plan date
(``_interpret_cached``). It is kept on purpose: it is pure, its results cannot be changed, and plans repeat
cells ("March 2025", "Ongoing") row after row, so a cold load reads each form once.

A few internals are imported here under their own names (``from x import _y as _y``) because tests look
at them through this module, as they did before it was split.
"""

from __future__ import annotations

import datetime as dt
import functools

from loaders.quarters import financial_quarter, financial_quarters_between
from loaders.timescale_cell import _interpret
from loaders.timescale_model import FLAG_DESCRIPTIONS, Milestone, Timescale
from loaders.timescale_tokens import _SPACE_RE
from loaders.timescale_tokens import _normalise as _normalise
from loaders.timescale_words import _DASHES as _DASHES
from loaders.timescale_words import _JOINERS_RE as _JOINERS_RE
from loaders.timescale_words import _QUOTES as _QUOTES
from loaders.timescale_words import DAYS_PER_MONTH

__all__ = [
    "FLAG_DESCRIPTIONS",
    "MAX_CELL_CHARS",
    "Milestone",
    "Timescale",
    "financial_quarter",
    "financial_quarters_between",
    "months_between",
    "parse_timescale",
]


def months_between(a: dt.date, b: dt.date) -> float:
    """Approximate months from ``a`` to ``b`` (negative when ``b`` is earlier), for horizon charts.

    Uses the mean Gregorian month (365.2425 / 12 days), so it is smooth and never off by a calendar quirk;
    it is not meant for exact month arithmetic.

    >>> round(months_between(dt.date(2024, 1, 1), dt.date(2025, 1, 1)), 2)
    12.02
    """
    return (b - a).days / DAYS_PER_MONTH


def parse_timescale(text: str | None, reference: dt.date | None = None) -> Timescale:
    """Read one timescale cell; ``reference`` is the plan's date. Never raises.

    An empty cell is simply unknown (no dates, no flags). ``reference`` is used to flag dates before the
    plan (``before_plan_date``) and to infer a year the cell leaves out (``year_inferred``).

    >>> ts = parse_timescale("April-Sept 2024")
    >>> ts.start, ts.end
    (datetime.date(2024, 4, 1), datetime.date(2024, 9, 30))
    >>> parse_timescale("By December 2024").start is None
    True
    """
    if text is None:
        return Timescale(raw="")
    raw = text if isinstance(text, str) else str(text)
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    elif not isinstance(reference, dt.date):
        reference = None
    if not raw.strip():
        return Timescale(raw=raw)
    if len(raw) <= MAX_CELL_CHARS:
        return _interpret_cached(raw, reference)
    if len(_SPACE_RE.sub("", raw)) > MAX_CELL_CHARS:
        return Timescale(raw=raw, flags=("unparsed",))
    return _interpret_guarded(raw, reference)  # padded with spaces: read, but not cached (long keys cost memory)


#: Most characters, spaces aside, of a cell read as dates. Real timescales are a few words (the longest in
#: the shipped plans, with two labelled milestones, is under 60 characters); a longer cell is a note pasted
#: into the wrong column, and reading it would cost time per word (while holding the GIL) and memory in the
#: cache below for no date worth having. It is kept verbatim in ``raw`` and flagged ``unparsed``.
MAX_CELL_CHARS = 1_000


@functools.lru_cache(maxsize=8192)
def _interpret_cached(raw: str, reference: dt.date | None) -> Timescale:
    """Plans repeat the same cells ("March 2025", "Ongoing") row after row; Timescale is immutable."""
    return _interpret_guarded(raw, reference)


def _interpret_guarded(raw: str, reference: dt.date | None) -> Timescale:
    """Read a cell; never raises."""
    try:
        return _interpret(raw, reference)
    except Exception:  # a safety net only: free text from documents must never stop a load
        return Timescale(raw=raw, flags=("unparsed",))
