"""Drafts saved on the server: unguessable ids, expiry after 30 days, and nothing planted in the folder read."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from loaders.drafts import (
    MAX_AGE,
    MAX_DRAFT_BYTES,
    SavedDraft,
    delete_draft,
    is_draft_id,
    load_draft,
    new_draft_id,
    remove_expired,
    save_draft,
)

DRAFT = SavedDraft("plan.pdf", "pdf", "Recommendation 1 – Do it", "id: x\n", [{"what": "a", "where": "b"}])


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "drafts"
    path.mkdir(mode=0o700)
    return path


def test_a_saved_draft_comes_back_as_it_was(folder) -> None:
    draft_id = new_draft_id()
    assert save_draft(folder, draft_id, DRAFT)
    back = load_draft(folder, draft_id)
    assert back is not None
    assert (back.filename, back.text, back.plan_yaml, back.findings) == (
        DRAFT.filename,
        DRAFT.text,
        DRAFT.plan_yaml,
        DRAFT.findings,
    )
    assert back.saved_at  # stamped on save
    assert os.stat(folder / f"{draft_id}.json").st_mode & 0o077 == 0  # only the server's user reads it


def test_ids_are_random_and_only_id_shaped_strings_reach_the_disk(folder) -> None:
    ids = {new_draft_id() for _ in range(200)}
    assert len(ids) == 200 and all(is_draft_id(i) and len(i) == 32 for i in ids)
    for bad in ["../../etc/passwd", "", "a" * 31, "a" * 33, "x/" + "a" * 30, None, 7, "a" * 31 + "\n"]:
        assert not is_draft_id(bad)
        assert load_draft(folder, bad) is None
        assert not save_draft(folder, bad, DRAFT) if isinstance(bad, str) else True
    assert list(folder.iterdir()) == []


def test_a_draft_expires_thirty_days_after_its_last_save(folder) -> None:
    draft_id = new_draft_id()
    saved = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    save_draft(folder, draft_id, DRAFT, now=saved)
    assert load_draft(folder, draft_id, now=saved + MAX_AGE - dt.timedelta(minutes=1)) is not None
    assert load_draft(folder, draft_id, now=saved + MAX_AGE + dt.timedelta(minutes=1)) is None
    assert not (folder / f"{draft_id}.json").exists()  # an expired draft is removed when asked for


def test_old_files_are_removed_on_the_next_save(folder) -> None:
    old = folder / f"{new_draft_id()}.json"
    old.write_text("{}")
    past = (dt.datetime.now(dt.UTC) - MAX_AGE - dt.timedelta(days=1)).timestamp()
    os.utime(old, (past, past))
    assert save_draft(folder, new_draft_id(), DRAFT)
    assert not old.exists()
    assert remove_expired(folder) == 0


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[1, 2, 3]",
        b'{"filename": 1}',
        b"[" * 100_000 + b"]" * 100_000,  # deep nesting: RecursionError is "no draft"
        json.dumps({**DRAFT.__dict__, "findings": "x", "saved_at": "2026-01-01"}).encode(),
        json.dumps({**DRAFT.__dict__, "saved_at": "not a date"}).encode(),
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_planted_or_damaged_file_is_no_draft(folder, content) -> None:
    draft_id = new_draft_id()
    (folder / f"{draft_id}.json").write_bytes(content)
    assert load_draft(folder, draft_id) is None


def test_too_big_and_symlinked_files_are_not_read(folder, tmp_path) -> None:
    big = new_draft_id()
    (folder / f"{big}.json").write_bytes(b" " * (MAX_DRAFT_BYTES + 1))
    assert load_draft(folder, big) is None
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({**DRAFT.__dict__, "saved_at": dt.datetime.now(dt.UTC).isoformat()}))
    link = new_draft_id()
    (folder / f"{link}.json").symlink_to(secret)
    assert load_draft(folder, link) is None
    # the text is clipped to MAX_TEXT_CHARS; a plan file beyond the size limit is not saved
    assert not save_draft(folder, new_draft_id(), SavedDraft("f", "pdf", "", "x" * (MAX_DRAFT_BYTES + 10), []))


def test_a_folder_others_can_write_is_refused(folder) -> None:
    draft_id = new_draft_id()
    assert save_draft(folder, draft_id, DRAFT)
    os.chmod(folder, 0o777)
    assert load_draft(folder, draft_id) is None
    assert not save_draft(folder, new_draft_id(), DRAFT)


def test_discard_removes_the_draft(folder) -> None:
    draft_id = new_draft_id()
    save_draft(folder, draft_id, DRAFT)
    delete_draft(folder, draft_id)
    delete_draft(folder, "../nothing")
    assert load_draft(folder, draft_id) is None
