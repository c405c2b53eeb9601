"""Build the overlap and search indexes in the background when the server starts, so no visitor waits for them.

The first visit to Overlap or Search used to pay for the index of the whole corpus (3.4 s and 1.9 s at 1,000
plans). ``app.py`` calls :func:`warm_indexes` on every run; the first run on a real server (and the first
after a plan file changes) starts a daemon thread that loads the published corpus and builds both indexes
through the *same* cached calls the pages make (``ui.data.published_corpus``, ``ui.search.published_index``,
and the overlap sections' ``whole_index``/``whole_matrix``/``whole_clusters`` through :mod:`ui.memo`), so a page
simply hits the cache. A page that arrives mid-build waits on the same per-key lock (``st.cache_resource``)
or, for overlap, computes once more (the cache keeps the first result stored). Later
calls return at once: the first page is never blocked. Sessions with uploaded plans still build their own
small index of their merged corpus.

Under ``AppTest`` and pytest (no Streamlit runtime) nothing happens unless asked, so tests stay
deterministic: ``PCE_WARM_INDEXES=1`` forces the warm-up, ``PCE_WARM_INDEXES=0`` switches it off anywhere.
"""

from __future__ import annotations

import logging
import os
import threading
import time

#: Environment switch: "1" warms even without a Streamlit runtime (benchmarks), "0" never warms.
ENV = "PCE_WARM_INDEXES"

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None
#: (plans folder, fingerprint) the last warm-up was started for: an edited corpus is warmed again.
_started_for: tuple[str, str] | None = None
#: Seconds each step took in the last warm-up (``corpus``, ``search``, ``overlap``), for benchmarks and logs.
timings: dict[str, float] = {}


def _wanted() -> bool:
    """True on a real server (``streamlit run``), or when ``PCE_WARM_INDEXES=1``; never when it is "0"."""
    asked = os.environ.get(ENV, "").strip()
    if asked in {"0", "1"}:
        return asked == "1"
    from streamlit.runtime import Runtime

    # AppTest installs a stand-in Runtime (a mock), so "a runtime exists" is not enough: only the real class
    # means ``streamlit run``
    return Runtime.exists() and type(Runtime.instance()) is Runtime


def warm_now(path: str | None = None) -> dict[str, float]:
    """Load the published corpus and build both indexes, in this thread; the seconds each step took.

    The same calls the pages make, in the same order, so their cache keys are the pages' keys.
    """
    from sections.base import Context
    from sections.overlap import whole_clusters, whole_matrix
    from ui.data import plans_dir, published_corpus
    from ui.memo import memo
    from ui.search import published_index

    path = path or plans_dir()
    steps: dict[str, float] = {}
    start = time.perf_counter()
    data = published_corpus(path)
    steps["corpus"] = time.perf_counter() - start
    start = time.perf_counter()
    published_index(path)
    steps["search"] = time.perf_counter() - start
    start = time.perf_counter()
    context = Context(colours={}, full=data, memo=memo)
    whole_matrix(data, context)  # builds the index (kept in ui.memo), runs the all-pairs pass
    whole_clusters(data, context)
    steps["overlap"] = time.perf_counter() - start
    timings.clear()
    timings.update(steps)
    return steps


def _run(path: str | None) -> None:
    try:
        steps = warm_now(path)
        _log.info("indexes warmed: %s", ", ".join(f"{k} {v:.2f} s" for k, v in steps.items()))
    except Exception:  # a bad corpus shows on the pages with its file and line; the warm-up only logs it
        _log.exception("warming the indexes failed; the pages will build them on first use")


def warm_indexes(path: str | None = None) -> threading.Thread | None:
    """Start the background warm-up (when wanted) for the corpus as it is now; the thread, or None.

    Once per state of the data files: the first run on a fresh server starts it, and so does the first run
    after a plan file changes (the corpus reloads, so its indexes are new too). Otherwise cheap (the
    fingerprint is reused for ``FINGERPRINT_TTL``), so ``app.py`` calls it on every run. Never waits.
    """
    global _thread, _started_for
    if not _wanted():
        return None
    from ui.data import _fingerprint, plans_dir

    folder = path or plans_dir()
    key = (folder, _fingerprint(folder))
    if key == _started_for:
        return None
    with _lock:
        if key == _started_for or (_thread is not None and _thread.is_alive()):
            return None  # a running warm-up finishes first; the next run starts the one for the new state
        _started_for = key
        _thread = threading.Thread(target=_run, args=(folder,), name="pce-warm-indexes", daemon=True)
        _thread.start()
        return _thread


def wait(timeout: float | None = None) -> bool:
    """Wait for a started warm-up to finish (benchmarks); True if none is running any more."""
    thread = _thread
    if thread is None:
        return True
    thread.join(timeout)
    return not thread.is_alive()
