"""Role families: which kind of post a title is (chief executive, director, finance, political, partner...),
so councils that name posts differently can be compared.

Ordered regex tests over the canonical name; the families themselves are in :mod:`loaders.owner_table`.
"""

from __future__ import annotations

import re

from loaders.owner_names import _bounded, canonical_owner
from loaders.owner_table import (
    _PLACEHOLDERS,
    CHIEF_EXECUTIVE,
    CHIEF_OFFICER,
    DIRECTOR,
    FAMILY_NO_OWNER,
    FAMILY_NOT_STATED,
    FINANCE,
    HR_PEOPLE,
    NOT_STATED,
    OFFICER_GROUP,
    OTHER,
    PARTNER,
    POLITICAL,
    _key,
)

# ---------------------------------------------------------------------------------------------------
# Role families
# ---------------------------------------------------------------------------------------------------

#: A single council officer's post. For these the subject of the title (finance, HR) decides the
#: family, never a partner or political word inside it ("Director of Partnerships", "Head of
#: Democratic and Member Services").
_OFFICER_POST = re.compile(
    r"^(?:(?:joint|interim|acting)\s+)*(?:(?:deputy|assistant|executive|strategic|corporate|service|managing)\s+)?"
    r"(?:director|chief\s+\w+|head\s+of|head|service\s+manager|manager|monitoring\s+officer|officer)\b",
    re.IGNORECASE,
)
_GROUP_END = re.compile(
    r"\b(?:(?:group|team|board|network|forum|panel|committee)s?|managers|officers|directors|champions|leads)$",
    re.IGNORECASE,
)
_POLITICAL = re.compile(
    r"\b(?:leader|deputy\s+leader|cabinet|portfolio\s+holders?|councillors?|cllrs?|members?|mayor|"
    r"executive\s+board|council|scrutiny|committees?)\b",
    re.IGNORECASE,
)
_PARTNER = re.compile(
    r"\b(?:nhs|ccg|icb|integrated\s+care|wyca|combined\s+authority|partners|partnerships?|third\s+sector|"
    r"voluntary|vcs|vcfs|unison|unions?|police|university|health\s+and\s+wellbeing\s+board|lep)\b",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"\b(?:slt|clt|smt|cmt|elt|emt|dmt|ed['’]?s|ad['’]?s|team|teams|groups?|board|boards|network|networks|"
    r"forum|managers|officers|directors|heads\s+of|staff|champions|leads)\b",
    re.IGNORECASE,
)
_FINANCE = re.compile(
    r"\b(?:financ(?:e|ial)|cfo|section\s*151|s\.?\s*151|treasurer)\b",
    re.IGNORECASE,
)
_HR = re.compile(r"\b(?:hr|human\s+resources|people|workforce|personnel)\b", re.IGNORECASE)
_CHIEF_EXECUTIVE = re.compile(r"\b(?:chief\s+exec(?:utive)?|ceo|head\s+of\s+paid\s+service)\b", re.IGNORECASE)
_DIRECTOR = re.compile(r"\bdirector\b", re.IGNORECASE)
_CHIEF_OFFICER = re.compile(
    r"\b(?:chief\s+officer|head\s+of|head|service\s+manager|monitoring\s+officer|manager|officer|solicitor)\b",
    re.IGNORECASE,
)


def role_family(owner: str) -> str:
    """Return the family in ``OWNER_FAMILIES`` that a title belongs to.

    The owner is canonicalised first, so a remark such as "(as key link to WYCA)" cannot make a
    director a partner. Rules run from the most specific kind of owner to the least: political
    roles and partners, then groups (plurals), then single posts by subject (finance, HR) and rank.

    >>> role_family("Chief Officer HR")
    'HR / people'
    >>> role_family("ADs")
    'Officer group'
    """
    owner = _bounded(owner)
    if owner.strip().lower() == NOT_STATED:
        return FAMILY_NOT_STATED
    if _key(owner) in _PLACEHOLDERS:
        return FAMILY_NO_OWNER
    name = canonical_owner(owner)
    if not name:
        return FAMILY_NO_OWNER
    if not _OFFICER_POST.match(name) or _GROUP_END.search(name):
        if _POLITICAL.search(name):
            return POLITICAL
        if _PARTNER.search(name):
            return PARTNER
        if _GROUP.search(name):
            return OFFICER_GROUP
    for pattern, family in (
        (_FINANCE, FINANCE),
        (_HR, HR_PEOPLE),
        (_CHIEF_EXECUTIVE, CHIEF_EXECUTIVE),
        (_DIRECTOR, DIRECTOR),
        (_CHIEF_OFFICER, CHIEF_OFFICER),
    ):
        if pattern.search(name):
            return family
    return OTHER


def family_of_missing(has_owner_column: bool) -> str:
    """Family for an action with no owner: the plan never names owners, or this row left it blank."""
    return FAMILY_NO_OWNER if has_owner_column else FAMILY_NOT_STATED
