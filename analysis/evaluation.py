"""How well the theme classifier and the overlap engine do on data they were not tuned on (issue 19 §2).

Every figure the project used to print was in-sample: the topic and theme rules, and the overlap blend, were
tuned by people on the same hand labels they were scored on. This module computes three kinds of figure side
by side, so a reader can see how much of a score is tuning:

* **in-sample** - the shipped rules and settings, scored on the labels they were tuned on;
* **leave-one-council-out (LOCO)** - whatever code can fit is fitted on the other councils only and scored on
  the one left out, for every council in turn (every labelled item is scored exactly once);
* **held-out** - the shipped rules scored on labels from councils never used to tune them
  (``tests/data/heldout_labels.yaml``, written before the classifier was run on them).

What "fitted" means here, honestly. The patterns and priors in ``rules/*.yaml`` were written by people who had
read all the in-sample labels; no code can un-read them, so LOCO cannot remove that tuning, and only the
held-out figure measures it. What code *can* fit is refitted per fold:

* themes and topics: one weight per label (a multiplier on its score, from :data:`LABEL_WEIGHT_GRID`, by
  coordinate ascent from 1.0, ties kept at the shipped value) - the calibration a tuner would adjust;
* overlap: the TF-IDF vocabulary and IDF weights (``build_index(..., fit_rows=...)``) and the text/topic blend
  weight, chosen from :data:`TEXT_WEIGHT_GRID` on the other councils' pairs.

Pure functions: items and frames in, figures out; nothing is read from disk and nothing is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.overlap_build import build_index
from analysis.overlap_index import OverlapIndex
from analysis.overlap_settings import TEXT_WEIGHT
from loaders.constants import LGA_THEMES
from loaders.themes import (
    FALLBACK_THEME,
    MAX_THEMES,
    MAX_TOPICS,
    MIN_TOPIC_SCORE,
    THEME_RELATIVE,
    TOPIC_RELATIVE,
    TOPICS,
    Classification,
    agreement,
    classify,
    has_substance,
)

#: Multipliers tried for each label's score when a fold refits the classifier's calibration.
LABEL_WEIGHT_GRID: tuple[float, ...] = (0.8, 1.0, 1.25)
#: Passes of coordinate ascent over the labels (a second pass lets one label's weight react to another's).
SWEEPS = 2
#: Text shares of the overlap blend a fold may choose from (the shipped value is among them).
TEXT_WEIGHT_GRID: tuple[float, ...] = (0.4, 0.5, 0.6, 0.7, 0.8)
#: A hit is a gold partner ranked this high or higher.
TOP_K = 3

THEMES = "themes"
TOPIC_LABELS = "topics"


# --------------------------------------------------------------------------------------------------
# Themes and topics
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labelled:
    """One hand-labelled recommendation: its council (the LOCO group), wording and the labels a reader accepts."""

    item_id: str
    group: str
    text: str
    title: str = ""
    lga_themes: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scored:
    """A labelled item with the classifier's scores for every theme and topic (computed once per item)."""

    item: Labelled
    theme_scores: np.ndarray  # in LGA_THEMES order
    topic_scores: np.ndarray  # in TOPICS order
    blank: bool  # too little to be given the fallback theme
    themes: tuple[str, ...] = ()  # what the classifier itself reported
    topics: tuple[str, ...] = ()


def score_items(items: Iterable[Labelled], classifier: Callable[..., Classification] = classify) -> list[Scored]:
    """Classify every item once; the figures below re-rank these scores under different label weights."""
    out = []
    for item in items:
        result = classifier(item.text, title=item.title or None)
        out.append(
            Scored(
                item=item,
                theme_scores=np.array([result.scores[t] for t in LGA_THEMES], dtype=float),
                topic_scores=np.array([result.scores[t] for t in TOPICS], dtype=float),
                blank=not has_substance(f"{item.title}\n{item.text}"),
                themes=result.lga_themes,
                topics=result.topics,
            )
        )
    return out


def labels_under(scored: Scored, kind: str, weights: np.ndarray | None = None) -> tuple[str, ...]:
    """The labels :func:`loaders.themes.classify` reports, with each label's score multiplied by ``weights``.

    With no weights (or all 1.0) this is what the classifier returned, so in-sample and held-out figures are
    the shipped classifier's own. Otherwise the selection is redone on the weighted scores, which the
    classifier rounds to 3 decimals: a label within 0.001 of a cut-off can then fall the other way.
    """
    if weights is None or np.all(weights == 1.0):
        return scored.themes if kind == THEMES else scored.topics
    names = LGA_THEMES if kind == THEMES else TOPICS
    raw = scored.theme_scores if kind == THEMES else scored.topic_scores
    scores = raw if weights is None else raw * weights
    best = float(scores.max(initial=0.0))
    if kind == THEMES:
        if best <= 0:
            return () if scored.blank else (FALLBACK_THEME,)
        floor, limit = THEME_RELATIVE * best, MAX_THEMES
    else:
        floor, limit = max(MIN_TOPIC_SCORE, TOPIC_RELATIVE * best), MAX_TOPICS
    chosen = [i for i in range(len(names)) if scores[i] >= floor and scores[i] > 0]
    chosen.sort(key=lambda i: (-scores[i], i))
    return tuple(names[i] for i in chosen[:limit])


def _hand(scored: Scored, kind: str) -> list[str]:
    return list(scored.item.lga_themes if kind == THEMES else scored.item.topics)


def label_agreement(scored: Sequence[Scored], kind: str, weights: np.ndarray | None = None) -> dict[str, float]:
    """:func:`loaders.themes.agreement` (top1, any, jaccard, n) of ``kind`` labels under ``weights``."""
    return agreement([_hand(s, kind) for s in scored], [list(labels_under(s, kind, weights)) for s in scored])


def fit_label_weights(
    scored: Sequence[Scored], kind: str, grid: Sequence[float] = LABEL_WEIGHT_GRID, sweeps: int = SWEEPS
) -> np.ndarray:
    """One multiplier per label, chosen on ``scored`` by coordinate ascent on (top-1, Jaccard).

    Starts from the shipped calibration (all 1.0) and keeps a label's weight unless another value is strictly
    better, so with nothing to learn it learns nothing.
    """
    size = len(LGA_THEMES if kind == THEMES else TOPICS)
    weights = np.ones(size)

    def objective(w: np.ndarray) -> tuple[float, float]:
        figures = label_agreement(scored, kind, w)
        return figures["top1"], figures["jaccard"]

    best = objective(weights)
    for _ in range(sweeps):
        for j in range(size):
            for value in grid:
                if value == weights[j]:
                    continue
                trial = weights.copy()
                trial[j] = value
                got = objective(trial)
                if got > best:
                    best, weights = got, trial
    return weights


def loco_label_agreement(
    scored: Sequence[Scored], kind: str, grid: Sequence[float] = LABEL_WEIGHT_GRID
) -> dict[str, float]:
    """Leave-one-council-out agreement: for each group, weights fitted on the others, scored on it.

    Returns the pooled figures (every item scored once, under its own fold's weights) and ``folds``, the
    number of groups. Items without a hand label of ``kind`` neither fit nor count, as in
    :func:`loaders.themes.agreement`.
    """
    labelled = [s for s in scored if _hand(s, kind)]
    groups = sorted({s.item.group for s in labelled})
    hand: list[list[str]] = []
    predicted: list[list[str]] = []
    for group in groups:
        train = [s for s in labelled if s.item.group != group]
        weights = fit_label_weights(train, kind, grid) if train else None
        for s in labelled:
            if s.item.group == group:
                hand.append(_hand(s, kind))
                predicted.append(list(labels_under(s, kind, weights)))
    figures = agreement(hand, predicted)
    figures["folds"] = float(len(groups))
    return figures


def classifier_figures(scored: Sequence[Scored]) -> dict[str, dict[str, dict[str, float]]]:
    """``{kind: {"in_sample": ..., "refit_in_sample": ..., "loco": ...}}`` for themes and topics.

    ``refit_in_sample`` fits the label weights on every item and scores the same items: the optimism LOCO
    removes. Use :func:`label_agreement` alone for a held-out set (no fitting is done on it).
    """
    out: dict[str, dict[str, dict[str, float]]] = {}
    for kind in (THEMES, TOPIC_LABELS):
        labelled = [s for s in scored if _hand(s, kind)]
        out[kind] = {
            "in_sample": label_agreement(labelled, kind),
            "refit_in_sample": label_agreement(labelled, kind, fit_label_weights(labelled, kind)),
            "loco": loco_label_agreement(labelled, kind),
        }
    return out


# --------------------------------------------------------------------------------------------------
# Overlap
# --------------------------------------------------------------------------------------------------

Pair = tuple[str, str]


def _gold(positives: Iterable[Pair]) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    for a, b in positives:
        gold.setdefault(a, set()).add(b)
        gold.setdefault(b, set()).add(a)
    return gold


def queries(positives: Sequence[Pair]) -> list[Pair]:
    """Both directions of every positive pair: (query, gold partner)."""
    return [q for a, b in positives for q in ((a, b), (b, a))]


def filtered_rank(index: OverlapIndex, query: str, target: str, others: set[str]) -> int | None:
    """Rank (1 = best) of ``target`` in the order :meth:`OverlapIndex.similar` gives ``query``'s matches,
    skipping the query's other gold partners (``others``) so two right answers do not push each other down;
    None when the engine does not return it at all (score 0, or the same council).

    Computed from :meth:`OverlapIndex.block_scores` (the score :meth:`~OverlapIndex.similar` reports, with
    its candidates and its tie-break by ``rec_id``) because building ``similar``'s frame, with a ``why`` for
    every row, costs 10 times as much; the evaluation test checks the two orders agree.
    """
    i, j = index.locate(query), index.locate(target)
    scores = index.block_scores(np.array([i]))[0]
    if index.council_codes[j] == index.council_codes[i] or scores[j] <= 0:
        return None
    skip = {index.position[o] for o in others if o in index.position}
    candidates = (index.council_codes != index.council_codes[i]) & (scores > 0)
    ahead = candidates & ((scores > scores[j]) | ((scores == scores[j]) & (index.rec_ids < target)))
    return int(ahead.sum()) - sum(1 for k in skip if ahead[k]) + 1


def similar_rank(index: OverlapIndex, query: str, target: str, others: set[str]) -> int | None:
    """:func:`filtered_rank` read off :meth:`OverlapIndex.similar` itself (slow; the reference it is checked on)."""
    ranked = [r for r in index.similar(query, k=len(index))["rec_id"] if r == target or r not in others]
    return ranked.index(target) + 1 if target in ranked else None


def ranking_figures(ranks: Sequence[int | None], k: int = TOP_K) -> dict[str, float]:
    """recall@k, mean reciprocal rank and n of a list of ranks (None = not found)."""
    if not ranks:
        return {"recall3": 0.0, "mrr": 0.0, "n": 0.0}
    hits = [r is not None and r <= k for r in ranks]
    return {
        "recall3": float(np.mean(hits)),
        "mrr": float(np.mean([1.0 / r if r else 0.0 for r in ranks])),
        "n": float(len(ranks)),
    }


def pair_ranks(
    index: OverlapIndex,
    positives: Sequence[Pair],
    only: Iterable[Pair] | None = None,
    rank: Callable[[OverlapIndex, str, str, set[str]], int | None] = filtered_rank,
) -> list[int | None]:
    """Filtered ranks of ``only`` (default: both directions of every positive pair) in ``index``."""
    gold = _gold(positives)
    asked = queries(positives) if only is None else list(only)
    return [rank(index, q, t, gold[q] - {t}) for q, t in asked]


def pair_score(index: OverlapIndex, a: str, b: str) -> float:
    """The engine's score of one pair of recommendations (what :meth:`OverlapIndex.similar` reports for it)."""
    return float(index.block_scores(np.array([index.locate(a)]), np.array([index.locate(b)]))[0, 0])


def pair_figures(index: OverlapIndex, positives: Sequence[Pair], negatives: Sequence[Pair]) -> dict[str, Any]:
    """recall@3 and MRR (filtered ranks, both directions of every positive pair) and how far apart the scores of
    the labelled pairs and the labelled non-pairs are: their means, the highest non-pair, and the chance that a
    pair outscores a non-pair. The one reading of the labelled pairs that the tests and scripts share."""
    pos = [pair_score(index, a, b) for a, b in positives]
    neg = [pair_score(index, a, b) for a, b in negatives]
    return {
        **ranking_figures(pair_ranks(index, positives)),
        "pos": float(np.mean(pos)) if pos else 0.0,
        "neg": float(np.mean(neg)) if neg else 0.0,
        "neg_max": max(neg, default=0.0),
        "auc": float(np.mean([x > y for x in pos for y in neg])) if pos and neg else 0.0,
        "pos_scores": pos,
        "neg_scores": neg,
    }


def overlap_in_sample(frame: pd.DataFrame, positives: Sequence[Pair]) -> dict[str, float]:
    """recall@3 and MRR of the shipped engine, fitted on every row of ``frame`` (the figure printed so far)."""
    return ranking_figures(pair_ranks(build_index(frame), positives))


def overlap_loco(
    frame: pd.DataFrame, positives: Sequence[Pair], grid: Sequence[float] = TEXT_WEIGHT_GRID
) -> dict[str, object]:
    """Leave-one-council-out recall@3 and MRR.

    For each council C: the IDF vocabulary is fitted on the other councils' rows only, the blend's text weight
    is the grid value with the best (recall@3, MRR) on the pairs that do not involve C (ties: nearest the
    shipped weight), and the queries asked *from* C's recommendations are scored with it. Every direction of
    every pair is therefore scored once, by the fold of its query's council. ``weights`` maps each council to
    the text weight its fold chose.
    """
    council_of = dict(zip(frame["rec_id"].astype(str), frame["council_id"].astype(str), strict=True))
    asked = queries(positives)
    councils = sorted({council_of[q] for q, _ in asked})
    ranks: list[int | None] = []
    chosen: dict[str, float] = {}
    fit_mask_of = frame["council_id"].astype(str).to_numpy()
    for council in councils:
        fit_rows = fit_mask_of != council
        train = [(q, t) for q, t in asked if council not in (council_of[q], council_of[t])]
        test = [(q, t) for q, t in asked if council_of[q] == council]

        def figures(weight: float, only: list[Pair], rows: np.ndarray = fit_rows) -> dict[str, float]:
            index = build_index(frame, text_weight=weight, fit_rows=rows)
            return ranking_figures(pair_ranks(index, positives, only))

        scored = {w: figures(w, train) for w in grid}
        weight = max(grid, key=lambda w: (scored[w]["recall3"], scored[w]["mrr"], -abs(w - TEXT_WEIGHT)))
        chosen[council] = weight
        ranks += pair_ranks(build_index(frame, text_weight=weight, fit_rows=fit_rows), positives, test)
    return {**ranking_figures(ranks), "folds": float(len(councils)), "weights": chosen}


def overlap_figures(frame: pd.DataFrame, positives: Sequence[Pair]) -> dict[str, Mapping[str, object]]:
    """``{"in_sample": ..., "loco": ...}`` for the overlap engine on ``frame`` and the gold ``positives``."""
    return {"in_sample": overlap_in_sample(frame, positives), "loco": overlap_loco(frame, positives)}


# --------------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------------


Row = tuple[str, float | None, float | None, float | None]


def figures_table(rows: Sequence[Row]) -> str:
    """A plain-text table, one line per measure: in-sample, LOCO and held-out figures ("-" where there is none).

    >>> print(figures_table([("theme top-1", 0.925, 0.9, None)]))
    measure               in-sample      LOCO  held-out
    theme top-1               0.925     0.900         -
    """

    def cell(value: float | None) -> str:
        return f"{'-' if value is None else f'{value:.3f}':>9}"

    lines = [f"{'measure':<20} {'in-sample':>10} {'LOCO':>9} {'held-out':>9}"]
    lines += [f"{name:<20} {cell(a):>10} {cell(b)} {cell(c)}" for name, a, b, c in rows]
    return "\n".join(lines)
