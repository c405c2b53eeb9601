"""The overlap engine's results cut to what a page shows: the councils in view, long tables, takeaways.

:mod:`analysis.overlap` scores the whole corpus once; the sidebar filters then decide which councils a
reader is looking at. Restricting *after* scoring keeps every score the same whatever the filters, so a
pair's figure never changes because a third council was filtered out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from analysis.overlap import HasRecommendations, OverlapIndex, similar
from analysis.overlap_clusters import group_headlines
from analysis.summary import OTHER_COUNCILS

PAIR_COLUMNS = ["council_id", "council", "other_council_id", "other_council", "overlap"]
CLUSTER_BAR_COLUMNS = [
    "cluster_id", "label", "topic", "council_id", "council", "recommendations", "councils", "number", "headline",
]  # fmt: skip
MATCH_COLUMNS = [
    "rank", "rec_id", "council_id", "council", "challenge_id", "number", "title", "text", "score", "text_score",
    "topic_score", "shared_topics", "why", "actions",
]  # fmt: skip

#: What a match rests on when the two recommendations share no word: said plainly, so a shared topic is never
#: presented as evidence of the same ask (the score counts such a topic at half, analysis.overlap_settings).
NO_SHARED_WORDS = "no shared words (topic only)"

#: Most councils a heatmap draws legibly; beyond it the page shows the most-overlapping ones and says so.
MAX_MATRIX_COUNCILS = 25


def overlap_in_view(
    matrix: pd.DataFrame, council_ids: Collection[str], *, limit: int = MAX_MATRIX_COUNCILS
) -> pd.DataFrame:
    """The council x council matrix for the councils in view that have recommendations.

    Above ``limit`` councils, keeps the ``limit`` with the highest mean overlap with the others (the ones a
    reader most wants to see); the caller says how many were left out.
    """
    keep = [c for c in matrix.index if c in set(council_ids)]
    sub = matrix.loc[keep, keep]
    if len(keep) > limit:
        off_diagonal = sub.where(~np.eye(len(keep), dtype=bool))
        top = off_diagonal.mean(axis=1).sort_values(ascending=False).head(limit).index
        sub = sub.loc[sorted(top), sorted(top)]
    return sub


def overlap_pairs(matrix: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Each unordered pair of councils once, most alike first: the table behind the heatmap."""
    rows = []
    ids = list(matrix.index)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            rows.append(
                {"council_id": a, "council": names.get(a, a), "other_council_id": b,
                 "other_council": names.get(b, b), "overlap": float(matrix.loc[a, b])}
            )  # fmt: skip
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return out.sort_values(["overlap", "council", "other_council"], ascending=[False, True, True], ignore_index=True)


def overlap_takeaway(pairs: pd.DataFrame) -> str | None:
    """'Most alike: Bury and King's Lynn (41% of recommendations have a counterpart); least: ...'."""
    if pairs.empty:
        return None
    top, low = pairs.iloc[0], pairs.iloc[-1]
    text = f"Most alike: {top['council']} and {top['other_council']} ({top['overlap']:.0%} overlap)"
    if len(pairs) > 1:
        text += f"; least alike: {low['council']} and {low['other_council']} ({low['overlap']:.0%})"
    return text + "."


def clusters_in_view(clustered: pd.DataFrame, rec_ids: Collection[str]) -> pd.DataFrame:
    """Cluster members among the recommendations in view; groups left with fewer than two councils go.

    A recurring recommendation is one made to at least two councils, so filtering a group down to one
    council (by council, theme or topic) makes it stop being one. Groups come most widespread first, and
    ``number`` counts them in that order (1, 2, 3, ...), so the chart, its table and the list under it number
    what the reader sees in the order they see it; ``cluster_id`` stays the whole-corpus id. ``headline`` is
    named again from the members in view (:func:`analysis.overlap_clusters.group_headlines`).
    """
    members = clustered[clustered["rec_id"].isin(set(rec_ids))]
    spread = members.groupby("cluster_id")["council_id"].nunique()
    keep = spread[spread >= 2].index
    out = members[members["cluster_id"].isin(keep)].copy()
    out["councils"] = out["cluster_id"].map(spread)
    out["size"] = out["cluster_id"].map(out.groupby("cluster_id").size())
    out = out.sort_values(["councils", "size", "cluster_id"], ascending=[False, False, True], ignore_index=True)
    order = {cluster_id: n for n, cluster_id in enumerate(out["cluster_id"].drop_duplicates(), start=1)}
    out["number"] = out["cluster_id"].map(order).astype("int64")
    out["headline"] = out["cluster_id"].map(group_headlines(out)).astype(object)
    return out


#: Recurring groups drawn as bars; the rest are in the table.
MAX_CLUSTER_BARS = 12
#: Councils with a segment colour of their own in the recurring-groups chart; the rest share one grey.
MAX_CLUSTER_COUNCILS = 10


def cluster_bars(
    members: pd.DataFrame, names: dict[str, str], *, top: int = MAX_CLUSTER_BARS, councils: int = MAX_CLUSTER_COUNCILS
) -> pd.DataFrame:
    """Recommendations per council per recurring group: the stacked bars of the "what recurs" chart.

    Only the ``top`` most widespread groups; within them, councils beyond the ``councils`` with most
    members are summed into one "Other councils" segment, so a national corpus draws a dozen traces, not
    hundreds.
    """
    if members.empty:
        return pd.DataFrame(columns=CLUSTER_BAR_COLUMNS)
    order = members.drop_duplicates("cluster_id")["cluster_id"].head(top)
    shown = members[members["cluster_id"].isin(order)]
    busiest = shown["council_id"].value_counts(sort=True).head(councils).index
    shown = shown.assign(council_id=shown["council_id"].where(shown["council_id"].isin(busiest), OTHER_COUNCILS))
    counts = (
        shown.groupby(["cluster_id", "label", "topic", "council_id", "councils", "number", "headline"], sort=False)
        .size()
        .rename("recommendations")
        .reset_index()
    )
    folded = shown.loc[shown["council_id"] == OTHER_COUNCILS, "cluster_id"].size
    other_name = f"Other councils ({members['council_id'].nunique() - len(busiest)})" if folded else ""
    counts["council"] = counts["council_id"].map(lambda c: other_name if c == OTHER_COUNCILS else names.get(c, c))
    return counts[CLUSTER_BAR_COLUMNS]


def clusters_takeaway(members: pd.DataFrame) -> str | None:
    """'6 groups of recommendations recur across councils (20 recommendations); the most widespread,
    "Working with partners", reached 6 councils.' (the group's headline, as the chart names it)."""
    if members.empty:
        return None
    groups = members.drop_duplicates("cluster_id")
    top = groups.iloc[0]
    return (
        f"{len(groups)} group{'s' if len(groups) != 1 else ''} of recommendations recur across councils "
        f"({len(members)} recommendations); the most widespread, \u201c{top['headline']}\u201d, reached "
        f"{int(top['councils'])} councils."
    )


def actions_for(actions: pd.DataFrame, rec_id: str) -> pd.DataFrame:
    """The actions a council planned for one recommendation, in plan order."""
    mine = actions[actions["rec_ids"].map(lambda ids: rec_id in (ids if ids is not None else ()))]
    return mine.sort_values("order")


def comparison_councils(chosen: str, in_view: Collection[str], every: Collection[str]) -> tuple[list[str], bool]:
    """Which councils to look for matches in: the others in view, or every other council when none is.

    An adviser who filters to their own council still wants to see what *other* councils were told, so a
    one-council view widens to the whole corpus. The flag says whether it widened, for the page to say so.
    """
    others = [c for c in in_view if c != chosen]
    if others:
        return others, False
    return [c for c in every if c != chosen], True


def similar_in_view(
    corpus: HasRecommendations,
    actions: pd.DataFrame,
    rec_id: str,
    council_ids: Collection[str],
    *,
    k: int = 5,
    names: dict[str, str] | None = None,
    index: OverlapIndex | None = None,
) -> pd.DataFrame:
    """The ``k`` best matches for ``rec_id`` among the councils in view, with their text and actions.

    ``index`` is ``corpus``'s overlap index when the caller keeps one (else it is built for this call).

    Asks the engine for more than ``k`` so that filtering out councils still leaves ``k`` where they exist.
    ``actions`` is the list of each match's action texts (empty when that council's source has no plan).
    """
    wanted = set(council_ids)
    pool = len(corpus.recommendations)
    found = similar(corpus if index is None else index, rec_id, k=min(pool, max(k * 4, 20)))
    found = found[found["council_id"].isin(wanted)].head(k).reset_index(drop=True)
    if found.empty:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    recs = corpus.recommendations.set_index("rec_id")
    found["rank"] = range(1, len(found) + 1)
    found["number"] = found["rec_id"].map(recs["number"])
    found["text"] = found["rec_id"].map(recs["text"])
    found["actions"] = [actions_for(actions, r)["text"].tolist() for r in found["rec_id"]]
    found["council"] = found["council_id"].map(lambda c: (names or {}).get(c, c))
    return found[MATCH_COLUMNS]


def match_evidence(why: object, shared_topics: Iterable[object] | None = None) -> str:
    """What a match rests on, in a reader's words: the shared words first, else :data:`NO_SHARED_WORDS`; then the
    topics the two have in common.

    'shared words: performance management, data; same topic: performance management and data', or
    'no shared words (topic only); same topic: staff engagement and internal communication'. ``why`` is
    :func:`analysis.overlap.similar`'s column (the shared terms; empty when none), ``shared_topics`` its list.
    Every page, chart and report that explains a match says it this way.
    """
    words = "" if why is None or isinstance(why, float) else str(why).strip()  # NaN from a missing cell
    listed = (shared_topics,) if isinstance(shared_topics, str) else shared_topics
    listed = () if listed is None or isinstance(listed, float) else listed
    topics = [str(t) for t in listed if str(t).strip()]
    parts = [f"shared words: {words}" if words else NO_SHARED_WORDS]
    if topics:
        parts.append(f"same topic{'s' if len(topics) > 1 else ''}: {', '.join(topics)}")
    return "; ".join(parts)


def similar_takeaway(matches: pd.DataFrame, names: dict[str, str]) -> str | None:
    """'Closest elsewhere: Leeds 7 (score 0.52), sharing "performance management".' ('…; no shared words (topic
    only).' when the closest shares none)."""
    if matches.empty:
        return None
    best = matches.iloc[0]
    why = f", sharing \u201c{best['why']}\u201d" if best["why"] else f"; {NO_SHARED_WORDS}"
    council = names.get(best["council_id"], best["council_id"])
    return f"Closest elsewhere: {council}, recommendation {best['number']} (score {best['score']:.2f}){why}."
