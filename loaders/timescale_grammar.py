"""The grammar of a timescale cell: expressions (dates with their prefixes, ranges and suffixes) among other
words, read from tokens by a small recursive-descent :class:`_Parser`.

It only recognises what was written (an atom may lack its year); placing atoms on the calendar is
:mod:`loaders.timescale_dates`'s job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from loaders.timescale_tokens import _Tok
from loaders.timescale_words import (
    _CURRENCY,
    _FIRST_YEAR,
    _LAST_YEAR,
    _LIST_SEPARATORS,
    _MONTHS,
    _OPEN_FREQUENCIES,
    _OPEN_JOINERS,
    _OPEN_PHRASES,
    _PREFIXES_BY_WORD,
    _RANGE_SYMS,
    _RANGE_WORDS,
    _RELATIVE,
    _SEASONS,
)

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
        """The index after an open-ended suffix at ``j`` ("onwards", "- ongoing", "and ongoing", "and annually
        thereafter"), or None. A fixed number of tries at fixed offsets, so reading stays linear in the cell."""
        starts = [j] + [k for joiner in _OPEN_JOINERS if (k := self.phrase(j, joiner)) is not None]
        starts += [s + 1 for s in starts if self.text(s) in _OPEN_FREQUENCIES]
        for s in starts:
            for words in _OPEN_PHRASES:
                k = self.phrase(s, words)
                if k is not None:
                    return k + 1 if self.text(j) == "(" and self.text(k) == ")" else k
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
