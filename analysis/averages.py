"""A council against the average of councils like it: its own type, or its similar councils.

An adviser looking at one metropolitan district asks "is that a lot?": a share of 40% of recommendations on
governance means little until it sits beside the average metropolitan district's share. mySociety's council
climate scorecards compare a council with the average for its type; this module does the same for the Themes,
Timescales and Owners pages.

A comparison :class:`Group` is a set of corpus councils averaged together:

* ``basis="type"``: for each authority type among the councils in view, every council of that type in the
  whole corpus (the reference data's type by ONS code, else the type typed in the plan). The councils in view
  are among them: "the average metropolitan district", as the scorecards draw it.
* ``basis="similar"``: for each council in view (at most :data:`MAX_SIMILAR_GROUPS` of them), its
  :data:`SIMILAR_K` nearest similar councils that have a plan here (:func:`analysis.peers.similar_councils`,
  like with like), the council itself not included.

Each average is **per council, then averaged**, so a council with a long plan counts as much as one with a
short plan: a theme's share is the mean of each member council's share (a member with none under a theme counts
0), and a count is the mean per council. Only members with something to count take part (councils with
recommendations for themes, with a measured horizon for timescales, with an owned action for owners); ``n`` in
the label ("Average of metropolitan district councils (3)") is how many did. Averages rows have the columns of
the frame they stand beside (``theme_counts``, ``horizons``, ``family_load``), with ``council_id`` starting
:data:`AVERAGE_PREFIX`, so a chart draws them as one more series. Pure: nothing is cached or changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.owner_load import FAMILY_LOAD_COLUMNS, STATED_FAMILIES, family_load
from analysis.peers import UnknownCouncil, similar_councils
from analysis.summary import theme_counts
from analysis.timelines import HORIZON_COLUMNS, horizons
from loaders.constants import LGA_THEMES

Basis = Literal["type", "similar"]
BASES: tuple[str, ...] = ("type", "similar")
#: Every average row's ``council_id`` starts with this (charts draw ``_``-ids after the councils).
AVERAGE_PREFIX = "_average_"
#: Similar councils (with a plan here) averaged for each council.
SIMILAR_K = 5
#: Councils in view that each get a "councils like ..." average: more would crowd the chart.
MAX_SIMILAR_GROUPS = 3


@dataclass(frozen=True)
class Group:
    """Councils averaged together: ``key`` is the rows' ``council_id``, ``name`` what they are, in words."""

    key: str
    basis: str
    name: str  # "metropolitan district councils", "councils like Leeds City Council"
    members: tuple[str, ...]

    def label(self, n: int) -> str:
        """The series name: "Average of metropolitan district councils (3)"."""
        return f"Average of {self.name} ({n})"


@dataclass(frozen=True)
class Groups:
    """The groups for a view, and ``note``: why there are none (or fewer than asked), in words; '' otherwise."""

    groups: tuple[Group, ...]
    note: str = ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def council_types(councils: pd.DataFrame) -> pd.Series:
    """Each council's type (index ``council_id``): the reference data's, else the one typed in its plan."""
    typed = councils["council_type"] if "council_type" in councils else pd.Series(None, index=councils.index)
    kind = (
        councils["reference_type"].where(councils["reference_type"].notna(), typed)
        if "reference_type" in councils
        else typed
    )
    return pd.Series(kind.to_numpy(), index=councils["council_id"].to_numpy(), name="authority_type").dropna()


def type_groups(councils: pd.DataFrame, council_ids: Iterable[str]) -> Groups:
    """One group per type among ``council_ids``: every council of that type in ``councils`` (the whole corpus)."""
    kinds = council_types(councils)
    wanted = [c for c in dict.fromkeys(council_ids) if c in kinds.index]
    types = sorted(dict.fromkeys(kinds.loc[wanted]))
    groups = tuple(
        Group(
            key=f"{AVERAGE_PREFIX}type_{_slug(kind)}",
            basis="type",
            name=f"{kind} councils",
            members=tuple(sorted(kinds.index[kinds == kind])),
        )
        for kind in types
    )
    note = "" if groups else "None of these councils has a known type, so there is no average of its type."
    return Groups(groups, note)


def similar_groups(corpus: Any, council_ids: Iterable[str], *, k: int = SIMILAR_K) -> Groups:
    """One group per council in ``council_ids`` (at most :data:`MAX_SIMILAR_GROUPS`): its ``k`` nearest similar
    councils with a plan in ``corpus`` (which needs ``authorities``, the reference data)."""
    wanted = list(dict.fromkeys(council_ids))
    if len(wanted) > MAX_SIMILAR_GROUPS:
        return Groups(
            (),
            f"The average of similar councils is drawn for at most {MAX_SIMILAR_GROUPS} councils: pick up to "
            f"{MAX_SIMILAR_GROUPS} in the council filter ({len(wanted)} are in view).",
        )
    if getattr(corpus, "authorities", None) is None:
        return Groups((), "Without the reference data there are no similar councils to average.")
    names = corpus.councils.set_index("council_id")["name"]
    groups, missing = [], []
    for council_id in wanted:
        try:
            ranked = similar_councils(corpus, council_id, k=None)
        except UnknownCouncil:
            missing.append(str(names.get(council_id, council_id)))
            continue
        peers = ranked.loc[ranked["in_corpus"], "council_id"].head(k)
        if peers.empty:
            missing.append(str(names.get(council_id, council_id)))
            continue
        groups.append(
            Group(
                key=f"{AVERAGE_PREFIX}like_{council_id}",
                basis="similar",
                name=f"councils like {names.get(council_id, council_id)}",
                members=tuple(peers),
            )
        )
    note = f"No similar councils with a plan here for {', '.join(missing)}." if missing else ""
    return Groups(tuple(groups), note)


def comparison_groups(corpus: Any, council_ids: Iterable[str], basis: str | None) -> Groups:
    """The groups ``basis`` asks for (``type`` or ``similar``); none for anything else (no comparison)."""
    if basis == "type":
        return type_groups(corpus.councils, council_ids)
    if basis == "similar":
        return similar_groups(corpus, council_ids)
    return Groups(())


def _average(
    per_council: pd.DataFrame, group: Group, by: str, categories: Sequence[str], means: Sequence[str]
) -> pd.DataFrame | None:
    """Mean of ``means`` per ``by`` over the group's members that appear in ``per_council`` (0 where a member
    has none in a category); None when no member appears."""
    rows = per_council[per_council["council_id"].isin(group.members)]
    present = sorted(rows["council_id"].unique())
    if not present:
        return None
    grid = pd.MultiIndex.from_product([present, list(categories)], names=["council_id", by])
    full = rows.set_index(["council_id", by])[list(means)].reindex(grid, fill_value=0)
    out = full.groupby(level=by, sort=False).mean().reset_index()
    return out.assign(council_id=group.key, council=group.label(len(present)), members=len(present))


def theme_averages(
    recommendations: pd.DataFrame, councils: pd.DataFrame, groups: Iterable[Group], *, primary_only: bool = True
) -> pd.DataFrame:
    """Per group and LGA core theme: the average council's recommendations and share (``theme_counts`` columns
    plus ``members``). ``recommendations``/``councils`` are the whole corpus's."""
    columns = ["council_id", "council", "lga_theme", "recommendations", "share", "council_total", "members"]
    counts = theme_counts(recommendations, councils, primary_only=primary_only)
    if counts.empty:
        return pd.DataFrame(columns=columns)
    totals = counts.drop_duplicates("council_id").set_index("council_id")["council_total"]
    frames = []
    for group in groups:
        out = _average(counts, group, "lga_theme", LGA_THEMES, ["recommendations", "share"])
        if out is not None:
            members = [m for m in group.members if m in totals.index]
            frames.append(out.assign(council_total=float(totals.loc[members].mean())))
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def horizon_averages(
    actions: pd.DataFrame,
    challenges: pd.DataFrame,
    councils: pd.DataFrame,
    groups: Iterable[Group],
    *,
    whole_months: bool = False,
) -> pd.DataFrame:
    """Per group: the average council's plan horizon in months (each council's challenges averaged first), in
    ``horizons`` columns plus ``members``; dates and the last action are blank.

    ``whole_months`` rounds each challenge's horizon half up first, as the Timescales page shows them, so the
    average of bars reading 11 and 6 months is 8.5 (not 8.49 from the unrounded months)."""
    columns = [*HORIZON_COLUMNS, "members"]
    rows = horizons(actions, challenges, councils)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    if whole_months:
        rows = rows.assign(horizon_months=np.floor(rows["horizon_months"].astype(float) + 0.5))
    per_council = (
        rows.astype({"horizon_months": float, "deadlines": float, "open_ended": float})
        .groupby("council_id", as_index=False)[["horizon_months", "deadlines", "open_ended"]]
        .mean()
    )
    out = []
    for group in groups:
        mine = per_council[per_council["council_id"].isin(group.members)]
        if mine.empty:
            continue
        out.append(
            {
                "council_id": group.key,
                "council": group.label(len(mine)),
                "challenge_id": "",
                "year": np.nan,
                "plan_date": pd.NaT,
                "last_deadline": pd.NaT,
                "horizon_months": float(mine["horizon_months"].mean()),
                "last_item": "",
                "deadlines": float(mine["deadlines"].mean()),
                "open_ended": float(mine["open_ended"].mean()),
                "members": len(mine),
            }
        )
    return pd.DataFrame(out, columns=columns)


def family_averages(actions: pd.DataFrame, councils: pd.DataFrame, groups: Iterable[Group]) -> pd.DataFrame:
    """Per group and owner family: the average council's actions, mentions and share of its owned actions
    (``family_load`` columns plus ``members``), over the families any member names."""
    columns = [*FAMILY_LOAD_COLUMNS, "members"]
    load = family_load(actions, councils) if len(actions) else pd.DataFrame(columns=FAMILY_LOAD_COLUMNS)
    if load.empty:
        return pd.DataFrame(columns=columns)
    owned = load.drop_duplicates("council_id").set_index("council_id")["owned_actions"]
    frames = []
    for group in groups:
        named = set(load.loc[load["council_id"].isin(group.members), "family"])
        families = [f for f in STATED_FAMILIES if f in named]
        out = _average(load, group, "family", families, ["actions", "mentions", "share"])
        if out is not None:
            members = [m for m in group.members if m in owned.index]
            frames.append(out.assign(owned_actions=float(owned.loc[members].mean())))
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _pct(value: float) -> str:
    return f"{value:.0%}"


def theme_average_takeaway(averages: pd.DataFrame) -> str:
    """'Average of metropolitan district councils (3): Governance and culture leads, 33% of a council's
    recommendations' for each group; '' without averages."""
    parts = []
    for _, rows in averages.groupby("council_id", sort=False):
        top = rows.sort_values("share", ascending=False, kind="stable").iloc[0]
        parts.append(f"{top['council']}: {top['lga_theme']} leads, {_pct(top['share'])} of a council's recommendations")
    return "; ".join(parts)


def horizon_average_takeaway(averages: pd.DataFrame, *, months: str = "horizon_months") -> str:
    """'Average of metropolitan district councils (2): 9 months from plan to last deadline'; '' without averages."""
    return "; ".join(
        f"{row['council']}: {row[months]:.0f} months from plan to last deadline" for _, row in averages.iterrows()
    )


def family_average_takeaway(averages: pd.DataFrame) -> str:
    """'Average of London borough councils (2): Director named on 60% of a council's owned actions'."""
    parts = []
    for _, rows in averages.groupby("council_id", sort=False):
        top = rows.sort_values("share", ascending=False, kind="stable").iloc[0]
        parts.append(f"{top['council']}: {top['family']} named on {_pct(top['share'])} of a council's owned actions")
    return "; ".join(parts)
