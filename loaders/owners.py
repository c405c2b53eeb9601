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

from loaders.owner_families import family_of_missing, role_family
from loaders.owner_mentions import mentioned_owners
from loaders.owner_names import _drop_remarks as _drop_remarks
from loaders.owner_names import _unique, canonical_owner
from loaders.owner_split import _SEPARATOR as _SEPARATOR
from loaders.owner_split import _TRIM as _TRIM
from loaders.owner_split import _mask_parentheses as _mask_parentheses
from loaders.owner_split import split_owners
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
    OWNER_TITLES_FILE,
    PARTNER,
    POLITICAL,
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
    "OWNER_TITLES_FILE",
    "PARTNER",
    "POLITICAL",
    "canonical_owner",
    "family_of_missing",
    "mentioned_owners",
    "owners_for",
    "role_family",
    "split_owners",
]


# ---------------------------------------------------------------------------------------------------
# Owners for the loader
# ---------------------------------------------------------------------------------------------------
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
    if text is None or _key(text) in _PLACEHOLDERS:
        return [] if has_owner_column else [NOT_STATED]
    return _unique(canonical_owner(owner) for owner in split_owners(text) if _key(owner) not in _PLACEHOLDERS)
