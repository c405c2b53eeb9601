"""The overlap index: TF-IDF rows, topic vectors and ids of one recommendations frame, with the scoring on
them (a few rows against a few, one row against all, the best matches of one recommendation) and the one
all-pairs pass behind the council matrix and the clusters.

Built by :func:`analysis.overlap_build.build_index`; read-only once built, and it keeps no results.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.overlap_settings import (
    BLOCK_ROWS,
    NEIGHBOURS,
    SIMILAR_COLUMNS,
    TEXT_WEIGHT,
    TOPIC_EVIDENCE_AT,
    TOPIC_FLOOR,
    WHY_TERMS,
)
from analysis.overlap_text import _calibrate

# --------------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------------


@dataclass(eq=False)
class OverlapIndex:
    """Everything :func:`similar`, :func:`council_overlap` and :func:`clusters` need, built once per frame.

    Holds only sparse matrices and N-long arrays; the all-pairs neighbour lists and council sums are
    computed on first use (:meth:`neighbours`) and kept as part of the index (one pass per index, guarded by
    a lock). Its arrays are read-only (:func:`analysis.overlap_build.build_index` and :meth:`neighbours` clear
    their ``writeable`` flags), so one index can be shared between dashboard sessions by construction. It
    remembers no results: :meth:`council_overlap` and :meth:`clusters` compute afresh, and callers cache
    (the dashboard in :mod:`ui.memo`). Compared by identity (``eq=False``), so a cache can key on it.
    """

    rec_ids: np.ndarray
    council_ids: np.ndarray
    challenge_ids: np.ndarray
    titles: np.ndarray
    council_codes: np.ndarray  # int32 position of each row's council in ``councils``
    councils: np.ndarray  # sorted unique council ids
    text: sparse.csr_matrix  # N x V, L2-normalised TF-IDF rows (float32)
    text_t: sparse.csr_matrix  # V x N, the transpose, for fast one-row queries
    topics: np.ndarray  # N x T float32, L2-normalised rank-weighted topic vectors
    topic_lists: list[tuple[str, ...]]
    features: np.ndarray  # TF-IDF feature keys: a stem or two stems joined by a space
    terms: np.ndarray  # display wording of each feature
    text_weight: float = TEXT_WEIGHT
    topic_floor: float = TOPIC_FLOOR
    evidence_at: float = TOPIC_EVIDENCE_AT
    position: dict[str, int] = field(default_factory=dict)
    #: Per row, False for a recommendation kept out of scoring (text cut off in the source); None: every row.
    scored: np.ndarray | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _neighbours: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def __getstate__(self) -> dict:
        """Picklable (the lock is not): for digests of shared results and for saving an index."""
        return {k: v for k, v in vars(self).items() if k != "_lock"}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state, _lock=threading.Lock())

    def __len__(self) -> int:
        return len(self.rec_ids)

    # -- scoring ---------------------------------------------------------------------------------------

    def locate(self, rec_id: str) -> int:
        """Row of ``rec_id``; a clear :class:`KeyError` when the recommendation is not in the frame."""
        try:
            return self.position[rec_id]
        except KeyError:
            raise KeyError(f"unknown recommendation {rec_id!r}: not in this corpus's recommendations") from None

    def block_scores(self, rows: np.ndarray | slice, cols: np.ndarray | slice | None = None) -> np.ndarray:
        """Dense blended scores of ``rows`` against ``cols`` (all when None): float32, between 0 and 1.

        Callers keep ``rows`` x ``cols`` small (one row, a block of :data:`BLOCK_ROWS`, a cluster).
        """
        cols = slice(None) if cols is None else cols
        if not self.text.shape[1]:
            text = 0.0
        elif _small(rows) and _small(cols):
            text = _calibrate(self._small_cosines(rows, cols))
        else:
            text = _calibrate((self.text[rows] @ self.text[cols].T).toarray())
        topic = self.topics[rows] @ self.topics[cols].T
        text = np.broadcast_to(np.asarray(text, dtype=np.float32), topic.shape)
        return self.blend(text, topic)

    def blend(self, text: np.ndarray, topic: np.ndarray) -> np.ndarray:
        """The score of pairs with these text and topic parts (0-1, float32): the one formula of the engine.

        ``text_weight * text + (1 - text_weight) * topic * evidence`` where ``evidence`` is
        ``topic_floor + (1 - topic_floor) * min(1, text / evidence_at)``: a topic counts in full only beside
        shared wording (:data:`analysis.overlap_settings.TOPIC_FLOOR` says why). With ``text_weight`` 0 (the
        topics-alone ablation) the topic part is not scaled: the text is not part of that score.
        """
        text = np.asarray(text, dtype=np.float32)
        if self.text_weight == 0 or self.evidence_at <= 0:
            part = topic * np.float32(1 - self.text_weight)
        else:
            # in place on one block-sized array (the all-pairs pass scores 256 x N at a time)
            part = np.minimum(text, np.float32(self.evidence_at))
            part *= np.float32((1.0 - self.topic_floor) / self.evidence_at)
            part += np.float32(self.topic_floor)
            part *= topic
            part *= np.float32(1 - self.text_weight)
        scores = text * np.float32(self.text_weight)
        scores += part
        return np.clip(scores, 0.0, 1.0, out=scores)

    def _small_cosines(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Text cosines of a few rows against a few, in numpy over just the terms they use.

        Clustering asks this thousands of times for groups of a handful of recommendations, where slicing
        the sparse matrix (about 0.4 ms a call) cost more than the arithmetic: 4 of 5 s at 1,000 plans.
        """
        a_rows, a_cols, a_vals = self._gather(rows)
        b_rows, b_cols, b_vals = self._gather(cols)
        terms, where = np.unique(np.concatenate([a_cols, b_cols]), return_inverse=True)
        a = np.zeros((len(rows), len(terms)), dtype=np.float32)
        b = np.zeros((len(cols), len(terms)), dtype=np.float32)
        a[a_rows, where[: len(a_cols)]] = a_vals
        b[b_rows, where[len(a_cols) :]] = b_vals
        return a @ b.T

    def _gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The stored entries of ``rows`` of the TF-IDF matrix: (position in ``rows``, term, weight)."""
        starts, ends = self.text.indptr[rows], self.text.indptr[np.asarray(rows) + 1]
        lengths = ends - starts
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        entries = np.arange(int(lengths.sum())) + offsets
        return np.repeat(np.arange(len(lengths)), lengths), self.text.indices[entries], self.text.data[entries]

    def row_scores(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Calibrated text and topic similarity of row ``i`` to every row (two N-long float32 vectors)."""
        if self.text.shape[1]:
            text = _calibrate(np.asarray((self.text[i] @ self.text_t).todense(), dtype=np.float32).ravel())
        else:
            text = np.zeros(len(self), dtype=np.float32)
        topic = self.topics @ self.topics[i]
        return text, topic

    def why(self, i: int, j: int, limit: int = WHY_TERMS) -> str:
        """The shared terms that contributed most to the text score of rows ``i`` and ``j``, for display."""
        a, b = self.text[i], self.text[j]
        shared, ia, ib = np.intersect1d(a.indices, b.indices, assume_unique=True, return_indices=True)
        if not len(shared):
            return ""
        weight = a.data[ia] * b.data[ib]
        return ", ".join(self._pick(shared[np.argsort(-weight, kind="stable")], limit))

    def _pick(self, ranked: Iterable[int], limit: int) -> list[str]:
        """Display wording of the first ``limit`` features in ``ranked``; a phrase stands in for its own words
        (compared by stem, so "engagement strategy" also covers "strategic")."""
        chosen: dict[int, set[str]] = {}
        for f in ranked:
            stems = set(str(self.features[f]).split())
            if any(stems <= other for other in chosen.values()):
                continue
            chosen = {g: other for g, other in chosen.items() if not other <= stems}
            chosen[int(f)] = stems
            if len(chosen) == limit:
                break
        return [str(self.terms[f]) for f in chosen]

    def similar(self, rec_id: str, k: int = 5) -> pd.DataFrame:
        """See :func:`similar`."""
        if k < 0:
            raise ValueError(f"k must be 0 or more, not {k}")
        i = self.locate(rec_id)
        text, topic = self.row_scores(i)
        score = self.blend(text, topic)
        candidates = np.flatnonzero((self.council_codes != self.council_codes[i]) & (score > 0))
        k = min(k, len(candidates))
        if k == 0:
            return pd.DataFrame(columns=SIMILAR_COLUMNS)
        part = candidates[np.argpartition(-score[candidates], k - 1)[:k]] if k < len(candidates) else candidates
        # best first; ties broken by rec_id so the order is stable across runs
        best = sorted(part, key=lambda j: (-float(score[j]), self.rec_ids[j]))
        own = set(self.topic_lists[i])
        rows = [
            {
                "rec_id": self.rec_ids[j],
                "council_id": self.council_ids[j],
                "challenge_id": self.challenge_ids[j],
                "title": self.titles[j],
                "score": round(float(score[j]), 4),
                "text_score": round(float(text[j]), 4),
                "topic_score": round(float(topic[j]), 4),
                "shared_topics": [t for t in self.topic_lists[j] if t in own],
                "why": self.why(i, j),
            }
            for j in best
        ]
        return pd.DataFrame(rows, columns=SIMILAR_COLUMNS)

    # -- all pairs, lazily ------------------------------------------------------------------------------

    def neighbours(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One blocked pass over all pairs, kept: (neighbour rows N x K int32 with -1 for none, their scores
        N x K float32, best-match sums C x C float64 where ``[a, b]`` sums, over council a's recommendations,
        the best score against council b's).
        """
        with self._lock:
            if self._neighbours is None:
                computed = self._all_pairs()
                for array in computed:
                    array.flags.writeable = False
                self._neighbours = computed
            return self._neighbours

    def _all_pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n, c = len(self), len(self.councils)
        k = min(NEIGHBOURS, n)
        near = np.full((n, k), -1, dtype=np.int32)
        near_scores = np.zeros((n, k), dtype=np.float32)
        sums = np.zeros((c, c), dtype=np.float64)
        if n == 0:
            return near, near_scores, sums
        order = np.argsort(self.council_codes, kind="stable")  # columns grouped by council
        starts = np.searchsorted(self.council_codes[order], np.arange(c))
        for lo in range(0, n, BLOCK_ROWS):
            rows = np.arange(lo, min(lo + BLOCK_ROWS, n))
            block = self.block_scores(rows)
            # council sums include a council's own recommendations (each matches itself: 1.0), which is
            # what makes the diagonal of council_overlap exactly 1
            best = np.maximum.reduceat(block[:, order], starts, axis=1)
            np.add.at(sums, self.council_codes[rows], best)
            block[self.council_codes[rows][:, None] == self.council_codes[None, :]] = -1.0
            top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (len(rows), 1))
            top_scores = np.take_along_axis(block, top, axis=1)
            ranked = np.argsort(-top_scores, axis=1, kind="stable")
            top, top_scores = np.take_along_axis(top, ranked, axis=1), np.take_along_axis(top_scores, ranked, axis=1)
            near[rows] = np.where(top_scores >= 0, top, -1)
            near_scores[rows] = np.maximum(top_scores, 0.0)
        return near, near_scores, sums

    # -- what the public functions return ------------------------------------------------------------------

    def council_overlap(self) -> pd.DataFrame:
        """See :func:`analysis.overlap.council_overlap`; computed on each call (cheap once :meth:`neighbours` ran)."""
        from analysis.overlap_clusters import council_matrix

        return council_matrix(self)

    def clusters(self, threshold: float) -> pd.DataFrame:
        """See :func:`analysis.overlap.clusters`; computed on each call (seconds at national scale: callers cache)."""
        from analysis.overlap_clusters import cluster_table

        return cluster_table(self, threshold)


#: Index arrays up to this long take :meth:`OverlapIndex._small_cosines`; longer ones the sparse product.
SMALL_BLOCK = 256


def _small(rows: np.ndarray | slice) -> bool:
    return isinstance(rows, np.ndarray) and rows.ndim == 1 and len(rows) <= SMALL_BLOCK
