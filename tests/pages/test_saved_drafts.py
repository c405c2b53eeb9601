"""Add a plan → Start from a document, reopened from the page address: a saved draft survives a reload, is
saved again after each correction, can be discarded, and (where a contributions folder is set) saved as a
contributed plan that never overwrites one."""

from __future__ import annotations

import pytest

from loaders.drafts import SavedDraft, load_draft, new_draft_id, save_draft
from tests.conftest import FIXTURES
from tests.pages.conftest import run_page

PAGE = "pages/add-plan.py"
PLAN = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    folder = tmp_path / "drafts"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("PCE_DRAFTS_DIR", str(folder))
    monkeypatch.delenv("PCE_CONTRIBUTIONS_DIR", raising=False)
    return folder


def _saved(folder) -> str:
    draft_id = new_draft_id()
    findings = [{"what": "organisation: Testshire", "where": "page 1", "confidence": "high", "why": "name"}]
    assert save_draft(folder, draft_id, SavedDraft("testshire-plan.pdf", "pdf", "Recommendation 1", PLAN, findings))
    return draft_id


def _region(at) -> str:
    return next(t.value for t in at.text_input if t.label == "Council region")


def test_the_address_reopens_the_draft_as_last_saved(drafts) -> None:
    draft_id = _saved(drafts)
    at = run_page(PAGE, params={"draft": draft_id}, tables=False)
    assert not at.exception
    assert _region(at) == "East Midlands"
    assert any("Draft from" in m.value and "testshire" in m.value for m in at.markdown)
    assert any("The draft is a valid plan file." in s.value for s in at.success)
    assert any("Saved on the server" in c.value for c in at.caption)
    # a correction is saved: a reload (a new session on the same address) sees it
    next(t for t in at.text_input if t.label == "Council region").set_value("West Midlands").run()
    assert not at.exception
    assert "region: West Midlands" in load_draft(drafts, draft_id).plan_yaml
    again = run_page(PAGE, params={"draft": draft_id}, tables=False)
    assert _region(again) == "West Midlands"


def test_an_unknown_or_malformed_draft_id_says_so(drafts) -> None:
    for bad in [new_draft_id(), "../../etc/passwd", "<script>alert(1)</script>"]:
        at = run_page(PAGE, params={"draft": bad}, tables=False)
        assert not at.exception
        assert any("not on the server any more" in w.value for w in at.warning)
        assert not at.text_input or all(t.label != "Council region" for t in at.text_input)


def test_discard_forgets_the_draft(drafts) -> None:
    draft_id = _saved(drafts)
    at = run_page(PAGE, params={"draft": draft_id}, tables=False)
    next(b for b in at.button if b.label == "Discard draft").click().run()
    assert not at.exception
    assert load_draft(drafts, draft_id) is None
    assert "draft" not in at.query_params


def test_a_checked_plan_can_be_contributed_once(drafts, tmp_path, monkeypatch) -> None:
    contributions = tmp_path / "contributed"
    monkeypatch.setenv("PCE_CONTRIBUTIONS_DIR", str(contributions))
    draft_id = _saved(drafts)
    at = run_page(PAGE, params={"draft": draft_id}, tables=False)
    next(b for b in at.button if b.label == "Save as a contributed plan").click().run()
    assert not at.exception
    assert (contributions / "testshire-2024.yaml").exists()
    assert any("contributions folder" in s.value for s in at.success)
    next(b for b in at.button if b.label == "Save as a contributed plan").click().run()
    assert any("never overwritten" in e.value for e in at.error)
    brief = run_page("pages/brief.py", params={"brief_council": "testshire"}, tables=False)  # loaded, marked
    assert not brief.exception
    assert any(":violet-badge[:material/group_add: Contributed]" in m.value for m in brief.markdown)


def test_no_contribute_button_without_a_contributions_folder(drafts) -> None:
    at = run_page(PAGE, params={"draft": _saved(drafts)}, tables=False)
    assert all(b.label != "Save as a contributed plan" for b in at.button)
