"""Similar councils: like with like, from the reference data (``corpus.authorities``), plan or no plan.

An adviser visiting a metropolitan district wants other metropolitan districts of a similar size, deprivation
and character, not a county. :func:`similar_councils` ranks every current English council in the reference by a
small, explainable distance, a sum of one term per attribute so each term can be read back in ``why``:

* **type** is a hard filter by default (``same_type=True``): only councils of the same type are ranked. With
  ``same_type=False`` a different type adds :data:`TYPE_STEP`.
* **population**: ``|log10(a) - log10(b)| / log10(2)``: a council twice or half the size is 1 apart, so size is
  compared in proportion (0.8 m vs 0.7 m is close; 80 k vs 70 k is exactly as close).
* **deprivation**: IMD quintile steps (1 = most deprived fifth) times :data:`QUINTILE_STEP`.
* **rurality**: steps along Urban, Urban with rural areas, Rural, Sparse and rural, times :data:`RURALITY_STEP`.
* **region** (only with ``use_region=True``): a different region adds :data:`REGION_STEP`.

A missing value on either side adds :data:`MISSING_STEP` for that attribute. Every term is symmetric, so the
distance from A to B is the distance from B to A. Pure: no caches, the corpus is never changed.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np
import pandas as pd

from loaders.reference import RURALITY

#: Authority types that are councils (the reference also lists combined and strategic authorities).
COUNCIL_KINDS = ("metropolitan district", "non-metropolitan district", "unitary", "county", "London borough")
TYPE_STEP = 3.0
QUINTILE_STEP = 0.5
RURALITY_STEP = 0.5
REGION_STEP = 0.5
MISSING_STEP = 1.0
#: Columns of :func:`similar_councils`' frame.
PEER_COLUMNS = [
    "council_id", "name", "distance", "why", "in_corpus", "authority_code", "ons_code", "authority_type", "region",
    "population", "imd_quintile", "rurality",
]  # fmt: skip


class HasAuthorities(Protocol):
    authorities: pd.DataFrame
    councils: pd.DataFrame


class UnknownCouncil(ValueError):
    """The council is not in the reference data, so it has no similar councils (the message says why)."""


def english_councils(authorities: pd.DataFrame, kinds: tuple[str, ...] = COUNCIL_KINDS) -> pd.DataFrame:
    """The current English councils of the reference (of ``kinds``): what "every English authority" ranks over."""
    keep = (authorities["nation"] == "England") & authorities["current"].astype(bool)
    return authorities[keep & authorities["authority_type"].isin(kinds)]


def resolve(corpus: HasAuthorities, council_id: str) -> pd.Series:
    """The reference row for a corpus ``council_id`` (by its ONS code), an ONS code or an authority code."""
    authorities = corpus.authorities
    councils = corpus.councils
    ons = None
    if "ons_code" in councils and council_id in set(councils["council_id"]):
        ons = councils.loc[councils["council_id"] == council_id, "ons_code"].iloc[0]
        if not isinstance(ons, str):
            raise UnknownCouncil(f"{council_id!r} has no ONS code, so it cannot be matched to the reference data")
    key = ons or council_id
    for column in ("ons_code", "authority_code"):
        hit = authorities[authorities[column] == key]
        if len(hit):
            return hit.iloc[0]
    raise UnknownCouncil(f"{council_id!r} is not in the reference data of UK authorities (data/reference/)")


def _rurality_rank(values: pd.Series) -> pd.Series:
    return values.map({name: rank for rank, name in enumerate(RURALITY)}).astype("float64")


def _term(a: float, b: pd.Series, scale: float) -> np.ndarray:
    """``|a - b| * scale``, with :data:`MISSING_STEP` wherever either side is missing."""
    values = b.to_numpy(dtype="float64", na_value=np.nan)
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return np.full(len(values), MISSING_STEP)
    out = np.abs(values - a) * scale
    return np.where(np.isnan(out), MISSING_STEP, out)


def _log_population(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    return np.log10(numbers.where(numbers > 0))


def distances(
    target: pd.Series, others: pd.DataFrame, *, same_type: bool = True, use_region: bool = False
) -> pd.Series:
    """The distance from ``target`` (a reference row) to each row of ``others`` (see the module docstring)."""
    pop = _log_population(pd.Series([target["population"]])).iloc[0]
    total = _term(pop, _log_population(others["population"]), 1 / math.log10(2))
    quintile = target["imd_quintile"]
    total += _term(
        None if pd.isna(quintile) else float(quintile), others["imd_quintile"].astype("float64"), QUINTILE_STEP
    )
    rank = _rurality_rank(pd.Series([target["rurality"]])).iloc[0]
    total += _term(rank, _rurality_rank(others["rurality"]), RURALITY_STEP)
    if not same_type:
        total += np.where(others["authority_type"].to_numpy() == target["authority_type"], 0.0, TYPE_STEP)
    if use_region:
        total += np.where(others["region"].to_numpy() == target["region"], 0.0, REGION_STEP)
    return pd.Series(total, index=others.index, name="distance")


def _people(value: object) -> str:
    if value is None or pd.isna(value):
        return "unknown"
    number = float(value)
    return f"{number / 1e6:.1f} m" if number >= 95_000 else f"{number / 1e3:.0f} k"


def why(target: pd.Series, other: pd.Series, *, use_region: bool = False) -> str:
    """The shared and differing attributes in words, e.g. "metropolitan district, population 0.8 m vs 0.7 m,
    both IMD quintile 2, urban"."""
    kind = target["authority_type"]
    parts = [kind if other["authority_type"] == kind else f"{other['authority_type']} (not {kind})"]
    parts.append(f"population {_people(target['population'])} vs {_people(other['population'])}")
    a, b = target["imd_quintile"], other["imd_quintile"]
    if pd.isna(a) or pd.isna(b):
        parts.append("IMD quintile unknown")
    else:
        parts.append(f"both IMD quintile {int(a)}" if a == b else f"IMD quintile {int(a)} vs {int(b)}")
    a, b = target["rurality"], other["rurality"]
    if isinstance(a, str) and isinstance(b, str):
        parts.append(a.lower() if a == b else f"{a.lower()} vs {b.lower()}")
    if use_region:
        parts.append(f"both {other['region']}" if other["region"] == target["region"] else f"{other['region']}")
    return ", ".join(parts)


def similar_councils(
    corpus: HasAuthorities,
    council_id: str,
    k: int | None = 5,
    *,
    same_type: bool = True,
    use_region: bool = False,
) -> pd.DataFrame:
    """The ``k`` councils most like ``council_id`` (all of them with ``k=None``), nearest first.

    ``council_id`` is a corpus council id, or an ONS or authority code for a council without a plan. Ranks every
    current English council in the reference except the council itself; ``in_corpus`` says which have a plan,
    ``council_id`` is their corpus id (blank for the rest). Raises :class:`UnknownCouncil` for a council the
    reference does not hold.
    """
    target = resolve(corpus, council_id)
    pool = english_councils(corpus.authorities)
    pool = pool[pool["authority_code"] != target["authority_code"]]
    if same_type:
        pool = pool[pool["authority_type"] == target["authority_type"]]
    if pool.empty:
        return pd.DataFrame(columns=PEER_COLUMNS)
    out = pool.assign(distance=distances(target, pool, same_type=same_type, use_region=use_region).round(3))
    out = out.sort_values(["distance", "short_name"], kind="stable")
    if k is not None:
        out = out.head(k)
    out = out.assign(
        why=[why(target, row, use_region=use_region) for _, row in out.iterrows()],
        name=out["short_name"],
        in_corpus=out["in_corpus"].astype(bool),
    )
    return out[PEER_COLUMNS].reset_index(drop=True)
