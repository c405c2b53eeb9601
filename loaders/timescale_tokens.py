"""Timescale cells as tokens: dashes and quotes folded, then numbers, dates, financial years and words.

Normalising keeps the text's length, so every token's ``start``/``end`` also index the raw cell (labels
between dates are cut from the raw text by these offsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.timescale_words import _DASHES, _FIRST_YEAR, _FOLD, _LAST_YEAR, _QUOTES

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
