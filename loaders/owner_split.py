"""Owner cells cut into owners *as written*: tags, entities and bullets cleaned, then split where a piece
begins like a new post.

Commas and "and" both separate people and sit inside titles ("Director of Housing and Environment"), so a
piece only starts a new owner when it looks like a job title, a political role, a group or a partner.
"""

from __future__ import annotations

import html
import re

from loaders.owner_table import _WHITESPACE, MAX_OWNER_CELL_CHARS

# ---------------------------------------------------------------------------------------------------
# Splitting
# ---------------------------------------------------------------------------------------------------

_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|tr|td|th|table)\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
_BULLET = re.compile(r"[•○●▪◦]")
_LABEL = re.compile(
    r"^\s*(?:lead(?:\s+officer)?|owners?|accountable(?:\s+officer)?|responsible(?:\s+officer)?)\s*[:–—-]\s*",
    re.IGNORECASE,
)

#: One run of separators between owners: punctuation, "and", "and/or", "with", line breaks, with the
#: whitespace around them. Written to run in linear time: the obvious ``(?:\s*X\s*)+`` re-scans a run of
#: spaces from every position in it (quadratic: "Chief" + 25,000 spaces + "Executive" held the GIL for
#: ~20 s). Here a match may only start where a run of horizontal space starts (the lookbehind), the
#: spaces before each separator are taken possessively (line breaks and tabs are separators themselves,
#: so nothing is lost by not giving spaces back), and the loop is possessive. It finds exactly the
#: spans the obvious pattern found; tests/hostile/test_linear_normalisers.py compares the two.
_SEPARATOR = re.compile(r"(?<![^\S\n\t])(?:[^\S\n\t]*+(?:[,;/&\n\t]|\band/or\b|\band\b|\bwith\b))++\s*+", re.IGNORECASE)

_OPTIONAL_PREFIX = r"(?:(?:the|all|relevant|joint|interim|acting|key|other|lead)\s+)*"

#: How a piece of a cell that starts a new owner begins: a job title, a political role, a group or a
#: partner. Department names ("Housing", "Human Resources", "Finance") are deliberately absent: after a
#: comma or "and" they almost always continue a title.
_OWNER_START = re.compile(
    "^" + _OPTIONAL_PREFIX + r"(?:"
    r"directors?|chief|heads?\s+of|deputy|assistant|"
    r"executive\s+(?:directors?|members?|board|leadership|management|team)|"
    r"(?:strategic|corporate|service|managing)\s+directors?|service\s+(?:managers?|leads?)|"
    r"monitoring\s+officer|section\s*151|s\.?\s*151|"
    r"cfo|ceo|slt|clt|smt|cmt|elt|emt|dmt|ed['’]?s|ad['’]?s|senior|"
    r"(?:corporate\s+)?(?:leadership|management)\s+team|"
    r"leader|cabinet|portfolio\s+holders?|councillors?|cllrs?|mayor|lead\s+members?|elected\s+members|"
    r"full\s+council|(?:officer\s+)?working\s+groups?|task\s+(?:and\s+finish\s+)?groups?|"
    r"nhs|ccg|icb|wyca|(?:west\s+yorkshire\s+|mayoral\s+)?combined\s+authority|"
    r"third\s+sector|voluntary\s+sector|vcs|vcfs|unison|trade\s+unions?|police|lga"
    r")\b",
    re.IGNORECASE,
)

#: Pieces that are owners only when something other than "and" / "&" precedes them. Bodies are
#: often named "X and Y Board" ("Health and Wellbeing Board", "Overview and Scrutiny Committee"), and
#: a bare plural after "and" is usually the end of a title ("Chief Officer, Elections and Members").
_WEAK_OWNER_START = re.compile(
    "^" + _OPTIONAL_PREFIX + r"(?:council|executive|members|partners|officers|managers|staff)$"
    r"|\b(?:group|board|team|network|forum|committee|panel|managers|officers|partners|champions|"
    r"officer|director|manager)s?$",
    re.IGNORECASE,
)
_STRONG_SEPARATOR = re.compile(r"[,;/\n\t]|\bwith\b", re.IGNORECASE)

_PAREN = re.compile(r"\([^()]*\)")
_PAREN_CHAR = re.compile(r"[()]")
_MASK_CHARS = re.compile(r"[()\n]")
_SPACE_RUN = re.compile(" {2,}")  # plain spaces only: other white space (U+2028...) is not trimmed as " " is
_TRIM = " \t\n,;:&/•○-–—"


def _plain_text(text: str) -> str:
    """Turn cell markup into plain text so splitting sees what a reader sees.

    Cells copied from web pages keep ``<p>`` paragraphs (one per action in the Leeds plan) and
    entities such as ``&amp;``; paragraphs and bullets become line breaks, other tags vanish.
    Only complete entities (with ``;``) are decoded, so a bare "&" stays a separator.
    """
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = text.replace("\r", "\n").replace("\xa0", " ")
    return _BULLET.sub("\n", text)


def _drop_labels(text: str) -> str:
    """Take an "Owner:" / "Lead officer -" label off the start of each line (the owner is what follows it)."""
    return "\n".join(_LABEL.sub("", line) for line in text.split("\n"))


def _clean_cell(text: str) -> str:
    """:func:`_plain_text`, then each line's leading label dropped."""
    return _drop_labels(_plain_text(text))


def plain_cell(text: str) -> str:
    """A cell as plain text, runs of spaces collapsed, cut to ``MAX_OWNER_CELL_CHARS``: what every owner step
    reads (labels are kept: :mod:`loaders.owner_roles` reads them as roles)."""
    return _SPACE_RUN.sub(" ", _plain_text(text))[:MAX_OWNER_CELL_CHARS]


def _mask_parentheses(text: str) -> str:
    """Blank out parenthesised remarks so separators inside them are not seen.

    The result has the same length as ``text`` so match positions map straight back. An unclosed
    "(" runs to the end of its line, so one stray bracket cannot swallow the rest of the cell.
    Text between brackets and line breaks is copied (or blanked) a slice at a time, not a
    character at a time, so a long cell costs one pass.
    """
    out: list[str] = []
    depth, position = 0, 0
    for found in _MASK_CHARS.finditer(text):
        gap = text[position : found.start()]
        out.append("_" * len(gap) if depth else gap)
        char = found.group()
        if char == "(":
            depth += 1
        elif char == "\n":
            depth = 0
        out.append("_" if depth else char)
        if char == ")" and depth:
            depth -= 1
        position = found.end()
    tail = text[position:]
    out.append("_" * len(tail) if depth else tail)
    return "".join(out)


def _starts_owner(piece: str, separator: str) -> bool:
    """True when ``piece`` reads like the start of a new owner rather than the rest of a title.

    ``separator`` is the text between this piece and the one before; a weak start (a trailing
    "Board", a bare "Members") only counts after a comma, semicolon, slash, line break or "with".
    """
    bare = _WHITESPACE.sub(" ", _PAREN.sub(" ", piece)).strip(_TRIM + "()")
    if not bare:
        return False
    if _OWNER_START.search(bare):
        return True
    return bool(_WEAK_OWNER_START.search(bare)) and bool(_STRONG_SEPARATOR.search(separator))


def _tidy(owner: str) -> str:
    """Collapse whitespace (cells wrap lines mid-title) and trim separator debris from the ends."""
    owner = _WHITESPACE.sub(" ", owner).strip(_TRIM)
    # Full stops and debris together, in one pass from the right: "Director." and ".:." tidy to what tidies to
    # itself ("Director", ""), so a tidied name is a fixed point (stripping "." then debris again left ".").
    return owner.rstrip(_TRIM + ".") if owner.endswith(".") else owner


def split_owners(text: str | None) -> list[str]:
    """Split an owner cell into the owners it names, each as written (whitespace tidied).

    A separator only separates owners when the piece after it starts like an owner, which is what
    keeps "Director of Communities, Housing and Environment" and "Chief Officer, Human Resources"
    whole while "Director of Resources & Chief Officer, Human Resources" gives two. Separators inside
    parentheses are never used, so a remark stays with its owner. Only the first
    ``MAX_OWNER_CELL_CHARS`` characters are read (after markup is removed and runs of spaces collapsed).

    >>> split_owners("Director of Resources & Chief Officer, Human Resources")
    ['Director of Resources', 'Chief Officer, Human Resources']
    >>> split_owners("Director of Adults and Health")
    ['Director of Adults and Health']
    >>> split_owners(None)
    []
    """
    if not text:
        return []
    # Runs of spaces become one (the owners come out whitespace-collapsed anyway, and no separator
    # depends on how many spaces there are), so the limit counts words, not padding.
    return split_plain(_drop_labels(plain_cell(text)))


def split_plain(cleaned: str) -> list[str]:
    """:func:`split_owners` on text that is plain already (:func:`plain_cell`): no markup decoded a second time."""
    masked = _mask_parentheses(cleaned)
    # Pieces are (start, end, separator before) between separators; separators skipped over
    # by empty pieces are kept, so ", &" still counts as a comma.
    pieces: list[tuple[int, int, str]] = []
    position, separator = 0, "\n"
    for match in _SEPARATOR.finditer(masked):
        pieces.append((position, match.start(), separator))
        position, separator = match.end(), match.group()
    pieces.append((position, len(cleaned), separator))

    owners: list[list[int]] = []
    pending = ""
    for start, end, separator in pieces:
        piece = cleaned[start:end]
        pending += separator
        if not piece.strip(_TRIM):
            continue
        if not owners or _starts_owner(piece, pending):
            owners.append([start, end])
        else:
            owners[-1][1] = end
        pending = ""
    result = [_tidy(cleaned[start:end]) for start, end in owners]
    return [owner for owner in result if owner]
