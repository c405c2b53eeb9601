"""The dashboard's one in-process result cache: what a page computed from the same frames, across reruns and
sessions. ``analysis/`` and ``sections/`` keep nothing between calls; they are remembered here.

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
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

from analysis import overlap
from analysis.overlap import OverlapIndex
from analysis.search_words import canonical
from loaders import Corpus

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
