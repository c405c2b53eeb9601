"""A disk cache per plan file: editing one plan of a thousand re-validates that one, not all of them.

(Since :mod:`loaders.incremental`, a load after an edit takes the unchanged files from the last stored corpus
and asks this cache only for the changed and new ones; it still answers for every file when there is no last
corpus to start from, or it cannot be used.)

The corpus cache (:mod:`loaders.cache`) answers only when *every* file is unchanged. When it misses,
:func:`loaders.corpus.build_corpus` asks this cache for each file instead: the expensive per-file work
(parsing, validating, checking and flattening into rows with the normaliser and the theme classifier) is
stored here, and only changed or new files are done again. What spans files (duplicate ids, dangling
``follows``, the frames, the reference join) always runs on the combination.

An entry is one JSON file, ``<cache>/files/<root>/<slot>.json`` (``slot`` names the file by its path, so an
edit replaces its entry and a deleted file's entry is pruned), holding

* ``key``: the SHA-256 of the loading code's fingerprint (:func:`loaders.cache.code_fingerprint`), the
  file's name and stem, and the SHA-256 of its text. Compared first; any difference is a miss;
* the validated plan as pydantic JSON (validated again by :class:`~loaders.models.Plan` on the way back in),
  or ``null`` when the file could not be used, and its problems (warnings, or the errors that refused it);
* its flattened rows per frame, as JSON with dates tagged (the same encoding as the corpus cache).

JSON cannot run code, and the folder rules are the corpus cache's: a folder (or entry) that other users can
write to or that belongs to another user is never read or written. An entry that does not parse, has the
wrong key or the wrong shape is a miss and is rewritten. Writes go to a temp file renamed into place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from loaders import cache as load_cache
from loaders.frames import Rows
from loaders.models import Plan
from loaders.problems import Problem

#: Written into every entry; an entry of another format is a miss.
FORMAT = "pce-file-cache/1"
#: Largest entry read: a plan file is at most 2 MB, its rows a few times that.
ENTRY_LIMIT = 32 << 20
SUBFOLDER = "files"
_ROW_FRAMES = [f.name for f in fields(Rows)]
_SEVERITIES = {"error", "warning"}


@dataclass(frozen=True)
class Entry:
    """What one file gave: its plan (None when refused), its problems, and its rows (None if not stored)."""

    plan: Plan | None
    problems: list[Problem]
    rows: Rows | None


def _safe_dir(path: Path, *, create: bool) -> Path | None:
    """``path`` if it is a folder only this user can write (created owner-only when ``create``), else None."""
    try:
        if create:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or load_cache.unsafe_reason(info) is not None:
        return None
    return path


def folder(root: Path, *, create: bool) -> Path | None:
    """This root's entry folder, when caching is on and every folder on the way is safe."""
    base = load_cache._folder(create=create)  # warns (CacheFolderWarning) when the cache folder is unsafe
    if base is None:
        return None
    files = _safe_dir(base / SUBFOLDER, create=create)
    return None if files is None else _safe_dir(files / load_cache._name(root), create=create)


def _slot(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".json"


def key(name: str, stem: str | None, text: str) -> str:
    """Changes with the loading code, the file's name or stem, and any byte of its text."""
    content = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return hashlib.sha256(f"{load_cache.code_fingerprint()}|{name}|{stem}|{content}".encode()).hexdigest()


def _problem(value: Any) -> Problem:
    """A stored problem, checked field by field (a wrong shape raises: the entry is a miss)."""
    file, line, field, message, severity = value
    if not (type(file) is str and type(field) is str and type(message) is str and severity in _SEVERITIES):
        raise ValueError("not a problem")
    if line is not None and type(line) is not int:
        raise ValueError("not a line")
    return Problem(file, line, field, message, severity)


def _rows(value: Any) -> Rows:
    """Stored rows, checked to be lists of mappings under the frames' names."""
    if not isinstance(value, dict) or sorted(value) != sorted(_ROW_FRAMES):
        raise ValueError("not the frames' rows")
    for rows in value.values():
        if not isinstance(rows, list) or any(type(row) is not dict for row in rows):
            raise ValueError("not a list of rows")
    return Rows(**{name: value[name] for name in _ROW_FRAMES})


def get(where: Path | None, name: str, stem: str | None, text: str, *, digest: str | None = None) -> Entry | None:
    """The entry for this file's exact text and the current code, or None (never raises).

    ``digest`` is :func:`key` of this file when the caller has it already (the text is hashed once a load)."""
    if where is None:
        return None
    try:
        with (where / _slot(name)).open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > ENTRY_LIMIT or load_cache.unsafe_reason(info):
                return None
            data = json.loads(handle.read(ENTRY_LIMIT + 1), object_hook=load_cache._untag)
        expected = digest or key(name, stem, text)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != expected:
            return None
        plan = None if data["plan"] is None else Plan.model_validate_json(data["plan"])
        problems = [_problem(p) for p in data["problems"]]
        rows = None if data["rows"] is None else _rows(data["rows"])
        if plan is None and rows is not None:
            return None
        return Entry(plan, problems, rows)
    except Exception:  # missing, unreadable, edited or from another version: a miss, rewritten after the load
        return None


def put(where: Path | None, name: str, stem: str | None, text: str, entry: Entry, *, digest: str | None = None) -> bool:
    """Store ``entry`` for this file's text; rows this format cannot hold exactly are left out. Never raises."""
    if where is None:
        return False
    try:
        rows = None
        if entry.rows is not None:
            with contextlib.suppress(load_cache.Unsupported):
                rows = {n: load_cache._plain(getattr(entry.rows, n)) for n in _ROW_FRAMES}
        plan = None if entry.plan is None else entry.plan.model_dump_json(exclude_unset=True)
        data = {
            "format": FORMAT,
            "key": digest or key(name, stem, text),
            "name": name,
            "plan": plan,
            "problems": [[p.file, p.line, p.field, p.message, p.severity] for p in entry.problems],
            "rows": rows,
        }
        content = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
        with tempfile.NamedTemporaryFile("wb", dir=where, delete=False, suffix=".tmp") as handle:
            handle.write(content)
        os.replace(handle.name, where / _slot(name))
        return True
    except Exception:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(handle.name)
        return False


def prune(where: Path | None, names: list[str]) -> None:
    """Remove the entries of files no longer in the folder (deleted or renamed), and stray temp files."""
    if where is None:
        return
    keep = {_slot(name) for name in names}
    with contextlib.suppress(OSError):
        for path in where.iterdir():
            if path.name not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()


def clear(root: Path | None = None) -> None:
    """Forget the per-file entries of ``root`` (or of every root)."""
    base = load_cache.cache_dir()
    if base is None:
        return
    target = base / SUBFOLDER if root is None else base / SUBFOLDER / load_cache._name(Path(root))
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target, ignore_errors=True)
    parent = base / SUBFOLDER
    with contextlib.suppress(OSError):
        parent.rmdir()  # only when empty
