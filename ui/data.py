"""Cached access to the corpus: loaded once per change of the data files, shared read-only by sessions.

A session may add its own uploaded plans: they are validated alone and merged into a session-private
corpus (``loaders.merge``), so an upload never reaches another user's session and never copies the shared
frames for users who upload nothing.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from loaders import Corpus, Source, build_corpus
from loaders.constants import DEFAULT_PLANS_DIR
from loaders.contributions import contributions_dir
from loaders.corpus import plan_files
from loaders.reference import reference_files
from loaders.upload import UploadCheck
from ui import memo, state

#: Seconds a fingerprint is reused: a page asks for the corpus several times per run, and stat-ing a
#: thousand files each time cost a tenth of a second; an edited file still shows within this delay.
FINGERPRINT_TTL = 2.0


def _fingerprint(path: str) -> str:
    """A digest of paths, sizes and modification times: editing a file changes it and reloads the corpus.

    A short string, not the tuple of a thousand stats, because Streamlit hashes cache arguments each call.
    """
    return memo.recent(("fingerprint", path), FINGERPRINT_TTL, lambda: _stat_digest(path))


def _stat_digest(path: str) -> str:
    digest = hashlib.sha256()
    files = plan_files(path) if Path(path).exists() else []
    for file in [*files, *(ref for ref in reference_files() if ref.exists())]:  # the reference joins the councils
        stat = file.stat()
        digest.update(f"{file}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def forget_fingerprints() -> None:
    """Make the next corpus request look at the files again (a plan was just saved to a plans folder)."""
    memo.forget_recent()


def plans_dir() -> str:
    """Where the app reads plans: ``PCE_PLANS_DIR`` if set (tests, benchmarks), else ``data/plans``."""
    return os.environ.get("PCE_PLANS_DIR", DEFAULT_PLANS_DIR)


def published_corpus(path: str | None = None) -> Corpus:
    """The shared corpus of published plans (and contributed ones, marked ``contributed``, when
    ``PCE_CONTRIBUTIONS_DIR`` is set). Never mutate its frames: copy before changing."""
    path = path or plans_dir()
    folder = contributions_dir()
    if folder is None:
        return memo.shared_corpus(path, _fingerprint(path))
    return memo.shared_corpus(path, _fingerprint(path), str(folder), _fingerprint(str(folder)))


_UPLOADS = "_uploaded_plans"
_MERGED = "_uploaded_corpus"


def uploads() -> dict[str, str]:
    """This session's uploaded plans: file name -> the exact text the user gave (kept verbatim)."""
    return dict(state.get(_UPLOADS) or {})


def add_upload(name: str, text: str) -> None:
    """Add (or replace) one uploaded plan for this session only."""
    current = uploads()
    current[name] = text
    state.put(_UPLOADS, current)


def remove_upload(name: str | None = None) -> None:
    """Remove one uploaded plan, or all of them."""
    current = uploads()
    if name is None:
        current.clear()
    else:
        current.pop(name, None)
    state.put(_UPLOADS, current)


def _uploads_key(items: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, hashlib.sha256(text.encode("utf-8")).hexdigest()) for name, text in items.items()))


def corpus(path: str | None = None) -> Corpus:
    """The corpus this session sees: the published plans, plus its own uploads (marked ``uploaded``).

    Never mutate its frames: they may be the shared ones. Copy before changing (``frame.assign`` does).
    """
    base = published_corpus(path)
    items = uploads()
    if not items:
        return base
    from loaders.merge import merge_corpora

    def merged() -> Corpus:
        sources = [Source(f"upload: {name}", text, Path(name).stem) for name, text in items.items()]
        return merge_corpora(base, build_corpus(sources))

    return memo.per_session(_MERGED, (id(base), _uploads_key(items)), merged)


def checked_upload(
    name: str, data: bytes | str, *, published: set[str] | frozenset[str], stem: str | None = None
) -> UploadCheck:
    """``check_upload``, remembered by a digest of the bytes (and the name, stem and published ids).

    Every widget click reruns *Add a plan*, and each rerun checked the same upload again: seconds of parsing for a
    large file, per click. The result is shared read-only (the same bytes give the same check for anyone), and
    only a few are kept, since each holds the upload's text.
    """
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    digest = f"{type(data).__name__}:{hashlib.sha256(raw).hexdigest()}"
    return memo.upload_check(name, digest, tuple(sorted(published)), stem, data)
