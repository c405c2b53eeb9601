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
from loaders.reader import line_at, parse_tree
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


def _slow_dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH, default_flow_style=False)


class _NotSimple(Exception):
    """A value the fast writer leaves to PyYAML's emitter."""


#: Text PyYAML writes on one line, plain or in single quotes, with nothing escaped: letters, digits and common
#: punctuation, single spaces between words, no YAML indicator first, no ``: `` or `` #`` (no ``:`` or ``#``).
_SIMPLE_TEXT = re.compile(
    r"[A-Za-z0-9(£•\xc0-\xff][\w,.()/&;!%+£€–—’‘“”•'\"\xc0-\xff\-]*(?: [\w,.()/&;!%+£€–—’‘“”•'\"\xc0-\xff\-]+)*",
    re.ASCII,
)
#: A line longer than this might be folded at the emitter's width (110): such values go to PyYAML.
_FAST_WIDTH = 100
#: The emitter's width (``dump(width=110)``): plain text folds at the first single space past it.
_WIDTH = 110
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()  # what SafeDumper uses to decide whether plain text reads back as text


def _scalar(value: Any) -> str:
    """``value`` exactly as :class:`_Dumper` writes it as a one-line block value; _NotSimple if unsure."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    kind = type(value)
    if kind is int and -(10**15) < value < 10**15:
        return str(value)
    if kind is dt.date:
        return value.isoformat()
    if kind is str and _SIMPLE_TEXT.fullmatch(value):
        if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG:
            return value
        if "'" not in value:  # would read back as a number, a date, true/false: PyYAML single-quotes it
            return f"'{value}'"
    raise _NotSimple


def _mapping(value: Any, indent: int, out: list[str], first: str) -> None:
    """Append the block YAML of the mapping ``value`` at column ``indent``; ``first`` starts its first line (the
    padding, or a list item's dash). Only shapes whose PyYAML output is certain are written: anything else
    raises _NotSimple, so that its whole unit goes to PyYAML."""
    if not isinstance(value, dict) or not value:
        raise _NotSimple
    pad = " " * indent
    for key, item in value.items():
        if type(key) is not str or _scalar_key(key) is None:
            raise _NotSimple
        _pair(first + key + ":", item, indent, out)
        first = pad


def _pair(start: str, item: Any, indent: int, out: list[str]) -> None:
    """``start`` (padding, key and colon) and the value ``item`` of a mapping at column ``indent``."""
    if isinstance(item, dict):
        out.append(start + "\n")
        _mapping(item, indent + 2, out, " " * (indent + 2))
    elif isinstance(item, list):
        if not item:
            raise _NotSimple
        out.append(start + "\n")
        for element in item:
            _item(element, indent + 2, out)
    else:
        out.append(_line(start + " ", item, indent + 2))


def _item(element: Any, indent: int, out: list[str]) -> None:
    """One item of a block sequence whose dashes are at column ``indent``."""
    dash = " " * indent + "- "
    if isinstance(element, dict):
        _mapping(element, indent + 2, out, dash)
        return
    out.append(_line(dash, element, indent + 2))  # a list in a list: _scalar refuses it


def _line(start: str, value: Any, indent: int) -> str:
    """``start`` and the scalar ``value``, folded as PyYAML's write_plain folds plain text: at a single space once
    the column passes the width, onto a line indented to ``indent``. Other long values go to PyYAML."""
    written = _scalar(value)
    if len(start) + len(written) <= _FAST_WIDTH:
        return start + written + "\n"
    if written is not value:  # quoted, a number, a date: not folded here
        raise _NotSimple
    words = written.split(" ")
    parts, column = [start, words[0]], len(start) + len(words[0])
    for word in words[1:]:
        if column > _WIDTH:
            parts.append("\n" + " " * indent)
            column = indent
        else:
            parts.append(" ")
            column += 1
        parts.append(word)
        column += len(word)
    parts.append("\n")
    return "".join(parts)


def _scalar_key(key: str) -> str | None:
    """``key`` when PyYAML writes it plain as a simple key, else None."""
    try:
        return key if len(key) < 60 and _scalar(key) == key else None
    except _NotSimple:
        return None


#: Stands after a unit that ended in ``|+`` text: PyYAML ends a document there with ``...``, but not a field.
_OPEN_END = "\x00open-end"


def _slow_unit(data: dict[str, Any], *, item: bool = False) -> list[str]:
    """PyYAML's text of one top-level field (or, with ``item``, of the one list item in it, without the key)."""
    text = _slow_dump(data)
    if item:
        text = text.split("\n", 1)[1]
    return [text[: -len("...\n")], _OPEN_END] if text.endswith("\n...\n") else [text]


def dump_yaml(data: Any) -> str:
    """Plain, safe YAML text of ``data`` in its own key order.

    PyYAML's emitter is pure Python (libyaml's cannot indent a sequence under its key, so its output would
    differ) and took seconds for a large plan. Simple values (one-line text of common characters, small
    numbers, dates, true/false/null) are written here directly; each top-level field, or each item of a
    top-level list, holding anything else is written by PyYAML in the same context, so the text is the same
    byte for byte (tests/loaders/test_roundtrip.py compares both writers on every shipped plan)."""
    if not isinstance(data, dict) or not data or any(type(key) is not str for key in data):
        return _slow_dump(data)
    out: list[str] = []
    for key, value in data.items():
        if _scalar_key(key) is None:
            out.extend(_slow_unit({key: value}))
            continue
        if isinstance(value, list) and value:
            out.append(key + ":\n")
            for element in value:
                unit: list[str] = []
                try:
                    _item(element, 2, unit)
                except (_NotSimple, RecursionError):
                    unit = _slow_unit({key: [element]}, item=True)
                out.extend(unit)
            continue
        unit = []
        try:
            _pair(key + ":", value, 0, unit)
        except (_NotSimple, RecursionError):
            unit = _slow_unit({key: value})
        out.extend(unit)
    if out[-1] is _OPEN_END:  # text kept with its final line breaks (``|+``) ends the document: PyYAML marks it
        out[-1] = "...\n"
    return "".join(part for part in out if part is not _OPEN_END)


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
    """Equal, text to the character (whitespace included: :func:`restore_text` carries it back).

    A date the file quoted (``"2024-01-01"``, as every JSON-style plan has it) is text to YAML, the schema reads
    it as a date and the normalised file writes it as one (``2024-01-01``): the same value, carried."""
    if isinstance(original, dt.datetime) or isinstance(written, dt.datetime):
        return original == written
    if type(original) is str and type(written) is dt.date:
        return original == written.isoformat()
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
    data, root = parse_tree(text, name=name, lenient=True)  # composed once: every line number comes from this tree
    if not isinstance(data, dict):
        validate_plan(data, name=name, text=text)  # raises with the plain-English "must be a mapping"
    known, unknown = split_unknown(data)
    try:
        plan = validate_plan(known, name=name, text=text, root=root)
    except PlanError:
        validate_plan(data, name=name, text=text, root=root)  # the file's own errors, unknown fields included
        raise
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
    problems += check_plan(plan, name=name, text=text, stem=stem, root=root)
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
