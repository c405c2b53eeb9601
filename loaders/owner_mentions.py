"""Owners named in an action's own text ("the Chief Executive will..."): the only owner information plans
without an owner column give.

Looks for the owner table's spellings as whole phrases; words too common in running text are left out.
"""

from __future__ import annotations

import re

from loaders.owner_names import _unique, canonical_owner
from loaders.owner_split import _clean_cell
from loaders.owner_table import _NOT_MENTIONS, CANONICAL_OWNERS, MAX_MENTION_TEXT_CHARS

# ---------------------------------------------------------------------------------------------------
# Owners mentioned in action text
# ---------------------------------------------------------------------------------------------------


def _mention_pattern(variant: str) -> re.Pattern[str]:
    """Regex for one table key in running text.

    Acronyms ("SLT", "ADs", "ED's") must match their capitals exactly, or "ads" would count; other
    titles must start with a capital (titles are capitalised in prose, "members of staff" is not a
    mention of councillors) but may differ in case after that.
    """
    words = [re.escape(word).replace("'", "['’]") for word in variant.replace(",", "").split()]
    body = r",?\s+".join(words)
    if " " not in variant and sum(c.isupper() for c in variant) >= 2:
        return re.compile(rf"(?<![\w'’]){body}(?![\w'’])")
    first, rest = body[0], body[1:]
    return re.compile(rf"(?<![\w'’]){first}(?i:{rest})(?![\w'’])")


#: A capitalised word that can continue a title in prose; months and "Ongoing" start a timescale.
_TITLE_WORD = (
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Ongoing)\b)"
    r"[A-Z][\w'’]*"
)

#: Titles not in the table, in prose: "Director of Place", "Head of Legal and Democratic Services".
_GENERIC_TITLE = re.compile(
    r"\b(?:(?:Executive|Assistant|Deputy|Strategic|Corporate) )?(?:Director|Head) of " + _TITLE_WORD
    + r"(?: (?:and|&) (?!(?:Director|Chief|Head|Leader|Cabinet)\b)" + _TITLE_WORD
    + r"| " + _TITLE_WORD + r")*"
)  # fmt: skip


def _anchor(variant: str) -> str:
    """Lower-case text every match of ``variant`` must contain: its first word, up to any apostrophe.

    A cheap substring test on it skips the regex scan for the hundreds of titles a text never mentions,
    which made this the slowest step of loading a national corpus.
    """
    return re.split("['’]", variant.replace(",", "").split()[0])[0].lower()


_MENTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *(
        (_anchor(variant), _mention_pattern(variant))
        for variant in sorted(CANONICAL_OWNERS, key=len, reverse=True)
        if variant not in _NOT_MENTIONS
    ),
    ("", _GENERIC_TITLE),
)


def mentioned_owners(action_text: str) -> list[str]:
    """Owners named in free action text, canonicalised, in order of first mention, without repeats.

    At each place the longest match wins, so "Governance Task Group" is not also "Task Group" and
    "Cabinet Member" is not also "Cabinet".

    >>> mentioned_owners("ED's and ADs to hold more directorate meetings to reduce items going to SLT.")
    ['Executive Directors', 'Assistant Directors', 'Senior Leadership Team']
    """
    if not action_text:
        return []
    text = _clean_cell(action_text[:MAX_MENTION_TEXT_CHARS])
    lowered = text.lower()
    found: list[tuple[int, int, str]] = []
    for anchor, pattern in _MENTION_PATTERNS:
        if anchor not in lowered:
            continue
        for match in pattern.finditer(text):
            found.append((match.start(), -(match.end() - match.start()), match.group()))
    found.sort()
    names: list[str] = []
    covered_to = -1
    for start, negative_length, phrase in found:
        if start < covered_to:
            continue
        covered_to = start - negative_length
        names.append(canonical_owner(phrase))
    return _unique(names)
