"""National coverage: of the current English councils in the reference data, which have a peer challenge here.

The corpus is a sample of England's councils; this says how big a sample, of which types and regions, and how
recent, so nobody reads "councils like mine" into a handful of plans without knowing it. The numbers behind the
Coverage page; pure functions of ``corpus.authorities`` and ``corpus.challenges``.
"""

from __future__ import annotations

import pandas as pd

from analysis.peers import COUNCIL_KINDS, english_councils

#: The kinds counted: the councils plus the one city corporation (the City of London).
COVERAGE_KINDS = (*COUNCIL_KINDS, "city corporation")
COVERAGE_COLUMNS = [
    "authority_code", "ons_code", "name", "authority_type", "region", "population", "lat", "lon", "council_id",
    "in_corpus", "challenges", "latest_year",
]  # fmt: skip
SUMMARY_COLUMNS = ["group", "authorities", "with_challenge", "share", "latest_year"]


def coverage_table(authorities: pd.DataFrame, challenges: pd.DataFrame) -> pd.DataFrame:
    """One row per current English council: whether the corpus has a challenge for it, how many, the latest year."""
    pool = english_councils(authorities, COVERAGE_KINDS)
    per_council = challenges.groupby("council_id")["year"].agg(["size", "max"]) if len(challenges) else None
    out = pool.assign(name=pool["short_name"])
    if per_council is None:
        out = out.assign(challenges=0, latest_year=pd.NA)
    else:
        out = out.assign(
            challenges=out["council_id"].map(per_council["size"]).fillna(0).astype(int),
            latest_year=out["council_id"].map(per_council["max"]),
        )
    out["latest_year"] = out["latest_year"].astype("Int64")
    out["in_corpus"] = out["challenges"] > 0
    return out[COVERAGE_COLUMNS].sort_values("name", ignore_index=True)


def coverage_by(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Councils and how many have a challenge, per ``by`` (``authority_type`` or ``region``), largest first."""
    if table.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    grouped = table.groupby(by, dropna=False)
    out = pd.DataFrame({
        "authorities": grouped.size(),
        "with_challenge": grouped["in_corpus"].sum().astype(int),
        "latest_year": grouped["latest_year"].max(),
    })  # fmt: skip
    out["share"] = (out["with_challenge"] / out["authorities"]).round(3)
    out = out.rename_axis("group").reset_index().sort_values(["authorities", "group"], ascending=[False, True])
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def uncovered(table: pd.DataFrame) -> pd.DataFrame:
    """The councils with no peer challenge in the corpus yet, by name."""
    return table.loc[~table["in_corpus"], ["name", "authority_type", "region", "ons_code", "population"]].reset_index(
        drop=True
    )


def coverage_takeaway(table: pd.DataFrame) -> str:
    """One line: "15 of 317 current English councils (5%) have a peer challenge here; the latest is from 2025"."""
    if table.empty:
        return "No current English councils match."
    covered = int(table["in_corpus"].sum())
    share = covered / len(table)
    line = f"{covered} of {len(table)} current English councils ({share:.0%}) have a peer challenge here"
    latest = table["latest_year"].max()
    return line + (f"; the latest is from {int(latest)}" if covered and pd.notna(latest) else "")
