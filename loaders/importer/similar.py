"""How alike two passages are, ignoring case, punctuation and spacing (for matching and de-duplication)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def alike(a: str | None, b: str | None, threshold: float) -> bool:
    """``similar(a, b) >= threshold``, cheaply when they are not: SequenceMatcher's two upper bounds first.

    The importer compares every new passage with every recommendation found so far; a hostile document with
    thousands of numbered lines made that thousands squared full comparisons.
    """
    left, right = words(a)[:400], words(b)[:400]
    if not left or not right:
        return threshold <= 0
    if min(len(left), len(right)) * 2 / (len(left) + len(right)) < threshold:  # real_quick_ratio, inlined
        return False
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


def similar(a: str | None, b: str | None) -> float:
    """0..1: SequenceMatcher ratio on the word sequences (bounded: texts are cut at 400 words)."""
    left, right = words(a)[:400], words(b)[:400]
    if not left or not right:
        return 0.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()
