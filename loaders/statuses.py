"""Action and step statuses as written -> one scale (loaders.constants.STATUS_SCALE), raw text kept beside it.

Councils write statuses in their own words ("Completed", "Delivered", "Amber", "now underway", "move to BAU");
a cross-council view needs one scale. The whole text is looked up first, then known phrases in a fixed order
(negations first, so "not complete" is never read as complete). Anything else is "unknown", never a guess.

>>> status_scale("Completed"), status_scale("Amber"), status_scale("now underway"), status_scale(None)
('complete', 'at risk', 'in progress', 'unknown')
"""

from __future__ import annotations

import re

from loaders.constants import STATUS_PHRASES, STATUS_VOCABULARY

UNKNOWN = "unknown"
COMPLETE = "complete"


def _clean(text: str) -> str:
    text = text.replace("’", "'").lower()
    text = re.sub(r"\s+", " ", text)
    return text.strip().strip(".!;:,'\"“”").strip()


def status_scale(raw: object) -> str:
    """The place of a raw status text on STATUS_SCALE; "unknown" when blank or not understood."""
    if not isinstance(raw, str) or not raw.strip():
        return UNKNOWN
    text = _clean(raw)
    if text in STATUS_VOCABULARY:
        return STATUS_VOCABULARY[text]
    padded = f" {re.sub(r'[^a-z/ ]+', ' ', text)} "
    padded = re.sub(r"\s+", " ", padded)
    for phrase, level in STATUS_PHRASES:
        if f" {phrase} " in padded:
            return level
    return UNKNOWN
