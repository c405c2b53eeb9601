"""``python -m loaders draft``: findings on stdout, the plan written via a temp file, exit codes as elsewhere."""

from __future__ import annotations

from pathlib import Path

import yaml

from loaders.__main__ import main
from tests.conftest import FIXTURES

DOC = FIXTURES / "import" / "kings-lynn-and-west-norfolk-2023.html"


def test_draft_writes_the_plan_and_prints_findings(tmp_path: Path, capsys) -> None:
    target = tmp_path / "kings-lynn-and-west-norfolk-2024.yaml"
    assert main(["draft", str(DOC), "--to", str(target)]) == 0
    out = capsys.readouterr()
    assert "column 3 'Action' -> action [high]" in out.out
    plan = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert len(plan["recommendations"]) == 8 and len(plan["actions"]) == 24
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left behind


def test_draft_never_overwrites_without_force(tmp_path: Path, capsys) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["draft", str(DOC), "--to", str(target)]) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert main(["draft", str(DOC), "--to", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Draft plan")


def test_draft_exit_codes_for_a_missing_file_and_an_unreadable_one(tmp_path: Path, capsys) -> None:
    assert main(["draft", str(tmp_path / "missing.pdf")]) == 2
    scan = tmp_path / "broken.pdf"
    scan.write_bytes(b"%PDF-1.4 nothing else")
    assert main(["draft", str(scan)]) == 1
    assert "document not read" in capsys.readouterr().out


def test_draft_internal_failure_is_exit_3(monkeypatch, capsys) -> None:
    import loaders.importer

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(loaders.importer, "draft_plan", broken)
    assert main(["draft", str(DOC)]) == 3
    assert "RuntimeError: boom" in capsys.readouterr().err
