"""One canonical name per post: spelling variants mapped through the owner table, parenthesised remarks
dropped, "Director X" read as "Director of X", lower-case titles capitalised.

Idempotent (a canonical name maps to itself), so names can be re-normalised safely.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.owner_split import _PAREN_CHAR, _TRIM, _tidy
from loaders.owner_table import _WHITESPACE, CANONICAL_OWNERS, MAX_OWNER_CELL_CHARS, _key

# ---------------------------------------------------------------------------------------------------
# Canonical names
# ---------------------------------------------------------------------------------------------------


_LOOKUP: dict[str, str] = {_key(variant): canonical for variant, canonical in CANONICAL_OWNERS.items()}

#: Titles that say nothing on their own, so "Chief Officer (HR)" keeps its bracket as the qualifier.
_BARE_TITLES = frozenset(
    {
        "director", "deputy director", "assistant director", "executive director", "strategic director",
        "corporate director", "service director", "chief officer", "head of service", "head",
        "service manager", "lead officer",
    }
)  # fmt: skip

_DIRECTOR_WITHOUT_OF = re.compile(
    r"^((?:(?:joint|interim|acting)\s+)?(?:(?:executive|assistant|deputy|strategic|corporate|service)\s+)?"
    r"director)\s+(?!(?:of|for|general|and|or|the|to|in|on|at|by|with)\b)(?=[A-Za-z])",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _drop_remarks(owner: str) -> tuple[str, list[str]]:
    """Remove parenthesised remarks (nested or unclosed too) and return what was removed.

    Innermost remarks come first, in the order their ")" is written, and each removed remark leaves
    one space in the text around it: what repeatedly cutting out the leftmost innermost "(...)" gives,
    done in one pass with a stack (cutting them out one at a time re-scanned the whole text per
    bracket, which is quadratic on a cell of many brackets).
    """
    remarks: list[str] = []
    pieces: list[str] = []  # the text so far, each "(" still open as a piece of its own
    opened: list[int] = []  # where in ``pieces`` each open "(" is (ints, so deep nesting adds no GC work)
    position = 0
    for found in _PAREN_CHAR.finditer(owner):
        pieces.append(owner[position : found.start()])
        position = found.end()
        if found.group() == "(":
            opened.append(len(pieces))
            pieces.append("(")
        elif opened:
            start = opened.pop()
            remarks.append("".join(pieces[start + 1 :]).strip())
            del pieces[start:]
            pieces.append(" ")
        else:
            pieces.append(")")  # a ")" that closes nothing stays, and becomes a space below
    pieces.append(owner[position:])
    owner = "".join(pieces)  # unclosed brackets are still in place
    if "(" in owner:  # an unclosed bracket: the rest is a remark
        owner, _, rest = owner.partition("(")
        remarks.append(rest.strip())
    owner = owner.replace(")", " ")
    return _WHITESPACE.sub(" ", owner).strip(_TRIM), [r for r in remarks if r]


def _capitalise(owner: str) -> str:
    """Capitalise lower-case words so "Director of Adults and health" matches "... and Health"."""
    words = owner.split(" ")
    for i, word in enumerate(words):
        if word.islower() and (i == 0 or word not in _SMALL_WORDS):
            words[i] = word[0].upper() + word[1:]
    return " ".join(words)


def _bounded(owner: str) -> str:
    """``owner`` itself, unless longer than ``MAX_OWNER_CELL_CHARS``: then its first that many characters
    after white space is collapsed (which every rule below ignores), so junk costs a bounded amount of work."""
    if len(owner) <= MAX_OWNER_CELL_CHARS:
        return owner
    return _WHITESPACE.sub(" ", owner).strip()[:MAX_OWNER_CELL_CHARS]


def canonical_owner(owner: str) -> str:
    """Return the one name used for an owner, whatever spelling the plan used.

    The parenthesised remark is dropped (it says what the owner does for this action, not who
    they are), then ``CANONICAL_OWNERS`` is consulted; titles it does not know get "of" after a
    bare "Director" and capitals on lower-case words, then are looked up once more.

    >>> canonical_owner("Chief Officer HR")
    'Chief Officer, Human Resources'
    >>> canonical_owner("Director of City Development (as key link to WYCA)")
    'Director of City Development'
    >>> canonical_owner("S151 Officer")
    'Chief Finance Officer (Section 151)'
    """
    owner = _bounded(owner)
    bare, remarks = _drop_remarks(_WHITESPACE.sub(" ", owner).strip(_TRIM))
    if not bare and remarks:
        bare = _drop_remarks(" ".join(remarks))[0]
    elif _key(bare) in _BARE_TITLES and remarks and len(remarks[0].split()) <= 4 and remarks[0][:1].isupper():
        bare = f"{bare} {_drop_remarks(remarks[0])[0]}"
    bare = _tidy(bare)
    if _key(bare) in _LOOKUP:
        return _LOOKUP[_key(bare)]
    if not bare:
        return ""
    general = _WHITESPACE.sub(" ", re.sub(r"\s*&\s*", " and ", bare)).strip()
    general = _DIRECTOR_WITHOUT_OF.sub(r"\1 of ", general)
    general = _capitalise(general)
    return _LOOKUP.get(_key(general), general)


def _unique(names: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each name, in order (two variants of one post count once)."""
    seen: dict[str, None] = {}
    for name in names:
        if name and name not in seen:
            seen[name] = None
    return list(seen)
