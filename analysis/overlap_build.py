"""Building the overlap index from a recommendations frame: texts gathered (headline, text, sub-points),
TF-IDF over stemmed terms, rank-weighted topic vectors, ids and positions.

:func:`build_index` is the one place a different text backend would plug in. It caches nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.overlap_index import OverlapIndex
from analysis.overlap_settings import TEXT_WEIGHT
from analysis.overlap_text import _display, _document, _terms
from loaders.constants import UNREADABLE_FIDELITY

# --------------------------------------------------------------------------------------------------
# Building
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


def build_index(
    recommendations: pd.DataFrame,
    *,
    text_weight: float = TEXT_WEIGHT,
    fit_rows: Sequence[bool] | np.ndarray | None = None,
) -> OverlapIndex:
    """Build the index for a recommendations frame (not cached: callers cache, the dashboard in :mod:`ui.memo`).

    Needs ``rec_id`` and ``council_id``; uses ``title``, ``text``, ``sub_points``, ``topics``, ``fidelity`` and
    ``challenge_id`` when present. A recommendation whose text is cut off in the source (fidelity
    ``truncated``) stays in the index with no terms and no topics: it matches nothing, nothing matches it, and
    it does not count in the council matrix's means (a fragment is no evidence of overlap). Does not modify the
    frame. ``text_weight`` (0-1) sets the text share of the blend, for ablations; the default is
    :data:`TEXT_WEIGHT`. ``fit_rows`` (a boolean per row; default
    all) says which rows the TF-IDF vocabulary and IDF weights are learnt from; every row is still indexed.
    It exists for held-out evaluation (:mod:`analysis.evaluation`): fitted on the other councils only, a
    left-out council's wording is scored as an unseen document's would be.
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
    scored = np.array([f not in UNREADABLE_FIDELITY for f in column("fidelity", "verbatim")], dtype=bool)
    topic_lists = [_as_tuple(t) if keep else () for t, keep in zip(column("topics", ()), scored, strict=True)]
    councils, codes = np.unique(council_ids, return_inverse=True) if n else (np.array([], dtype=object), [])

    surfaces: Counter[tuple[str, str]] = Counter()
    stems_of: dict[str, str] = {}  # one build's word -> stem memo, gone with the call
    docs = [
        _terms(_document(t, x, s), surfaces, stems_of) if keep else []
        for t, x, s, keep in zip(titles, texts, subs, scored, strict=True)
    ]
    fit = docs if fit_rows is None else _fit_docs(docs, fit_rows)
    if any(fit):
        vectoriser = TfidfVectorizer(analyzer=lambda terms: terms, sublinear_tf=True, dtype=np.float32)
        text = (vectoriser.fit_transform(docs) if fit is docs else vectoriser.fit(fit).transform(docs)).tocsr()
        features = vectoriser.get_feature_names_out().astype(object)
    else:
        text, features = sparse.csr_matrix((n, 0), dtype=np.float32), np.array([], dtype=object)
    text.sort_indices()

    position: dict[str, int] = {}
    for i, r in enumerate(rec_ids):
        position.setdefault(r, i)
    index = OverlapIndex(
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
        scored=scored,
    )
    _freeze(index)
    return index


def _fit_docs(docs: list[list[str]], fit_rows: Sequence[bool] | np.ndarray) -> list[list[str]]:
    """The documents of the rows ``fit_rows`` marks (one boolean per row)."""
    mask = np.asarray(fit_rows, dtype=bool)
    if mask.shape != (len(docs),):
        raise ValueError(f"fit_rows must have one boolean per row ({len(docs)}), not shape {mask.shape}")
    return [d for d, keep in zip(docs, mask, strict=True) if keep]


def _freeze(index: OverlapIndex) -> None:
    """Clear the ``writeable`` flag of every array the index holds, so a shared index cannot be changed."""
    for value in vars(index).values():
        arrays = [value] if isinstance(value, np.ndarray) else []
        if sparse.issparse(value):
            arrays = [value.data, value.indices, value.indptr]
        for array in arrays:
            array.flags.writeable = False
