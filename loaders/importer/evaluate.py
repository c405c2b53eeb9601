"""How close a draft comes to a checked plan: the importer's accuracy, measured on documents with answers.

Matching is by wording, since numbers may differ: a draft recommendation matches a plan recommendation
when their titles (or full texts) are at least ``MATCH`` alike (word-sequence similarity); actions the
same on their text. Owner and timescale accuracy are over the matched actions: equal after whitespace
and case are normalised (both empty counts as equal).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from loaders.importer.similar import similar, words

MATCH = 0.6
SCORE_COLUMNS = [
    "document",
    "recs_expected",
    "recs_drafted",
    "rec_recall",
    "rec_precision",
    "actions_expected",
    "actions_drafted",
    "action_recall",
    "owner_accuracy",
    "timescale_accuracy",
]


def _best(item: dict, pool: list[dict], keys: tuple[str, ...]) -> tuple[int | None, float]:
    best, score = None, 0.0
    for index, other in enumerate(pool):
        value = max(similar(item.get(a), other.get(b)) for a in keys for b in keys)
        if value > score:
            best, score = index, value
    return best, score


def _pairs(expected: list[dict], drafted: list[dict], keys: tuple[str, ...]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching, best pairs first."""
    candidates = []
    for i, item in enumerate(expected):
        for j, other in enumerate(drafted):
            value = max(similar(item.get(a), other.get(b)) for a in keys for b in keys)
            if value >= MATCH:
                candidates.append((value, i, j))
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((expected[i], drafted[j]))
    return pairs


def _same(a: str | None, b: str | None) -> bool:
    return words(a) == words(b)


@dataclass(frozen=True)
class Score:
    document: str
    recs_expected: int
    recs_drafted: int
    rec_recall: float | None
    rec_precision: float | None
    actions_expected: int
    actions_drafted: int
    action_recall: float | None
    owner_accuracy: float | None
    timescale_accuracy: float | None


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def score(document: str, draft: dict, expected: dict) -> Score:
    e_recs, d_recs = expected.get("recommendations") or [], draft.get("recommendations") or []
    rec_pairs = _pairs(e_recs, d_recs, ("title", "text"))
    e_actions, d_actions = expected.get("actions") or [], draft.get("actions") or []
    action_pairs = _pairs(e_actions, d_actions, ("text",))
    owners = sum(1 for e, d in action_pairs if _same(e.get("owner"), d.get("owner")))
    timescales = sum(1 for e, d in action_pairs if _same(e.get("timescale"), d.get("timescale")))
    return Score(
        document,
        len(e_recs),
        len(d_recs),
        _ratio(len(rec_pairs), len(e_recs)),
        _ratio(len(rec_pairs), len(d_recs)),
        len(e_actions),
        len(d_actions),
        _ratio(len(action_pairs), len(e_actions)),
        _ratio(owners, len(action_pairs)),
        _ratio(timescales, len(action_pairs)),
    )


def table(scores: Iterable[Score]) -> pd.DataFrame:
    return pd.DataFrame([s.__dict__ for s in scores], columns=SCORE_COLUMNS)
