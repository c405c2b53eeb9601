"""Which column of an action-plan table holds what: header words -> a role, each decision explained.

Councils name the same column many ways ("Who is accountable", "Lead officer", "Owner"; "By when",
"Timescales", "Target date"). Matching is by generic vocabulary of action plans, never by one document's
wording. A column nothing matches is ``note``: its cells are kept as notes on the action, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Owner roles, in the order one is preferred as *the* owner when a table has several owner columns.
OWNER_ROLES = ("accountable", "lead", "owner", "responsible", "support")

# (role, pattern) in priority order: the first pattern that matches a header decides its column.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(\w+ )?(ref(erence)?|no\.?|number|#|item|id)\.?$", re.I)),
    ("steps", re.compile(r"^how\b", re.I)),
    ("status", re.compile(r"\b(status|rag|rating)\b", re.I)),
    ("progress", re.compile(r"\b(progress|update|commentary|comments?|position|evidence)\b", re.I)),
    (
        "timescale",
        re.compile(
            r"\b(time ?scales?|deadlines?|by when|when|dates?|target|timeline|timing|due|completion|milestones?)\b",
            re.I,
        ),
    ),
    ("owner:accountable", re.compile(r"\baccountab", re.I)),
    ("owner:responsible", re.compile(r"\bresponsib", re.I)),
    ("owner:support", re.compile(r"\bsupport", re.I)),
    ("owner:lead", re.compile(r"\blead", re.I)),
    ("owner:owner", re.compile(r"\b(owners?|who|officers?)\b", re.I)),
    ("recommendation", re.compile(r"\brecommendations?\b|^rec\.?\b", re.I)),
    ("theme", re.compile(r"\b(themes?|priority|priorities|areas? of focus|workstreams?)\b", re.I)),
    ("steps", re.compile(r"\b(how (are|will) we|how\b|steps|tasks|activit(y|ies)|sub-?actions?|actions? steps)", re.I)),
    ("objective", re.compile(r"\b(what (do|will) we (want|aim)|objectives?|outcomes?|aims?|goals?|achieve)", re.I)),
    ("action", re.compile(r"\b(actions?|what (we|will)|response|deliverables?)\b", re.I)),
]


@dataclass(frozen=True)
class Mapping:
    """Column roles of one header row; ``roles[i]`` is the role of column ``i``."""

    headers: list[str]
    roles: list[str]

    def columns(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role or r.startswith(role + ":")]

    @property
    def action_column(self) -> int | None:
        """The column whose cells are the actions: the objective when the table has both an objective and
        a how-we-will-do-it column (the how column then holds the action's steps)."""
        for role in ("action", "objective", "steps"):
            found = self.columns(role)
            if found:
                return found[0]
        return None

    @property
    def steps_column(self) -> int | None:
        action = self.action_column
        for column in self.columns("steps") + self.columns("action"):
            if column != action:
                return column
        return None


def role_of(header: str) -> str:
    text = " ".join(header.split())
    if not text:
        return "note"
    for role, pattern in _RULES:
        if pattern.search(text):
            return role
    return "note"


def map_header(cells: list[str]) -> Mapping | None:
    """The mapping when ``cells`` read as an action-plan header (an action-like column and one more known
    column, every cell short), else None."""
    if len(cells) < 2 or any(len(c) > 80 for c in cells) or sum(1 for c in cells if c.strip()) < 2:
        return None
    roles = [role_of(c) for c in cells]
    known = [r for r in roles if r != "note"]
    has_action = any(r in ("action", "objective", "steps", "recommendation") for r in roles)
    if not has_action or len(known) < 2 or len(known) * 2 < len([c for c in cells if c.strip()]):
        return None
    return Mapping([c.strip() for c in cells], roles)


def same_header(cells: list[str], mapping: Mapping) -> bool:
    """A header repeated at the top of a new page."""
    return [" ".join(c.split()).lower() for c in cells] == [" ".join(h.split()).lower() for h in mapping.headers]
