"""Checking one plan a user uploads or pastes: the same guarded reader and schema as ``data/plans``.

``check_upload`` never raises: whatever the bytes, it returns what the page needs — the text (if it could be
decoded), every problem with its line and field, the validated plan when there are no errors, and the
normalised re-serialisation when the plan could be read at all. ``excerpt`` shows the lines around a problem
with the offending one marked, as plain text (no markup is ever built from the user's text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.models import Plan
from loaders.problems import PlanError, Problem, internal_error
from loaders.reader import MAX_BYTES, decode
from loaders.roundtrip import normalise_text

#: Plans one session may hold at once: enough to compare a few drafts, small enough to bound memory.
MAX_UPLOADS = 10
#: Where a pasted plan has no file name of its own.
PASTED = "pasted.yaml"


@dataclass(frozen=True)
class UploadCheck:
    """The outcome of checking one upload. ``plan`` is set only when nothing is an error."""

    name: str
    text: str | None
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None
    normalised: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors

    def problem_table(self) -> pd.DataFrame:
        """One row per problem, for display: line, field, problem, severity (errors first)."""
        rows = [{"line": p.line, "field": p.field, "problem": p.message, "severity": p.severity} for p in self.problems]
        table = pd.DataFrame(rows, columns=["line", "field", "problem", "severity"]).astype({"line": "Int64"})
        return table.sort_values("severity", kind="stable").reset_index(drop=True)

    def problem_lines(self) -> list[int]:
        """The distinct lines problems point at, in order."""
        return sorted({p.line for p in self.problems if p.line})


def _size_problem(name: str, text: str) -> Problem | None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return Problem(name, None, "", f"text is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")
    return None


def check_upload(
    name: str, data: bytes | str, *, published: Iterable[str] = (), stem: str | None = None
) -> UploadCheck:
    """Decode, parse, validate and normalise one upload; ``published`` are the ids already in the dashboard.

    ``stem`` is the file name's stem to compare the plan id with (None for pasted text, which has no name).
    Any exception nobody foresaw becomes a problem row for this upload ("internal error"), never a page failure.
    """
    try:
        return _check(name, data, published=published, stem=stem)
    except Exception as exc:
        text = data if isinstance(data, str) and _size_problem(name, data) is None else None
        return UploadCheck(name, text, [internal_error(name, exc)])


def _check(name: str, data: bytes | str, *, published: Iterable[str], stem: str | None) -> UploadCheck:
    if isinstance(data, bytes):
        try:
            text = decode(data, name=name)
        except PlanError as exc:
            return UploadCheck(name, None, exc.problems)
    else:
        too_big = _size_problem(name, data)
        if too_big:
            return UploadCheck(name, None, [too_big])
        text = data.removeprefix("\ufeff")
    try:
        result = normalise_text(text, name=name, stem=stem)
    except PlanError as exc:
        return UploadCheck(name, text, exc.problems)
    problems = list(result.problems)
    if result.plan.id in set(published):
        problems.append(
            Problem(
                name,
                None,
                "id",
                f"{result.plan.id!r} is already published: adding it replaces the published plan, in your session only",
                "warning",
            )
        )
    errors = any(p.severity == "error" for p in problems)
    return UploadCheck(name, text, problems, None if errors else result.plan, result.text)


def normalised_bytes(name: str, text: str) -> bytes:
    """The normalised file for a download button, or the text as given when it cannot be read as a plan."""
    try:
        return normalise_text(text, name=name).text.encode("utf-8")
    except Exception:  # a file that cannot be read as a plan (PlanError or anything unforeseen) is given back as is
        return text.encode("utf-8")


def upload_name(file_name: str | None, plan_id: str | None) -> str:
    """The name an upload is kept under: the uploaded file's own name, else ``<plan id>.yaml`` for pasted text."""
    if file_name:
        return Path(file_name).name
    return f"{plan_id}.yaml" if plan_id else PASTED


def excerpt(text: str, line: int, *, context: int = 2) -> str:
    """Lines ``line - context`` .. ``line + context`` with a gutter of line numbers, the problem line marked ▶.

    Plain text for ``st.code``: the user's text is shown exactly, never interpreted."""
    lines = text.splitlines() or [""]
    line = min(max(line, 1), len(lines))
    first, last = max(1, line - context), min(len(lines), line + context)
    width = len(str(last))
    return "\n".join(
        f"{'▶' if number == line else ' '} {number:>{width}} │ {lines[number - 1]}" for number in range(first, last + 1)
    )
