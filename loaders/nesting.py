"""How deeply a YAML text nests, found by one linear pass over the raw text, before any YAML parser runs.

PyYAML's C composer recurses once per level and overflows the C stack at about 25,000 levels: a 100 kB
file of ``[`` (or of ``- - - …``) is a SIGSEGV that kills the whole server, which no ``except`` can catch.
So depth has to be bounded on the text itself. :func:`nesting_depth` follows just enough of YAML to count
levels the way the parser will build them:

- flow collections (``[`` ``{``), but not brackets inside quoted scalars, comments or block scalars
  (``|`` / ``>`` text), nor inside plain text (``see [1``), which YAML does not read as a collection;
- block collections: each ``- `` entry and each ``key:`` indented deeper than its parent opens a level
  (``- - - x`` on one line is three).

Where the text is ambiguous it counts rather than skips (a quote is only a quote where YAML starts a
scalar), so it may over-count a malformed file but cannot be talked into under-counting a deep one; as a
last resort, :data:`MAX_UNCLOSED` unclosed brackets anywhere (quotes and comments included) are refused too,
which no real plan comes near. Every step advances through the text, using only anchored or
line-bounded regular expressions, so the pass is linear in the text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Deepest nesting accepted. A real plan nests fewer than 15 levels; the C composer dies near 25,000.
MAX_DEPTH = 100
#: Unclosed ``[`` / ``{`` counted with no YAML rules at all (inside quotes too): the backstop.
MAX_UNCLOSED = 2_000

_SPACES = re.compile(r"[ \t]*")
_PROPERTY = re.compile(r"[!&][^ \t\[\]{},]*")  # a tag or anchor; stops at brackets so it never hides one
_PLAIN_STOP = re.compile(r":(?=[ \t]|$)|[ \t]#")  # where a plain scalar in block context ends
_FLOW_SPECIAL = re.compile(r"""[\[\]{},:#"'?]""")
_QUOTE_END = {'"': re.compile(r'(?:[^"\\]|\\.)*+"'), "'": re.compile(r"(?:[^']|'')*+'")}
_DOCUMENT = re.compile(r"(?:---|\.\.\.)(?=[ \t]|$)")
_BLOCK_SCALAR = "|>"


class TooDeep(Exception):
    """The text nests deeper than allowed; ``line`` is 1-based."""

    def __init__(self, depth: int, line: int):
        self.depth, self.line = depth, line
        super().__init__(f"nested deeper than {depth} levels at line {line}")


@dataclass
class _State:
    limit: int
    line: int = 0
    flow: int = 0  # open flow collections
    blocks: list[tuple[int, str]] = field(default_factory=list)  # (column, "map" | "seq") of open block levels
    quote: str | None = None  # the quote character of a quoted scalar still open at the end of a line
    scalar_parent: int | None = None  # inside a block scalar: the indentation its lines must exceed
    expect: bool = True  # in flow context: the next character starts a node
    closed: bool = False  # in flow context: the last token was a closing quote or bracket

    def check(self) -> None:
        if len(self.blocks) + self.flow > self.limit:
            raise TooDeep(self.limit, self.line)

    def block(self, column: int, kind: str) -> None:
        """A block entry (``- ``) or key at ``column``: a new level when deeper than the current one."""
        top = self.blocks[-1] if self.blocks else None
        if top is None or column > top[0]:
            self.blocks.append((column, kind))
        elif column == top[0] and kind == "seq" and top[1] == "map":
            self.blocks.append((column, kind))  # a sequence at its key's own indentation
        elif column == top[0] and kind == "map" and top[1] == "seq" and self.blocks[-2:-1] == [(column, "map")]:
            self.blocks.pop()  # that sequence has ended: back in the mapping
        self.check()


def _quote_end(line: str, pos: int, quote: str) -> int | None:
    """Index just past the closing quote, or None when the scalar runs on to the next line."""
    found = _QUOTE_END[quote].match(line, pos)
    return found.end() if found else None


def _flow(state: _State, line: str, pos: int) -> int | None:
    """Scan flow context from ``pos``; the index where block context resumes, or None at the end of the line."""
    while True:
        found = _FLOW_SPECIAL.search(line, pos)
        if found is None:
            if line[pos:].strip():
                state.expect, state.closed = False, False
            return None
        i, ch = found.start(), found.group()
        if line[pos:i].strip():
            state.expect, state.closed = False, False
        pos = i + 1
        if ch in "[{":
            state.flow += 1
            state.expect, state.closed = True, False
            state.check()
        elif ch in "]}":
            state.flow = max(state.flow - 1, 0)
            state.expect, state.closed = False, True
            if state.flow == 0:
                return pos
        elif ch == ",":
            state.expect, state.closed = True, False
        elif ch == ":":
            state.expect = state.closed or pos >= len(line) or line[pos] in " \t"
            state.closed = False
        elif ch == "?":
            state.expect = state.expect and (pos >= len(line) or line[pos] in " \t")
        elif ch == "#":
            if i == 0 or line[i - 1] in " \t":
                return None  # a comment: the rest of the line is not YAML
            state.expect, state.closed = False, False
        elif state.expect:  # a quote where a node starts: a quoted scalar
            end = _quote_end(line, pos, ch)
            if end is None:
                state.quote = ch
                return None
            pos = end
            state.expect, state.closed = False, True
        else:  # an apostrophe inside plain text
            state.closed = False


def _after_node(state: _State, line: str, pos: int) -> None:
    """After a complete node in block context (a quoted key, a flow collection): a ``:`` makes it a key."""
    found = _PLAIN_STOP.search(line, pos)
    if found is not None and found.group() == ":":
        _node(state, line, found.end(), owner=len(line) - len(line.lstrip(" ")))


def _node(state: _State, line: str, pos: int, owner: int) -> None:
    """Scan block context from ``pos``, where a node may start; ``owner`` is the column of its key or dash."""
    while True:
        pos = _SPACES.match(line, pos).end()
        if pos >= len(line) or line[pos] == "#":
            return
        ch = line[pos]
        nxt = line[pos + 1] if pos + 1 < len(line) else " "
        if ch in "-?" and nxt in " \t":
            state.block(pos, "seq" if ch == "-" else "map")
            owner, pos = pos, pos + 1
        elif ch in "!&":
            pos = _PROPERTY.match(line, pos).end()
        elif ch in "[{":
            resume = _flow(state, line, pos)
            if resume is not None:
                _after_node(state, line, resume)
            return
        elif ch in "\"'":
            end = _quote_end(line, pos + 1, ch)
            if end is None:
                state.quote = ch
                return
            column = pos
            found = _PLAIN_STOP.search(line, end)
            if found is not None and found.group() == ":":
                state.block(column, "map")
                owner, pos = column, found.end()
            else:
                return
        elif ch in _BLOCK_SCALAR:
            state.scalar_parent = owner
            return
        else:  # plain text, or a key
            found = _PLAIN_STOP.search(line, pos)
            if found is None or found.group() != ":":
                return
            state.block(pos, "map")
            owner, pos = pos, found.end()


def _line(state: _State, line: str) -> None:
    """Scan one line, carrying quoted scalars, block scalars and flow collections on from the last."""
    indent = len(line) - len(line.lstrip(" "))
    if state.scalar_parent is not None:
        if not line.strip() or (indent > state.scalar_parent and not _DOCUMENT.match(line)):
            return
        state.scalar_parent = None
    pos = 0
    if state.quote is not None:
        end = _quote_end(line, 0, state.quote)
        if end is None:
            return
        state.quote, pos = None, end
        if state.flow == 0:
            _after_node(state, line, pos)
            return
        state.expect, state.closed = False, True
    if state.flow > 0:
        resume = _flow(state, line, pos)
        if resume is not None:
            _after_node(state, line, resume)
        return
    rest = line[indent : indent + 1]
    if not rest or rest == "#" or (indent == 0 and rest == "%"):
        return  # blank, a comment, a directive
    if indent == 0 and _DOCUMENT.match(line):
        state.blocks.clear()
        _node(state, line, 3, owner=-1)
        return
    while state.blocks and state.blocks[-1][0] > indent:
        state.blocks.pop()
    _node(state, line, indent, owner=state.blocks[-1][0] if state.blocks else -1)


def _unclosed(text: str, limit: int) -> int | None:
    """The 1-based line where more than ``limit`` brackets are open, counting every bracket; else None."""
    depth = 0
    for found in re.finditer(r"[\[\]{}]", text):
        if found.group() in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, found.start()) + 1
        elif depth:
            depth -= 1
    return None


def check_depth(text: str, *, limit: int = MAX_DEPTH, unclosed: int = MAX_UNCLOSED) -> None:
    """Raise :class:`TooDeep` when ``text`` nests more than ``limit`` levels (see the module docstring)."""
    state = _State(limit)
    for number, line in enumerate(text.splitlines(), 1):
        state.line = number
        _line(state, line)
    if (line := _unclosed(text, unclosed)) is not None:
        raise TooDeep(limit, line)


def nesting_depth(text: str) -> int:
    """The deepest nesting :func:`check_depth` finds in ``text`` (for tests and figures), capped at 10,000."""
    low, high = 0, 10_000
    while low < high:  # the smallest limit that passes
        middle = (low + high) // 2
        try:
            check_depth(text, limit=middle, unclosed=10**9)
        except TooDeep:
            low = middle + 1
        else:
            high = middle
    return low
