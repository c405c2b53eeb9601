"""Adding a plan must not break the tests (issue 19 §4): the CI step a data maintainer relies on.

data/plans is copied to a temporary folder, one more valid plan (tests/fixtures/added/, a synthetic council) is
put beside the shipped ones, and the tests about the shipped data (the README example, the source-fidelity
and council tests, the Overview and Coverage pages) run again on that folder through ``PCE_PLANS_DIR``, which
the app and tests/conftest.py both read. They must pass unchanged: they check properties of whatever plans are
loaded, and pin only what the shipped documents themselves fix (Leeds declares 15, Bury 2021 is a full plan).

The same run by hand: ``PCE_PLANS_DIR=/tmp/plans-plus-one .venv/bin/python -m pytest <the files below>``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import load_corpus
from tests.conftest import FIXTURES, ROOT, SHIPPED_PLANS

ADDED = sorted((FIXTURES / "added").glob("*.yaml"))

#: The tests about the shipped data that a new plan file could break if they pinned the corpus.
SHIPPED_DATA_TESTS = [
    "tests/test_readme.py",
    "tests/loaders/test_shipped_data.py",
    "tests/loaders/test_more_councils.py",
    "tests/loaders/test_validation_messages.py::test_the_shipped_plans_raise_no_label_warnings",
    "tests/pages/test_overview.py",
    "tests/pages/test_coverage.py",
]

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("PCE_PLANS_DIR")), reason="already running on another plans folder (the inner run)"
)


@pytest.fixture(scope="module")
def plans_plus_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plans-plus-one") / "plans"
    shutil.copytree(SHIPPED_PLANS, folder)
    for path in ADDED:
        assert not (folder / path.name).exists(), path.name
        shutil.copy(path, folder / path.name)
    return folder


def test_the_added_plan_is_valid_and_new(plans_plus_one: Path) -> None:
    shipped = load_corpus(SHIPPED_PLANS, cache=False)
    grown = load_corpus(plans_plus_one, cache=False)
    assert len(ADDED) == 1
    assert len(grown.challenges) == len(shipped.challenges) + 1
    assert grown.councils["council_id"].nunique() == shipped.councils["council_id"].nunique() + 1
    assert (grown.problems["severity"] == "error").sum() == 0
    added = grown.recommendations[grown.recommendations["challenge_id"] == ADDED[0].stem]
    assert len(added) == 3 and added["rec_id"].str.fullmatch(r"fenwold-2024-r[123]").all()


def test_the_shipped_data_tests_pass_with_a_plan_added(plans_plus_one: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PCE_PLANS_DIR": str(plans_plus_one), "PCE_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SHIPPED_DATA_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    tail = run.stdout[-4000:] + run.stderr[-2000:]
    assert run.returncode == 0, tail
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) >= 40, tail  # the tests ran, not skipped
    assert " failed" not in run.stdout and "skipped" not in run.stdout.split("passed")[-1], tail
