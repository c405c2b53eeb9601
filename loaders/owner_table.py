"""The owner vocabulary: the role families, the table of owner spellings (read and checked from
``rules/owner_titles.yaml``), the cell values that name nobody, and the size limits of what is read.

The one place these are defined; splitting, naming, families and mentions all read them from here.
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders.problems import shown
from loaders.rules import RULES_DIR, OwnerTitles, RuleError, load_rules, rule_problem

#: Owner recorded for every action of a plan that has no owner column at all.
NOT_STATED = "not stated"

#: Role families in display order; the last two describe missing owners, not titles.
OWNER_FAMILIES: tuple[str, ...] = (
    "Chief executive",
    "Director",
    "Chief officer / head of service",
    "Finance",
    "HR / people",
    "Political",
    "Officer group",
    "Partner",
    "Other",
    "Not stated",
    "No owner",
)

(
    CHIEF_EXECUTIVE,
    DIRECTOR,
    CHIEF_OFFICER,
    FINANCE,
    HR_PEOPLE,
    POLITICAL,
    OFFICER_GROUP,
    PARTNER,
    OTHER,
    FAMILY_NOT_STATED,
    FAMILY_NO_OWNER,
) = OWNER_FAMILIES

_WHITESPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    """Lookup key that ignores the differences councils make without meaning anything by them."""
    text = text.lower().replace("’", "").replace("'", "").replace(".", "").replace("&", " and ")
    text = re.sub(r"[,:;\-–—]", " ", text)
    text = _WHITESPACE.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


#: The table of owner spellings, read from ``rules/owner_titles.yaml`` (a policy analyst corrects it there).
OWNER_TITLES_FILE = RULES_DIR / "owner_titles.yaml"


def _load_canonical_owners(path: Path) -> dict[str, str]:
    """Every known spelling of an owner (key) and the one name used for it everywhere (value), from ``path``.

    Matching ignores case, punctuation (commas, full stops, apostrophes, hyphens), "&" versus "and" and a
    leading "the", so only genuinely different wordings need a row. Each canonical name must also be a key of
    its own, which keeps ``canonical_owner`` idempotent; two spellings that match alike must name the same
    owner. Both are checked here, so a slip in the file stops start-up with its line, not a wrong chart.
    """
    rules, text = load_rules(path, OwnerTitles)
    table = dict(rules.owners)
    problems = [
        rule_problem(path, text, ("owners", variant), f"{shown(name)} is not a key of its own; add it as a row")
        for variant, name in table.items()
        if name not in table
    ]
    seen: dict[str, str] = {}
    for variant, name in table.items():
        first = seen.setdefault(_key(variant), variant)
        if table[first] != name:
            message = f"matches {shown(first)} (case and punctuation are ignored) but names another owner"
            problems.append(rule_problem(path, text, ("owners", variant), message, key=True))
    if problems:
        raise RuleError(problems)
    return table


#: Every known spelling of an owner (left) and the one name used for it everywhere (right); see
#: ``_load_canonical_owners``. The keys double as the phrases ``mentioned_owners`` looks for in free text.
CANONICAL_OWNERS: dict[str, str] = _load_canonical_owners(OWNER_TITLES_FILE)

#: The roles an owner can be named under, in display order (``rules/owner_titles.yaml`` ``roles:`` maps the
#: labels plans write onto these). A role a source names that the table does not know is kept as written.
OWNER_ROLES: tuple[str, ...] = (
    "accountable", "responsible", "lead", "support", "member", "officer", "consulted", "informed",
)  # fmt: skip
#: The ``owner_role`` of an owner no label or column names a role for.
ROLE_NOT_STATED = "not stated"


def _load_owner_roles(path: Path) -> dict[str, str]:
    """Role label (its :func:`_key`) -> role, from the ``roles:`` table of ``path``.

    Every role must be one of ``OWNER_ROLES`` and two labels that match alike must mean the same role; a slip
    stops start-up with its line.
    """
    rules, text = load_rules(path, OwnerTitles)
    problems = []
    table: dict[str, str] = {}
    first: dict[str, str] = {}
    for label, role in rules.roles.items():
        if role not in OWNER_ROLES:
            message = f"{shown(role)} is not a role; use one of {', '.join(OWNER_ROLES)}"
            problems.append(rule_problem(path, text, ("roles", label), message))
            continue
        key = _key(label)
        if table.setdefault(key, role) != role:
            message = f"matches {shown(first[key])} (case and punctuation are ignored) but names another role"
            problems.append(rule_problem(path, text, ("roles", label), message, key=True))
        first.setdefault(key, label)
    if problems:
        raise RuleError(problems)
    return table


#: Role label (lower case, punctuation ignored: :func:`_key`) -> role; see ``_load_owner_roles``.
ROLE_LABELS: dict[str, str] = _load_owner_roles(OWNER_TITLES_FILE)

#: Keys that are owners when a cell says only that, but too common in running text ("Leeds City
#: Council", "Local Government Finance Settlement") to count as mentions of an owner.
_NOT_MENTIONS = frozenset({"Council", "Finance", "HR", "Human Resources", NOT_STATED})

#: Cell values that say nobody has been named yet; they are not owners.
_PLACEHOLDERS = frozenset({"", "n/a", "na", "tbc", "tbd", "tba", "none", "not applicable", "to be confirmed", "?"})

#: Characters of an owner cell that are split into owners. Real cells name a few posts (the longest in the
#: shipped plans is about 250 characters); a cell longer than this is text pasted into the wrong column,
#: and splitting all of it would cost time per character while holding the GIL. The loader keeps the
#: whole cell verbatim in ``owner_raw``.
MAX_OWNER_CELL_CHARS = 2_000
#: Characters of action text searched for owners named in it (the longest action text shipped is ~500).
MAX_MENTION_TEXT_CHARS = 20_000
