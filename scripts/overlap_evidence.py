"""How much of a match's score is evidence? Figures for the overlap engine's topic/text blend (issue 19 §2).

    .venv/bin/python scripts/overlap_evidence.py          # figures with the shipped settings
    .venv/bin/python scripts/overlap_evidence.py --grid   # and the grid the settings were chosen from

Prints, for the shipped corpus:

* in-sample recall@3 and MRR on ``tests/data/overlap_pairs.yaml`` (the labelled councils only, filtered
  ranks: the same definition as ``tests/analysis/test_overlap.py``);
* the highest score of a *topic-only* match (two recommendations of different councils that share no word:
  text score 0), over every such pair in the corpus, and the lowest and mean score of a labelled pair that
  does share words, for comparison;
* the share of top-3 matches (every recommendation's three best in other councils) that share no word;
* the labelled pairs' mean score, the highest word-sharing negative, P(pair > negative), the share of pairs
  at or above the brief's ``CLOSE_MATCH``, and the number of recurring groups (default threshold).

With ``--grid`` the same figures for each (floor, evidence) pair of :data:`FLOORS` x :data:`EVIDENCE`, where
a match's topic part counts ``floor + (1 - floor) * min(1, text / evidence)`` of itself
(:data:`analysis.overlap_settings.TOPIC_FLOOR`, :data:`analysis.overlap_settings.TOPIC_EVIDENCE_AT`).
Printed, never asserted: the tests assert the chosen settings' figures.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import overlap  # noqa: E402
from analysis.evaluation import pair_figures  # noqa: E402
from analysis.visit_answer import CLOSE_MATCH  # noqa: E402
from loaders import load_corpus  # noqa: E402  (after the sys.path line, so the script runs from anywhere)

PAIRS = ROOT / "tests" / "data" / "overlap_pairs.yaml"
#: The grid: the floor a topic keeps with no shared word, and the text score at which it counts in full.
FLOORS = (1.0, 0.6, 0.5, 0.4, 0.3)
EVIDENCE = (0.1, 0.2, 0.3, 0.4)


def settings(index: overlap.OverlapIndex, floor: float, evidence: float) -> overlap.OverlapIndex:
    """The same index scored with another floor and evidence level (arrays shared, its all-pairs pass afresh)."""
    return dataclasses.replace(index, topic_floor=floor, evidence_at=evidence, _neighbours=None, _lock=threading.Lock())


def recall(index: overlap.OverlapIndex, spec: dict) -> tuple[float, float, list[float], list[float]]:
    """recall@3, MRR (filtered ranks, both directions) and the scores of the positive and negative pairs."""
    found = pair_figures(
        index, [(p["a"], p["b"]) for p in spec["positives"]], [(p["a"], p["b"]) for p in spec["negatives"]]
    )
    return found["recall3"], found["mrr"], found["pos_scores"], found["neg_scores"]


def topic_only(index: overlap.OverlapIndex) -> tuple[float, float]:
    """Highest score of a cross-council pair sharing no word; share of top-3 matches that share no word."""
    n = len(index)
    rows = np.arange(n)
    scores = index.block_scores(rows, rows)
    shared = (index.text @ index.text.T).toarray() > 0
    other = index.council_codes[:, None] != index.council_codes[None, :]
    worst = float(scores[other & ~shared].max(initial=0.0))
    top = [index.similar(r, k=3) for r in index.rec_ids]
    matches = pd.concat([t for t in top if not t.empty])
    return worst, float((matches["text_score"] == 0).mean())


def figures(full: overlap.OverlapIndex, labelled: overlap.OverlapIndex, spec: dict) -> dict[str, float]:
    r3, mrr, pos, neg = recall(labelled, spec)
    worst, share = topic_only(full)
    positives = np.array(pos)
    return {
        "recall@3": r3,
        "MRR": mrr,
        "topic-only max": worst,
        "top-3 no shared word": share,
        "pair mean": float(positives.mean()),
        "negative max": max(neg),
        "AUC": float(np.mean([x > y for x in pos for y in neg])),
        "pairs >= close": float((positives >= CLOSE_MATCH).mean()),
        "groups": float(overlap.clusters(full)["cluster_id"].nunique()),
    }


def main(argv: list[str]) -> None:
    corpus = load_corpus()
    spec = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    recs = corpus.recommendations
    full = overlap.build_index(recs)
    labelled = overlap.build_index(recs[recs["council_id"].isin(spec["councils"])])
    print(f"{len(recs)} recommendations, {recs['council_id'].nunique()} councils; "
          f"{len(spec['positives'])} labelled pairs")  # fmt: skip
    grid = [(f, e) for f in FLOORS for e in EVIDENCE] if "--grid" in argv else []
    rows = [{"settings": "shipped", "floor": full.topic_floor, "evidence": full.evidence_at,
             **figures(full, labelled, spec)}]  # fmt: skip
    for f, e in grid:
        found = figures(settings(full, f, e), settings(labelled, f, e), spec)
        rows.append({"settings": "grid", "floor": f, "evidence": e, **found})
    table = pd.DataFrame(rows)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))


if __name__ == "__main__":
    main(sys.argv[1:])
