"""A disk cache of loaded corpora: a national archive parses and normalises once, then loads in a blink.

Validating and normalising 1,000 plans takes many times longer than parsing their YAML, and the result
only changes when a plan file or the code that reads it changes. So :func:`loaders.load_corpus` stores
the finished :class:`~loaders.corpus.Corpus` here, keyed by

* every plan file's path, size and modification time (editing, adding or removing a file is a miss),
  taken *before* the files are read: a file edited while a load runs is not stored under its new state, and
* a fingerprint of the loading code itself (``loaders/*.py`` and the theme classifier) and the pandas,
  pyarrow and pydantic versions, so a change to the normalisation never serves stale frames.

Nothing in the cache can run code when it is read (the cache used to be a pickle, and a file planted in the
folder ran on the next load). An entry is plain data:

* ``<entry>.json``, a small manifest: the key, and the SHA-256 of every data file. It is read and its key
  compared first; no data file is opened unless the key matches.
* ``<entry>-<token>/<frame>.arrow``: each frame's typed columns in Arrow IPC (Feather v2) files, which keep
  pandas' dtypes exactly (``str``, ``Int64``, ``datetime64[s]``, categoricals; Parquet would turn seconds
  into milliseconds);
* ``objects.json``: ``object`` columns (lists, dicts, ``None``) as JSON, dates tagged; ``plans.json``: the plans;
* ``index.json``: which file gave which plan, problems and rows, so that after an edit the next load keeps the
  unchanged files' part of this entry (:mod:`loaders.incremental`; the manifest also records the code's
  fingerprint for that, since its key changes with every edit).

The cache lives in ``PCE_CACHE_DIR`` (default ``.cache/corpus`` in the repository; ``PCE_CACHE_DIR=off``
turns it off). A folder that other users could write to, or that belongs to another user, is refused with a
:class:`CacheFolderWarning` and the load reads every file instead. An entry that cannot be read (truncated,
edited, from another version) is a miss and is rewritten. The manifest is written last and atomically, so a
reader sees an old entry or a new one, never half of one. After an incremental load the entry is written by a
writer thread (:func:`put_later`), the same way, so the fresh corpus is not kept waiting for it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pydantic

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / ".cache" / "corpus"
OFF = {"off", "0", "false", "no", ""}
#: Written into every manifest; an entry of another format is a miss.
FORMAT = "pce-corpus-cache/3"
#: How a date inside a list or dict cell is written to JSON (``{"__date__": "2024-03-01"}``).
DATE_TAG = "__date__"
OBJECTS = "objects.json"
PLANS = "plans.json"
#: Which file gave which plan and rows (:mod:`loaders.incremental`), so the next load after an edit starts here.
INDEX = "index.json"
#: A manifest is a few KB; anything much bigger was not written by :func:`put`.
MANIFEST_LIMIT = 1 << 20
OBJECT = np.dtype(object)

#: The loading code (theme classification included) and the rule files it reads at import (owner spellings,
#: topics, themes): correcting a rule changes what a load produces, so it must miss the cache too.
_CODE = sorted((ROOT / "loaders").glob("*.py")) + sorted((ROOT / "rules").glob("*.yaml"))


class CacheFolderWarning(UserWarning):
    """The cache folder is not safe to read from (others can write to it), so it is not used."""


class Unsupported(ValueError):
    """A corpus holds a value this format cannot store exactly: it is not cached (and loads as usual)."""


def cache_dir() -> Path | None:
    """Where entries go, or None when caching is off (``PCE_CACHE_DIR=off``)."""
    setting = os.environ.get("PCE_CACHE_DIR")
    if setting is None:
        return DEFAULT_DIR
    return None if setting.strip().lower() in OFF else Path(setting)


def current_uid() -> int | None:
    """The user the cache must belong to (None where the platform has no uids). A function so tests can stand
    in for another user: they often run as root, who owns everything it creates."""
    getuid = getattr(os, "getuid", None)
    return getuid() if getuid else None


def unsafe_reason(info: os.stat_result) -> str | None:
    """Why a folder or file with this ``stat`` must not be trusted, or None when only its owner can write it."""
    uid = current_uid()
    if uid is not None and info.st_uid != uid:
        return f"it belongs to another user (uid {info.st_uid}, not {uid})"
    if os.name != "nt" and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"other users can write to it (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def _folder(*, create: bool) -> Path | None:
    """The cache folder if caching is on and the folder is safe (created owner-only when ``create``), else None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(folder)  # follows a symlink: what counts is the folder the entries land in
    except OSError:  # missing (nothing cached yet) or cannot be created: no cache, as before
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    reason = unsafe_reason(info)
    if reason is not None:
        warnings.warn(
            f"not using the corpus cache {folder}: {reason}; every load reads the plan files instead "
            f"(make it yours and `chmod go-w` it, or set PCE_CACHE_DIR to a folder of your own)",
            CacheFolderWarning,
            stacklevel=3,
        )
        return None
    return folder


@cache
def code_fingerprint() -> str:
    """Changes whenever the loading code or the libraries shaping the frames change."""
    digest = hashlib.sha256(f"{FORMAT}|{pd.__version__}|{pa.__version__}|{pydantic.VERSION}".encode())
    for file in _CODE:
        with contextlib.suppress(OSError):
            digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()


def files_fingerprint(files: list[Path]) -> str:
    """Paths (and the device and inode they lead to), sizes and modification times: cheap (no file is read)
    and changes with any edit.

    Never raises: a file that vanished since it was listed counts as "missing", so the key still differs
    from the one taken while it existed.
    """
    digest = hashlib.sha256(code_fingerprint().encode())
    for file in files:
        try:
            info = file.stat()  # follows a symlink: the device and inode name the file actually read
            where = f"{os.path.abspath(file)}|{info.st_dev}|{info.st_ino}"  # no resolve(): an lstat per folder
            digest.update(f"{where}|{info.st_size}|{info.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{file}|missing\n".encode())
    return digest.hexdigest()


def _name(root: Path) -> str:
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]


# ---- encoding: frames -> Arrow + JSON, plans -> JSON ------------------------------------------------------


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it *exactly* (dates tagged), or :class:`Unsupported`.

    Exact types only: a tuple, a numpy scalar or a ``str`` subclass would come back as something else.
    """
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is list:
        return [_plain(item) for item in value]
    if kind is dict:
        if DATE_TAG in value or any(type(key) is not str for key in value):
            raise Unsupported("a dict cell with a non-text key")
        return {key: _plain(item) for key, item in value.items()}
    if kind is dt.date:
        return {DATE_TAG: value.isoformat()}
    raise Unsupported(f"a {kind.__name__} inside an object column")


def _untag(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and DATE_TAG in mapping:
        return dt.date.fromisoformat(mapping[DATE_TAG])
    return mapping


def _split(frame: pd.DataFrame) -> tuple[pa.Table, dict[str, list[Any]]]:
    """A frame's typed columns as an Arrow table, and its ``object`` columns as JSON-ready lists."""
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1) or frame.attrs:
        raise Unsupported("a frame with its own index or attrs")
    if not frame.columns.is_unique or any(type(c) is not str for c in frame.columns):
        raise Unsupported("a frame with repeated or non-text column names")
    objects = [c for c in frame.columns if frame[c].dtype == object]
    typed = frame.drop(columns=objects)
    table = pa.Table.from_pandas(typed, preserve_index=False)
    back = table.to_pandas()
    if list(back.dtypes) != list(typed.dtypes):  # e.g. a dtype Arrow cannot round-trip: store nothing
        raise Unsupported(f"Arrow changes the dtypes of {list(typed.columns)}")
    return table, {c: [_plain(v) for v in frame[c].tolist()] for c in objects}


def _frame_fields(corpus_type: type) -> tuple[list[str], list[str]]:
    """The Corpus fields holding frames, and the others (only ``plans`` today; anything new is Unsupported)."""
    names = [f.name for f in dataclasses.fields(corpus_type)]
    return [n for n in names if n != "plans"], [n for n in names if n == "plans"]


@cache
def _adapter() -> pydantic.TypeAdapter:
    """Validates all plans of an entry in one call (a third faster than one ``model_validate_json`` per plan)."""
    from loaders.models import Plan

    return pydantic.TypeAdapter(dict[str, Plan])


def encode(corpus: Any) -> dict[str, bytes]:
    """Every data file of an entry, by file name. Raises :class:`Unsupported` for what it cannot hold exactly."""
    frames, others = _frame_fields(type(corpus))
    if others != ["plans"]:
        raise Unsupported("a Corpus without plans")
    out: dict[str, bytes] = {}
    objects: dict[str, dict[str, list[Any]]] = {}
    for name in frames:
        frame = getattr(corpus, name)
        if not isinstance(frame, pd.DataFrame):
            raise Unsupported(f"Corpus.{name} is not a frame")
        table, objects[name] = _split(frame)
        buffer = io.BytesIO()
        feather.write_feather(table, buffer, compression="lz4")
        out[f"{name}.arrow"] = buffer.getvalue()
    layout = {"columns": {n: list(getattr(corpus, n).columns) for n in frames}, "objects": objects}
    out[OBJECTS] = json.dumps(layout, ensure_ascii=False).encode()
    out[PLANS] = _adapter().dump_json(corpus.plans, exclude_unset=True)  # exclude_unset: roundtrip.py relies on it
    return out


def decode(corpus_type: type, data: dict[str, bytes]) -> Any:
    """The corpus :func:`encode` wrote; raises on anything malformed (the caller treats that as a miss)."""
    frames, _ = _frame_fields(corpus_type)
    layout = json.loads(data[OBJECTS], object_hook=_untag)
    built: dict[str, Any] = {}
    for name in frames:
        columns, objects = layout["columns"][name], layout["objects"][name]
        expected = _expected_dtypes()[name]
        if columns != list(expected.index):
            raise ValueError(f"{name}: stored columns differ from what the loader makes")
        typed = feather.read_table(pa.BufferReader(data[f"{name}.arrow"]), memory_map=False).to_pandas()
        if len(typed.columns) + len(objects) != len(columns) or set(typed.columns) | set(objects) != set(columns):
            raise ValueError(f"{name}: stored columns do not add up")
        length = len(typed) if len(typed.columns) else len(next(iter(objects.values()), []))
        # Plain arrays, not Series: a frame built from Series aligns their indexes, column by column.
        parts = {c: _values(typed[c]) for c in typed.columns}
        for column, values in objects.items():
            if not isinstance(values, list) or len(values) != length:
                raise ValueError(f"{name}.{column}: not {length} values")
            parts[column] = np.fromiter(values, dtype=object, count=length)  # lists stay lists, never a 2-D array
        frame = pd.DataFrame({c: parts[c] for c in columns}, columns=columns)
        fixed = expected[expected != OBJECT]  # the dtypes to_frames imposes whatever the rows
        if (frame.dtypes[fixed.index] != fixed).any() or (frame.dtypes[list(typed.columns)] == OBJECT).any():
            raise ValueError(f"{name}: stored dtypes differ from what the loader makes")
        built[name] = frame
    built["plans"] = _adapter().validate_json(data[PLANS])
    return corpus_type(**built)


def _values(column: pd.Series) -> Any:
    """A column's own array: the extension array for pandas dtypes (``str``, ``Int64``), else the numpy array."""
    return column.array if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) else column.to_numpy()


@cache
def _expected_dtypes() -> dict[str, pd.Series]:
    """Each frame's columns (fixed, even with no rows) and the dtypes a fresh load gives them whatever the rows
    (``object`` where the rows decide): a stored entry must agree, however its manifest was edited.

    Taken from an empty corpus built the way every load builds one, so frames added after loading (the
    reference data's ``authorities``, the councils' reference columns) are checked like the rest.
    """
    from loaders.frames import Rows, to_frames
    from loaders.problems import PROBLEM_COLUMNS
    from loaders.reference import link_corpus, load_reference

    frames = to_frames(Rows.empty())
    frames["councils"], frames["authorities"], _ = link_corpus(frames["councils"], load_reference().authorities, {})
    problems = pd.DataFrame(columns=PROBLEM_COLUMNS).astype({"line": "Int64"})  # as build_corpus makes it
    return {name: frame.dtypes for name, frame in frames.items()} | {"problems": problems.dtypes}


@contextlib.contextmanager
def _collector_paused():
    """Decoding a national corpus creates millions of objects, and the cyclic garbage collector would
    rescan them again and again (several times slower for 1,000 plans); nothing it could free is made here.

    On the way out the objects made are moved to the oldest generation without a scan (``freeze`` then
    ``unfreeze``: two list splices): re-enabled, the collector's next young collection would otherwise walk all
    of them at once, a fifth of a warm load. They are still scanned, with everything else, by full collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


# ---- the cache itself --------------------------------------------------------------------------------------


def _read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at ``path`` if it is a small regular file only this user can write, else None."""
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MANIFEST_LIMIT or unsafe_reason(info):
                return None
            manifest = json.loads(handle.read(MANIFEST_LIMIT + 1))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else None


def get(root: Path, files: list[Path], *, key: str | None = None) -> Any | None:
    """The corpus cached for ``root`` if its files and the code are unchanged, else None.

    ``key`` is :func:`files_fingerprint` of ``files`` (taken now when not given). The manifest's key is compared
    before any data file is opened; every data file must then match the SHA-256 the manifest gives for it.
    """
    found = _entry(root, key=key if key is not None else files_fingerprint(files))
    return None if found is None else found[0]


def previous(root: Path) -> tuple[Any, Any] | None:
    """The last corpus stored for ``root`` and its index (:data:`INDEX`), whatever its files' key, when the
    loading code is the same; else None. :mod:`loaders.incremental` keeps what of it is unchanged."""
    return _entry(root, key=None)


def _entry(root: Path, *, key: str | None) -> tuple[Any, Any] | None:
    """The stored corpus and index when the manifest's key is ``key`` (or, for None, its code is this code)."""
    folder = _folder(create=False)
    if folder is None:
        return None
    name = _name(root)
    manifest = _read_manifest(folder / f"{name}.json")
    if manifest is None:
        return None
    if key is not None and manifest.get("key") != key:
        return None
    if key is None and manifest.get("code") != code_fingerprint():
        return None
    try:
        from loaders.corpus import Corpus

        data_dir = manifest["data"]
        if not isinstance(data_dir, str) or not re.fullmatch(rf"{name}-[0-9a-f]{{16}}", data_dir):
            return None
        data: dict[str, bytes] = {}
        for file, digest in manifest["files"].items():
            if not re.fullmatch(r"[a-z_]+\.(arrow|json)", file):
                return None
            data[file] = (folder / data_dir / file).read_bytes()
            if hashlib.sha256(data[file]).hexdigest() != digest:
                return None
        with _collector_paused():
            corpus = decode(Corpus, data)
            index = json.loads(data[INDEX]) if key is None else None  # dates stay tagged: it is written again
        return corpus, index
    except Exception:  # unreadable, edited or from an incompatible version: a miss, rewritten on the next put
        return None


def put(root: Path, files: list[Path], corpus: Any, *, key: str | None = None, index: Any = None) -> bool:
    """Store ``corpus`` for ``root`` under ``key``, the fingerprint taken *before* its files were read.

    Stores nothing (and returns False) when a file changed since ``key`` was taken, since ``corpus`` may hold
    its old text; likewise where the folder is unsafe or cannot be written, or the corpus holds a value this
    format cannot keep exactly. Never raises: the cache only ever saves time.
    """
    now = files_fingerprint(files)
    if key is not None and key != now:
        return False
    folder = _folder(create=True)
    if folder is None:
        return False
    name = _name(root)
    data_dir = folder / f"{name}-{secrets.token_hex(8)}"
    try:
        with _collector_paused():
            data = encode(corpus)
            data[INDEX] = json.dumps(index).encode()
        data_dir.mkdir(mode=0o700)
        for file, content in data.items():
            (data_dir / file).write_bytes(content)
        manifest = {
            "format": FORMAT,
            "key": now,
            "code": code_fingerprint(),
            "root": str(root.resolve()),
            "data": data_dir.name,
            "files": {file: hashlib.sha256(content).hexdigest() for file, content in data.items()},
        }
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1)
        os.replace(handle.name, folder / f"{name}.json")
    except Exception:
        shutil.rmtree(data_dir, ignore_errors=True)
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(handle.name)
        return False
    _remove_stale(folder, name, keep=data_dir.name)
    return True


# ---- writing off the critical path ---------------------------------------------------------------------------

_pending: dict[Path, tuple[list[Path], Any, str | None, Any]] = {}
_pending_lock = threading.Lock()
_idle = threading.Condition(_pending_lock)
_writer: threading.Thread | None = None


def put_later(root: Path, files: list[Path], corpus: Any, *, key: str | None = None, index: Any = None) -> None:
    """:func:`put`, in a writer thread: after an edit the fresh corpus is returned at once, and stored meanwhile.

    Writing is what :func:`put` does (temp files, the manifest renamed into place last), so a process that exits
    mid-write leaves the old entry or the new one, never half of one; the thread is not a daemon, so an exiting
    interpreter waits for the entry to be finished. Only the newest corpus per root is written: a later call
    replaces one still waiting. :func:`flush` waits until everything is written.
    """
    global _writer
    with _pending_lock:
        _pending[root] = (files, corpus, key, index)
        if _writer is None or not _writer.is_alive():
            _writer = threading.Thread(target=_write_pending, name="pce-corpus-cache-writer", daemon=False)
            _writer.start()


def _write_pending() -> None:
    global _writer
    while True:
        with _pending_lock:
            if not _pending:
                _writer = None
                _idle.notify_all()
                return
            root, (files, corpus, key, index) = _pending.popitem()
        with contextlib.suppress(Exception):  # put never raises; this is belt and braces for the thread
            put(root, files, corpus, key=key, index=index)


def flush(timeout: float | None = None) -> bool:
    """Wait until every entry handed to :func:`put_later` is written (or ``timeout`` passes); True when done."""
    with _pending_lock:
        return _idle.wait_for(lambda: _writer is None, timeout=timeout)


def _remove_stale(folder: Path, name: str, *, keep: str | None = None) -> None:
    """Delete ``name``'s older data folders and its pickle from before format 2 (never read, only removed)."""
    for path in [*folder.glob(f"{name}-*"), folder / f"{name}.pickle"]:
        if path.name == keep:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()


def clear(root: Path | str | None = None) -> None:
    """Forget the entry for ``root`` (or every entry) and its per-file entries: the next load parses every file."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return
    from loaders import file_cache  # the per-file entries go too: a cleared cache means a cold load

    file_cache.clear(None if root is None else Path(root))
    if root is None:
        names = {p.name.partition(".")[0].partition("-")[0] for p in folder.iterdir()}
    else:
        names = {_name(Path(root))}
    for name in names:
        if re.fullmatch(r"[0-9a-f]{24}", name):
            with contextlib.suppress(OSError):
                (folder / f"{name}.json").unlink()
            _remove_stale(folder, name)
