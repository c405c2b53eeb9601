"""The maintainers' CLI: validate prints file:line: field: message and fails on errors; export writes files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from loaders.__main__ import main
from loaders.export import EXPORT_FRAMES
from tests.conftest import FIXTURES, PLANS, ROOT

TESTSHIRE = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def _broken(tmp_path: Path) -> Path:
    """A folder with one good plan and one with a wrong type and an unknown field."""
    (tmp_path / "testshire-2024.yaml").write_text(TESTSHIRE, encoding="utf-8")
    bad = TESTSHIRE.replace("id: testshire-2024", "id: badshire-2024").replace("  id: testshire", "  id: badshire")
    bad = bad.replace("    timescale: April - June 2024", "    timescale: [April, June]\n    ownr: HR")
    (tmp_path / "badshire-2024.yaml").write_text(bad, encoding="utf-8")
    return tmp_path


def test_validate_shipped_data_is_clean_and_exits_zero() -> None:
    """Run as a real process, the way a data repository's CI would."""
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "validate", str(PLANS)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert f"{len(list(PLANS.glob('*.yaml')))} plan(s) valid, 0 error(s)" in done.stderr


def test_validate_prints_every_problem_with_file_line_field(tmp_path: Path, capsys) -> None:
    folder = _broken(tmp_path)
    assert main(["validate", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    bad = folder / "badshire-2024.yaml"
    text = bad.read_text().splitlines()
    timescale, owner = text.index("    timescale: [April, June]") + 1, text.index("    ownr: HR") + 1
    assert f"{bad}:{timescale}: actions[0].timescale: expected text, got a list" in lines
    assert any(line.startswith(f"{bad}:{owner}: actions[0].ownr: unknown field") for line in lines)
    assert len([line for line in lines if "is not in the reference list" not in line]) == 2  # fictional ONS code


def test_validate_missing_path_and_strict_warnings(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml: cannot read file" in capsys.readouterr().out
    (tmp_path / "other-name.yaml").write_text(TESTSHIRE, encoding="utf-8")  # id does not match the file name
    assert main(["validate", str(tmp_path / "other-name.yaml")]) == 0
    assert "(warning)" in capsys.readouterr().out
    assert main(["validate", "--strict", str(tmp_path / "other-name.yaml")]) == 1


def test_export_xlsx_has_a_sheet_per_frame_with_every_action(tmp_path: Path, corpus) -> None:
    out = tmp_path / "plans.xlsx"
    assert main(["export", str(PLANS), "--to", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == ["README", *EXPORT_FRAMES]  # the README describes every column
    assert len(sheets["actions"]) == len(corpus.actions)
    assert len(sheets["recommendations"]) == len(corpus.recommendations)


@pytest.mark.parametrize("target", ["plans.csv", "plans.zip", "folder"])
def test_export_csv_shapes(tmp_path: Path, corpus, target: str) -> None:
    out = tmp_path / target
    assert main(["export", str(PLANS), "--to", str(out)]) == 0
    if target.endswith(".zip"):
        with zipfile.ZipFile(out) as archive:
            assert archive.namelist() == [f"{name}.csv" for name in EXPORT_FRAMES]
            actions = pd.read_csv(archive.open("actions.csv"), encoding="utf-8-sig")
    elif target.endswith(".csv"):
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"plans-{n}.csv" for n in EXPORT_FRAMES)
        actions = pd.read_csv(tmp_path / "plans-actions.csv", encoding="utf-8-sig")
    else:
        actions = pd.read_csv(out / "actions.csv", encoding="utf-8-sig")
    assert len(actions) == len(corpus.actions)
    assert set(actions["council_id"]) == set(corpus.actions["council_id"])


def test_export_one_frame_to_one_csv_and_errors_exit_one(tmp_path: Path) -> None:
    out = tmp_path / "actions.csv"
    assert main(["export", str(_broken(tmp_path)), "--to", str(out), "--frame", "actions"]) == 1
    actions = pd.read_csv(out, encoding="utf-8-sig")
    assert actions["challenge_id"].tolist() == ["testshire-2024"]  # the broken plan is left out


def test_normalise_writes_the_plan_back(tmp_path: Path, capsys) -> None:
    out = tmp_path / "n.yaml"
    assert main(["normalise", str(FIXTURES / "testshire-2024.yaml"), "--to", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# A minimal valid plan")
    assert main(["normalise", str(_broken(tmp_path) / "badshire-2024.yaml")]) == 1
    assert "expected text, got a list" in capsys.readouterr().err
