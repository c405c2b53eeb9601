""" "Councils like this one" for the council brief: the similar councils that have a peer challenge here, what they
were told and what they planned.

Similar councils come from :func:`analysis.peers.similar_councils` (like with like: same type first); only those
with a plan in the corpus can say anything, so the nearest ``k`` of them are taken. For each of this council's
recommendations, the closest recommendation among those councils comes from :func:`analysis.overlap.similar`
(the same engine as "most similar in other councils", narrowed to the similar councils). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.overlap import OverlapIndex, index_for, similar
from analysis.peers import UnknownCouncil, similar_councils

#: Similar councils (with a plan) shown; candidate matches looked at per recommendation before narrowing.
PEERS_SHOWN = 3
_SEARCH_DEPTH = 200
PEER_COLUMNS = ["council_id", "name", "distance", "why", "latest_year", "recommendations", "actions", "themes"]
CLOSEST_COLUMNS = ["rec_id", "title", "match_council_id", "match_rec_id", "match_title", "score", "planned"]


@dataclass(frozen=True)
class CouncilsLike:
    """The brief's section: ``peers`` (one row per similar council with a plan), ``closest`` (one row per of this
    council's recommendations), and ``reason`` when there is nothing to show."""

    peers: pd.DataFrame
    closest: pd.DataFrame
    reason: str = ""


def _themes(recommendations: pd.DataFrame) -> pd.Series:
    """Per council, its recommendations' LGA themes as "Governance and culture (4), ..." (commonest first)."""
    if recommendations.empty:
        return pd.Series(dtype=object)
    counts = recommendations.groupby(["council_id", "lga_theme"]).size().rename("n").reset_index()
    counts = counts.sort_values(["council_id", "n", "lga_theme"], ascending=[True, False, True])
    return counts.groupby("council_id").apply(
        lambda g: ", ".join(f"{t} ({n})" for t, n in zip(g["lga_theme"], g["n"], strict=True)), include_groups=False
    )


def _planned(actions: pd.DataFrame, rec_id: str) -> str:
    """The first action answering ``rec_id`` ("" when its plan has none)."""
    hits = actions[actions["rec_ids"].map(lambda ids: rec_id in (ids or []))]
    if hits.empty:
        return ""
    more = f" (+{len(hits) - 1} more)" if len(hits) > 1 else ""
    return str(hits["text"].iloc[0]) + more


def councils_like(
    corpus: Any, council_id: str, *, k: int = PEERS_SHOWN, index: OverlapIndex | None = None
) -> CouncilsLike:
    """The ``k`` most similar councils that have a peer challenge here, and the closest of their recommendations
    to each of ``council_id``'s. Falls back to councils of any type when none of its own type has a plan.

    ``index`` is the corpus's overlap index when the caller keeps one; else it is built once for this call."""
    empty = CouncilsLike(pd.DataFrame(columns=PEER_COLUMNS), pd.DataFrame(columns=CLOSEST_COLUMNS))
    try:
        ranked = similar_councils(corpus, council_id, k=None)
        ranked = ranked[ranked["in_corpus"]]
        if ranked.empty:
            ranked = similar_councils(corpus, council_id, k=None, same_type=False)
            ranked = ranked[ranked["in_corpus"]]
    except UnknownCouncil as exc:
        return CouncilsLike(empty.peers, empty.closest, str(exc))
    if ranked.empty:
        return CouncilsLike(empty.peers, empty.closest, "No similar council has a peer challenge here yet.")
    peers = ranked.head(k)[["council_id", "name", "distance", "why"]].reset_index(drop=True)
    ids = list(peers["council_id"])
    recs, actions = corpus.recommendations, corpus.actions
    years = corpus.challenges.groupby("council_id")["year"].max()
    peers["latest_year"] = peers["council_id"].map(years).astype("Int64")
    peers["recommendations"] = peers["council_id"].map(recs.groupby("council_id").size()).fillna(0).astype(int)
    peers["actions"] = peers["council_id"].map(actions.groupby("council_id").size()).fillna(0).astype(int)
    peers["themes"] = peers["council_id"].map(_themes(recs[recs["council_id"].isin(ids)])).fillna("")
    rows = []
    own = recs[recs["council_id"] == council_id]
    if index is None and len(own):
        index = index_for(corpus)
    for rec in own.sort_values(["challenge_id", "order"]).itertuples():
        try:
            matches = similar(index, rec.rec_id, k=_SEARCH_DEPTH)
        except (KeyError, ValueError):
            matches = pd.DataFrame(columns=["rec_id", "council_id", "title", "score"])
        matches = matches[matches["council_id"].isin(ids)]
        row = {"rec_id": rec.rec_id, "title": rec.title}
        if len(matches):
            best = matches.iloc[0]
            row |= {
                "match_council_id": best["council_id"], "match_rec_id": best["rec_id"], "match_title": best["title"],
                "score": round(float(best["score"]), 3), "planned": _planned(actions, best["rec_id"]),
            }  # fmt: skip
        rows.append(row)
    return CouncilsLike(peers, pd.DataFrame(rows, columns=CLOSEST_COLUMNS))
