"""The dashboard's one in-process cache: the shared corpus, upload checks and search index (Streamlit's resource
cache, one entry per change of the files), what a page computed from the same frames across reruns and sessions
(:func:`memo`), and a session's own merged corpus and index (:func:`per_session`). ``analysis/`` and
``sections/`` keep nothing between calls; ``ui.data`` and ``ui.search`` decide *what* to ask for, this module
alone decides what is kept, for how long and under which key.

Every widget click reruns the whole page, and at national scale (1,000 plans, 28,000 actions) recomputing
the same statuses, flags and timelines from unchanged frames was most of a rerun (Timescales: 0.9 of 1.4 s).
The frames a page works from are read-only and long-lived (the cached corpus, and views from
:func:`ui.filters.current_view`, which are themselves remembered per filter set), so a frame's identity is
a sound key: the same object means the same rows. Results are shared between sessions and must be treated
as read-only, like the corpus (tests/pages/test_sessions.py hashes them before and after every page).

``st.cache_data`` would hash tens of thousands of rows on every call and copy the result on every hit; this
keys on identity (checked through weak references, so a recycled ``id`` never matches).

Keys: ``(fn.__module__, fn.__qualname__, args, sorted kwargs)``, where a frame (``DataFrame``/``Series``), a
:class:`loaders.Corpus` and an :class:`analysis.overlap.OverlapIndex` stand for themselves by identity and
anything else must be hashable (else the call is computed without the cache). At most :data:`MAX_ENTRIES`
entries, least recently used dropped first; an entry whose frame was collected goes at the next miss.

Sharing: a frame result is handed out as a shallow copy (pandas copy-on-write, so a caller that changes it
changes its own copy, never the shared one, at no cost until it writes); an overlap index has read-only
arrays by construction. Other results (a section's ``Drawn``, a filtered ``View``) are frozen dataclasses
whose frames are read-only by contract (tests/pages/test_sessions.py hashes every result around every page).

:func:`overlap_index` is the overlap engine's index for a corpus, built once per recommendations frame: the
overlap sections, the brief, history and peers pages and the start-up warm-up all take it from here.

:func:`word_form` is the search's word normaliser (:func:`analysis.search_words.canonical`) remembered for
highlighting: every shown result is tokenised again to mark its matches, and the corpus's words recur. Keys:
the word as written; at most :data:`WORD_FORMS` of them, least recently used dropped first; values are strings.
"""

from __future__ import annotations

import functools
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from analysis import overlap
from analysis.overlap import OverlapIndex
from analysis.search import SearchIndex, build_search_index
from analysis.search_words import canonical
from loaders import Corpus, load_corpus
from loaders.contributions import with_contributions
from loaders.upload import UploadCheck, check_upload
from ui import state

T = TypeVar("T")

#: Entries kept, least recently used dropped first. A page needs a handful per filter set; results are
#: frames of at most the view's size.
MAX_ENTRIES = 128

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[tuple[weakref.ref, ...], Any]] = OrderedDict()
_stats = {"hits": 0, "misses": 0}
#: One lock per key being computed, so concurrent first callers compute it once.
_building: dict[Hashable, threading.Lock] = {}


def _key_part(value: Any, refs: list[weakref.ref]) -> Hashable:
    """A frame stands for itself by identity; anything else must be hashable (else: not cached)."""
    if isinstance(value, pd.DataFrame | pd.Series | Corpus | OverlapIndex):
        refs.append(weakref.ref(value))
        return ("frame", id(value))
    hash(value)  # TypeError for lists and dicts: the caller computes without the cache
    return value


def memo(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, computed once for the same frames (by identity) and the same other arguments."""
    refs: list[weakref.ref] = []
    try:
        key = (
            fn.__module__,
            fn.__qualname__,
            tuple(_key_part(a, refs) for a in args),
            tuple(sorted((k, _key_part(v, refs)) for k, v in kwargs.items())),
        )
    except TypeError:
        return fn(*args, **kwargs)
    with _lock:
        hit = _entries.get(key)
        if hit is not None and all(ref() is not None for ref in hit[0]):
            _entries.move_to_end(key)
            _stats["hits"] += 1
            return _handed_out(hit[1])
        building = _building.setdefault(key, threading.Lock())
    with building:  # a second caller of the same key (a page during the start-up warm-up) waits, not repeats
        with _lock:
            hit = _entries.get(key)
            if hit is not None and all(ref() is not None for ref in hit[0]):
                _stats["hits"] += 1
                return _handed_out(hit[1])
        try:
            return _store(key, refs, fn(*args, **kwargs))
        finally:
            with _lock:
                _building.pop(key, None)  # after the store, so a newcomer finds the entry


def _store(key: Hashable, refs: list[weakref.ref], result: T) -> T:
    with _lock:
        _stats["misses"] += 1
        for stale in [k for k, (held, _) in _entries.items() if any(ref() is None for ref in held)]:
            del _entries[stale]  # their frames are gone: nothing can ask for them again
        _entries[key] = (tuple(refs), result)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return _handed_out(result)


def _handed_out(result: T) -> T:
    """What a caller gets: a frame as a shallow copy (copy-on-write keeps the shared one intact), else itself."""
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy(deep=False)  # type: ignore[return-value]
    return result


def overlap_index(corpus: Any) -> OverlapIndex:
    """The overlap index of ``corpus.recommendations``, built once per frame (read-only: shared by sessions)."""
    return memo(overlap.build_index, corpus.recommendations)  # looked up on each call, so tests can count builds


#: Word forms :func:`word_form` keeps: more than the distinct words of a national-scale corpus's shown results.
WORD_FORMS = 1 << 16


@functools.lru_cache(maxsize=WORD_FORMS)
def word_form(word: str) -> str:
    """:func:`analysis.search_words.canonical`, remembered (pass as ``canon`` to ``analysis.search.snippet``)."""
    return canonical(word)


def clear() -> None:
    """Forget every entry (tests; a reload of the corpus makes new frames, so it never needs this)."""
    with _lock:
        _entries.clear()
        _stats.update(hits=0, misses=0)
    word_form.cache_clear()


def stats() -> dict[str, int]:
    """Hits, misses and entries held, for the benchmark and tests."""
    with _lock:
        return {**_stats, "entries": len(_entries)}


def results() -> list[Any]:
    """Every remembered result (tests hash them to prove no page changes a shared result)."""
    with _lock:
        return [value for _, value in _entries.values()]


# Shared resources. Streamlit's resource cache keys each on its (hashed) arguments; an argument whose name starts
# with "_" is left out of the key, so a caller passes a short digest standing for it (``ui.data``'s file
# fingerprints, an upload's SHA-256). Shared read-only between sessions, like the corpus.


@st.cache_resource(show_spinner="Loading plans…", max_entries=4)
def shared_corpus(path: str, fingerprint: str, contributions: str = "", contributions_fingerprint: str = "") -> Corpus:
    """The published plans of ``path`` (plus contributed ones from ``contributions``), one per fingerprint:
    an edited, added or removed file changes the fingerprint and so loads afresh (from the disk cache)."""
    published = load_corpus(path)
    return with_contributions(published, Path(contributions)) if contributions else published


@st.cache_resource(show_spinner="Checking the plan…", max_entries=8, ttl=3600)
def upload_check(
    name: str, digest: str, published: tuple[str, ...], stem: str | None, _data: bytes | str
) -> UploadCheck:
    """``check_upload`` of ``_data``, keyed on its ``digest``: a 2 MB upload is hashed once per run, not kept in
    the key. Few are kept, each for an hour at most, since each holds the upload's text."""
    return check_upload(name, _data, published=published, stem=stem)


@st.cache_resource(show_spinner="Indexing every plan for search…", max_entries=4)
def search_index(path: str, fingerprint: str, _corpus: Corpus) -> SearchIndex:
    """The search index of the published corpus ``_corpus`` of ``path`` at ``fingerprint`` (which stands for it)."""
    return build_search_index(_corpus)


def per_session(slot: str, key: Any, build: Callable[[], T]) -> T:
    """A value private to this session (its uploads merged into the corpus, that corpus's index), kept in the
    session under ``slot`` and rebuilt when ``key`` changes. ``key`` is compared by identity first (an object
    standing for itself, such as a merged corpus), else by equality (a tuple of digests)."""
    held = state.get(slot)
    if held is not None and (held[0] is key or (isinstance(key, tuple) and held[0] == key)):
        return held[1]
    value = build()
    state.put(slot, (key, value))
    return value


_recent: dict[Hashable, tuple[float, Any]] = {}


def recent(key: Hashable, seconds: float, compute: Callable[[], T]) -> T:
    """``compute()``, reused for ``seconds`` under ``key``: for answers that go stale on their own (a folder's
    file stats), where asking again on every call costs more than a short delay in noticing a change."""
    now = time.monotonic()
    hit = _recent.get(key)
    if hit is not None and now - hit[0] < seconds:
        return hit[1]
    value = compute()
    _recent[key] = (now, value)
    return value


def forget_recent() -> None:
    """Make every :func:`recent` answer be computed afresh on its next call."""
    _recent.clear()
