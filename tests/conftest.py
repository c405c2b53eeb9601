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
#: The shipped plans as the repository has them (the source-fidelity tests read these files themselves).
SHIPPED_PLANS = ROOT / "data" / "plans"
#: The plans the shipped-data tests and the app under test read: ``PCE_PLANS_DIR`` when set (the app reads it
#: too, ui/data.py), so tests/test_added_plan.py can run those tests on a copy of data/plans with a plan added.
PLANS = Path(os.environ["PCE_PLANS_DIR"]) if os.environ.get("PCE_PLANS_DIR") else SHIPPED_PLANS
FIXTURES = ROOT / "tests" / "fixtures"
#: ONS codes of synthetic councils (scripts/synthetic.py, tests/fixtures/added/): no such authority exists, so the
#: reference data cannot place them and says so in a warning.
SYNTHETIC_ONS_PREFIX = "E99"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The shipped data (or ``PCE_PLANS_DIR``'s), loaded once. Tests must not mutate it."""
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


def shipped_problems(corpus: Corpus):
    """``corpus.problems`` less the one warning a synthetic council (code ``E99…``) always gets, "not in the
    reference list": what must be empty for the shipped plans, and stay empty when a synthetic plan is added."""
    synthetic = set(corpus.councils.loc[corpus.councils["ons_code"].str.startswith(SYNTHETIC_ONS_PREFIX), "ons_code"])
    problems = corpus.problems
    reference = problems["message"].str.contains("is not in the reference list", regex=False)
    named = problems["message"].map(lambda m: any(code in m for code in synthetic))
    return problems[~(reference & named & (problems["severity"] == "warning"))]
