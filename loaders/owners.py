"""Who owns an action: split owner cells into people, give each one canonical name and a role family.

Action plans name owners by job title, in a free-text cell, written differently by each council and
sometimes by the same council on the same page ("Director Communities, Housing and Environment" beside
"Director of Communities, Housing and Environment"; "Chief Officer HR" beside "Chief Officer, Human
Resources"). Charts that count actions per owner or per kind of owner need one name per post, so the
work happens in three steps, each kept separate so a page can show the raw text beside the result:

1. ``split_owners`` cuts a cell into owners *as written*. Commas and "and" both separate people and sit
   inside titles, so a piece only starts a new owner when it begins like a job title, a political role,
   a group or a partner; anything else ("Housing and Environment", "Human Resources") is glued back onto
   the owner before it.
2. ``canonical_owner`` maps spelling variants onto one name using ``CANONICAL_OWNERS``, the single table
   of known variants (read from ``rules/owner_titles.yaml``, where a policy analyst corrects it), and a few
   general rules (drop the parenthesised remark,
   "Director X" becomes "Director of X", lower-case words are capitalised).
3. ``role_family`` puts a title into one of ``OWNER_FAMILIES`` so councils that name posts differently
   can still be compared ("Chief Officer HR" and "Director of People" are both "HR / people").

Before step 1, :func:`split_roles` (:mod:`loaders.owner_roles`) cuts a cell at its role labels
("Accountable: X; Responsible: Y", "X (lead), Y (support)"), so each owner keeps the role it is named under;
``owner_roles_for`` gives the owners with those roles (also for a plan's several owner columns, the schema's
``owners:``), and ``owners_for`` the owners alone.

``owners_for`` combines the steps for the loader, keeping "the plan has no owner column" (``NOT_STATED``)
apart from "this row's owner cell is empty" (``[]``), because the first says something about the plan
and the second about one action. ``mentioned_owners`` finds owners named in the action text itself,
which is the only owner information plans without an owner column give.

This module is the public entry (the README's names live here); the work is split by job:
:mod:`loaders.owner_table` (families, the spelling table, limits), :mod:`loaders.owner_split` (step 1),
:mod:`loaders.owner_names` (step 2), :mod:`loaders.owner_families` (step 3) and
:mod:`loaders.owner_mentions` (owners named in action text).

A few internals are imported here under their own names (``from x import _y as _y``) because tests look
at them through this module, as they did before it was split.
"""

from __future__ import annotations

from collections.abc import Iterable

from loaders.owner_families import family_of_missing, role_family
from loaders.owner_mentions import mentioned_owners
from loaders.owner_names import _drop_remarks as _drop_remarks
from loaders.owner_names import _unique as _unique
from loaders.owner_names import canonical_owner
from loaders.owner_roles import role_of, split_roles
from loaders.owner_split import _SEPARATOR as _SEPARATOR
from loaders.owner_split import _TRIM as _TRIM
from loaders.owner_split import _drop_labels, split_plain
from loaders.owner_split import _mask_parentheses as _mask_parentheses
from loaders.owner_table import (
    _PLACEHOLDERS,
    CANONICAL_OWNERS,
    CHIEF_EXECUTIVE,
    CHIEF_OFFICER,
    DIRECTOR,
    FAMILY_NO_OWNER,
    FAMILY_NOT_STATED,
    FINANCE,
    HR_PEOPLE,
    MAX_MENTION_TEXT_CHARS,
    MAX_OWNER_CELL_CHARS,
    NOT_STATED,
    OFFICER_GROUP,
    OTHER,
    OWNER_FAMILIES,
    OWNER_ROLES,
    OWNER_TITLES_FILE,
    PARTNER,
    POLITICAL,
    ROLE_LABELS,
    ROLE_NOT_STATED,
    _key,
)
from loaders.owner_table import _load_canonical_owners as _load_canonical_owners

__all__ = [
    "CANONICAL_OWNERS",
    "CHIEF_EXECUTIVE",
    "CHIEF_OFFICER",
    "DIRECTOR",
    "FAMILY_NOT_STATED",
    "FAMILY_NO_OWNER",
    "FINANCE",
    "HR_PEOPLE",
    "MAX_MENTION_TEXT_CHARS",
    "MAX_OWNER_CELL_CHARS",
    "NOT_STATED",
    "OFFICER_GROUP",
    "OTHER",
    "OWNER_FAMILIES",
    "OWNER_ROLES",
    "OWNER_TITLES_FILE",
    "PARTNER",
    "POLITICAL",
    "ROLE_LABELS",
    "ROLE_NOT_STATED",
    "canonical_owner",
    "family_of_missing",
    "mentioned_owners",
    "owner_roles_for",
    "owners_for",
    "role_family",
    "role_of",
    "split_owners",
    "split_roles",
]


# ---------------------------------------------------------------------------------------------------
# Owners for the loader
# ---------------------------------------------------------------------------------------------------
def split_owners(text: str | None) -> list[str]:
    """Split an owner cell into the owners it names, each as written (whitespace tidied), role labels taken off.

    :func:`loaders.owner_split.split_owners` on each part :func:`split_roles` cuts the cell into, so
    "Accountable: Leader of the Council; Responsible: Chief Executive" gives both posts (the labels, and a
    bracketed "(Responsible)", are roles: :func:`owner_roles_for` gives them).

    >>> split_owners("Director of Resources & Chief Officer, Human Resources")
    ['Director of Resources', 'Chief Officer, Human Resources']
    >>> split_owners("Accountable: Leader of the Council; Responsible: Chief Executive")
    ['Leader of the Council', 'Chief Executive']
    >>> split_owners(None)
    []
    """
    return [owner for _, part in split_roles(text) for owner in split_plain(_drop_labels(part))]


def _named(text: str | None, default_role: str | None = None) -> list[tuple[str, str | None]]:
    """(canonical owner, normalised role or None) for each owner a cell names, repeats included, in order.

    The role is the innermost one written: a bracketed "(lead)" after the owner, else the label the owner
    stands under ("Responsible: ..."), else ``default_role`` (the owner column's, for a plan's ``owners:``).
    """
    named: list[tuple[str, str | None]] = []
    for label, part in split_roles(text):
        role = role_of(label) if label is not None else default_role
        for owner in split_plain(_drop_labels(part)):
            if _key(owner) not in _PLACEHOLDERS and (name := canonical_owner(owner)):
                named.append((name, role))
    return named


def _merged(named: Iterable[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Each owner once, in first-seen order, with every role it is named under (", "-joined, first first)."""
    roles: dict[str, list[str]] = {}
    for name, role in named:
        seen = roles.setdefault(name, [])
        if role and role not in seen:
            seen.append(role)
    return [(name, ", ".join(found) or None) for name, found in roles.items()]


def owner_roles_for(
    text: str | None, *, has_owner_column: bool, cells: Iterable[tuple[str, str | None]] = ()
) -> list[tuple[str, str | None]]:
    """Canonical owners of one action with the role each is named under (None when nothing says), for the loader.

    ``text`` is the action's one owner cell; ``cells`` are (column, cell) pairs of a plan with several owner
    columns (the schema's ``owners:``), each cell read like ``text`` with its column as the default role. The
    owners are those of :func:`owners_for`, in its order.

    >>> owner_roles_for("Accountable: Leader of the Council; Responsible: Chief Executive", has_owner_column=True)
    [('Leader', 'accountable'), ('Chief Executive', 'responsible')]
    >>> owner_roles_for(None, has_owner_column=True, cells=[("Lead", "CFO"), ("Supporting", "Head of HR")])
    [('Chief Finance Officer (Section 151)', 'lead'), ('Head of HR', 'support')]
    >>> owner_roles_for("Chief Executive", has_owner_column=True)
    [('Chief Executive', None)]
    """
    cells = list(cells)
    written = [(column, cell) for column, cell in cells if cell is not None and _key(cell) not in _PLACEHOLDERS]
    if not written and (text is None or _key(text) in _PLACEHOLDERS):
        return [] if has_owner_column else [(NOT_STATED, None)]
    named = _named(text)
    for column, cell in written:
        named.extend(_named(cell, role_of(column)))
    return _merged(named)


def owners_for(text: str | None, *, has_owner_column: bool) -> list[str]:
    """Canonical owners of one action, for the loader.

    A plan without an owner column gives ``[NOT_STATED]`` for its unowned actions so charts can show "not
    stated" as its own bar; an empty or "TBC" cell in a plan that does name owners gives ``[]``. Owner text
    written in the source always wins, even in a plan with no owner column (Bury 2021 names a lead for a few
    of its responses in running text), so nothing the council wrote is hidden behind "not stated".

    >>> owners_for("Chief Officer IDS & CFO", has_owner_column=True)
    ['Chief Officer, Integrated Digital Services', 'Chief Finance Officer (Section 151)']
    >>> owners_for(None, has_owner_column=False)
    ['not stated']
    >>> owners_for("Director of People and Inclusion", has_owner_column=False)
    ['Director of People and Inclusion']
    """
    return [name for name, _ in owner_roles_for(text, has_owner_column=has_owner_column)]
