"""Validation problems: one row per thing wrong with a file, naming the file, line and field."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]

PROBLEM_COLUMNS = ["file", "line", "field", "message", "severity"]


@dataclass(frozen=True)
class Problem:
    """A problem found in a plan file.

    ``line`` is 1-based and None when the problem concerns the whole file. An ``error`` means the file
    was skipped; a ``warning`` means it loaded but something deserves a look.
    """

    file: str
    line: int | None
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


#: Longest echo of a value from a file in a message: a 5,000-digit number or a 1 MB key is shown cut short.
MAX_SHOWN = 80


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """``repr(value)`` for a message, at most ``limit`` characters, and safe for any value.

    A YAML file can hold a 100,000-digit number (``0x…``, ``1_000…``, ``1:2:3`` are integers to YAML);
    Python refuses to turn an int of more than 4,300 digits into text, so such a number is described by its
    length instead of printed."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"a number of about {digits:,} digits"
    try:
        return clip(repr(value), limit)
    except Exception:  # a value whose repr fails must not turn a problem row into a crash
        return f"<{type(value).__name__}>"


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('recommendations', 3, 'title')`` -> ``recommendations[3].title`` (parts from the file cut short)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]" if part.bit_length() < 64 else f"[{shown(part)}]"
        else:
            text = clip(str(part))
            out += f".{text}" if out else text
    return out


#: Problems listed per file; the rest are summed up in one row. A file with 100,000 misspelt keys needs its
#: first screenful fixed, not a 100,000-row table (which also cost minutes to locate line by line).
MAX_PROBLEMS = 200


def capped(problems: list[Problem], name: str, *, limit: int = MAX_PROBLEMS, more: int = 0) -> list[Problem]:
    """The first ``limit`` problems, then one row "and N more problems" (``more`` counts ones not built at all).

    The summary row is an error when any problem it stands for is one, so a capped file is never mistaken for
    one with only warnings."""
    hidden = problems[limit:]
    count = len(hidden) + more
    if count <= 0:
        return problems
    severity: Severity = "error" if more or any(p.severity == "error" for p in hidden) else "warning"
    message = f"and {count:,} more problem(s) in this file, not listed (only the first {limit} are); fix these first"
    return [*problems[:limit], Problem(name, None, "", message, severity)]


def internal_error(name: str, exc: BaseException) -> Problem:
    """The row for an exception nobody expected while reading one file: that file is skipped, nothing else.

    Only the exception's type is shown: its text may echo (or fail to print) whatever the file held."""
    return Problem(name, None, "", f"internal error while reading this file ({type(exc).__name__}); please report it")


class PlanError(Exception):
    """Raised when a single plan cannot be loaded; carries the problems that explain why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
