"""Schema validation with messages a data maintainer can act on, plus the checks across records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from loaders.models import Plan
from loaders.problems import MAX_PROBLEMS, PlanError, Problem, capped, field_path, shown
from loaders.reader import compose, line_at, parse_tree


def describe(value: Any) -> str:
    """Name a YAML value's kind the way a person writing YAML thinks of it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        return shown(value) if value.bit_length() > 240 else f"a number ({value})"  # "a number of about N digits"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"a date ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value pairs)",
    "model_type": "a mapping (key: value pairs)",
    "model_attributes_type": "a mapping (key: value pairs)",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


def plain_message(error: dict[str, Any]) -> str:
    """Turn one pydantic error into plain English."""
    kind = error["type"]
    value = error.get("input")
    if kind == "invalid_key":
        return f"field names must be text, got {describe(value)}; quote it or check the indentation"
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (not in the schema; check the spelling) — its value was not loaded"
    if kind in _EXPECTED:
        hint = "; put it in quotes if it is text" if kind == "string_type" and isinstance(value, int | float) else ""
        return f"expected {_EXPECTED[kind]}, got {describe(value)}{hint}"
    if kind in {"finite_number", "less_than_equal", "greater_than_equal", "less_than", "greater_than"}:
        return f"{shown(value)} is out of range: {error['msg'].lower()}"
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"{shown(value)} is not allowed here; expected one of {allowed}"
    if kind == "string_pattern_mismatch":
        return f"{shown(value)} does not have the expected form ({error['ctx']['pattern']})"
    if kind in {"too_short", "string_too_short"}:
        return "must not be empty"
    return str(error["msg"])


def validate_plan(data: Any, *, name: str, text: str, root: yaml.Node | None = None) -> Plan:
    """Validate parsed YAML as a Plan, raising PlanError with one problem per schema violation.

    ``root`` is the tree :func:`loaders.reader.parse_tree` composed from ``text``, for line numbers; without
    it the text is composed again (only when there are problems)."""
    if not isinstance(data, dict):
        raise PlanError([Problem(name, 1, "", f"a plan must be a mapping at the top level, got {describe(data)}")])
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        root = compose(text) if root is None else root
        errors = exc.errors()
        problems = [
            Problem(
                name,
                line_at(root, err["loc"], key=err["type"] == "extra_forbidden"),
                field_path(err["loc"]),
                plain_message(err),
            )
            for err in errors[:MAX_PROBLEMS]
        ]
        raise PlanError(capped(problems, name, more=len(errors) - len(problems))) from None


#: Dates outside this range are typing slips (0024 for 2024, 3024), not peer challenges.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _dates(model: BaseModel, loc: tuple[int | str, ...] = ()) -> Iterator[tuple[tuple[int | str, ...], dt.date]]:
    """Every date anywhere in a validated plan, with its location."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, dt.date):
            yield (*loc, name), value
        elif isinstance(value, BaseModel):
            yield from _dates(value, (*loc, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _dates(item, (*loc, name, index))


def _date_problems(plan: Plan) -> list[tuple[tuple[int | str, ...], str, str]]:
    found: list[tuple[tuple[int | str, ...], str, str]] = []
    for loc, value in _dates(plan):
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            found.append(
                (
                    loc,
                    "error",
                    f"{value.isoformat()} is not a plausible date (expected {EARLIEST_DATE.year}–"
                    f"{LATEST_DATE.year}); check the year",
                )
            )
    ch = plan.challenge
    for field in ("onsite_start", "onsite_end"):
        value = getattr(ch, field)
        if value and EARLIEST_DATE <= value <= LATEST_DATE and value.year != ch.year:
            message = f"{value.isoformat()} is not in the challenge year {ch.year}"
            found.append((("challenge", field), "warning", message))
    return found


def check_plan(
    plan: Plan, *, name: str, text: str, stem: str | None = None, root: yaml.Node | None = None
) -> list[Problem]:
    """Rules across records that a schema alone cannot express; an empty list means the plan is sound.

    ``root``: the composed tree of ``text`` when the caller has it (see :func:`validate_plan`)."""
    found = _date_problems(plan)
    numbers = Counter(rec.number for rec in plan.recommendations)
    for i, rec in enumerate(plan.recommendations):
        if numbers[rec.number] > 1:
            found.append(
                (("recommendations", i, "number"), "error", f"duplicate recommendation number {shown(rec.number)}")
            )
    ids = Counter(a.id for a in plan.actions if a.id)
    known = set(numbers)
    for i, action in enumerate(plan.actions):
        if action.id and ids[action.id] > 1:
            found.append((("actions", i, "id"), "error", f"duplicate action id {shown(action.id)}"))
        for j, ref in enumerate(action.recommendations):
            if ref not in known:
                found.append(
                    (
                        ("actions", i, "recommendations", j),
                        "error",
                        f"no recommendation numbered {shown(ref)} in this plan",
                    )
                )
    declared = plan.challenge.recommendations_declared
    if declared is not None and len(plan.recommendations) > declared:
        found.append(
            (
                ("challenge", "recommendations_declared"),
                "warning",
                f"{len(plan.recommendations)} recommendations captured but only {declared} declared",
            )
        )
    if stem is not None and stem != plan.id:
        found.append((("id",), "warning", f"id {shown(plan.id)} does not match the file name {shown(stem)}"))
    if not found:
        return []
    root = compose(text) if root is None else root
    listed = [Problem(name, line_at(root, loc), field_path(loc), msg, sev) for loc, sev, msg in found[:MAX_PROBLEMS]]  # type: ignore[arg-type]
    return capped(listed, name, more=len(found) - len(listed))


def load_plan_text(text: str, *, name: str, stem: str | None = None) -> tuple[Plan, list[Problem]]:
    """Parse, validate and check one plan; raise PlanError if it cannot be used, else return warnings."""
    data, root = parse_tree(text, name=name)
    plan = validate_plan(data, name=name, text=text, root=root)
    problems = check_plan(plan, name=name, text=text, stem=stem, root=root)
    if any(p.severity == "error" for p in problems):
        raise PlanError(problems)
    return plan, problems
