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
  "X onwards" and "X – ongoing" give a start only and mark the item ongoing;
* "Mar-24", "March 24" and "Mar '24" are March 2024 (spreadsheet style); "March 24th" is a day.

Deliberately flagged ``unparsed`` rather than read: phrases relative to an unstated "now" ("next spring",
"this financial year", "within 6 months", "immediately", "short term", "year 1"), "year end" / "end of
year" (calendar or financial?), "FY 2024" (which financial year?), impossible dates ("31 February"), and
any cell with more than ``MAX_CELL_CHARS`` characters besides spaces (a note in the wrong column).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

__all__ = [
    "FLAG_DESCRIPTIONS",
    "MAX_CELL_CHARS",
    "Timescale",
    "financial_quarter",
    "financial_quarters_between",
    "months_between",
    "parse_timescale",
]

#: Every flag the parser can raise, in the order flags are reported, with the dashboard's explanation.
FLAG_DESCRIPTIONS: dict[str, str] = {
    "unparsed": "The timescale could not be read as dates, so start and end are left blank; the text is "
    "shown as written.",
    "no_year": "A month, season or quarter is given with no year anywhere in the cell.",
    "year_inferred": "The missing year was taken as the first one that does not put the timescale wholly "
    "before the plan's date.",
    "end_before_start": "As written, the end is earlier than the start. The dates are kept as written, not corrected.",
    "before_plan_date": "The timescale ends (or, with no end given, starts) before the date of the action plan itself.",
    "multiple": "The cell holds several dates without labels. Each is kept as a milestone and the overall "
    "span, earliest to latest, is used.",
    "extra_text": "The cell has words besides the timescale (a note, label or caveat) that were kept but "
    "not interpreted.",
    "ambiguous_quarter": "A quarter was given with a calendar year (e.g. 'Q1 2025') and read as a calendar "
    "quarter (Q1 = January–March), although councils often mean financial quarters (Q1 = April–June).",
    "tentative": "The timescale is marked as provisional or approximate (e.g. 'TBC', 'approx.', '?').",
}

Milestone = tuple[str, dt.date | None, dt.date | None]


@dataclass(frozen=True)
class Timescale:
    """One timescale cell, read.

    ``raw`` is the text as given. ``start``/``end`` are None when unknown: a deadline ("by March 2025")
    has no start, an open-ended item ("from April 2024") no end. ``milestones`` holds
    ``(label, start, end)`` for each date when the cell names several; then ``start`` is the earliest
    start and ``end`` the latest end. ``flags`` explain anything doubtful; see ``FLAG_DESCRIPTIONS``.
    """

    raw: str
    start: dt.date | None = None
    end: dt.date | None = None
    ongoing: bool = False
    completed: bool = False
    flags: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()

    @property
    def parsed(self) -> bool:
        """True when the cell said something usable: a start or an end, or that it is ongoing or done."""
        return self.start is not None or self.end is not None or self.ongoing or self.completed


def months_between(a: dt.date, b: dt.date) -> float:
    """Approximate months from ``a`` to ``b`` (negative when ``b`` is earlier), for horizon charts.

    Uses the mean Gregorian month (365.2425 / 12 days), so it is smooth and never off by a calendar quirk;
    it is not meant for exact month arithmetic.

    >>> round(months_between(dt.date(2024, 1, 1), dt.date(2025, 1, 1)), 2)
    12.02
    """
    return (b - a).days / _DAYS_PER_MONTH


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


# --------------------------------------------------------------------------------------------------
# Vocabulary

_DAYS_PER_MONTH = 365.2425 / 12
_FIRST_YEAR, _LAST_YEAR = 1990, 2099  # four-digit numbers outside this are not taken as years

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "febuary": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # first month
_RANGE_SYMS = frozenset({"-", "/"})
_RANGE_WORDS = frozenset({"to", "until", "till", "til", "through", "thru"})
_LIST_SEPARATORS = frozenset({"and", "&", ",", ";", "or"})
_RELATIVE = frozenset({"next", "this", "last", "following", "coming", "current", "previous", "same", "every"})
_CURRENCY = frozenset({"£", "$", "€"})

#: Words before a date that change its meaning (mode) or mark it ongoing; "" = no effect on the dates.
_PREFIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("no", "later", "than"), "by"), (("not", "later", "than"), "by"), (("up", "to"), "by"),
    (("prior", "to"), "before"), (("ahead", "of"), "before"),
    (("on", "-", "going"), "ongoing"), (("on", "going"), "ongoing"), (("ongoing",), "ongoing"),
    (("by",), "by"), (("until",), "by"), (("till",), "by"), (("til",), "by"), (("to",), "by"),
    (("deadline",), "by"), (("before",), "before"),
    (("from",), "from"), (("since",), "from"), (("starting",), "from"), (("starts",), "from"),
    (("start",), "from"), (("commencing",), "from"), (("commences",), "from"), (("commence",), "from"),
    (("beginning",), "from"), (("begins",), "from"), (("begin",), "from"),
    (("after",), "after"), (("between",), "between"),
    (("in",), ""), (("during",), ""), (("over",), ""), (("throughout",), ""), (("across",), ""),
    (("within",), ""), (("for",), ""), (("at",), ""), (("due",), ""), (("target",), ""), (("the",), ""),
    (("approx",), ""), (("approximately",), ""), (("circa",), ""), (("c",), ""), (("around",), ""),
    (("about",), ""), (("estimated",), ""), (("expected",), ""),
)  # fmt: skip
#: The prefixes by their first word, in the order above, so ``_Parser.expr`` tries only those that can match.
_PREFIXES_BY_WORD: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    first: tuple(p for p in _PREFIXES if p[0][0] == first) for first in dict.fromkeys(w[0] for w, _ in _PREFIXES)
}
#: After a date (optionally behind "-", "," or "("): no end, ongoing.
_OPEN_PHRASES: tuple[tuple[str, ...], ...] = (
    ("and", "beyond"), ("onwards",), ("onward",), ("ongoing",), ("on", "-", "going"), ("on", "going"),
    ("beyond",), ("continuing",), ("+",),
)  # fmt: skip

_ONGOING_WORDS = frozenset({
    "ongoing", "continuous", "continuously", "continuing", "continual", "rolling", "underway", "bau",
    "annually", "quarterly", "monthly", "weekly", "regularly", "recurring",
})  # fmt: skip
_ONGOING_PHRASES: tuple[tuple[str, ...], ...] = (
    ("on", "-", "going"), ("on", "going"), ("in", "progress"), ("under", "way"), ("business", "as", "usual"),
)  # fmt: skip
_DONE_WORDS = frozenset({"completed", "complete", "done", "achieved", "delivered", "finished"})
_NEGATORS = frozenset({"not", "yet", "partially", "partly", "part", "nearly", "almost", "largely", "mostly"})
_FUTURE = frozenset({"be", "to", "will", "being", "when", "once", "should", "must", "until", "awaiting"})
_DEADLINE_NEXT = frozenset({"by", "before", "within", "no", "not", "until", "prior"})
_TENTATIVE_WORDS = frozenset({
    "tbc", "tbd", "tba", "provisional", "provisionally", "tentative", "tentatively", "indicative", "approx",
    "approximately", "circa", "around", "about", "estimated", "expected", "anticipated", "proposed",
})  # fmt: skip
#: Words that may sit beside a date without the cell needing an ``extra_text`` flag.
_FILLER_WORDS = frozenset({
    "and", "the", "of", "in", "during", "over", "throughout", "across", "within", "for", "a", "at", "on",
    "by", "to", "be", "will", "then", "or", "is", "target", "date", "dates", "timescale", "due", "from",
    "until", "as",
})  # fmt: skip

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = "\u2018\u2019\u02bc`\u00b4"
_FOLD = str.maketrans({**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_QUOTES, "'")})
_LABEL_EDGES = "-:;,.()[]/&|*\u2022" + _DASHES
#: Joining words at either end of a label. The trailing branch may only start where a run of non-word
#: characters starts (``(?<!\W)``): otherwise a long run of dashes is re-scanned from every position in it.
#: Matches are the same as without the lookbehind (a match never starts inside such a run).
_JOINERS_RE = re.compile(r"^(?:(?:and|then|or)\b\W*)+|(?<!\W)(?:\W*\b(?:and|then|or))+$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# Tokens

_SPACE_RE = re.compile(r"\s+")
_ISO_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?![0-9])")
_DMY_RE = re.compile(r"([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?![0-9])")
_DMY_DASH_RE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})(?![0-9])")
_FY_RE = re.compile(r"([0-9]{4})(?:\s*/\s*|-)([0-9]{4}|[0-9]{2})(?![0-9])")
_MY_RE = re.compile(r"([0-9]{1,2})/([0-9]{4})(?![0-9])")
_YY_RE = re.compile(r"'([0-9]{2})(?![0-9])")
_NUM_RE = re.compile(r"([0-9]+)(st|nd|rd|th)?")
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@dataclass(frozen=True)
class _Tok:
    """A token of the normalised text; ``start``/``end`` index the raw text too (normalising keeps length)."""

    kind: str  # word, num, sym, date (d/m/y), fy (financial year), my (month/year), yy ('24)
    text: str
    start: int
    end: int
    n: int = 0  # the number, for num tokens
    year: int = 0  # for date, fy (its first year), my and yy tokens
    month: int = 0
    day: int = 0
    width: int = 0  # digits in a num token
    ordinal: bool = False  # 1st, 2nd, 3rd, 31st


def _normalise(raw: str) -> str:
    """Lower-case, with every dash as "-" and curly quotes straight, keeping one character per character.

    Keeping the length means token positions index the raw text, so labels come back exactly as written.
    Done in C when lower-casing keeps every character single (almost always); else a character at a time.
    """
    fast = raw.translate(_FOLD).lower()
    # Same length: no character lower-cased to two, so each maps to one. A capital sigma is the one letter
    # str.lower() cases by its neighbours (final "ς"), which lower-casing one character alone does not.
    if len(fast) == len(raw) and "\u03a3" not in raw:
        return fast
    out = []
    for ch in raw:
        if ch in _DASHES:
            out.append("-")
        elif ch in _QUOTES:
            out.append("'")
        else:
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
    return "".join(out)


def _tokenise(s: str) -> list[_Tok]:
    """Split normalised text into tokens; numeric dates and financial years become single tokens."""
    toks: list[_Tok] = []
    i = 0
    while i < len(s):
        if s[i].isspace():
            space = _SPACE_RE.match(s, i)
            i = space.end() if space else i + 1
            continue
        tok = _token_at(s, i)
        toks.append(tok)
        i = tok.end
    return toks


def _token_at(s: str, i: int) -> _Tok:
    """The token starting at ``i`` (always at least one character long)."""
    if "0" <= s[i] <= "9":
        if m := _ISO_RE.match(s, i):
            return _Tok("date", m.group(), i, m.end(), year=int(m[1]), month=int(m[2]), day=int(m[3]))
        if m := _DMY_RE.match(s, i):
            year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
            return _Tok("date", m.group(), i, m.end(), year=year, month=int(m[3]), day=int(m[1]))
        if m := _DMY_DASH_RE.match(s, i):
            return _Tok("date", m.group(), i, m.end(), year=int(m[3]), month=int(m[2]), day=int(m[1]))
        m = _FY_RE.match(s, i)
        if m and _consecutive(int(m[1]), m[2]):
            return _Tok("fy", m.group(), i, m.end(), year=int(m[1]))
        if m := _MY_RE.match(s, i):
            return _Tok("my", m.group(), i, m.end(), year=int(m[2]), month=int(m[1]))
        num = _NUM_RE.match(s, i)
        if num:
            digits = num[1]
            return _Tok("num", num.group(), i, num.end(), n=int(digits), width=len(digits), ordinal=bool(num[2]))
    if s[i] == "'" and (m := _YY_RE.match(s, i)):
        return _Tok("yy", m.group(), i, m.end(), year=2000 + int(m[1]))
    if m := _WORD_RE.match(s, i):
        return _Tok("word", m.group(), i, m.end())
    return _Tok("sym", s[i], i, i + 1)


def _consecutive(first: int, second: str) -> bool:
    """Whether "first/second" names a financial year: 2024/25 or 2024/2025, never 2020/2022."""
    if not _FIRST_YEAR <= first <= _LAST_YEAR:
        return False
    if len(second) == 2:
        return int(second) == (first + 1) % 100
    return int(second) == first + 1


# --------------------------------------------------------------------------------------------------
# Grammar: a cell is a sequence of expressions (dates, with prefixes, ranges and suffixes) and other words.


@dataclass
class _Atom:
    """One period as written: a year, financial year, quarter, season, month or day, maybe without a year.

    ``year`` is None when the cell leaves it to be taken from a neighbouring date or inferred;
    ``frame`` says how the year is read: "cal", "fy" (``year`` is the financial year's first year) or
    "nat" (an inferred year: financial for quarters, calendar otherwise).
    """

    kind: str  # year, fy, quarter, season, month, day
    year: int | None = None
    frame: str = "cal"
    month: int = 0
    day: int = 0
    season: int = 0  # first month of the season
    quarter: int = 0
    mod: str = ""  # early, mid, late, end
    bad: bool = False  # looks like a date but cannot honestly be read (31 February, "next March", FY 2024)
    weak: bool = False  # a bare "may", which is more often the verb


@dataclass
class _Expr:
    """A date expression: a period or a range of two, with what the words around it do to it."""

    left: _Atom
    right: _Atom | None
    first: int  # token indexes [first, last)
    last: int
    mode: str = ""  # "", by, before, from, after, between
    open_end: bool = False  # "onwards", "- ongoing"
    ongoing: bool = False  # "Ongoing during 2023"
    atoms: list[_Atom] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.atoms = [self.left] if self.right is None else [self.left, self.right]


class _Parser:
    """Recursive descent over tokens; every method returns None (and consumes nothing) on no match."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.words = sum(t.kind == "word" for t in toks)

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def text(self, i: int) -> str:
        t = self.tok(i)
        return t.text if t is not None else ""

    def phrase(self, i: int, words: tuple[str, ...]) -> int | None:
        """The index after ``words`` if they occur at ``i``."""
        for k, w in enumerate(words):
            if self.text(i + k) != w:
                return None
        return i + len(words)

    # expressions ---------------------------------------------------------------------------------

    def expr(self, i: int) -> _Expr | None:
        j, mode, ongoing, prefixed = i, "", False, False
        for _ in range(8):
            got = self._prefix(j)
            if got is None:
                break
            j, kind = got
            prefixed = True
            if kind == "ongoing":
                ongoing = True
            elif kind:
                mode = kind
            if self.text(j) in {":", "-", ",", "."}:
                j += 1
        right: _Atom | None = None
        open_end = False
        left_got = self.atom(j)
        if left_got is None:
            pair = self._bare_day_range(j)
            if pair is None:
                return None
            left, right, j = pair
        else:
            left, j = left_got
            right_got = self._range_right(j, between=mode == "between")
            while right_got is not None:
                right, j = right_got
                # "April/May/June 2024" is one span; other connectors do not chain.
                right_got = self.atom(j + 1) if self.text(j) == "/" else None
        if right is None:
            k = self._open(j)
            if k is not None:
                open_end, j = True, k
        if left.weak and right is None and not (open_end or prefixed) and self.words > 1:
            listed = self.text(j) in _LIST_SEPARATORS and self.atom(j + 1) is not None
            if not (listed or self.text(i - 1) in _LIST_SEPARATORS):
                return None
        return _Expr(left, right, i, j, mode, open_end, ongoing)

    def _prefix(self, j: int) -> tuple[int, str] | None:
        for words, kind in _PREFIXES_BY_WORD.get(self.text(j), ()):
            k = self.phrase(j, words)
            if k is None:
                continue
            if words[0] in {"start", "beginning", "begin"} and self.text(k) == "of":
                continue  # "start of 2025" is a modifier, read by atom()
            return k, kind
        return None

    def _range_right(self, j: int, *, between: bool) -> tuple[_Atom, int] | None:
        connector = self.text(j)
        if connector in _RANGE_SYMS or connector in _RANGE_WORDS or (between and connector in {"and", "&"}):
            return self.atom(j + 1)
        return None

    def _bare_day_range(self, j: int) -> tuple[_Atom, _Atom, int] | None:
        """ "1 – 15 March 2024": the first day takes its month (and year) from the second."""
        t = self.tok(j)
        if t is None or t.kind != "num" or not 1 <= t.n <= 31 or t.width > 2:
            return None
        if self.text(j + 1) not in _RANGE_SYMS | _RANGE_WORDS:
            return None
        got = self.atom(j + 2)
        if got is None or got[0].kind != "day" or got[0].mod:
            return None
        right, k = got
        return _Atom("day", month=right.month, day=t.n), right, k

    def _open(self, j: int) -> int | None:
        starts = [j] + ([j + 1] if self.text(j) in {"-", ",", "("} else [])
        for s in starts:
            for words in _OPEN_PHRASES:
                k = self.phrase(s, words)
                if k is not None:
                    return k + 1 if self.text(s - 1) == "(" and self.text(k) == ")" else k
        return None

    # atoms ---------------------------------------------------------------------------------------

    def atom(self, i: int) -> tuple[_Atom, int] | None:
        j = i + (self.text(i) == "the")
        mod = ""
        w = self.text(j)
        if w in {"early", "mid", "late"}:
            mod, j = w, j + 1
            if self.text(j) in {"-", "of"}:
                j += 1
        elif w in {"middle", "start", "beginning"} and self.text(j + 1) == "of":
            mod, j = ("mid" if w == "middle" else "early"), j + 2
        elif w == "end":
            mod, j = "end", j + 1
            if self.text(j) in {"of", "-"}:
                j += 1
        if mod and self.text(j) == "the":
            j += 1
        got = self._base(j)
        if got is None:
            return None
        atom, k = got
        if atom.kind == "fy" and atom.year is None and mod not in {"end", "early"}:
            return None  # a bare "financial year" is a phrase, not a date
        atom.mod = mod
        if atom.year is None and self.text(i - 1) in _RELATIVE:
            atom.bad = True  # "next March", "this summer": relative to an unstated now
        return atom, k

    def _base(self, j: int) -> tuple[_Atom, int] | None:
        t = self.tok(j)
        if t is None:
            return None
        if t.kind == "date":
            bad = not _valid(t.year, t.month, t.day)
            return _Atom("day", year=t.year, month=t.month, day=t.day, bad=bad), j + 1
        if t.kind == "my":
            return _Atom("month", year=t.year, month=t.month, bad=not 1 <= t.month <= 12), j + 1
        if t.kind == "fy":
            return self._after_fy(t.year, j + 1)
        if t.kind == "yy":
            return _Atom("year", year=t.year), j + 1
        if t.kind == "num":
            if self._is_year(j):
                return _Atom("year", year=t.n), j + 1
            pair = self._year_at(j, two_digit=True) if t.width == 2 else None
            if pair is not None and pair[1] == "fy":
                return self._after_fy(pair[0], pair[2])  # "24/25"
            return self._day_first(j)
        if t.kind != "word":
            return None
        if t.text in _MONTHS:
            return self._month(j)
        if t.text in _SEASONS:
            year = self._year(j + 1, two_digit=True)
            if year is None:
                return _Atom("season", season=_SEASONS[t.text]), j + 1
            return _Atom("season", year=year[0], frame=year[1], season=_SEASONS[t.text]), year[2]
        if t.text in {"q", "quarter"}:
            return self._quarter(j)
        k = self._fy_words(j)
        if k is not None:
            year = self._year(k, two_digit=True)
            if year is None:
                return self._after_fy(None, k)
            if year[1] != "fy":  # "FY 2024": the year starting or ending in 2024?
                return _Atom("fy", year=year[0], frame="fy", bad=True), year[2]
            return self._after_fy(year[0], year[2])
        if t.text == "calendar" and self.text(j + 1) == "year" and self._is_year(j + 2):
            return _Atom("year", year=self.toks[j + 2].n), j + 3
        return None

    def _month(self, j: int) -> tuple[_Atom, int]:
        word = self.text(j)
        month, k = _MONTHS[word], j + 1
        if self.text(k) == ".":
            k += 1
        day = 0
        t = self.tok(k)
        if t is not None and t.kind == "num" and 1 <= t.n <= 31 and t.width <= 2:
            after = k + 1 + (self.text(k + 1) == ",")
            if t.ordinal or self._is_year(after):
                day, k = t.n, k + 1
        kind = "day" if day else "month"
        year = self._year(k, two_digit=not day)
        if year is None:
            return _Atom(kind, month=month, day=day, weak=word == "may" and not day), k
        return _Atom(kind, year=year[0], frame=year[1], month=month, day=day), year[2]

    def _day_first(self, j: int) -> tuple[_Atom, int] | None:
        t = self.toks[j]
        if not 1 <= t.n <= 31 or t.width > 2:
            return None
        k = j + 1 + (self.text(j + 1) == "of")
        if self.text(k) not in _MONTHS:
            return None
        month, k = _MONTHS[self.text(k)], k + 1
        if self.text(k) == ".":
            k += 1
        year = self._year(k, two_digit=True)
        if year is None:
            return _Atom("day", month=month, day=t.n), k
        return _Atom("day", year=year[0], frame=year[1], month=month, day=t.n), year[2]

    def _quarter_number(self, j: int) -> tuple[int, int] | None:
        if self.text(j) not in {"q", "quarter"}:
            return None
        t = self.tok(j + 1)
        if t is None or t.kind != "num" or t.ordinal or t.width != 1 or not 1 <= t.n <= 4:
            return None
        return t.n, j + 2

    def _quarter(self, j: int) -> tuple[_Atom, int] | None:
        got = self._quarter_number(j)
        if got is None:
            return None
        quarter, k = got
        fy_k = self._fy_words(k)
        year = self._year(k if fy_k is None else fy_k, two_digit=True)
        if year is None:
            return _Atom("quarter", quarter=quarter), k
        bad = fy_k is not None and year[1] != "fy"
        return _Atom("quarter", year=year[0], frame=year[1], quarter=quarter, bad=bad), year[2]

    def _after_fy(self, year: int | None, k: int) -> tuple[_Atom, int]:
        """A financial year just read; it may be followed by "financial year" and by a quarter."""
        after_words = self._fy_words(k)
        if after_words is not None:
            k = after_words
        got = self._quarter_number(k)
        if got is not None:
            return _Atom("quarter", year=year, frame="fy", quarter=got[0]), got[1]
        return _Atom("fy", year=year, frame="fy"), k

    def _fy_words(self, j: int) -> int | None:
        if self.text(j) == "fy":
            return j + 1
        if self.text(j) in {"financial", "fiscal", "fin"} and self.text(j + 1) == "year":
            return j + 2
        return None

    def _year(self, k: int, *, two_digit: bool) -> tuple[int, str, int] | None:
        """A year at ``k`` (possibly after ",", "of", or "-" before two digits): (year, frame, next index)."""
        got = self._year_at(k, two_digit=two_digit)
        if got is not None:
            return got
        if self.text(k) in {",", "of"}:
            return self._year_at(k + 1, two_digit=two_digit)
        nxt = self.tok(k + 1)
        if two_digit and self.text(k) == "-" and nxt is not None and nxt.kind == "num" and nxt.width == 2:
            return self._year_at(k + 1, two_digit=True)
        return None

    def _year_at(self, k: int, *, two_digit: bool) -> tuple[int, str, int] | None:
        t = self.tok(k)
        if t is None:
            return None
        if t.kind == "fy":
            after_words = self._fy_words(k + 1)
            return t.year, "fy", k + 1 if after_words is None else after_words
        if t.kind == "yy":
            return t.year, "cal", k + 1
        if t.kind != "num" or t.ordinal:
            return None
        if self._is_year(k):
            return t.n, "cal", k + 1
        if not two_digit or t.width != 2:
            return None
        nxt = self.tok(k + 2)
        if (
            self.text(k + 1) == "/"
            and nxt is not None
            and nxt.kind == "num"
            and nxt.width == 2
            and not nxt.ordinal
            and nxt.n == (t.n + 1) % 100
        ):
            return 2000 + t.n, "fy", k + 3  # "Q3 24/25"
        if self.text(k + 1) in _MONTHS or self.text(k + 1) in _SEASONS:
            return None  # "April - 25 June": a day, not a year
        return 2000 + t.n, "cal", k + 1

    def _is_year(self, k: int) -> bool:
        t = self.tok(k)
        return (
            t is not None
            and t.kind == "num"
            and not t.ordinal
            and t.width == 4
            and _FIRST_YEAR <= t.n <= _LAST_YEAR
            and self.text(k - 1) not in _CURRENCY
            and self.text(k + 1) != "%"
        )


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------------------------
# Dates

_Placed = tuple[dt.date, dt.date, int, str]  # start, end, and the (year, frame) used to place the atom
_Span = tuple[dt.date | None, dt.date | None, bool]  # start, end, ongoing


def _month_add(year: int, month: int, k: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + k, 12)
    return y, m + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _place(atom: _Atom, year: int, frame: str) -> _Placed:
    """The dates ``atom`` covers when read with ``year`` in ``frame``. Raises ValueError if impossible."""
    if frame == "nat":
        frame = "fy" if atom.kind in {"quarter", "fy"} else "cal"
    if atom.kind == "year":
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif atom.kind == "fy":
        start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    elif atom.kind in {"month", "day"}:
        y = year + 1 if frame == "fy" and atom.month < 4 else year
        if atom.kind == "day":
            start = end = dt.date(y, atom.month, atom.day)
        else:
            start, end = dt.date(y, atom.month, 1), _month_end(y, atom.month)
    else:
        if atom.kind == "season":
            sy, sm = (year + 1 if frame == "fy" and atom.season < 4 else year), atom.season
        elif frame == "fy":
            sy, sm = _month_add(year, 4, 3 * (atom.quarter - 1))
        else:
            sy, sm = year, 1 + 3 * (atom.quarter - 1)
        start, end = dt.date(sy, sm, 1), _month_end(*_month_add(sy, sm, 2))
    if atom.mod == "end":
        start = end
    elif atom.mod and atom.kind != "day":
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months >= 3 and months % 3 == 0:
            third = months // 3
            offset = {"early": 0, "mid": 1, "late": 2}[atom.mod] * third
            sy, sm = _month_add(start.year, start.month, offset)
            start, end = dt.date(sy, sm, 1), _month_end(*_month_add(sy, sm, third - 1))
    return start, end, year, frame


def _before(atom: _Atom, neighbour: _Placed) -> _Placed:
    """Place a year-less atom written before ``neighbour``: same year, or the one before if it must be."""
    placed = _place(atom, neighbour[2], neighbour[3])
    return _place(atom, neighbour[2] - 1, neighbour[3]) if placed[0] > neighbour[0] else placed


def _after(atom: _Atom, neighbour: _Placed) -> _Placed:
    """Place a year-less atom written after ``neighbour``: same year, or the one after if it must be."""
    placed = _place(atom, neighbour[2], neighbour[3])
    return _place(atom, neighbour[2] + 1, neighbour[3]) if placed[1] < neighbour[0] else placed


def _resolve(exprs: list[_Expr], default: tuple[int, str] | None) -> tuple[list[_Span], bool]:
    """Dates for every expression, and whether a quarter was read against a calendar year.

    An atom without a year takes it from the other end of its range, else from the nearest following
    date, else the nearest preceding one ("Working Group – March, Final – October 2024"), adjusting by a
    year where the order demands ("November – January 2025"). ``default`` is used only when no atom has a
    year, and is given to the last one. Raises ValueError for impossible dates.
    """
    atoms = [a for e in exprs for a in e.atoms]
    placed: list[_Placed | None] = [None if a.year is None else _place(a, a.year, a.frame) for a in atoms]
    i = 0
    for e in exprs:
        if e.right is not None:
            left, right = placed[i], placed[i + 1]
            if left is not None and right is None:
                placed[i + 1] = _after(atoms[i + 1], left)
            elif right is not None and left is None:
                placed[i] = _before(atoms[i], right)
        i += len(e.atoms)
    if all(p is None for p in placed):
        if default is None:
            raise ValueError("no year anywhere in the cell")
        placed[-1] = _place(atoms[-1], *default)
    for k in range(len(atoms) - 2, -1, -1):
        following = placed[k + 1]
        if placed[k] is None and following is not None:
            placed[k] = _before(atoms[k], following)
    for k in range(1, len(atoms)):
        preceding = placed[k - 1]
        if placed[k] is None and preceding is not None:
            placed[k] = _after(atoms[k], preceding)
    done = [p for p in placed if p is not None]
    ambiguous = any(a.kind == "quarter" and p[3] == "cal" for a, p in zip(atoms, done, strict=True))
    spans: list[_Span] = []
    i = 0
    for e in exprs:
        left_placed = done[i]
        right_end = done[i + 1][1] if e.right is not None else None
        spans.append(_expr_span(e, left_placed[0], left_placed[1], right_end))
        i += len(e.atoms)
    return spans, ambiguous


def _expr_span(e: _Expr, start: dt.date, left_end: dt.date, right_end: dt.date | None) -> _Span:
    """Apply the expression's prefix or suffix to its dates: "by" drops the start, "from" the end."""
    end = right_end if right_end is not None else left_end
    ranged = e.right is not None
    one_day = dt.timedelta(days=1)
    if e.open_end:
        return start, None, True
    if e.mode == "by":
        return None, end, e.ongoing
    if e.mode == "before":
        return None, end if ranged or e.left.mod == "end" else start - one_day, e.ongoing
    if e.mode == "from" and not ranged:
        return start, None, True
    if e.mode == "after":
        return left_end + one_day, right_end, e.ongoing or not ranged
    if e.left.mod == "end" and not ranged:
        return None, end, e.ongoing  # "End of June 2025" is a deadline
    return start, end, e.ongoing


def _overall(spans: list[_Span]) -> tuple[dt.date | None, dt.date | None]:
    """The whole cell's span: earliest start and latest end, unless an open side makes one unknowable."""
    if len(spans) == 1:
        return spans[0][0], spans[0][1]
    starts = [s for s, _, _ in spans if s is not None]
    ends = [e for _, e, _ in spans if e is not None]
    start = min(starts) if starts else None
    end = max(ends) if ends else None
    if start is not None and any(s is None and e is not None and e < start for s, e, _ in spans):
        start = None  # a deadline falls before every known start: the real start is earlier, unknown
    if end is not None and any(e is None and s is not None and s > end for s, e, _ in spans):
        end = None  # an open-ended item starts after every known end: the real end is later, unknown
    return start, end


def _infer(exprs: list[_Expr], reference: dt.date) -> tuple[list[_Span], bool] | None:
    """Try years from the one before the plan's onwards; keep the first not wholly before the plan date."""
    for year in range(reference.year - 1, reference.year + 5):
        try:
            spans, ambiguous = _resolve(exprs, (year, "nat"))
        except (ValueError, OverflowError):
            continue  # e.g. 29 February in a year that has none
        start, end = _overall(spans)
        key = end if end is not None else start
        if key is not None and key >= reference:
            return spans, ambiguous
    return None


# --------------------------------------------------------------------------------------------------
# The cell as a whole


def _scan(toks: list[_Tok], indexes: list[int]) -> tuple[bool, bool, bool]:
    """Words outside the dates: (says ongoing, says completed, has words that were not understood)."""
    ongoing = completed = extra = False
    wanted = set(indexes)
    skip: set[int] = set()
    for i in indexes:
        if i in skip:
            continue
        t = toks[i]
        for words in _ONGOING_PHRASES:
            span = range(i, i + len(words))
            if all(k in wanted and toks[k].text == w for k, w in zip(span, words, strict=True)):
                ongoing = True
                skip.update(span)
                break
        else:
            if t.kind == "sym":
                continue
            if t.text in _ONGOING_WORDS:
                ongoing = True
            elif t.text in _DONE_WORDS:
                before = toks[i - 1].text if i > 0 else ""
                after = toks[i + 1].text if i + 1 < len(toks) else ""
                if before in _NEGATORS:
                    extra = True  # "not complete", "partially completed"
                elif before not in _FUTURE and after not in _DEADLINE_NEXT:
                    completed = True  # but not "to be completed", "complete by March 2025"
            elif t.text not in _TENTATIVE_WORDS and t.text not in _FILLER_WORDS:
                extra = True
    return ongoing, completed, extra


def _tentative(toks: list[_Tok]) -> bool:
    for i, t in enumerate(toks):
        if t.text == "?" or t.text in _TENTATIVE_WORDS:
            return True
        if t.text == "c" and i + 1 < len(toks) and toks[i + 1].text == ".":
            return True  # "c. March 2024" (circa), but not the c of "w/c"
    return False


def _clean_label(text: str) -> str:
    """A milestone's label without the dashes, colons and joining words around it."""
    previous = None
    while previous != text:
        previous = text
        text = _JOINERS_RE.sub("", text.strip().strip(_LABEL_EDGES))
    return text


def _labels(raw: str, toks: list[_Tok], exprs: list[_Expr]) -> tuple[list[str], str]:
    """Each expression's label and any trailing text left over.

    Labels normally come before their dates ("Working Group – March 2024 Final strategy – October 2024");
    when the cell starts with a date and ends with words, they come after ("March 2024 – draft; ...").
    """
    bounds = [(toks[e.first].start, toks[e.last - 1].end) for e in exprs]
    gaps = [raw[: bounds[0][0]]]
    gaps += [raw[bounds[k - 1][1] : bounds[k][0]] for k in range(1, len(bounds))]
    gaps.append(raw[bounds[-1][1] :])
    clean = [_clean_label(g) for g in gaps]
    if clean[0] or not clean[-1]:
        return clean[:-1], clean[-1]
    return clean[1:], ""


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(f for f in FLAG_DESCRIPTIONS if f in flags)


def _interpret(raw: str, reference: dt.date | None) -> Timescale:
    toks = _tokenise(_normalise(raw))
    parser = _Parser(toks)
    exprs: list[_Expr] = []
    others: list[int] = []
    i = 0
    while i < len(toks):
        e = parser.expr(i)
        if e is None:
            others.append(i)
            i += 1
        else:
            exprs.append(e)
            i = e.last
    flags: set[str] = {"tentative"} if _tentative(toks) else set()
    said_ongoing, completed, extra = _scan(toks, others) if len(exprs) <= 1 else (False, False, False)
    ongoing = said_ongoing or any(e.ongoing for e in exprs)

    def undated(*more: str) -> Timescale:
        return Timescale(raw, None, None, ongoing, completed, _ordered(flags | set(more)))

    if not exprs:
        if not (ongoing or completed):
            return undated("unparsed")
        return undated("extra_text") if extra else undated()
    if any(a.bad for e in exprs for a in e.atoms):
        return undated("unparsed")
    try:
        if any(a.year is not None for e in exprs for a in e.atoms):
            spans, ambiguous = _resolve(exprs, None)
        elif reference is None:
            return undated("no_year", "unparsed")
        else:
            inferred = _infer(exprs, reference)
            if inferred is None:
                return undated("no_year", "unparsed")
            spans, ambiguous = inferred
            flags |= {"no_year", "year_inferred"}
    except (ValueError, OverflowError):
        return undated("unparsed")  # an impossible date such as 31 February 2024

    if ambiguous:
        flags.add("ambiguous_quarter")
    start, end = _overall(spans)
    ongoing = ongoing or any(s[2] for s in spans)
    milestones: tuple[Milestone, ...] = ()
    if len(exprs) > 1:
        labels, trailing = _labels(raw, toks, exprs)
        milestones = tuple((label, s, e) for label, (s, e, _) in zip(labels, spans, strict=True))
        if "" in labels:
            flags.add("multiple")
        if trailing:
            flags.add("extra_text")
    elif extra:
        flags.add("extra_text")
    reversed_span = any(s is not None and e is not None and e < s for s, e, _ in spans)
    if reversed_span or (start is not None and end is not None and end < start):
        flags.add("end_before_start")
    key = end if end is not None else start
    if reference is not None and key is not None and key < reference:
        flags.add("before_plan_date")
    return Timescale(raw, start, end, ongoing, completed, _ordered(flags), milestones)


# --------------------------------------------------------------------------------------------------
# Financial-year quarters, for charts of what falls due when.


def financial_quarter(day: dt.date) -> str:
    """The UK financial-year quarter a date falls in, labelled as councils write it: "2024/25 Q1".

    Financial years run 1 April to 31 March, so Q1 is April–June and Q4 is January–March of the next
    calendar year. Labels sort in time order as plain strings, which keeps chart axes simple.

    >>> financial_quarter(dt.date(2024, 4, 1)), financial_quarter(dt.date(2025, 3, 31))
    ('2024/25 Q1', '2024/25 Q4')
    >>> financial_quarter(dt.date(1999, 12, 1))
    '1999/00 Q3'
    """
    first_year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{first_year}/{(first_year + 1) % 100:02d} Q{quarter}"


def financial_quarters_between(first: dt.date, last: dt.date) -> list[str]:
    """Every quarter label from ``first``'s to ``last``'s, inclusive and in order, gaps included.

    Charts of load over time need the empty quarters too, or a quiet quarter silently disappears.

    >>> financial_quarters_between(dt.date(2024, 2, 1), dt.date(2024, 7, 1))
    ['2023/24 Q4', '2024/25 Q1', '2024/25 Q2']
    """
    if last < first:
        return []
    labels: list[str] = []
    year, month = first.year, first.month - (first.month - 1) % 3  # first month of the calendar quarter
    while dt.date(year, month, 1) <= last:
        labels.append(financial_quarter(dt.date(year, month, 1)))
        year, month = _month_add(year, month, 3)
    return labels
