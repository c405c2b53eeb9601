"""Small helpers several test modules share: a filtered view of a corpus, a councils frame, the
"skip here, fail under CI" rule and the metrics and query parameters of an AppTest run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.filters import Filters, View, apply_filters
from loaders.completeness import completeness
from tests.conftest import FIXTURES


def view_of(frames: Any, filters: Filters | None = None, **fields: Any) -> View:
    """``frames`` (a corpus or a view) cut by ``filters``, or by a :class:`Filters` built from ``fields``."""
    return apply_filters(
        filters if filters is not None else Filters(**fields),
        councils=frames.councils,
        challenges=frames.challenges,
        recommendations=frames.recommendations,
        actions=frames.actions,
        steps=frames.steps,
    )


def councils_frame(**names: str) -> pd.DataFrame:
    """A councils frame from ``council_id="Name"`` pairs, in the order given."""
    return pd.DataFrame({"council_id": list(names), "name": list(names.values())})


def skip_unless_ci(reason: str, *, what: str) -> None:
    """Skip with ``reason`` where a tool is missing; under CI (CI=true) fail instead, never a silent skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} under CI: {reason}")
    pytest.skip(reason)


def metric_values(at: Any) -> dict[str, str]:
    """An AppTest run's metrics, label -> shown value."""
    return {m.label: m.value for m in at.metric}


def metric_deltas(at: Any) -> dict[str, str]:
    """An AppTest run's metrics, label -> the delta shown under the value."""
    return {m.label: m.delta for m in at.metric}


def query_param(at: Any, key: str) -> str | None:
    """One query parameter's value, whether AppTest holds it as a string or a list."""
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


#: The one-council fixture plan as text, for tests that load it with one line changed.
FIXTURE_PLAN = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def fixture_plan_with(old: str, new: str) -> str:
    """The fixture plan with ``old`` replaced once by ``new``; fails at once if the fixture no longer holds ``old``
    (a silent no-op replace would test the unchanged plan)."""
    assert old in FIXTURE_PLAN
    return FIXTURE_PLAN.replace(old, new, 1)


def testshire_plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plans folder holding the one-council fixture plan, with the corpus cache kept under ``tmp_path``."""
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "testshire-2024.yaml", folder / "testshire-2024.yaml")
    return folder


def challenges_frame(years: dict[str, int], **columns: list[Any]) -> pd.DataFrame:
    """A challenges frame with one challenge per council (``{"ashby": 2023}`` -> ``ashby-2023``) and ``columns``."""
    return pd.DataFrame({"challenge_id": [f"{c}-{y}" for c, y in years.items()], "council_id": list(years), **columns})


def completeness_row(declared: int | None, captured: int, actions: int, without: int, in_source: bool) -> str:
    """:func:`loaders.completeness.completeness` from one row of a parametrized table (the columns' order there)."""
    return completeness(
        declared=declared,
        captured=captured,
        actions=actions,
        recommendations_without_actions=without,
        action_plan_in_source=in_source,
    )
