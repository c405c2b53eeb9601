"""A plan file far over the 2 MB limit is refused by its size before it is read: in a plans folder, through
the CLI's normalise (which ended in "internal error", exit 3, on a 490 MB file) and through validate."""

from __future__ import annotations

import subprocess
import sys

import pytest

from loaders import load_corpus
from loaders.problems import PlanError
from loaders.reader import MAX_BYTES, read_plan_bytes
from tests.conftest import ROOT


@pytest.fixture
def huge(tmp_path):
    path = tmp_path / "huge-2024.yaml"
    with path.open("wb") as handle:  # sparse: 64 MB on paper, nothing on disk
        handle.truncate(64 * 1024 * 1024)
    return path


def test_read_plan_bytes_refuses_by_size_before_reading(huge, monkeypatch) -> None:
    with pytest.raises(PlanError) as caught:
        read_plan_bytes(huge)
    assert f"the limit is {MAX_BYTES:,} bytes" in caught.value.problems[0].message
    assert "67,108,864 bytes" in caught.value.problems[0].message


def test_a_huge_file_in_the_plans_folder_is_a_problem_row(huge) -> None:
    corpus = load_corpus(huge.parent, cache=False)
    assert corpus.challenges.empty
    assert corpus.problems["message"].str.contains("the limit is").any()


@pytest.mark.parametrize("command", [["normalise"], ["validate"]])
def test_the_cli_reports_a_huge_file_as_a_problem_not_an_internal_error(huge, command) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "loaders", *command, str(huge)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1, run.stderr
    said = run.stdout + run.stderr
    assert "the limit is" in said and "Traceback" not in said
