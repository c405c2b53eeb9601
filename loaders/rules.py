"""Rule files: the vocabularies a policy analyst corrects (owner spellings, topics, themes) read from ``rules/``.

Why YAML and not Python: these tables are data, and the people who know when "Chief Officer HR" is the HR
chief or which words mean "staff engagement" should be able to fix a row without reading code. Each file is
read once at import through the guarded YAML reader (safe loader, bounded size and nesting, duplicate keys
refused) and validated with pydantic, so a mistake stops start-up with :class:`RuleError` naming the file,
line and field (``rules/topics.yaml:41: topics.housing.patterns[2].weight: ...``) instead of silently
changing what the dashboard shows. The format of each file is described in ``rules/README.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from loaders.problems import PlanError, Problem, field_path, shown
from loaders.reader import compose, decode, line_at, parse_yaml

__all__ = [
    "RULES_DIR",
    "OwnerTitles",
    "RuleError",
    "Themes",
    "Topics",
    "load_rules",
    "rule_problem",
]

#: The folder of rule files; its ``*.yaml`` are part of the disk cache key (loaders/cache.py).
RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

#: Longest owner spelling, topic name or definition (the longest shipped is about 100 characters).
_Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
#: Longest pattern: the longest shipped is about 120 characters; a much longer one is a paste mistake.
MAX_PATTERN_CHARS = 500


class RuleError(PlanError):
    """A rule file is missing, unreadable or breaks its format; carries the problems naming file, line, field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Pattern(_Strict):
    """One weighted pattern: a regex fragment and how much one match counts."""

    pattern: Annotated[str, StringConstraints(min_length=1, max_length=MAX_PATTERN_CHARS)]
    weight: Annotated[float, Field(gt=0, le=10)]

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        if re.compile(rf"(?:{value})").fullmatch(""):
            raise ValueError("matches empty text, so it would match everywhere")
        return value


class Topic(_Strict):
    """One topic: its definition (shown to users) and its patterns."""

    definition: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    patterns: Annotated[list[Pattern], Field(min_length=1)]


class Topics(_Strict):
    """``rules/topics.yaml``: topic name -> definition and patterns, in display order."""

    topics: Annotated[dict[_Name, Topic], Field(min_length=1)]


class Theme(_Strict):
    """One LGA core theme: its own patterns and the share of each topic's score it takes."""

    patterns: Annotated[list[Pattern], Field(min_length=1)]
    priors: dict[_Name, Annotated[float, Field(gt=0, le=1)]]


class Themes(_Strict):
    """``rules/themes.yaml``: LGA theme -> patterns and topic priors."""

    themes: Annotated[dict[_Name, Theme], Field(min_length=1)]


class OwnerTitles(_Strict):
    """``rules/owner_titles.yaml``: owner spelling -> the one name used for it; owner role label -> role."""

    owners: Annotated[dict[_Name, _Name], Field(min_length=1)]
    roles: dict[_Name, _Name] = Field(default_factory=dict)


_Model = TypeVar("_Model", bound=BaseModel)


def _display(path: Path) -> str:
    """``rules/x.yaml`` for the shipped files (what an analyst opens), the full path otherwise."""
    try:
        return str(path.relative_to(RULES_DIR.parent))
    except ValueError:
        return str(path)


def rule_problem(path: Path, text: str, loc: tuple[int | str, ...], message: str, *, key: bool = False) -> Problem:
    """A problem at ``loc`` (a pydantic-style location) of a rule file, with the line it is on."""
    return Problem(_display(path), line_at(compose(text), loc, key=key), field_path(loc), message)


def load_rules(path: Path, model: type[_Model]) -> tuple[_Model, str]:
    """Read and validate one rule file; return the model and the file's text (for line numbers later).

    Raises :class:`RuleError` naming the file, line and field of every problem found."""
    name = _display(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RuleError([Problem(name, None, "", f"cannot read this rule file ({type(exc).__name__})")]) from None
    try:
        text = decode(data, name=name)
        raw: Any = parse_yaml(text, name=name)
    except PlanError as exc:
        raise RuleError(exc.problems) from None
    try:
        return model.model_validate(raw), text
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("[")))
            if error["type"] == "dict_type" or error["type"] == "model_type":
                message = f"should be a mapping of names to values, not {shown(error.get('input'), 40)}"
            else:
                message = error["msg"].removeprefix("Value error, ")
            problems.append(rule_problem(path, text, loc, message, key=error["type"] == "extra_forbidden"))
        raise RuleError(problems) from None
