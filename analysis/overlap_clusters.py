"""What the all-pairs pass gives: the council x council overlap matrix, and groups of recommendations that say
the same thing (average linkage over each recommendation's cross-council neighbours), each named by its most
representative recommendation's headline, with its most characteristic shared terms beside it.

Pure functions of an :class:`~analysis.overlap_index.OverlapIndex`; they remember nothing.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.overlap_index import OverlapIndex
from analysis.overlap_settings import CLUSTER_COLUMNS, HEADLINE_CHARS, LABEL_TERMS


def council_matrix(index: OverlapIndex) -> pd.DataFrame:
    """The symmetric council x council overlap (definition in :func:`analysis.overlap.council_overlap`)."""
    _, _, sums = index.neighbours()
    codes = index.council_codes if index.scored is None else index.council_codes[index.scored]
    counts = np.bincount(codes, minlength=len(index.councils)).astype(np.float64)  # scored recommendations only
    directed = sums / np.maximum(counts, 1.0)[:, None]  # mean best match of a's recommendations in b
    matrix = (directed + directed.T) / 2
    np.fill_diagonal(matrix, 1.0)
    index = pd.Index(index.councils, name="council_id")
    return pd.DataFrame(matrix, index=index, columns=index.rename("other_council_id"))


def cluster_table(index: OverlapIndex, threshold: float) -> pd.DataFrame:
    """Groups from at least two councils at ``threshold`` (definition in :func:`analysis.overlap.clusters`)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    near, near_scores, _ = index.neighbours()
    rows, slots = np.nonzero((near >= 0) & (near_scores >= threshold))
    edges = sorted(
        zip(near_scores[rows, slots].tolist(), rows.tolist(), near[rows, slots].tolist(), strict=True),
        key=lambda e: (-e[0], min(e[1], e[2]), max(e[1], e[2])),
    )
    members = _average_linkage(index, edges, threshold)
    return _cluster_frame(index, members)


def _cluster_frame(index: OverlapIndex, groups: list[list[int]]) -> pd.DataFrame:
    described = []
    for group in groups:
        idx = np.array(sorted(group))
        if len(set(index.council_codes[idx])) < 2:
            continue
        block = index.block_scores(idx, idx)
        cohesion = (block.sum(axis=1) - np.diag(block)) / (len(idx) - 1)
        described.append((idx, cohesion, *_label(index, idx)))
    described.sort(key=lambda d: (-len(d[0]), -float(d[1].mean()), str(index.rec_ids[d[0][0]])))
    out = []
    for number, (idx, cohesion, label, topic) in enumerate(described, start=1):
        n_councils = len(set(index.council_codes[idx]))
        for j, coh in zip(idx, cohesion, strict=True):
            out.append({"cluster_id": number, "label": label, "topic": topic, "size": len(idx),
                        "councils": n_councils, "rec_id": index.rec_ids[j], "council_id": index.council_ids[j],
                        "challenge_id": index.challenge_ids[j], "title": index.titles[j],
                        "cohesion": round(float(coh), 4), "headline": ""})  # fmt: skip
    frame = pd.DataFrame(out, columns=CLUSTER_COLUMNS)
    frame["headline"] = frame["cluster_id"].map(group_headlines(frame)).astype(object)
    return frame


#: Words a shortened headline does not end on before its ellipsis (English function words, no plan's phrases).
_JOINING_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "its",
        "to",
        "which",
        "who",
        "with",
        "whose",
        "your",
        "our",
    ]
)


def headline(text: object, limit: int = HEADLINE_CHARS) -> str:
    """A recommendation title as a short name: one line, at most ``limit`` characters, cut at a word with "…".

    Plan text is third-party input, so control characters become spaces and whitespace runs collapse (one
    ``split``, linear in the text). The first letter is capitalised and closing punctuation dropped, so
    "there are opportunities to engage staff." names a group as "There are opportunities to engage staff".

    >>> headline("Develop a financially sustainable budget.")
    'Develop a financially sustainable budget'
    >>> headline("Engage more proactively in partnership working in all settings, for businesses", 40)
    'Engage more proactively in partnership…'
    >>> headline("Develop a new Corporate Plan which states the priorities for the next three years", 40)
    'Develop a new Corporate Plan…'
    """
    raw = str(text or "")
    if not raw.isprintable():  # the common case skips the per-character pass
        raw = "".join(c if c.isprintable() else " " for c in raw)
    clean = " ".join(raw.split())
    if len(clean) > limit:
        cut = clean[: max(1, limit - 1)]
        space = cut.rfind(" ")
        if space >= limit // 2:  # a word boundary not too far back; otherwise cut inside one long word
            words = cut[:space].split(" ")
            while len(words) > 1 and words[-1].lower().strip(",;:") in _JOINING_WORDS:
                words.pop()  # "... engagement with and…" reads as a broken phrase: end on a content word
            cut = " ".join(words)
        clean = cut.rstrip(" ,;:.-\u2013\u2014") + "\u2026"
    else:
        clean = clean.rstrip(" ,;:.")
    return clean[:1].upper() + clean[1:]


def group_headlines(members: pd.DataFrame) -> dict[int, str]:
    """Each group's name: the :func:`headline` of its most representative member among ``members``.

    Most representative means closest to the group's centre: the highest ``cohesion`` (mean score with the
    rest of the group). Ties (a two-member group's members score each other the same) go to the shorter
    title, which says it in fewer words, then to the first by id. A group whose titles are all blank is
    named by its topic, else by its shared terms. ``members`` needs ``cluster_id``, ``title``, ``cohesion``,
    ``rec_id``, ``topic`` and ``label``; the Overlap page passes only the members in view, so a filtered
    group is named by a recommendation the reader can see.
    """
    if members.empty:
        return {}
    titles = members["title"].map(headline)
    ranked = members.assign(_headline=titles, _blank=titles.eq(""), _length=titles.str.len()).sort_values(
        ["cluster_id", "_blank", "cohesion", "_length", "rec_id"], ascending=[True, True, False, True, True]
    )
    first = ranked.drop_duplicates("cluster_id")
    fallback = first["topic"].where(first["topic"].fillna("").ne(""), first["label"]).fillna("").map(headline)
    names = first["_headline"].where(~first["_blank"], fallback)
    return dict(zip(first["cluster_id"].astype(int), names, strict=True))


def _label(index: OverlapIndex, idx: np.ndarray) -> tuple[str, str]:
    """A cluster's label (its most characteristic terms shared by 2+ councils) and its commonest topic."""
    topic_counts = Counter(t for j in idx for t in index.topic_lists[j][:1]) or Counter(
        t for j in idx for t in index.topic_lists[j]
    )
    topic = min(topic_counts, key=lambda t: (-topic_counts[t], t)) if topic_counts else ""
    sub = index.text[idx].tocsc()
    if not sub.nnz:
        return topic, topic
    # terms used by at least two councils in the cluster, ranked by summed weight
    # one council-by-row incidence product instead of a slice per council (weights are never negative,
    # so a positive column sum means the council uses the term)
    _, council_of_row = np.unique(index.council_codes[idx], return_inverse=True)
    incidence = sparse.csr_matrix(
        (np.ones(len(idx), dtype=np.float32), (council_of_row, np.arange(len(idx)))),
        shape=(int(council_of_row.max()) + 1, len(idx)),
    )
    councils_per_term = np.asarray(((incidence @ sub) > 0).sum(axis=0)).ravel()
    weight = np.asarray(sub.sum(axis=0)).ravel() * (councils_per_term >= 2)
    ranked = itertools.takewhile(lambda f: weight[f] > 0, np.argsort(-weight, kind="stable"))
    return (", ".join(index._pick(ranked, LABEL_TERMS)) or topic), topic


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
