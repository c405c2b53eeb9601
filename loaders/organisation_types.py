"""The organisation types a plan's ``council.council_type`` may take, as data: every authority type in the
reference data (``data/reference/``) plus the non-council organisations of ``rules/organisation_types.yaml``.

Why not a Python literal: the reference data is the authority on what kinds of council exist (a new kind, or a
combined authority's own challenge, should validate without a code change), and the LGA also runs peer
challenges of fire and rescue authorities, national parks and national bodies that no council list holds. Read
once when :mod:`loaders.models` is imported. The reference file goes through the same guarded reading as the
reference loader (size limit, UTF-8 only, bounded rows); if it cannot be read, the five council types
(:data:`loaders.constants.COUNCIL_TYPES`) stand in for its types, so plans still validate, and the reference
loader reports the file's problem as usual. A broken rule file stops start-up naming file, line and field, as
every rule file does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from loaders.constants import COUNCIL_TYPES
from loaders.problems import PlanError, Problem
from loaders.reference import AUTHORITIES_FILE, DEFAULT_REFERENCE_DIR, TYPE_NAMES, _read_text, csv_rows
from loaders.rules import RULES_DIR, _Strict, load_rules

RULES_FILE = RULES_DIR / "organisation_types.yaml"
TYPE_COLUMNS = ("local-authority-type", "local-authority-type-name")

_Type = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class OrganisationTypes(_Strict):
    """``rules/organisation_types.yaml``: the organisation types that are not in the reference data."""

    non_council_types: Annotated[list[_Type], Field(min_length=1)]


def reference_types(folder: Path = DEFAULT_REFERENCE_DIR) -> tuple[str, ...]:
    """The reference's authority types in the plans' words, the five council types first, then the rest sorted.

    A row with no type is skipped (the reference loader reports it); an unreadable file gives the five."""
    try:
        text = _read_text(Path(folder) / AUTHORITIES_FILE)
    except PlanError:
        return COUNCIL_TYPES
    found: set[str] = set()
    for item in csv_rows(text, name=AUTHORITIES_FILE, required=TYPE_COLUMNS):
        if isinstance(item, Problem):
            continue
        _, row = item
        code, name = (row.get(c, "").strip() for c in TYPE_COLUMNS)
        kind = TYPE_NAMES.get(code) or name.lower()
        if kind and len(kind) <= 80:
            found.add(kind)
    if not found:
        return COUNCIL_TYPES
    return (*COUNCIL_TYPES, *sorted(found - set(COUNCIL_TYPES)))


def non_council_types(path: Path = RULES_FILE) -> tuple[str, ...]:
    """The rule file's non-council organisation types (raises :class:`loaders.rules.RuleError` if it is wrong)."""
    rules, _ = load_rules(path, OrganisationTypes)
    return tuple(rules.non_council_types)


def organisation_types(folder: Path = DEFAULT_REFERENCE_DIR, rules: Path = RULES_FILE) -> tuple[str, ...]:
    """Every accepted ``council_type``: the reference's types, then the rule file's (each once, in that order)."""
    return tuple(dict.fromkeys((*reference_types(folder), *non_council_types(rules))))


#: What ``council.council_type`` accepts (loaders/models.py builds its schema from this).
ORGANISATION_TYPES: tuple[str, ...] = organisation_types()
