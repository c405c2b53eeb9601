"""Owner roles: which column or label each owner of a cell is named under (accountable, responsible, lead, ...).

A plan with two owner columns flattened into one cell reads "Accountable: Leader of the Council; Responsible:
Chief Executive", "Lead: X / Support: Y" or "X (Responsible)". Read as one owner list, the second label ended up
inside an owner's name and the post after it was lost. Here a cell is first cut at its role labels, then each
part is cut after any bracketed role ("X (lead), Y (support)"), and only then split into owners, so every owner
keeps the role it was written under.

The labels are the keys of the ``roles:`` table of ``rules/owner_titles.yaml`` (:data:`ROLE_LABELS`). Where a
label may stand decides how much a cell can be misread:

* Any label followed by ":" (or a spaced dash) counts at the start of the cell or after a separator
  (``; , / | `` a line break or a tab): "Lead: X / Support: Y".
* A label of a role that does not end job titles (accountable, responsible, support, consulted, informed)
  followed by ":" counts after a plain space too, so a cell whose columns were run together ("Leader of the
  Council Responsible: Chief Executive") still splits, while "Service Lead: Housing" stays one owner.
* A label ending in "by" ("supported by", "led by") needs no colon.

Every pattern is linear: label alternatives are literal words joined by single runs of spaces, a match only
starts where a separator or space ends (a lookbehind, so a run of spaces is not re-scanned from each of its
positions), and spaces are taken possessively; tests/hostile/test_linear_normalisers.py times them on 100 KB.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.owner_split import _TRIM, _mask_parentheses, plain_cell
from loaders.owner_table import _WHITESPACE, ROLE_LABELS, _key

#: Roles whose labels may follow a plain space (their words do not end job titles; "lead", "member" and
#: "officer" do: "Service Lead", "Cabinet Member", "Monitoring Officer").
_STRONG_ROLES = frozenset({"accountable", "responsible", "support", "consulted", "informed"})


def _alternation(labels: Iterable[str]) -> str:
    """One regex alternative per label, longest first (so "lead officer" wins over "lead"), words joined by a
    run of horizontal space."""
    ordered = sorted(set(labels), key=lambda label: (-len(label), label))
    return "|".join(r"[^\S\n]+".join(re.escape(word) for word in label.split()) for label in ordered) or "(?!)"


_COLON = r"[^\S\n]*+(?::|[–—-](?=\s))"
_AFTER_SEPARATOR = r"(?:^|(?<=[;,/|\n\t]))[^\S\n]*+"

_ROLE_LABEL = re.compile(
    _AFTER_SEPARATOR + "(?P<label>" + _alternation(k for k in ROLE_LABELS if not k.endswith(" by")) + ")" + _COLON
    + r"|(?<=[ ])(?P<strong>"
    + _alternation(k for k, role in ROLE_LABELS.items() if role in _STRONG_ROLES and not k.endswith(" by"))
    + r")[^\S\n]*+:"
    + r"|(?:^|(?<=[;,/|\n\t ]))(?P<by>" + _alternation(k for k in ROLE_LABELS if k.endswith(" by")) + r")\b",
    re.IGNORECASE,
)  # fmt: skip

#: A bracketed remark short enough to be a role label: "(Responsible)", "(lead officer)".
_BRACKETED = re.compile(r"\(([^()\n]{1,60})\)")


def role_of(label: str | None) -> str | None:
    """The role a label means: its row of the ``roles:`` table, else the label itself in lower case (a column
    the table does not know, kept as the source names it); None for no label.

    >>> role_of("Responsible Officer"), role_of("Cabinet Member:"), role_of("Delivery partner"), role_of(None)
    ('responsible', 'member', 'delivery partner', None)
    """
    if label is None:
        return None
    key = _key(label)
    if not key:
        return None
    return ROLE_LABELS.get(key, _WHITESPACE.sub(" ", label).strip(" \t\n:;,–—-").lower() or None)


def _cut_at_labels(plain: str) -> list[tuple[str | None, str]]:
    """(label as written or None, the text under it), for each labelled part of a plain cell, in order.

    Labels inside brackets are not read (the brackets are masked), so "Director (lead: housing)" stays whole.
    """
    parts: list[tuple[str | None, str]] = []
    position, label = 0, None
    for found in _ROLE_LABEL.finditer(_mask_parentheses(plain)):
        group = found.lastgroup or "label"
        parts.append((label, plain[position : found.start()]))
        label, position = plain[found.start(group) : found.end(group)], found.end()
    parts.append((label, plain[position:]))
    return parts


def _cut_at_bracketed_roles(text: str, label: str | None) -> list[tuple[str | None, str]]:
    """Cut ``text`` after each bracketed role: "X (lead), Y (support)" gives (lead, X) and (support, Y).

    The bracket is taken out (it names the role, not the post); text after the last one keeps ``label``.
    """
    parts: list[tuple[str | None, str]] = []
    position = 0
    for found in _BRACKETED.finditer(text):
        if _key(found.group(1)) in ROLE_LABELS:
            parts.append((found.group(1), text[position : found.start()]))
            position = found.end()
    parts.append((label, text[position:]))
    return parts


def split_roles(text: str | None) -> list[tuple[str | None, str]]:
    """Cut an owner cell into (role label as written, or None; the owner text under it), in the cell's order.

    The owner text of each part still has to be split into owners (``split_owners``); parts with no text are
    left out. Only the first ``MAX_OWNER_CELL_CHARS`` characters are read, as for owners.

    >>> split_roles("Accountable: Leader of the Council; Responsible: Chief Executive")
    [('Accountable', 'Leader of the Council'), ('Responsible', 'Chief Executive')]
    >>> split_roles("Director of Finance (lead), Head of HR (Support)")
    [('lead', 'Director of Finance'), ('Support', 'Head of HR')]
    >>> split_roles("Chief Executive")
    [(None, 'Chief Executive')]
    """
    if not text:
        return []
    out: list[tuple[str | None, str]] = []
    for label, part in _cut_at_labels(plain_cell(text)):
        for role, piece in _cut_at_bracketed_roles(part, label):
            piece = piece.strip(_TRIM)  # line breaks inside stay: they separate owners
            if piece:
                out.append((role, piece))
    return out
