"""Remember what a page computed from the same frames, across reruns and sessions.

Every widget click reruns the whole page, and at national scale (1,000 plans, 28,000 actions) recomputing
the same statuses, flags and timelines from unchanged frames was most of a rerun (Timescales: 0.9 of 1.4 s).
The frames a page works from are read-only and long-lived (the cached corpus, and views from
:func:`ui.filters.current_view`, which are themselves remembered per filter set), so a frame's identity is
a sound key: the same object means the same rows. Results are shared between sessions and must be treated
as read-only, like the corpus (tests/pages/test_sessions.py hashes them before and after every page).

``st.cache_data`` would hash tens of thousands of rows on every call and copy the result on every hit; this
keys on identity (checked through weak references, so a recycled ``id`` never matches) and hands back the
object itself.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")

#: Entries kept, least recently used dropped first. A page needs a handful per filter set; results are
#: frames of at most the view's size.
MAX_ENTRIES = 128

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[tuple[weakref.ref, ...], Any]] = OrderedDict()
_stats = {"hits": 0, "misses": 0}


def _key_part(value: Any, refs: list[weakref.ref]) -> Hashable:
    """A frame stands for itself by identity; anything else must be hashable (else: not cached)."""
    if isinstance(value, pd.DataFrame | pd.Series):
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
            return hit[1]
    result = fn(*args, **kwargs)
    with _lock:
        _stats["misses"] += 1
        for stale in [k for k, (held, _) in _entries.items() if any(ref() is None for ref in held)]:
            del _entries[stale]  # their frames are gone: nothing can ask for them again
        _entries[key] = (tuple(refs), result)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return result


def clear() -> None:
    """Forget every entry (tests; a reload of the corpus makes new frames, so it never needs this)."""
    with _lock:
        _entries.clear()
        _stats.update(hits=0, misses=0)


def stats() -> dict[str, int]:
    """Hits, misses and entries held, for the benchmark and tests."""
    with _lock:
        return {**_stats, "entries": len(_entries)}


def results() -> list[Any]:
    """Every remembered result (tests hash them to prove no page changes a shared result)."""
    with _lock:
        return [value for _, value in _entries.values()]
