"""Shared fixtures: the real corpus (loaded once per test session) and paths."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from loaders import Corpus, load_corpus

# Keep the test session's corpus cache (loaders/cache.py) out of the repository and away from other runs;
# apps started by browser tests inherit it.
os.environ.setdefault("PCE_CACHE_DIR", tempfile.mkdtemp(prefix="pce-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The shipped data, loaded once. Tests must not mutate it."""
    return load_corpus(PLANS)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the figures tests measured (see tests/figures.py)."""
    from tests.figures import FIGURES

    if FIGURES:
        terminalreporter.section("measured figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def plan_problems(problems):
    """``problems`` without the "ONS code not in the reference" warning that fictional fixture councils get
    (loaders/reference.py): what a test of the plan itself should see as empty."""
    return problems[~problems["message"].str.contains("is not in the reference list", regex=False)]
