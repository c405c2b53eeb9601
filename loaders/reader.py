"""Guarded YAML reading: safe tags only, bounded size and alias expansion, duplicate keys refused.

Every plan file and every upload goes through ``read_yaml``. It never executes code (safe loader
only), refuses input that would explode in memory (billion-laughs aliases, oversized files) and turns
every failure into a :class:`~loaders.problems.Problem` that names the file and line.
"""

from __future__ import annotations

import calendar
import os
import re
import weakref
from dataclasses import dataclass
from typing import Any

import yaml

from loaders.nesting import MAX_DEPTH, TooDeep, check_depth
from loaders.problems import PlanError, Problem, clip, field_path, shown

try:  # the C loader is several times faster; fall back to pure Python where libyaml is absent
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

#: Largest plan file accepted, in bytes. Real plans are under 100 kB.
MAX_BYTES = 2 * 1024 * 1024
#: Largest number of nodes a document may expand to once aliases are followed.
MAX_EXPANDED_NODES = 200_000
#: Most characters of text (scalars: keys and values) a document may expand to once aliases are followed. A
#: file without aliases cannot hold more than MAX_BYTES, so with this bound aliases cannot make any later step
#: (owner splitting, the normaliser) do more work than the largest file written out in full already could.
MAX_EXPANDED_CHARS = MAX_BYTES


_TAG_NAMES = {
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:binary": "base64 data",
}


@dataclass(frozen=True)
class Unreadable:
    """A scalar that looks like a typed value but is not one (``2024-11-31``, ``!!int xyz``), kept in place of
    the value by :class:`LenientLoader` so that schema validation goes on and reports every other problem in
    the same pass. No schema field accepts it, so it always becomes a problem row with its own field and line."""

    text: str
    message: str

    def __repr__(self) -> str:
        return repr(self.text)


_DAY_OUT_OF_RANGE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def _unreadable_message(node: yaml.Node, exc: Exception) -> str:
    """What is wrong with a scalar the safe constructors refused, in a maintainer's words."""
    kind = _TAG_NAMES.get(node.tag, node.tag)
    value = node.value if isinstance(node, yaml.ScalarNode) else ""
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return f"{shown(value)} is a number too long to read; put it in quotes if it is text"
    detail = ""
    if isinstance(exc, ValueError) and "must be in" in str(exc):
        detail = f" ({exc})"
    elif isinstance(exc, ValueError) and "day is out of range" in str(exc):
        found = _DAY_OUT_OF_RANGE.match(value)
        if found and 1 <= int(found[2]) <= 12:
            year, month = int(found[1]), int(found[2])
            days = calendar.monthrange(year, month)[1]
            detail = f" ({calendar.month_name[month]} {year} has {days} days)"
    return f"{shown(value)} is not {kind}{detail}"


class GuardedLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that refuses duplicate mapping keys instead of silently keeping the last one, and turns
    values that look like a type but are not one (``2024-13-45``, ``!!int xyz``) into marked YAML errors
    instead of the bare ValueError the safe constructors raise."""

    #: Keep such scalars as :class:`Unreadable` values instead of stopping at the first (LenientLoader).
    lenient = False

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # the safe constructors raise ValueError, KeyError, TypeError, ... on odd input
            message = _unreadable_message(node, exc)
            if self.lenient and isinstance(node, yaml.ScalarNode):
                return Unreadable(node.value, message)
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # e.g. ``!!map text``: let the base class say so
            return super().construct_mapping(node, deep=deep)
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable key: let the base class report it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {shown(key)} (first at line {seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


class LenientLoader(GuardedLoader):
    """GuardedLoader for plans: a typed scalar that cannot be read (an impossible date such as ``2024-11-31``)
    becomes an :class:`Unreadable` value, so one slip does not hide every other problem in the file."""

    lenient = True


def read_plan_bytes(path: str | os.PathLike[str], *, name: str | None = None) -> bytes:
    """A plan file's bytes, refusing (PlanError) a file over :data:`MAX_BYTES` *before* reading it: a 490 MB file
    in a plans folder was read into memory whole, only to be refused for its size."""
    name = name or str(path)
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(MAX_BYTES + 1)  # a file growing while read is still bounded
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        raise PlanError(
            [Problem(name, None, "", f"file is {max(size, len(data)):,} bytes; the limit is {MAX_BYTES:,} bytes")]
        )
    return data


def decode(data: bytes, *, name: str) -> str:
    """Decode bytes as UTF-8 text, refusing binary content with a message a person can act on."""
    if len(data) > MAX_BYTES:
        raise PlanError([Problem(name, None, "", f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes")])
    if b"\x00" in data[:8192]:
        raise PlanError([Problem(name, None, "", "this is a binary file, not YAML text")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(
            [Problem(name, line, "", f"not valid UTF-8 text (byte {exc.start}); save the file as UTF-8")]
        ) from None
    return text


def _expanded_size(root: yaml.Node) -> tuple[int, int, int | None]:
    """Nodes and scalar characters the document holds once aliases are expanded, without expanding them
    (memoised per node: an alias is the same node object as its anchor), and the 1-based line of the first
    anchored node that is reused (None when nothing is).

    Both counts matter: a thousand aliases of one 16 KB owner string are only a few thousand nodes, yet 60 MB
    of text for the owner splitter and the normaliser to chew through."""
    sizes: dict[int, tuple[int, int]] = {}
    reused: list[yaml.Node] = []

    def size(node: yaml.Node, depth: int = 0) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            if not reused:
                reused.append(node)
            return sizes[key]
        if depth > 200:
            raise RecursionError
        nodes, chars = 1, 0
        if isinstance(node, yaml.ScalarNode):
            chars = len(node.value)
        else:
            children = (
                node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
            )
            for child in children:
                more_nodes, more_chars = size(child, depth + 1)
                nodes, chars = nodes + more_nodes, chars + more_chars
        sizes[key] = (nodes, chars)
        return nodes, chars

    nodes, chars = size(root)
    return nodes, chars, reused[0].start_mark.line + 1 if reused else None


def _check_aliases(root: yaml.Node | None, text: str, name: str) -> None:
    """Refuse documents whose aliases would expand beyond MAX_EXPANDED_NODES nodes or MAX_EXPANDED_CHARS
    characters of text (billion laughs, by count or by length). ``root`` is the document's composed tree: the
    aliases are counted on it before anything is constructed."""
    if root is None or "&" not in text or "*" not in text:
        return
    try:
        nodes, chars, line = _expanded_size(root)
    except RecursionError:
        raise PlanError([Problem(name, None, "", "YAML is nested too deeply or refers to itself")]) from None
    if nodes > MAX_EXPANDED_NODES:
        message = "YAML aliases expand to too many nodes; aliases are not needed in plans"
        raise PlanError([Problem(name, line, "", message)])
    if chars > MAX_EXPANDED_CHARS:
        message = (
            f"YAML aliases expand to {chars:,} characters of text (the limit is {MAX_EXPANDED_CHARS:,}); "
            "aliases are not needed in plans: write each value out"
        )
        raise PlanError([Problem(name, line, "", message)])


def _error_line(exc: yaml.MarkedYAMLError, text: str) -> int | None:
    """The line a person should look at: where an unclosed construct opened when the parser only noticed at
    the end of the file (a line that does not exist in an editor), otherwise where the problem was found."""
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None:
        return context.line + 1 if context else None
    at_end = problem.line >= len(text.splitlines())
    if at_end and context is not None:
        return context.line + 1
    return problem.line + 1


def _field_at(root: yaml.Node | None, mark: yaml.Mark | None) -> str:
    """The field path (``challenge.plan_date``) of the value that starts at ``mark`` in the composed tree
    ``root``, when it can be found (composing does not construct values, so the tree exists even when a value
    fails to construct)."""
    if root is None or mark is None:
        return ""

    def walk(node: yaml.Node, loc: tuple[int | str, ...], depth: int) -> tuple[int | str, ...] | None:
        if node.start_mark.index == mark.index:
            return loc
        if depth > 100:
            return None
        if isinstance(node, yaml.MappingNode):
            children = [(getattr(k, "value", "?"), v) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            children = list(enumerate(node.value))
        else:
            return None
        for part, child in children:
            if child.start_mark.index <= mark.index <= child.end_mark.index:
                found = walk(child, (*loc, part), depth + 1)
                if found is not None:
                    return found
        return None

    return field_path(walk(root, (), 0) or ())


#: The last text found shallow enough (by identity: str is immutable), so composing it again skips the scan.
_shallow: str | None = None


def check_nesting(text: str, *, name: str) -> None:
    """Refuse text nested deeper than MAX_DEPTH levels, before any parser sees it (a deep enough document
    overflows the C stack of PyYAML's composer: a crash of the whole process, not an exception)."""
    global _shallow
    try:
        check_depth(text)
        _shallow = text
    except TooDeep as exc:
        message = f"nested deeper than {MAX_DEPTH} levels (brackets or indentation); a plan needs fewer than 15"
        raise PlanError([Problem(name, exc.line, "", message)]) from None


def parse_tree(text: str, *, name: str, lenient: bool = False) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text safely into its data and its composed node tree (which :func:`line_at` reads line
    numbers from); raise PlanError naming the line of any syntax or tag problem.

    The text is composed exactly once: the alias check, the construction of the data and every later line
    number use that one tree. (Composing it again for each step made a large file with problems parse two to
    four times over: a 2 MB upload with 100,000 unknown keys timed out.)

    With ``lenient``, scalars that look typed but cannot be read (``2024-11-31``) are returned as
    :class:`Unreadable` values for schema validation to report beside every other problem; the caller must
    validate the result (no schema field accepts an Unreadable)."""
    check_nesting(text, name=name)
    root: yaml.Node | None = None
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
        _check_aliases(root, text, name)
        if root is None:
            return None, None
        loader = (LenientLoader if lenient else GuardedLoader)("")
        try:
            return loader.construct_document(root), root
        finally:
            loader.dispose()
    except PlanError:
        raise
    except yaml.MarkedYAMLError as exc:
        line = _error_line(exc, text)
        field = _field_at(root, exc.problem_mark) if isinstance(exc, yaml.constructor.ConstructorError) else ""
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            message += f" (the construct opened at line {exc.context_mark.line + 1}, error noticed at line "
            message += f"{exc.problem_mark.line + 1})"
        if "could not determine a constructor" in message:
            message = f"{exc.problem}: only plain YAML is allowed (no !!python or custom tags)"
        elif not field:
            message = f"YAML syntax: {message}"
        raise PlanError([Problem(name, line, field, message)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"character #x{exc.character:04x} is not allowed in YAML ({exc.reason}); remove it"
        if isinstance(exc.character, bytes):
            message = f"not valid UTF-8 text ({exc.reason})"
        raise PlanError([Problem(name, line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise PlanError([Problem(name, None, "", f"YAML: {clip(str(exc), 200)}")]) from None
    except RecursionError:
        raise PlanError([Problem(name, None, "", "YAML is nested too deeply")]) from None
    except Exception as exc:  # last resort: a plan must become a problem row, never take the page down
        raise PlanError([Problem(name, None, "", f"could not read this YAML ({type(exc).__name__})")]) from None


def parse_yaml(text: str, *, name: str, lenient: bool = False) -> Any:
    """Parse YAML text safely; raise PlanError naming the line of any syntax or tag problem (``lenient``: as
    :func:`parse_tree`)."""
    return parse_tree(text, name=name, lenient=lenient)[0]


def read_yaml(data: bytes, *, name: str) -> Any:
    """Decode and parse one YAML document from bytes (a file's contents or an upload)."""
    return parse_yaml(decode(data, name=name), name=name)


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree (with line marks) of ``text``; None if it does not parse or nests too deeply."""
    global _shallow
    try:
        if text is not _shallow:  # the text parse_yaml just checked is composed again for line numbers
            check_depth(text)
            _shallow = text
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, TooDeep, RecursionError):
        return None


#: Per mapping node, its pairs by key value: built once per node, so a file with 100,000 problems looks each
#: one up in constant time instead of scanning the mapping again per problem (that was quadratic).
_PAIRS: weakref.WeakKeyDictionary[yaml.MappingNode, dict[Any, tuple[yaml.Node, yaml.Node]]] = (
    weakref.WeakKeyDictionary()
)


def _pairs(node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
    found = _PAIRS.get(node)
    if found is None:
        found = {}
        for key_node, value_node in node.value:
            value = getattr(key_node, "value", None)
            if isinstance(value, str):  # a scalar key (as written: line_at compares text with text)
                found.setdefault(value, (key_node, value_node))
        _PAIRS[node] = found
    return found


def line_at(root: yaml.Node | None, loc: tuple[int | str, ...], *, key: bool = False) -> int | None:
    """The 1-based line of the value (or, with ``key``, the mapping key) at a pydantic error ``loc``.

    Composed only when a file has problems, so valid files are parsed once. Falls back to the
    nearest existing parent when the field itself is missing. Each mapping is indexed on first use, so
    looking up every one of n problems costs O(n) in all, not O(n) each.
    """
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, yaml.MappingNode):
            pair = _pairs(node).get(part) if isinstance(part, str) else None
            if pair is None:
                return line
            if last and key:
                return pair[0].start_mark.line + 1
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line
