"""Which other councils were told the same thing? Recommendation overlap across councils.

Peer teams reuse ideas from one council to the next, but each report words them differently: King's Lynn's
"Talk and listen to staff" is North West Leicestershire's "two-way Corporate Communications and Engagement
Plan". This module finds those matches, explains them, and sums them up per pair of councils.

Method
------
The score of two recommendations is ``TEXT_WEIGHT * text + TOPIC_WEIGHT * topics * evidence``, both parts
between 0 and 1, where ``evidence = TOPIC_FLOOR + (1 - TOPIC_FLOOR) * min(1, text / TOPIC_EVIDENCE_AT)``: a
shared topic counts in full only beside shared wording, and half (0.20 at most) when the two share no word,
so a match on topic alone never looks nearly as good as one with evidence (docs/overlap.md has the method,
the definitions and the evaluation figures):

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
  breaks ties among recommendations that share only generic words; without shared words it is scaled down
  (:data:`TOPIC_FLOOR` says why).

Nothing in the engine knows about particular councils or recommendations; the evaluation pairs in
``tests/data/overlap_pairs.yaml`` only measure it (recall@3 is reported on every test run).

No semantic-embedding backend: the ones worth having need model weights, which ``make run`` does not install
and which must not be downloaded at run time. :func:`build_index` is the one place a backend would plug in.

API
---
* :func:`similar` - the k best matches for one recommendation among *other* councils' recommendations.
* :func:`council_overlap` - a symmetric council x council matrix (definition in its docstring).
* :func:`clusters` - groups of recommendations from at least two councils that say the same thing.
* :func:`build_index` / :func:`index_for` - the index behind all three. Each of the three accepts the
  index in place of the corpus: build it once and pass it when asking many questions of one corpus.

Scale
-----
Only sparse matrices and N-long vectors are kept. :func:`similar` scores one row against all (a sparse
row-by-matrix product plus an N x topics product: milliseconds at 10,000 recommendations). The all-pairs
work behind :func:`council_overlap` and :func:`clusters` runs once, lazily, in blocks of
:data:`BLOCK_ROWS` rows, keeping only each recommendation's :data:`NEIGHBOURS` best matches and per-council
best-match sums: never a dense N x N matrix. ``scripts/bench_overlap.py`` prints the figures.

Caching
-------
None here: ``analysis/`` holds no caches. Every call computes from what it is given (an index keeps its own
all-pairs pass, part of the index, computed once on first use). The dashboard remembers indexes and results
at its one cache edge, :mod:`ui.memo`, keyed by the recommendations frame's identity.

Modules
-------
:mod:`analysis.overlap_settings` (weights, thresholds, columns), :mod:`analysis.overlap_text` (words, stems,
terms), :mod:`analysis.overlap_index` (the index and its scoring), :mod:`analysis.overlap_clusters` (council
matrix and groups), :mod:`analysis.overlap_build` (building an index); this module is the public entry and
re-exports their public names.
"""

from __future__ import annotations

import pandas as pd

from analysis.overlap_build import build_index
from analysis.overlap_clusters import cluster_table, council_matrix
from analysis.overlap_index import SMALL_BLOCK, OverlapIndex
from analysis.overlap_settings import (
    BIGRAM_SPAN,
    BLOCK_ROWS,
    BOILERPLATE,
    CLUSTER_COLUMNS,
    CLUSTER_THRESHOLD,
    HEADLINE_CHARS,
    LABEL_TERMS,
    NEIGHBOURS,
    SIMILAR_COLUMNS,
    STOP_WORDS,
    TEXT_WEIGHT,
    TOPIC_EVIDENCE_AT,
    TOPIC_FLOOR,
    TOPIC_WEIGHT,
    WHY_TERMS,
    HasRecommendations,
)
from analysis.overlap_text import _terms as _terms  # the hostile-text tests time it through this module
from analysis.overlap_text import stem

__all__ = [
    "BIGRAM_SPAN",
    "BLOCK_ROWS",
    "BOILERPLATE",
    "CLUSTER_COLUMNS",
    "CLUSTER_THRESHOLD",
    "HEADLINE_CHARS",
    "LABEL_TERMS",
    "NEIGHBOURS",
    "SIMILAR_COLUMNS",
    "SMALL_BLOCK",
    "STOP_WORDS",
    "TEXT_WEIGHT",
    "TOPIC_EVIDENCE_AT",
    "TOPIC_FLOOR",
    "TOPIC_WEIGHT",
    "WHY_TERMS",
    "HasRecommendations",
    "OverlapIndex",
    "build_index",
    "cluster_table",
    "clusters",
    "council_matrix",
    "council_overlap",
    "index_for",
    "similar",
    "stem",
]


def index_for(corpus: HasRecommendations | OverlapIndex) -> OverlapIndex:
    """The index for this corpus's recommendations frame, built now (an index is returned as it is).

    Not cached: callers that ask repeatedly keep the index (the dashboard through :mod:`ui.memo`, keyed by the
    frame's identity). Frames are read-only by contract, so an index stays right for the frame it was built on.
    """
    return _index(corpus)


def _index(corpus: HasRecommendations | OverlapIndex) -> OverlapIndex:
    return corpus if isinstance(corpus, OverlapIndex) else build_index(corpus.recommendations)


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def similar(corpus: HasRecommendations | OverlapIndex, rec_id: str, k: int = 5) -> pd.DataFrame:
    """The ``k`` recommendations from *other* councils most like ``rec_id``, best first.

    Columns: ``rec_id``, ``council_id``, ``challenge_id``, ``title``, ``score`` (blended, 0-1),
    ``text_score`` and ``topic_score`` (its two parts, 0-1), ``shared_topics`` (list) and ``why`` (the shared
    terms that drove the text score, for display; empty when the match is on topic alone), where
    ``score = TEXT_WEIGHT * text_score + TOPIC_WEIGHT * topic_score * evidence`` and ``evidence`` is
    ``TOPIC_FLOOR + (1 - TOPIC_FLOOR) * min(1, text_score / TOPIC_EVIDENCE_AT)``. Other recommendations of the same
    council, from any of its challenges, are never returned, nor are recommendations with nothing in common
    (score 0), so there may be fewer than ``k`` rows. Raises :class:`KeyError` for an unknown ``rec_id`` and
    :class:`ValueError` for a negative ``k``.
    """
    return _index(corpus).similar(rec_id, k)


def council_overlap(corpus: HasRecommendations | OverlapIndex) -> pd.DataFrame:
    """How much each pair of councils was told the same things: a symmetric council x council frame.

    Definition: for councils A and B, take each of A's recommendations and its best score against any of
    B's; average over A's recommendations (how much of A's plan has a counterpart in B's), do the same from
    B to A, and take the mean of the two directions, so the matrix is symmetric and a council with a long
    plan is not favoured. Values are 0-1; the diagonal is 1.0, the value the definition gives a council
    compared with itself (every recommendation matches itself). Index and columns are the council ids that
    have recommendations, sorted. Mask the diagonal when drawing a heatmap.
    """
    return _index(corpus).council_overlap()


def clusters(corpus: HasRecommendations | OverlapIndex, threshold: float = CLUSTER_THRESHOLD) -> pd.DataFrame:
    """Groups of recommendations, from at least two councils, that say the same thing.

    One row per recommendation in a group, with columns ``cluster_id`` (1 is the largest group), ``label``
    (up to three characteristic terms shared by at least two of its councils, else its topic), ``topic``
    (the commonest first topic of its members), ``size``, ``councils`` (how many), ``rec_id``,
    ``council_id``, ``challenge_id``, ``title``, ``cohesion`` (the member's mean score with the rest of
    its group) and ``headline`` (what a reader sees as the group's name: the title of its most representative
    member, the one with the highest cohesion, cut to :data:`HEADLINE_CHARS` at a word; see
    :func:`analysis.overlap_clusters.group_headlines`). A recommendation is in at most one group; most are in
    none.

    Groups grow by average linkage over each recommendation's cross-council neighbours: two groups merge
    when the mean score over all their pairs is at least ``threshold`` (0-1; higher means tighter, smaller
    groups). Same-council recommendations may share a group (Bury said the same in 2018 and 2021) but only
    cross-council matches bring them together.
    """
    return _index(corpus).clusters(threshold)
