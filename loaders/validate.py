"""Schema validation with messages a data maintainer can act on, plus the checks across records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from loaders.identifiers import rec_number
from loaders.models import Plan
from loaders.problems import MAX_PROBLEMS, PlanError, Problem, capped, field_path, shown
from loaders.reader import Unreadable, compose, line_at, parse_tree
from loaders.themes import TOPICS
from loaders.timescales import parse_timescale


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


def yaml_shown(value: Any) -> str:
    """A value from a file as YAML writes it: ``null``, ``true``/``false``; anything else as :func:`shown`.

    A maintainer writes YAML, not Python: "None is not allowed" names nothing they typed."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return shown(value)


def plain_message(error: dict[str, Any]) -> str:
    """Turn one pydantic error into plain English (no "Value error, ..." prefixes, no Python spellings)."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if isinstance(value, Unreadable) and kind not in {"extra_forbidden", "invalid_key"}:
        hint = "; put it in quotes if it is text" if kind == "string_type" else ""
        return value.message + hint
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
        return f"{yaml_shown(value)} is out of range: {error['msg'].lower()}"
    if kind == "literal_error":
        allowed = ctx.get("expected", "")
        empty = " (an empty value)" if value is None else ""
        return f"{yaml_shown(value)}{empty} is not allowed here; expected one of {allowed}"
    if kind == "string_pattern_mismatch":
        return f"{yaml_shown(value)} does not have the expected form ({ctx['pattern']})"
    if kind in {"too_short", "string_too_short"}:
        return "must not be empty"
    if kind in {"value_error", "assertion_error"} and "error" in ctx:
        return str(ctx["error"])  # the validator's own words, without pydantic's "Value error, " prefix
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
        problems.sort(key=lambda p: p.line or 0)  # in file order: a maintainer fixes top to bottom
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
    return found + _as_written_problems(plan)


def _as_written_problems(plan: Plan) -> list[tuple[tuple[int | str, ...], str, str]]:
    """An exact day outside the period its ``…_as_written`` companion names ("2024-03-01" beside "January
    2024"): one of the two is a typo. A warning at the exact date's line; a companion the timescale reader
    cannot place (a note, "TBC") is not compared."""
    ch = plan.challenge
    pairs: list[tuple[tuple[int | str, ...], dt.date | None, str | None]] = [
        (("challenge", "report_date"), ch.report_date, ch.report_date_as_written),
        (("challenge", "plan_date"), ch.plan_date, ch.plan_date_as_written),
    ]
    pairs += [(("challenge", "documents", i, "date"), d.date, d.date_as_written) for i, d in enumerate(ch.documents)]
    pairs += [
        (("recommendations", i, "progress", j, "date"), p.date, p.date_as_written)
        for i, rec in enumerate(plan.recommendations)
        for j, p in enumerate(rec.progress)
    ]
    contexts = enumerate(plan.context_documents)
    pairs += [(("context_documents", i, "date"), d.date, d.date_as_written) for i, d in contexts]
    found: list[tuple[tuple[int | str, ...], str, str]] = []
    for loc, day, written in pairs:
        if day is None or not written:
            continue
        span = parse_timescale(written)
        if span.start is not None and span.end is not None and not span.start <= day <= span.end:
            message = (
                f"{day.isoformat()} is outside {shown(written)} written beside it "
                f"({span.start.isoformat()} to {span.end.isoformat()}); check both"
            )
            found.append((loc, "warning", message))
    return found


def _label_problems(plan: Plan) -> list[tuple[tuple[int | str, ...], str, str]]:
    """Hand labels outside their vocabularies: a ``council_theme`` the challenge does not list among its
    ``council_themes`` (a typo splits one theme into two on every chart), and ``topics`` not in the taxonomy
    (``rules/topics.yaml``), which no chart or filter can place. Warnings: the plan still loads."""
    found: list[tuple[tuple[int | str, ...], str, str]] = []
    themes = [theme.name for theme in plan.challenge.council_themes]
    listed = ", ".join(shown(t) for t in themes[:8]) + (", …" if len(themes) > 8 else "")
    known_topics = set(TOPICS)
    for i, rec in enumerate(plan.recommendations):
        if rec.council_theme is not None and rec.council_theme not in themes:
            where = f"challenge.council_themes lists {listed}" if themes else "challenge.council_themes is empty"
            message = f"{shown(rec.council_theme)} is not one of the challenge's council themes ({where})"
            found.append((("recommendations", i, "council_theme"), "warning", message))
        for j, topic in enumerate(rec.topics):
            if topic not in known_topics:
                close = [t for t in TOPICS if t.casefold() == topic.casefold()]
                hint = f"; did you mean {shown(close[0])}?" if close else " (see rules/topics.yaml for the list)"
                message = f"{shown(topic)} is not a topic in the taxonomy{hint}"
                found.append((("recommendations", i, "topics", j), "warning", message))
    return found


def check_plan(
    plan: Plan, *, name: str, text: str, stem: str | None = None, root: yaml.Node | None = None
) -> list[Problem]:
    """Rules across records that a schema alone cannot express; an empty list means the plan is sound.

    ``root``: the composed tree of ``text`` when the caller has it (see :func:`validate_plan`)."""
    found = _date_problems(plan)
    numbers = Counter(rec_number(rec.number) for rec in plan.recommendations)  # "R1" and "1" are one number
    for i, rec in enumerate(plan.recommendations):
        if numbers[rec_number(rec.number)] > 1:
            found.append(
                (("recommendations", i, "number"), "error", f"duplicate recommendation number {shown(rec.number)}")
            )
    ids = Counter(a.id for a in plan.actions if a.id)
    known = set(numbers)
    for i, action in enumerate(plan.actions):
        if action.id and ids[action.id] > 1:
            found.append((("actions", i, "id"), "error", f"duplicate action id {shown(action.id)}"))
        for j, ref in enumerate(action.recommendations):
            if rec_number(ref) not in known:
                found.append(
                    (
                        ("actions", i, "recommendations", j),
                        "error",
                        f"no recommendation numbered {shown(ref)} in this plan",
                    )
                )
    found += _label_problems(plan)
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
    data, root = parse_tree(text, name=name, lenient=True)
    plan = validate_plan(data, name=name, text=text, root=root)
    problems = check_plan(plan, name=name, text=text, stem=stem, root=root)
    if any(p.severity == "error" for p in problems):
        raise PlanError(problems)
    return plan, problems
