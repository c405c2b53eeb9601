"""Cached access to the corpus: loaded once per change of the data files, shared read-only by sessions."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from loaders import Corpus, load_corpus
from loaders.constants import DEFAULT_PLANS_DIR
from loaders.corpus import plan_files


def _fingerprint(path: str) -> tuple[tuple[str, int, int], ...]:
    """Paths, sizes and modification times: editing a file changes the key and reloads the corpus."""
    out = []
    for file in plan_files(path) if Path(path).exists() else []:
        stat = file.stat()
        out.append((str(file), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


@st.cache_resource(show_spinner="Loading plans…", max_entries=4)
def _load(path: str, fingerprint: tuple) -> Corpus:  # fingerprint is part of the cache key
    return load_corpus(path)


def plans_dir() -> str:
    """Where the app reads plans: ``PCE_PLANS_DIR`` if set (tests, benchmarks), else ``data/plans``."""
    return os.environ.get("PCE_PLANS_DIR", DEFAULT_PLANS_DIR)


def corpus(path: str | None = None) -> Corpus:
    """The shared corpus. Never mutate its frames: copy before changing (``frame.assign`` does)."""
    path = path or plans_dir()
    return _load(path, _fingerprint(path))
