"""A plan given back normalised and re-serialised, with nothing the user wrote dropped.

``normalise_text`` parses a plan through the same guarded reader, validates it against the schema, and
writes it out again in the schema's key order, two-space indented, dates as ``YYYY-MM-DD``, multi-line text
as ``|`` blocks. What YAML itself cannot carry through a parse is *reported* rather than lost silently:

- unknown fields (not in the schema) are kept in the output where they were, and listed as problems;
- comments (which a YAML parser discards) are listed with their lines; the opening comment block is kept;
- text is written exactly as the file has it: validation strips surrounding spaces for the dashboard, but
  the normalised file carries the original string (leading and trailing spaces, a final newline) back;
- finally the output is parsed again and compared leaf by leaf with the input, so any value that did not
  survive (there should be none) becomes an error row instead of vanishing.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel

from loaders.models import SCHEMA_VERSION, Plan
from loaders.problems import MAX_PROBLEMS, PlanError, Problem, capped
from loaders.reader import compose, line_at, parse_yaml
from loaders.validate import check_plan, field_path, validate_plan

Loc = tuple[int | str, ...]
#: libyaml where PyYAML was built with it: the pure-Python scanner made a 2 MB file take minutes. Same safe tags.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Normalised:
    """The re-serialised plan text, the validated plan, and everything worth telling the user about it."""

    text: str
    plan: Plan
    problems: list[Problem]
    unknown: list[tuple[Loc, Any]]
    comment_lines: list[int]
    #: Comment lines that are *not* in the output (every comment outside the opening block).
    dropped_comments: list[int] = field(default_factory=list)


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The pydantic model inside a field annotation (``Model``, ``Model | None``, ``list[Model]``), and
    whether the field is a list of them."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        model, _ = _model_in(item)
        return model, True
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            model, many = _model_in(arg)
            if model is not None:
                return model, many
    return None, False


def split_unknown(data: Any, model: type[BaseModel] = Plan, loc: Loc = ()) -> tuple[Any, list[tuple[Loc, Any]]]:
    """``data`` without keys the schema does not know, and those keys' locations and values (in file order).

    Values of the wrong shape are passed through untouched: validation reports them, not this function.
    """
    if not isinstance(data, dict):
        return data, []
    known: dict[Any, Any] = {}
    unknown: list[tuple[Loc, Any]] = []
    for key, value in data.items():
        field = model.model_fields.get(key) if isinstance(key, str) else None
        if field is None:
            unknown.append(((*loc, key), value))
            continue
        inner, many = _model_in(field.annotation)
        if inner is not None and many and isinstance(value, list):
            items = []
            for index, item in enumerate(value):
                kept, found = split_unknown(item, inner, (*loc, key, index))
                items.append(kept)
                unknown.extend(found)
            value = items
        elif inner is not None and not many:
            value, found = split_unknown(value, inner, (*loc, key))
            unknown.extend(found)
        known[key] = value
    return known, unknown


def _insert(tree: Any, loc: Loc, value: Any) -> None:
    """Put ``value`` back at ``loc`` (its parent exists, since only known fields led there)."""
    node = tree
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value


def comment_lines(text: str) -> list[int]:
    """1-based lines that carry a YAML comment (a ``#`` outside every scalar, at a line start or after a space)."""
    if "#" not in text:
        return []
    try:
        spans = sorted(
            (tok.start_mark.index, tok.end_mark.index)
            for tok in yaml.scan(text, Loader=_FAST_LOADER)
            if isinstance(tok, yaml.ScalarToken)
        )
    except yaml.YAMLError:
        return []
    starts = [start for start, _ in spans]
    breaks = [found.start() for found in re.finditer("\n", text)]  # line of a position: bisect, not a count
    lines: set[int] = set()
    position = text.find("#")
    while position != -1:
        if position == 0 or text[position - 1] in " \t\n\r":
            index = bisect.bisect_right(starts, position) - 1
            inside = index >= 0 and spans[index][0] <= position < spans[index][1]
            if not inside:
                lines.add(bisect.bisect_left(breaks, position) + 1)
        position = text.find("#", position + 1)
    return sorted(lines)


def _header(text: str) -> str:
    """The comment block (and blank lines) a file opens with, kept verbatim at the top of the output."""
    out = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n" if out else ""


class _Dumper(yaml.SafeDumper):
    """Block style, indented sequences, no anchors, multi-line text as ``|`` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value and all(ch == "\n" or ch.isprintable() for ch in value) and value == value.rstrip(" \t"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _represent_int(dumper: yaml.SafeDumper, value: int) -> yaml.ScalarNode:
    """Whole numbers in decimal, except those Python will not write in decimal (over 4,300 digits, as YAML's
    ``0x…`` and ``1_000…`` can be): those in hexadecimal, which YAML reads back as the same number."""
    text = hex(value) if value.bit_length() > 4_000 else str(value)
    return dumper.represent_scalar("tag:yaml.org,2002:int", text)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(int, _represent_int)


def dump_yaml(data: Any) -> str:
    """Plain, safe YAML text of ``data`` in its own key order."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


def restore_text(written: Any, original: Any) -> Any:
    """``written`` (the validated plan's values) with each string put back exactly as ``original`` has it where
    validation only stripped its surrounding whitespace; the schema's key order and every other value stay.

    >>> restore_text({"a": "x", "b": ["y"]}, {"b": [" y "], "a": "x  "})
    {'a': 'x  ', 'b': [' y ']}
    """
    if isinstance(written, dict) and isinstance(original, dict):
        return {k: restore_text(v, original[k]) if k in original else v for k, v in written.items()}
    if isinstance(written, list) and isinstance(original, list) and len(written) == len(original):
        return [restore_text(w, o) for w, o in zip(written, original, strict=True)]
    if isinstance(written, str) and isinstance(original, str) and written != original and original.strip() == written:
        return original
    return written


def _same(original: Any, written: Any) -> bool:
    """Equal, text to the character (whitespace included: :func:`restore_text` carries it back)."""
    if isinstance(original, dt.datetime) or isinstance(written, dt.datetime):
        return original == written
    return original == written and type(original) is type(written)


def lost_values(original: Any, written: Any, loc: Loc = ()) -> list[Loc]:
    """Locations of every value in ``original`` that ``written`` does not carry (empty when nothing is lost)."""
    if isinstance(original, dict):
        if not isinstance(written, dict):
            return [loc]
        lost: list[Loc] = []
        for key, value in original.items():
            if key not in written:
                lost.append((*loc, key))
            else:
                lost.extend(lost_values(value, written[key], (*loc, key)))
        return lost
    if isinstance(original, list):
        if not isinstance(written, list) or len(written) != len(original):
            return [loc]
        return [found for i, item in enumerate(original) for found in lost_values(item, written[i], (*loc, i))]
    return [] if _same(original, written) else [loc]


def normalise_text(text: str, *, name: str, stem: str | None = None) -> Normalised:
    """Validate ``text`` and re-serialise it; raise PlanError only when the plan cannot be read or validated.

    Unknown fields do not stop normalisation (they are carried through and reported as errors, exactly as
    the dashboard reports them); cross-record problems (duplicate numbers, dangling references) are reported.
    """
    data = parse_yaml(text, name=name)
    if not isinstance(data, dict):
        validate_plan(data, name=name, text=text)  # raises with the plain-English "must be a mapping"
    known, unknown = split_unknown(data)
    try:
        plan = validate_plan(known, name=name, text=text)
    except PlanError:
        validate_plan(data, name=name, text=text)  # report the file's own errors, unknown fields included
        raise
    root = compose(text)
    problems = [
        Problem(
            name,
            line_at(root, loc, key=True),
            field_path(loc),
            "unknown field (not in the schema; check the spelling) — kept in the normalised file, "
            "but the dashboard will not load the plan until it is fixed",
        )
        for loc, _ in unknown[:MAX_PROBLEMS]
    ]
    problems = capped(problems, name, more=len(unknown) - len(problems))
    problems += check_plan(plan, name=name, text=text, stem=stem)
    out = {"schema_version": SCHEMA_VERSION, **restore_text(plan.model_dump(mode="python", exclude_unset=True), known)}
    for loc, value in unknown:
        _insert(out, loc, value)
    comments = comment_lines(text)
    header = _header(text)
    written = header + dump_yaml(out)
    kept = set(range(1, header.count("\n") + 1))
    dropped_comments = [line for line in comments if line not in kept]
    if dropped_comments:
        shown = ", ".join(map(str, dropped_comments[:12])) + (", …" if len(dropped_comments) > 12 else "")
        problems.append(
            Problem(
                name,
                dropped_comments[0],
                "",
                f"{len(dropped_comments)} comment line(s) are not carried into the normalised file (lines {shown}); "
                "the opening comment block is kept — keep your original file for the others",
                "warning",
            )
        )
    for loc in lost_values(data, yaml.load(written, Loader=_FAST_LOADER)):
        message = "value was not carried into the normalised file"
        problems.append(Problem(name, line_at(root, loc), field_path(loc), message))
    return Normalised(written, plan, problems, unknown, comments, dropped_comments)
