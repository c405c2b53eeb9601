"""A disk cache of loaded corpora: a national archive parses and normalises once, then loads in a blink.

Validating and normalising 1,000 plans takes many times longer than parsing their YAML, and the result
only changes when a plan file or the code that reads it changes. So :func:`loaders.load_corpus` stores
the finished :class:`~loaders.corpus.Corpus` here, keyed by

* every plan file's path, size and modification time (editing, adding or removing a file is a miss), and
* a fingerprint of the loading code itself (``loaders/*.py`` and the theme classifier) and the pandas
  and pydantic versions, so a change to the normalisation never serves stale frames.

The cache lives in ``PCE_CACHE_DIR`` (default ``.cache/corpus`` in the repository; ``PCE_CACHE_DIR=off``
turns it off). It holds only what this process wrote from files it was asked to load; a cache entry that
cannot be read (truncated, from another version) is ignored and rewritten. Writes are atomic, so two
app processes never read half a file.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pydantic

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / ".cache" / "corpus"
OFF = {"off", "0", "false", "no", ""}

#: Source files whose content decides what a load produces.
_CODE = [*sorted((ROOT / "loaders").glob("*.py")), ROOT / "analysis" / "themes.py"]


def cache_dir() -> Path | None:
    """Where entries go, or None when caching is off (``PCE_CACHE_DIR=off``)."""
    setting = os.environ.get("PCE_CACHE_DIR")
    if setting is None:
        return DEFAULT_DIR
    return None if setting.strip().lower() in OFF else Path(setting)


@cache
def code_fingerprint() -> str:
    """Changes whenever the loading code or the libraries shaping the frames change."""
    digest = hashlib.sha256(f"{pd.__version__}|{pydantic.VERSION}".encode())
    for file in _CODE:
        with contextlib.suppress(OSError):
            digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()


def files_fingerprint(files: list[Path]) -> str:
    """Paths, sizes and modification times: cheap (no file is read) and changes with any edit."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for file in files:
        stat = file.stat()
        digest.update(f"{file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _entry(root: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]}.pickle"


@contextlib.contextmanager
def _collector_paused():
    """Unpickling a national corpus creates millions of objects, and the cyclic garbage collector would
    rescan them again and again (5.3 s instead of 1.3 s for 1,000 plans); nothing it could free is made here."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def get(root: Path, files: list[Path]) -> Any | None:
    """The corpus cached for ``root`` if its files and the code are unchanged, else None."""
    entry = _entry(root)
    if entry is None or not entry.exists():
        return None
    try:
        key = files_fingerprint(files)
        with entry.open("rb") as handle, _collector_paused():
            stored_key, corpus = pickle.load(handle)  # our own file, written by put() below
    except Exception:  # unreadable or from an incompatible version: a miss, rewritten on the next put
        return None
    return corpus if stored_key == key else None


def put(root: Path, files: list[Path], corpus: Any) -> None:
    """Store ``corpus`` for ``root``; silently does nothing where the cache folder cannot be written."""
    entry = _entry(root)
    if entry is None:
        return
    try:
        key = files_fingerprint(files)
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump((key, corpus), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, entry)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(handle.name)


def clear(root: Path | str | None = None) -> None:
    """Forget the entry for ``root`` (or every entry): the next load parses every file again."""
    folder = cache_dir()
    if folder is None or not folder.exists():
        return
    entries = [_entry(Path(root))] if root is not None else list(folder.glob("*.pickle"))
    for entry in entries:
        if entry is not None:
            with contextlib.suppress(OSError):
                entry.unlink()
