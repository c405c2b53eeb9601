"""Validation problems: one row per thing wrong with a file, naming the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('recommendations', 3, 'title')`` -> ``recommendations[3].title``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class PlanError(Exception):
    """Raised when a single plan cannot be loaded; carries the problems that explain why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
