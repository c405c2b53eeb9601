"""Which other councils were told the same thing? Recommendation overlap across councils.

Peer teams reuse ideas from one council to the next, but each report words them differently: King's Lynn's
"Talk and listen to staff" is North West Leicestershire's "two-way Corporate Communications and Engagement
Plan". This module finds those matches, explains them, and sums them up per pair of councils.

Method
------
The score of two recommendations is ``TEXT_WEIGHT * text + TOPIC_WEIGHT * topics``, both parts between 0
and 1 (docs/overlap.md has the method, the definitions and the evaluation figures):

* **text** (weight :data:`TEXT_WEIGHT`): sparse TF-IDF over each recommendation's headline, full text and
  sub-points, with unigrams and bigrams of lightly stemmed words (so "engage", "engagement" and "engaging"
  meet) and sublinear term frequency (so a long recommendation is not a match for everything). English stop
  words and the council boilerplate in :data:`BOILERPLATE` ("council", "ensure", "develop"...) are dropped
  before the n-grams are formed: every report says them, so they would make every pair look alike. Rare
  shared phrases such as "performance management" or "staff engagement" carry the score, as IDF intends.
  The part used is the square root of the cosine (:func:`_calibrate` says why).
* **topics** (weight :data:`TOPIC_WEIGHT`): overlap of the recommendations' ``topics`` (from
  :mod:`loaders.themes`, already on the frame), each weighted by its rank (first topic 1, second 1/2...).
  It catches matches that share no words ("Talk and listen to staff" vs "internal communications") and it
  breaks ties among recommendations that share only generic words.

Nothing in the engine knows about particular councils or recommendations; the evaluation pairs in
``tests/data/overlap_pairs.yaml`` only measure it (recall@3 is reported on every test run).

No semantic-embedding backend: the ones worth having need model weights, which ``make run`` does not install
and which must not be downloaded at run time. :func:`build_index` is the one place a backend would plug in.

API
---
* :func:`similar` - the k best matches for one recommendation among *other* councils' recommendations.
* :func:`council_overlap` - a symmetric council x council matrix (definition in its docstring).
* :func:`clusters` - groups of recommendations from at least two councils that say the same thing.
* :func:`build_index` / :func:`index_for` - the index behind all three; ``index_for`` caches one per
  recommendations frame, so a page can call :func:`similar` for every row cheaply.

Scale
-----
Only sparse matrices and N-long vectors are kept. :func:`similar` scores one row against all (a sparse
row-by-matrix product plus an N x topics product: milliseconds at 10,000 recommendations). The all-pairs
work behind :func:`council_overlap` and :func:`clusters` runs once, lazily, in blocks of
:data:`BLOCK_ROWS` rows, keeping only each recommendation's :data:`NEIGHBOURS` best matches and per-council
best-match sums: never a dense N x N matrix. ``scripts/bench_overlap.py`` prints the figures.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

# --------------------------------------------------------------------------------------------------
# Settings (one place)
# --------------------------------------------------------------------------------------------------

_BOILERPLATE_WORDS = """
    council councils council's authority authorities borough district city county lga peer peers challenge
    recommend recommends recommended recommendation recommendations action actions
    ensure ensures ensuring develop develops developed developing deliver delivers delivered delivering
    consider considers considering continue continues continuing need needs needed should could would will
    make making take taking use using undertake put also including include includes
    further new clear clearly better more greater strong stronger strengthen strengthening improve
    improving improved support supporting help helping opportunity opportunities approach approaches
    ongoing regular regularly appropriate relevant key specific particularly especially possible soon
    able way ways areas area set sets level levels across within future current currently recent recently
    work works focus focusing build builds building progress right add adding planned
    """

#: Words every peer challenge report uses whatever it recommends: dropped before scoring. Surface forms,
#: matched before stemming, so "develop" (boilerplate verb) goes but "development" (as in member or
#: organisational development) stays.
BOILERPLATE: frozenset[str] = frozenset(_BOILERPLATE_WORDS.split())

#: The stop-list used: scikit-learn's English stop words plus :data:`BOILERPLATE`.
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | BOILERPLATE

#: Weight of the text similarity in the blended score; the rest is topic overlap.
TEXT_WEIGHT = 0.6
TOPIC_WEIGHT = 1.0 - TEXT_WEIGHT

#: Default :func:`clusters` threshold. Topics alone give at most TOPIC_WEIGHT (0.4), so above it a group
#: needs shared wording too; below it, groups are whole topics.
CLUSTER_THRESHOLD = 0.5

#: Cross-council neighbours kept per recommendation for :func:`clusters`.
NEIGHBOURS = 10

#: Rows scored at once in the all-pairs pass: the largest transient block is BLOCK_ROWS x N float32.
BLOCK_ROWS = 256

#: Results (cluster tables for different thresholds, the council matrix) remembered per index.
MAX_CACHED_RESULTS = 16

#: Shared terms shown in ``why``, and in a cluster's label.
WHY_TERMS = 4
LABEL_TERMS = 3

#: Content words at most this many positions apart (stop words between) still form a bigram.
BIGRAM_SPAN = 3

SIMILAR_COLUMNS = [
    "rec_id", "council_id", "challenge_id", "title", "score", "text_score", "topic_score", "shared_topics", "why",
]  # fmt: skip
CLUSTER_COLUMNS = [
    "cluster_id", "label", "topic", "size", "councils", "rec_id", "council_id", "challenge_id", "title", "cohesion",
]  # fmt: skip


class HasRecommendations(Protocol):
    """Anything with a ``recommendations`` frame: a :class:`loaders.Corpus`, or a stand-in in tests."""

    recommendations: pd.DataFrame


# --------------------------------------------------------------------------------------------------
# Text: tokens, light stemming, display forms
# --------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_AMERICAN_IZ = re.compile(r"(?<=[a-z]{3})iz(?=e\b|ed\b|es\b|ing\b|ation\b|ations\b)")
_SPELLINGS = {"behavior": "behaviour", "behaviors": "behaviours", "center": "centre", "program": "programme",
              "programs": "programmes", "labor": "labour"}  # fmt: skip

#: Inflectional endings, then derivational ones; a stem keeps at least :data:`_MIN_STEM` letters.
_INFLECTIONS = (("ising", "ise"), ("ised", "ise"), ("ises", "ise"), ("ies", "y"), ("ied", "y"), ("ings", ""),
                ("ing", ""), ("sses", "ss"), ("es", "e"), ("ed", ""), ("s", ""))  # fmt: skip
_DERIVATIONS = ("itisations", "itisation", "itise", "isational", "isations", "isation", "ational", "ations",
                "ation", "ments", "ment", "ness", "ially", "ial", "ally", "ity", "ise", "ic", "al", "ly", "y",
                "e")  # fmt: skip
_MIN_STEM = 4


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix-stripping stem: enough to join a word's family, never shown to users.

    Deliberately crude and dependency-free (no NLTK): stems are only compared with each other, and
    :func:`_display` maps them back to the commonest real word for ``why``.

    >>> [stem(w) for w in ("engage", "engagement", "engaging", "engaged")]
    ['engag', 'engag', 'engag', 'engag']
    >>> stem("priorities") == stem("prioritise") == stem("priority")
    True
    """
    if len(word) <= _MIN_STEM or word.isdigit():
        return word
    for suffix, replacement in _INFLECTIONS:
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= _MIN_STEM - 1:
            word = word[: -len(suffix)] + replacement
            break
    suffix = next((x for x in _DERIVATIONS if word.endswith(x) and len(word) - len(x) >= _MIN_STEM), "")
    word = word[: len(word) - len(suffix)]
    return word[:-1] if word.endswith("e") and len(word) > _MIN_STEM else word  # "engagement" -> "engage" -> "engag"


def _words(text: str) -> list[str]:
    """Lower-case words, hyphenated compounds split ("co-produce" -> "co", "produce"), British spelling."""
    text = _AMERICAN_IZ.sub("is", text.lower().replace("’", "'").replace("‘", "'"))
    words = []
    for word in _WORD.findall(text):
        word = word.removesuffix("'s").replace("'", "")
        words.append(_SPELLINGS.get(word, word))
    return words


def _document(title: str, text: str, sub_points: Iterable[str]) -> str:
    """Headline, full text and sub-points as one text; the headline is not repeated when the text opens with it."""
    title, text = (title or "").strip(), (text or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :]
    return " \n ".join(part for part in (title, text, *(str(p) for p in sub_points or ())) if part.strip())


def _terms(text: str, surfaces: Counter[tuple[str, str]] | None = None) -> list[str]:
    """Stemmed unigrams and bigrams of content words; ``surfaces`` collects the words each term came from."""
    words = _words(text)
    content = [(i, w) for i, w in enumerate(words) if w not in STOP_WORDS and len(w) > 1 and not w.isdigit()]
    stems = [stem(w) for _, w in content]
    out = list(stems)
    if surfaces is not None:
        surfaces.update(zip(stems, (w for _, w in content), strict=True))
    for a in range(len(content) - 1):
        (i, _), (j, _) = content[a], content[a + 1]
        if j - i <= BIGRAM_SPAN:
            term = f"{stems[a]} {stems[a + 1]}"
            out.append(term)
            if surfaces is not None:
                surfaces[term, " ".join(words[i : j + 1])] += 1
    return out


def _display(surfaces: Counter[tuple[str, str]], vocabulary: Sequence[str]) -> np.ndarray:
    """Each feature's commonest real wording (ties: alphabetical), for ``why`` and cluster labels."""
    best: dict[str, tuple[int, str]] = {}
    for (term, words), count in surfaces.items():
        if term not in best or (-count, words) < (-best[term][0], best[term][1]):
            best[term] = (count, words)
    return np.array([best[t][1] if t in best else t for t in vocabulary], dtype=object)


def _calibrate(cosine: np.ndarray) -> np.ndarray:
    """Square root of the TF-IDF cosine: the text part's scale.

    Cosines of short, differently worded texts bunch near zero (two wordings of one recommendation typically
    score 0.02-0.2, identical texts 1.0), so blended as they are, any topic overlap swamps them and no
    threshold between "same topic" and "same topic and same words" exists. The square root is monotone (a
    text-only ranking is unchanged) and spreads that band (0.04 -> 0.2, 0.16 -> 0.4) to the scale of the
    topic part.
    """
    return np.sqrt(np.clip(cosine, 0.0, 1.0, out=cosine), out=cosine)


# --------------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------------


@dataclass
class OverlapIndex:
    """Everything :func:`similar`, :func:`council_overlap` and :func:`clusters` need, built once per frame.

    Holds only sparse matrices and N-long arrays; the all-pairs neighbour lists and council sums are
    computed on first use (:meth:`neighbours`) and kept. Read-only after construction, so it can be shared
    between dashboard sessions (the lazy pass is guarded by a lock).
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
    position: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _neighbours: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _results: dict[tuple[str, float], pd.DataFrame] = field(default_factory=dict, repr=False)

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
        scores = self.text_weight * np.asarray(text, dtype=np.float32) + (1 - self.text_weight) * topic
        return np.clip(scores, 0.0, 1.0, out=scores.astype(np.float32, copy=False))

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
        score = np.clip(self.text_weight * text + (1 - self.text_weight) * topic, 0.0, 1.0)
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
                self._neighbours = self._all_pairs()
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

    def _cached(self, key: tuple[str, float], compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A copy of a remembered result (callers may modify what they get; the cache stays intact)."""
        with self._lock:
            hit = self._results.get(key)
        if hit is None:
            hit = compute()
            with self._lock:
                if len(self._results) >= MAX_CACHED_RESULTS:
                    self._results.pop(next(iter(self._results)))
                self._results[key] = hit
        return hit.copy()

    def council_overlap(self) -> pd.DataFrame:
        """See :func:`council_overlap`."""
        return self._cached(("council_overlap", 0.0), self._council_overlap)

    def _council_overlap(self) -> pd.DataFrame:
        _, _, sums = self.neighbours()
        counts = np.bincount(self.council_codes, minlength=len(self.councils)).astype(np.float64)
        directed = sums / np.maximum(counts, 1.0)[:, None]  # mean best match of a's recommendations in b
        matrix = (directed + directed.T) / 2
        np.fill_diagonal(matrix, 1.0)
        index = pd.Index(self.councils, name="council_id")
        return pd.DataFrame(matrix, index=index, columns=index.rename("other_council_id"))

    def clusters(self, threshold: float) -> pd.DataFrame:
        """See :func:`clusters`."""
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
        return self._cached(("clusters", float(threshold)), lambda: self._clusters(threshold))

    def _clusters(self, threshold: float) -> pd.DataFrame:
        near, near_scores, _ = self.neighbours()
        rows, slots = np.nonzero((near >= 0) & (near_scores >= threshold))
        edges = sorted(
            zip(near_scores[rows, slots].tolist(), rows.tolist(), near[rows, slots].tolist(), strict=True),
            key=lambda e: (-e[0], min(e[1], e[2]), max(e[1], e[2])),
        )
        members = _average_linkage(self, edges, threshold)
        return self._cluster_frame(members)

    def _cluster_frame(self, groups: list[list[int]]) -> pd.DataFrame:
        described = []
        for group in groups:
            idx = np.array(sorted(group))
            if len(set(self.council_codes[idx])) < 2:
                continue
            block = self.block_scores(idx, idx)
            cohesion = (block.sum(axis=1) - np.diag(block)) / (len(idx) - 1)
            described.append((idx, cohesion, *self._label(idx)))
        described.sort(key=lambda d: (-len(d[0]), -float(d[1].mean()), str(self.rec_ids[d[0][0]])))
        out = []
        for number, (idx, cohesion, label, topic) in enumerate(described, start=1):
            n_councils = len(set(self.council_codes[idx]))
            for j, coh in zip(idx, cohesion, strict=True):
                out.append({"cluster_id": number, "label": label, "topic": topic, "size": len(idx),
                            "councils": n_councils, "rec_id": self.rec_ids[j], "council_id": self.council_ids[j],
                            "challenge_id": self.challenge_ids[j], "title": self.titles[j],
                            "cohesion": round(float(coh), 4)})  # fmt: skip
        return pd.DataFrame(out, columns=CLUSTER_COLUMNS)

    def _label(self, idx: np.ndarray) -> tuple[str, str]:
        """A cluster's label (its most characteristic terms shared by 2+ councils) and its commonest topic."""
        topic_counts = Counter(t for j in idx for t in self.topic_lists[j][:1]) or Counter(
            t for j in idx for t in self.topic_lists[j]
        )
        topic = min(topic_counts, key=lambda t: (-topic_counts[t], t)) if topic_counts else ""
        sub = self.text[idx].tocsc()
        if not sub.nnz:
            return topic, topic
        # terms used by at least two councils in the cluster, ranked by summed weight
        # one council-by-row incidence product instead of a slice per council (weights are never negative,
        # so a positive column sum means the council uses the term)
        _, council_of_row = np.unique(self.council_codes[idx], return_inverse=True)
        incidence = sparse.csr_matrix(
            (np.ones(len(idx), dtype=np.float32), (council_of_row, np.arange(len(idx)))),
            shape=(int(council_of_row.max()) + 1, len(idx)),
        )
        councils_per_term = np.asarray(((incidence @ sub) > 0).sum(axis=0)).ravel()
        weight = np.asarray(sub.sum(axis=0)).ravel() * (councils_per_term >= 2)
        ranked = itertools.takewhile(lambda f: weight[f] > 0, np.argsort(-weight, kind="stable"))
        return (", ".join(self._pick(ranked, LABEL_TERMS)) or topic), topic


#: Index arrays up to this long take :meth:`OverlapIndex._small_cosines`; longer ones the sparse product.
SMALL_BLOCK = 256


def _small(rows: np.ndarray | slice) -> bool:
    return isinstance(rows, np.ndarray) and rows.ndim == 1 and len(rows) <= SMALL_BLOCK


def _average_linkage(index: OverlapIndex, edges: list[tuple[float, int, int]], threshold: float) -> list[list[int]]:
    """Agglomerative clustering on the neighbour graph: strongest edges first, two groups merge only if the
    mean score over all their cross pairs reaches ``threshold``.

    Average linkage rather than connected components so that A~B and B~C do not drag unrelated A and C into
    one group (chaining), which would produce one giant "everything about staff" cluster at national scale.
    """
    parent: dict[int, int] = {}
    groups: dict[int, list[int]] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    rejected: set[tuple[int, int, int]] = set()  # (root, root, combined size): retry only once a group grows
    for _, a, b in edges:
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        ga, gb = groups.get(ra, [ra]), groups.get(rb, [rb])
        key = (min(ra, rb), max(ra, rb), len(ga) + len(gb))
        if key in rejected:
            continue
        if len(ga) * len(gb) > 1 and index.block_scores(np.array(ga), np.array(gb)).mean() < threshold:
            rejected.add(key)
            continue
        parent[rb] = ra
        groups[ra] = ga + gb
        groups.pop(rb, None)
    return [g for g in groups.values() if len(g) > 1]


# --------------------------------------------------------------------------------------------------
# Building and caching
# --------------------------------------------------------------------------------------------------


def _topic_matrix(topic_lists: list[tuple[str, ...]]) -> np.ndarray:
    """Rank-weighted topic vectors (first topic 1, second 1/2, ...), L2-normalised; zero rows for no topic."""
    names = sorted({t for ts in topic_lists for t in ts})
    column = {t: c for c, t in enumerate(names)}
    matrix = np.zeros((len(topic_lists), len(names)), dtype=np.float32)
    for r, ts in enumerate(topic_lists):
        for rank, t in enumerate(dict.fromkeys(ts)):
            matrix[r, column[t]] = 1.0 / (rank + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=matrix, where=norms > 0)


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None or isinstance(value, float):  # NaN from a missing cell
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[union-attr]


def build_index(recommendations: pd.DataFrame, *, text_weight: float = TEXT_WEIGHT) -> OverlapIndex:
    """Build the index for a recommendations frame (not cached: see :func:`index_for`).

    Needs ``rec_id`` and ``council_id``; uses ``title``, ``text``, ``sub_points``, ``topics`` and
    ``challenge_id`` when present. Does not modify the frame. ``text_weight`` (0-1) sets the text share of
    the blend, for ablations; the default is :data:`TEXT_WEIGHT`.
    """
    if not 0.0 <= text_weight <= 1.0:
        raise ValueError(f"text_weight must be between 0 and 1, not {text_weight}")
    missing = {"rec_id", "council_id"} - set(recommendations.columns)
    if missing:
        raise ValueError(f"recommendations frame lacks column(s): {', '.join(sorted(missing))}")
    n = len(recommendations)

    def column(name: str, default: object = "") -> list:
        return recommendations[name].tolist() if name in recommendations.columns else [default] * n

    rec_ids = np.array([str(r) for r in column("rec_id")], dtype=object)
    council_ids = np.array([str(c) for c in column("council_id")], dtype=object)
    titles = np.array(["" if t is None or isinstance(t, float) else str(t) for t in column("title")], dtype=object)
    texts = ["" if t is None or isinstance(t, float) else str(t) for t in column("text")]
    subs = [_as_tuple(s) for s in column("sub_points", ())]
    topic_lists = [_as_tuple(t) for t in column("topics", ())]
    councils, codes = np.unique(council_ids, return_inverse=True) if n else (np.array([], dtype=object), [])

    surfaces: Counter[tuple[str, str]] = Counter()
    docs = [_terms(_document(t, x, s), surfaces) for t, x, s in zip(titles, texts, subs, strict=True)]
    if any(docs):
        vectoriser = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, dtype=np.float32)
        text = vectoriser.fit_transform(docs).tocsr()
        features = vectoriser.get_feature_names_out().astype(object)
    else:
        text, features = sparse.csr_matrix((n, 0), dtype=np.float32), np.array([], dtype=object)
    text.sort_indices()

    position: dict[str, int] = {}
    for i, r in enumerate(rec_ids):
        position.setdefault(r, i)
    return OverlapIndex(
        rec_ids=rec_ids,
        council_ids=council_ids,
        challenge_ids=np.array([str(c) for c in column("challenge_id")], dtype=object),
        titles=titles,
        council_codes=np.asarray(codes, dtype=np.int32),
        councils=councils,
        text=text,
        text_t=text.T.tocsr(),
        topics=_topic_matrix(topic_lists),
        topic_lists=topic_lists,
        features=features,
        terms=_display(surfaces, features),
        text_weight=text_weight,
        position=position,
    )


_CACHE: dict[int, tuple[weakref.ref, OverlapIndex]] = {}
_CACHE_LOCK = threading.Lock()
#: One lock per frame being indexed, so concurrent first callers build it once.
_BUILDING: dict[int, threading.Lock] = {}


def _forget(key: int, ref: weakref.ref) -> None:
    """Drop a collected frame's index (only if the entry is still that frame's: ids are recycled)."""
    cache = _CACHE  # None while the interpreter shuts down
    if cache is not None and cache.get(key, (None,))[0] is ref:
        cache.pop(key, None)


def index_for(corpus: HasRecommendations) -> OverlapIndex:
    """The index for this corpus's recommendations frame, built on first use and then reused.

    Keyed by the frame object (checked through a weak reference, so a recycled ``id`` never returns a stale
    index, and the entry goes when the frame is garbage-collected). Frames are read-only by contract: a new
    or merged corpus has a new frame and gets its own index.
    """
    frame = corpus.recommendations
    key = id(frame)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0]() is frame:
            return hit[1]
        building = _BUILDING.setdefault(key, threading.Lock())
    with building:  # a second caller (a page during the start-up warm-up) waits for the build, not repeats it
        with _CACHE_LOCK:
            hit = _CACHE.get(key)
            if hit is not None and hit[0]() is frame:
                return hit[1]  # another thread built it meanwhile
        index = build_index(frame)
        with _CACHE_LOCK:
            _CACHE[key] = (weakref.ref(frame, functools.partial(_forget, key)), index)
            _BUILDING.pop(key, None)
    return index


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def similar(corpus: HasRecommendations, rec_id: str, k: int = 5) -> pd.DataFrame:
    """The ``k`` recommendations from *other* councils most like ``rec_id``, best first.

    Columns: ``rec_id``, ``council_id``, ``challenge_id``, ``title``, ``score`` (blended, 0-1),
    ``text_score`` and ``topic_score`` (its two parts, 0-1), ``shared_topics`` (list) and ``why`` (the shared
    terms that drove the text score, for display; empty when the match is on topic alone), where
    ``score = TEXT_WEIGHT * text_score + TOPIC_WEIGHT * topic_score``. Other recommendations of the same
    council, from any of its challenges, are never returned, nor are recommendations with nothing in common
    (score 0), so there may be fewer than ``k`` rows. Raises :class:`KeyError` for an unknown ``rec_id`` and
    :class:`ValueError` for a negative ``k``.
    """
    return index_for(corpus).similar(rec_id, k)


def council_overlap(corpus: HasRecommendations) -> pd.DataFrame:
    """How much each pair of councils was told the same things: a symmetric council x council frame.

    Definition: for councils A and B, take each of A's recommendations and its best score against any of
    B's; average over A's recommendations (how much of A's plan has a counterpart in B's), do the same from
    B to A, and take the mean of the two directions, so the matrix is symmetric and a council with a long
    plan is not favoured. Values are 0-1; the diagonal is 1.0, the value the definition gives a council
    compared with itself (every recommendation matches itself). Index and columns are the council ids that
    have recommendations, sorted. Mask the diagonal when drawing a heatmap.
    """
    return index_for(corpus).council_overlap()


def clusters(corpus: HasRecommendations, threshold: float = CLUSTER_THRESHOLD) -> pd.DataFrame:
    """Groups of recommendations, from at least two councils, that say the same thing.

    One row per recommendation in a group, with columns ``cluster_id`` (1 is the largest group), ``label``
    (up to three characteristic terms shared by at least two of its councils, else its topic), ``topic``
    (the commonest first topic of its members), ``size``, ``councils`` (how many), ``rec_id``,
    ``council_id``, ``challenge_id``, ``title`` and ``cohesion`` (the member's mean score with the rest of
    its group). A recommendation is in at most one group; most are in none.

    Groups grow by average linkage over each recommendation's cross-council neighbours: two groups merge
    when the mean score over all their pairs is at least ``threshold`` (0-1; higher means tighter, smaller
    groups). Same-council recommendations may share a group (Bury said the same in 2018 and 2021) but only
    cross-council matches bring them together.
    """
    return index_for(corpus).clusters(threshold)
