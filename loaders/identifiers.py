"""Recommendation numbers as keys: the one place a source's own prefix ("R1", "Rec 4.1", "Recommendation 3")
is taken off, so ids, references and every "R<number>" label agree (no ``…-rR1`` shown as "RR1").

The number as written stays in the plan file and in the frame's ``number_raw`` column; only the key is
normalised. A number without such a prefix is returned unchanged (stripped), so existing ids do not move.
"""

from __future__ import annotations

import re

#: "R", "Rec", "Rec.", "Recommendation", "Recommendation no." (any case) directly before a digit.
_PREFIX = re.compile(r"^(?:recommendation|rec|r)\s*\.?\s*(?:no\.?|number|#)?\s*[.:]?\s*(?=\d)", re.IGNORECASE)


def rec_number(number: str) -> str:
    """``number`` without a recommendation prefix: ``"R1"`` -> ``"1"``, ``"Rec 4.1"`` -> ``"4.1"``."""
    text = number.strip()
    return _PREFIX.sub("", text, count=1)
