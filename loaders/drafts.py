"""Drafts kept on the server, so a plan drafted from a document survives a reload of *Add a plan*.

A draft is one JSON file named by an unguessable id (192 random bits from :mod:`secrets`); the id is the only
way to open it: drafts are never listed, so a draft is shared only when someone shares the page address that
holds its id. A draft expires 30 days after it was last saved (expired files are removed on the next save).

The folder is ``PCE_DRAFTS_DIR`` (default ``.cache/drafts`` in the repository; ``off`` turns saving off). As
with the corpus cache, a folder that others can write to, or that belongs to someone else, is refused: a
planted file must never be read as someone's draft. Everything read back is checked (id shape, size, JSON
shape); anything odd is treated as "no such draft", never an error page. Writes go through
:func:`loaders.atomic.write_bytes_atomic`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

from loaders.atomic import write_bytes_atomic
from loaders.cache import unsafe_reason

DRAFTS_ENV = "PCE_DRAFTS_DIR"
DEFAULT_DRAFTS_DIR = Path(__file__).resolve().parent.parent / ".cache" / "drafts"
#: How long a draft is kept after its last save.
MAX_AGE = dt.timedelta(days=30)
#: A saved draft's size limit (the document text shown beside the draft is the bulk of it).
MAX_DRAFT_BYTES = 4 * 1024 * 1024
#: Characters of document text kept with a draft.
MAX_TEXT_CHARS = 1_000_000
_ID = re.compile(r"[A-Za-z0-9_-]{32}")
_SUFFIX = ".json"


@dataclass(frozen=True)
class SavedDraft:
    """What a reload needs: the document's name and text, the importer's findings and the plan as last edited."""

    filename: str
    source_kind: str
    text: str
    plan_yaml: str
    findings: list[dict] = field(default_factory=list)
    saved_at: str = ""  # ISO timestamp (UTC), set by :func:`save_draft`


def drafts_dir() -> Path | None:
    """Where drafts go, or None when saving is off (``PCE_DRAFTS_DIR=off``)."""
    setting = os.environ.get(DRAFTS_ENV)
    if setting is not None and setting.strip().lower() in {"off", "0", "none", ""}:
        return None
    return Path(setting) if setting else DEFAULT_DRAFTS_DIR


def new_draft_id() -> str:
    """A fresh id: 24 random bytes, 32 URL-safe characters."""
    return secrets.token_urlsafe(24)


def is_draft_id(value: object) -> bool:
    """True for a string shaped like :func:`new_draft_id`'s (anything else never reaches the file system)."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot hold drafts (someone else's, or writable by others), or None when it can."""
    try:
        info = folder.stat()
    except OSError as exc:
        return f"cannot use the drafts folder {folder}: {exc.strerror or exc}"
    if not stat.S_ISDIR(info.st_mode):
        return f"the drafts folder {folder} is not a folder: drafts are not saved"
    reason = unsafe_reason(info)
    return f"not saving drafts in {folder}: {reason}" if reason else None


def _ready(folder: Path) -> Path | None:
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return None if folder_problem(folder) else folder


def save_draft(folder: Path, draft_id: str, draft: SavedDraft, *, now: dt.datetime | None = None) -> bool:
    """Save ``draft`` under ``draft_id``; False when it cannot be (bad id, unsafe folder, too big, disk error)."""
    if not is_draft_id(draft_id) or _ready(folder) is None:
        return False
    now = now or dt.datetime.now(dt.UTC)
    record = asdict(draft) | {"text": draft.text[:MAX_TEXT_CHARS], "saved_at": now.isoformat(timespec="seconds")}
    data = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if len(data) > MAX_DRAFT_BYTES:
        return False
    try:
        write_bytes_atomic(folder / f"{draft_id}{_SUFFIX}", data)
        os.chmod(folder / f"{draft_id}{_SUFFIX}", 0o600)
    except OSError:
        return False
    remove_expired(folder, now=now)
    return True


def _expired(saved_at: str, now: dt.datetime) -> bool:
    try:
        when = dt.datetime.fromisoformat(saved_at)
    except ValueError:
        return True
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return now - when > MAX_AGE


def load_draft(folder: Path, draft_id: object, *, now: dt.datetime | None = None) -> SavedDraft | None:
    """The draft saved under ``draft_id``, or None (no such draft, expired, unreadable or not a draft)."""
    if not is_draft_id(draft_id) or folder_problem(folder):
        return None
    path = folder / f"{draft_id}{_SUFFIX}"
    try:
        if path.is_symlink() or path.stat().st_size > MAX_DRAFT_BYTES:
            return None
        record = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    text_fields = ("filename", "source_kind", "text", "plan_yaml", "saved_at")
    if not all(isinstance(record.get(name), str) for name in text_fields):
        return None
    findings = record.get("findings")
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        return None
    if _expired(record["saved_at"], now or dt.datetime.now(dt.UTC)):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    findings = [{str(k): str(v) for k, v in f.items()} for f in findings]
    return SavedDraft(**{name: record[name] for name in text_fields}, findings=findings)


def delete_draft(folder: Path, draft_id: object) -> None:
    """Forget a draft (the *Discard* button); nothing happens for an unknown id."""
    if is_draft_id(draft_id):
        with contextlib.suppress(OSError):
            (folder / f"{draft_id}{_SUFFIX}").unlink()


def remove_expired(folder: Path, *, now: dt.datetime | None = None) -> int:
    """Delete drafts last saved more than :data:`MAX_AGE` ago (by file time); returns how many went."""
    now = now or dt.datetime.now(dt.UTC)
    gone = 0
    with contextlib.suppress(OSError):
        for path in folder.glob(f"*{_SUFFIX}"):
            with contextlib.suppress(OSError):
                if now.timestamp() - path.stat().st_mtime > MAX_AGE.total_seconds():
                    path.unlink()
                    gone += 1
    return gone
