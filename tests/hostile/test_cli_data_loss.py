"""Issue 15 items 9 and 10: the CLI never destroys a good file, never overwrites its input, never loses text.

Every case runs ``python -m loaders`` as a real process (the way a maintainer or a data repository's CI does)
and checks the exit code (0 clean, 1 problems, 2 usage, 3 internal failure), the one-line message, and the
files on disk afterwards: the previous export byte for byte, no half-written or temporary files, no folder
created by a refused command, the input untouched.

Internal failures are induced deterministically in the child process (a patched function that raises half way
through), not by timing.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from loaders.__main__ import main
from tests.conftest import FIXTURES, ROOT

TESTSHIRE = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
TEMPLATE = ROOT / "docs" / "template-plan.yaml"


def _run(*args: str, patch: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m loaders ARGS``; with ``patch``, that Python code runs first in the child (to break something)."""
    if patch:
        run = "runpy.run_module('loaders', run_name='__main__')"
        code = f"import runpy, sys\n{patch}\nsys.argv = ['loaders', *{list(args)!r}]\n{run}"
        command = [sys.executable, "-c", code]
    else:
        command = [sys.executable, "-m", "loaders", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)


def _plans(folder: Path, text: str = TESTSHIRE) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "testshire-2024.yaml").write_text(text, encoding="utf-8")
    return folder


def _one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    return errors[0]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


@pytest.fixture
def good_xlsx(tmp_path: Path) -> Path:
    """A complete plans.xlsx from the fixture plan, as a maintainer would have from yesterday's export."""
    out = tmp_path / "out" / "plans.xlsx"
    out.parent.mkdir()
    assert main(["export", str(_plans(tmp_path / "plans")), "--to", str(out)]) == 0  # set-up: in this process
    assert len(openpyxl.load_workbook(out).sheetnames) == 9  # README + 8 frames
    return out


# --- item 9: a failed export keeps the previous file --------------------------------------------------------


def test_template_plan_exports_to_zip_with_empty_frames(tmp_path: Path) -> None:
    """Was: TypeError "'any' with datetime64" on the template's empty frames, and a traceback."""
    out = tmp_path / "t.zip"
    done = _run("export", str(TEMPLATE), "--to", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    with zipfile.ZipFile(out) as archive:
        assert len(archive.namelist()) == 8
        assert archive.read("reviews.csv").decode("utf-8-sig").startswith("review_id,")  # empty, with headers


def test_control_character_escape_is_removed_and_reported(good_xlsx: Path, tmp_path: Path) -> None:
    """A "\\a" escape validates (it is valid YAML); openpyxl used to raise half way and leave one sheet."""
    text = TESTSHIRE.replace("text: Run a staff survey", 'text: "Run a \\a staff survey"')
    plans = _plans(tmp_path / "bell", text)
    assert main(["validate", str(plans)]) == 0
    done = _run("export", str(plans), "--to", str(good_xlsx))
    assert done.returncode == 0, done.stderr
    assert "warning: 1 cell(s) held control characters" in done.stderr
    book = openpyxl.load_workbook(good_xlsx)
    assert len(book.sheetnames) == 9  # README + 8 frames
    actions = book["actions"]
    header = [c.value for c in actions[1]]
    assert actions.cell(row=2, column=header.index("text") + 1).value == "Run a  staff survey"
    assert "\a" in (plans / "testshire-2024.yaml").read_text(encoding="utf-8") or "\\a" in text  # file unchanged


@pytest.mark.parametrize(
    ("target", "patch"),
    [
        # openpyxl fails half way through saving (what IllegalCharacterError did): bytes written, then an error
        (
            "plans.xlsx",
            "import openpyxl.workbook.workbook as w\n"
            "def save(self, filename):\n"
            "    (open(filename, 'wb') if isinstance(filename, str) else filename).write(b'PK half')\n"
            "    raise RuntimeError('broken half way')\n"
            "w.Workbook.save = save",
        ),
        # the zip's third member fails
        (
            "plans.zip",
            "import zipfile\n"
            "real = zipfile.ZipFile.writestr\n"
            "calls = []\n"
            "def writestr(self, *a, **k):\n"
            "    calls.append(1)\n"
            "    if len(calls) == 3: raise TypeError('broken half way')\n"
            "    return real(self, *a, **k)\n"
            "zipfile.ZipFile.writestr = writestr",
        ),
        # the disk fills up when the file is put in place
        (
            "plans.xlsx",
            "import os, errno\ndef full(*a): raise OSError(errno.ENOSPC, 'No space left on device')\nos.replace = full",
        ),
    ],
    ids=["xlsx-save-fails", "zip-member-fails", "disk-full"],
)
def test_internal_failure_exits_3_and_keeps_the_previous_file(tmp_path: Path, target: str, patch: str) -> None:
    plans = _plans(tmp_path / "plans")
    out = tmp_path / "out" / target
    out.parent.mkdir()
    assert main(["export", str(plans), "--to", str(out)]) == 0
    before = out.read_bytes()
    done = _run("export", str(plans), "--to", str(out), patch=patch)
    assert done.returncode == 3, done.stderr
    assert _one_line_error(done).startswith("error: export failed: ")
    assert out.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_csv_folder_failure_leaves_every_previous_csv(tmp_path: Path) -> None:
    """Every CSV is built before the first one is written: a failure on the fourth frame changes none."""
    plans = _plans(tmp_path / "plans")
    out = tmp_path / "folder"
    assert main(["export", str(plans), "--to", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(before) == 8
    patch = (
        "import loaders.export as e\nreal = e.csv_text\ncalls = []\n"
        "def csv_text(frame):\n    calls.append(1)\n"
        "    if len(calls) == 4: raise ValueError('broken')\n    return real(frame)\n"
        "e.csv_text = csv_text"
    )
    done = _run("export", str(plans), "--to", str(out), patch=patch)
    assert done.returncode == 3
    _one_line_error(done)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_problems_still_exit_1_not_3(tmp_path: Path) -> None:
    bad = TESTSHIRE.replace("year: 2024", "year: [2024]")
    done = _run("export", str(_plans(tmp_path / "plans", bad)), "--to", str(tmp_path / "x.xlsx"))
    assert done.returncode == 1
    assert "challenge.year" in done.stderr and "Traceback" not in done.stderr


# --- item 10: refused targets and the input file -------------------------------------------------------------


def test_unknown_export_suffix_exits_2_and_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Was: ``--to data/plans/x.yml`` made a folder called x.yml full of CSVs, beside the plan files."""
    plans = _plans(tmp_path / "plans")
    (tmp_path / "data" / "plans").mkdir(parents=True)
    target = tmp_path / "data" / "plans" / "x.yml"
    done = _run("export", str(plans), "--to", str(target))
    assert done.returncode == 2
    assert ".xlsx, .zip, .csv or a folder" in _one_line_error(done)
    for name in ("x.yaml", "x.xls", "x.json", "x.XLSM"):  # the same rule, in this process
        assert main(["export", str(plans), "--to", str(tmp_path / "data" / "plans" / name)]) == 2
        assert "cannot export to" in capsys.readouterr().err
    assert list((tmp_path / "data" / "plans").iterdir()) == []


def test_missing_parent_folder_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    plans = _plans(tmp_path / "plans")
    for target in (tmp_path / "missing" / "out.xlsx", tmp_path / "missing" / "sub" / "folder"):
        done = _run("export", str(plans), "--to", str(target))
        assert done.returncode == 2
        assert "folder does not exist" in _one_line_error(done)
        assert not (tmp_path / "missing").exists()


def test_export_never_writes_over_an_input_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(TESTSHIRE, encoding="utf-8")
    done = _run("export", str(plan), "--to", str(plan), "--frame", "actions")
    assert done.returncode == 2
    assert plan.read_text(encoding="utf-8") == TESTSHIRE


def test_usage_errors_exit_2() -> None:
    assert _run("export", "data/plans").returncode == 2  # --to missing: argparse
    assert _run("normalise", str(FIXTURES / "testshire-2024.yaml"), "--to", "x.yaml", "--in-place").returncode == 2


COMMENTED = TESTSHIRE.replace("actions:\n", "# Actions as the council's plan lists them\nactions:\n").replace(
    "    timescale: April - June 2024\n", "    timescale: April - June 2024   # Q1\n"
)


@pytest.mark.parametrize("spelling", ["same", "relative", "symlink"])
def test_normalise_refuses_to_overwrite_its_input(tmp_path: Path, spelling: str) -> None:
    """Was: exit 0 and the comment lines gone from the only copy."""
    plan = tmp_path / "testshire-2024.yaml"
    plan.write_text(COMMENTED, encoding="utf-8")
    target = {
        "same": str(plan),
        "relative": str(tmp_path / "." / "sub" / ".." / plan.name),
        "symlink": str(tmp_path / "link.yaml"),
    }[spelling]
    (tmp_path / "sub").mkdir()
    if spelling == "symlink":
        Path(target).symlink_to(plan)
    done = _run("normalise", str(plan), "--to", target)
    assert done.returncode == 2
    assert "--in-place" in _one_line_error(done)
    assert plan.read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file() and not p.is_symlink()) == [plan.name]


def test_in_place_refuses_while_comments_would_be_lost(tmp_path: Path) -> None:
    plan = tmp_path / "testshire-2024.yaml"
    plan.write_text(COMMENTED, encoding="utf-8")
    lines = COMMENTED.splitlines()
    comment_lines = [lines.index("# Actions as the council's plan lists them") + 1]
    comment_lines.append(next(i for i, line in enumerate(lines, 1) if line.endswith("# Q1")))
    done = _run("normalise", str(plan), "--in-place")
    assert done.returncode == 2
    assert "2 comment line(s) would be lost" in _one_line_error(done)
    assert f"lines {comment_lines[0]}, {comment_lines[1]}" in done.stderr  # which ones, from the warning
    assert plan.read_text(encoding="utf-8") == COMMENTED
    assert not (tmp_path / "testshire-2024.yaml.bak").exists()


def test_in_place_with_drop_comments_keeps_the_original_as_backup(tmp_path: Path) -> None:
    plan = tmp_path / "testshire-2024.yaml"
    plan.write_text(COMMENTED, encoding="utf-8")
    done = _run("normalise", str(plan), "--in-place", "--drop-comments")
    assert done.returncode == 0, done.stderr
    backup = tmp_path / "testshire-2024.yaml.bak"
    assert backup.read_text(encoding="utf-8") == COMMENTED
    assert f"kept as {backup}" in done.stderr
    assert "2 comment line(s) are not carried" in done.stderr
    new = plan.read_text(encoding="utf-8")
    assert new.startswith("# A minimal valid plan") and "# Q1" not in new
    assert yaml.safe_load(new)["actions"] == yaml.safe_load(COMMENTED)["actions"]
    again = _run("normalise", str(plan), "--in-place")
    assert again.returncode == 0 and "already normalised; nothing written" in again.stderr
    assert backup.read_text(encoding="utf-8") == COMMENTED  # the backup of the original is not replaced


def test_in_place_without_lost_comments_writes_and_keeps_a_backup(tmp_path: Path) -> None:
    plan = tmp_path / "testshire-2024.yaml"
    plan.write_text(TESTSHIRE, encoding="utf-8")
    done = _run("normalise", str(plan), "--in-place")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "testshire-2024.yaml.bak").read_text(encoding="utf-8") == TESTSHIRE
    assert plan.read_text(encoding="utf-8").startswith("# A minimal valid plan")
    assert plan.read_text(encoding="utf-8") != TESTSHIRE  # schema_version added, keys in schema order


def test_normalise_keeps_whitespace_exactly(tmp_path: Path) -> None:
    """Was: leading/trailing spaces stripped (validation strips them) while the command said nothing dropped."""
    text = TESTSHIRE.replace("title: Talk and listen to staff", "title: '  Talk and listen to staff  '")
    text = text.replace("text: Run a staff survey", 'text: "\\tRun a staff survey\\n"')
    text = text.replace(
        "    owner: Chief Executive & Director of Resources\n",
        "    owner: Chief Executive & Director of Resources\n    status: |\n      Started.\n      On track.\n\n",
    )
    source = tmp_path / "testshire-2024.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "normalised.yaml"
    done = _run("normalise", str(source), "--to", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    written, original = yaml.safe_load(out.read_text(encoding="utf-8")), yaml.safe_load(text)
    assert written["recommendations"][0]["title"] == "  Talk and listen to staff  "
    assert written["actions"][0]["text"] == "\tRun a staff survey\n"
    assert written["actions"][0]["status"] == original["actions"][0]["status"] == "Started.\nOn track.\n"
    assert written["actions"] == original["actions"]
