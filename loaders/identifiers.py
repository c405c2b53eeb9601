"""Recommendation numbers as keys: the one place a source's own prefix ("R1", "Rec 4.1", "Recommendation 3")
is taken off, so ids, references and every "R<number>" label agree (no ``…-rR1`` shown as "RR1").

The number as written stays in the plan file and in the frame's ``number_raw`` column; only the key is
normalised. A number without such a prefix is returned unchanged (stripped), so existing ids do not move.

Read by a single left-to-right scan, not a regular expression: the old pattern's three optional runs of
spaces (``\\s*\\.?\\s*...\\s*``) backtracked over every way of splitting a long run of spaces between them
("R" and 16,000 spaces took minutes); the scan looks at each character once.
"""

from __future__ import annotations

#: The prefix words, longest first so "Recommendation" is not read as "R" + "ecommendation".
_PREFIX_WORDS = ("recommendation", "rec", "r")
#: Words for "number" that may follow the prefix ("Recommendation no. 7", "Rec number 2").
_NUMBER_WORDS = ("number", "no")
#: What may stand between the prefix (or its "no.") and the digits: spaces, a full stop, a colon, a hash, a
#: hyphen or dash ("Rec. 2", "R: 3", "Recommendation #1", "R-1", "Rec – 4").
_SEPARATORS = frozenset(" \t\n\r\f\v\u00a0\u2007\u202f.:#-\u2010\u2011\u2012\u2013\u2014\u2212")


def _skip_separators(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SEPARATORS:
        i += 1
    return i


def _after_word(lower: str, i: int, words: tuple[str, ...]) -> int:
    """The index after one of ``words`` at ``i`` when it is a whole word (no letter follows), else ``i``."""
    for word in words:
        end = i + len(word)
        if lower.startswith(word, i) and not (end < len(lower) and lower[end].isalpha()):
            return end
    return i


def rec_number(number: str) -> str:
    """``number`` without a recommendation prefix: ``"R1"`` -> ``"1"``, ``"Rec 4.1"`` -> ``"4.1"``.

    The prefix counts only when digits follow it (after spaces, ".", ":", "#", a dash or "no."): "Rural 1",
    "RA1" and a bare "R" are returned as written.

    >>> [rec_number(n) for n in ("R1", "r12", "Rec. 2", "Recommendation no. 7", "R-3", "4.1", "Rural 1")]
    ['1', '12', '2', '7', '3', '4.1', 'Rural 1']
    """
    text = number.strip()
    lower = text.lower()
    for word in _PREFIX_WORDS:
        if lower.startswith(word):
            i = _skip_separators(text, len(word))
            j = _after_word(lower, i, _NUMBER_WORDS)
            if j != i:
                i = _skip_separators(text, j)
            if i < len(text) and text[i].isdecimal():
                return text[i:]
            return text  # a prefix word not followed by digits: not a prefix ("Rural 1", "RA1")
    return text
