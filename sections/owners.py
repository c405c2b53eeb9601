"""The Owners page's charts, each declared once: owner families per council, actions with no owner, families
by theme, load per quarter, and one council's named owners.

Choices the page offers (``choices``): ``measure`` (actions, mentions or share), ``council`` (the council whose
named owners are drawn; default the one with most owned actions), ``text_mentions`` (also count owners named
in the action text) and ``average`` (``type`` or ``similar``: the owner-family bars gain "Average of <type>
councils (n)", :mod:`sections.averages`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from analysis.averages import Group, family_average_takeaway, family_averages
from analysis.owner_load import (
    family_load,
    family_takeaway,
    family_theme_matrix,
    family_theme_takeaway,
    fold_family_load,
    has_stated_owner,
    named_owner_load,
    named_owner_takeaway,
    no_owner_drawn,
    no_owner_share,
    no_owner_takeaway,
    quarter_load,
    quarter_takeaway,
    undated_actions,
)
from analysis.summary import MAX_COUNCIL_BARS, uploaded_councils
from charts.owners import (
    family_bars_figure,
    family_theme_heatmap_figure,
    named_owner_figure,
    no_owner_figure,
    owner_quarter_heatmap_figure,
    quarter_load_figure,
)
from sections.averages import Averages, averages_for
from sections.base import Bars, Context, Frames, Section, Style
from sections.common import bars_of, council_names, labelled, sources_for, styled

#: Councils with their own owner-family bars on a slide (the rest folded): more make grouped bars too thin.
SLIDE_COUNCILS = 6
#: Councils in the no-owner chart on a slide.
SLIDE_NO_OWNER_ROWS = 15
MEASURES = ("actions", "mentions", "share")


def _most(n: int, of: int, what: str) -> str:
    return f" (the {n} {what}, of {of})" if of > n else ""


# --- owner families per council ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Families:
    load: pd.DataFrame  # every council in view
    drawn: pd.DataFrame  # folded for drawing
    measure: str
    colours: Mapping[str, str]
    folded: bool
    source: str
    #: "Average of <type> councils (n)" rows (family_load columns), drawn as one more series; empty when off.
    averages: Averages = field(default_factory=Averages)


def _family_averages(full: Frames, groups: tuple[Group, ...]) -> pd.DataFrame:
    """The averages over the whole corpus, counts to one decimal as drawn."""
    averages = family_averages(full.actions, full.councils, groups)
    return averages.assign(**{c: averages[c].astype(float).round(1) for c in ("actions", "mentions", "owned_actions")})


def _families_drawn(data: Families) -> pd.DataFrame:
    """What the chart draws: the (folded) councils and any averages."""
    return data.averages.after(data.drawn)


def _families_takeaway(data: Families) -> str:
    return data.averages.takeaway(family_takeaway(data.load), family_average_takeaway)


def _compute_families(frames: Frames, context: Context) -> Families | None:
    load = family_load(frames.actions, frames.councils) if len(frames.actions) else pd.DataFrame()
    if load.empty:
        return None
    measure = context.choice_in("measure", MEASURES, "actions")
    keep = SLIDE_COUNCILS if context.medium == "slide" else MAX_COUNCIL_BARS
    drawn = fold_family_load(
        load, keep, always=uploaded_councils(frames.councils), other="sum" if measure == "share" else "mean"
    )
    averages = averages_for(frames, context, load["council_id"], _family_averages)
    colours = averages.colours(context.colours)
    return Families(load, drawn, measure, colours, drawn is not load, sources_for(frames, load["council_id"]), averages)


def _families_caption(data: Families) -> str:
    base = (
        "Families group titles that do the same job under different names (e.g. Chief Officer HR and Director of "
        "People are both HR / people). Actions without a stated owner are counted below, not here."
    )
    extra = data.averages.caption("share of its owned actions per family")
    base = f"{base} {extra}".strip()
    if not data.folded:
        return base
    kept = data.drawn["council_id"].nunique() - 1
    rest = (
        "taken together (the share of all their owned actions)."
        if data.measure == "share"
        else "as an average per council."
    )
    return f"{base} The {kept} councils with most owned actions have a bar each; the grey bar is the rest {rest} " \
        "The table has every council."  # fmt: skip


def _families_table(data: Families) -> pd.DataFrame:
    return labelled(
        data.averages.after(data.load),
        {
            "council": "Council",
            "family": "Owner family",
            "actions": "Actions",
            "mentions": "Owner mentions",
            "owned_actions": "Council's actions with an owner",
            "share": "Share of those",
        },
    )


def _families_figure(data: Families, *, style: Style = "screen") -> go.Figure:
    return styled(family_bars_figure(_families_drawn(data), colours=dict(data.colours), measure=data.measure), style)


FAMILIES = Section[Families](
    id="owners_families",
    page="Owners",
    title="Actions per owner family",
    compute=_compute_families,
    figure=_families_figure,
    takeaway=_families_takeaway,
    table=_families_table,
    caption=_families_caption,
    empty="No action in this view has a stated owner, so there are no owner families, themes or quarters to chart. "
    "The share without an owner is below, and the named-owner view can count owners named in the action text.",
    bars=lambda d: bars_of(_families_figure(d)),
    file_name="actions-by-owner-family.csv",
)


# --- no owner ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoOwner:
    gaps: pd.DataFrame  # every council in view
    drawn: pd.DataFrame
    colours: Mapping[str, str]
    source: str


def _compute_no_owner(frames: Frames, context: Context) -> NoOwner | None:
    if frames.actions.empty:
        return None
    gaps = no_owner_share(frames.actions, frames.councils, frames.challenges)
    if context.medium == "slide":
        drawn = gaps.head(SLIDE_NO_OWNER_ROWS)
    else:
        drawn = no_owner_drawn(gaps, always=uploaded_councils(frames.councils))
    return NoOwner(gaps, drawn, context.colours, sources_for(frames, drawn["council_id"]))


def _no_owner_figure(data: NoOwner, *, style: Style = "screen") -> go.Figure:
    return styled(no_owner_figure(data.drawn, colours=dict(data.colours)), style)


def _no_owner_caption(data: NoOwner) -> str:
    base = (
        "No owner stated: the plan has no owner column, or the row's owner cell is empty or “TBC”. “Named in "
        "text” counts those actions whose wording still names someone (“… with Unison”)."
    )
    if len(data.drawn) < len(data.gaps):
        base += (
            f" The chart draws the {len(data.drawn)} councils with most actions lacking an owner; the table has all "
            f"{len(data.gaps)}."
        )
    return base


NO_OWNER = Section[NoOwner](
    id="owners_missing",
    page="Owners",
    title="Actions with no owner stated",
    compute=_compute_no_owner,
    figure=_no_owner_figure,
    takeaway=lambda d: no_owner_takeaway(d.gaps),
    table=lambda d: labelled(
        d.gaps,
        {
            "council": "Council",
            "actions": "Actions",
            "with_owner": "With an owner",
            "no_owner": "No owner stated",
            "share_no_owner": "Share with no owner",
            "no_owner_column": "Plan has no owner column",
            "named_in_text": "Unowned but named in text",
        },
    ),
    slide_title=lambda d: (
        "Actions with no owner stated" + _most(len(d.drawn), len(d.gaps), "councils with the highest share")
    ),
    bars=lambda d: bars_of(_no_owner_figure(d)),
    file_name="actions-without-owner.csv",
)


# --- families x themes -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FamilyThemes:
    matrix: pd.DataFrame
    source: str


def _compute_family_themes(frames: Frames, context: Context) -> FamilyThemes | None:
    if frames.actions.empty or not has_stated_owner(frames.actions).any():
        return None
    matrix = family_theme_matrix(frames.actions, frames.recommendations)
    if matrix.empty:
        return None
    owned = frames.actions[has_stated_owner(frames.actions)]
    return FamilyThemes(matrix, sources_for(frames, owned["council_id"]))


FAMILY_THEMES = Section[FamilyThemes](
    id="owners_themes",
    page="Owners",
    title="Owner family × LGA core theme",
    compute=_compute_family_themes,
    figure=lambda d, *, style="screen": styled(family_theme_heatmap_figure(d.matrix), style),
    takeaway=lambda d: family_theme_takeaway(d.matrix),
    table=lambda d: d.matrix.rename(
        columns={"family": "Owner family", "lga_theme": "LGA core theme", "actions": "Actions", "councils": "Councils"}
    ),
    caption="An action reaches a theme through the recommendations it answers (each one's main theme); an action "
    "answering recommendations on two themes counts under both.",
    empty="No owned action in this view answers a recommendation with an LGA core theme.",
    file_name="owner-family-by-lga-theme.csv",
)


# --- load per quarter --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Quarters:
    load: pd.DataFrame
    undated: int
    source: str


def _compute_quarters(frames: Frames, context: Context) -> Quarters | None:
    actions = frames.actions
    if actions.empty or not has_stated_owner(actions).any():
        return None
    load = quarter_load(actions)
    if load.empty:
        return None
    owned_ids = actions.loc[has_stated_owner(actions) & actions["end"].notna(), "council_id"]
    return Quarters(load, undated_actions(actions), sources_for(frames, owned_ids))


def _quarters_figure(data: Quarters, *, style: Style = "screen") -> go.Figure:
    return styled(quarter_load_figure(data.load), style)


def _quarters_bars(data: Quarters) -> Bars:
    return bars_of(_quarters_figure(data))


QUARTERS = Section[Quarters](
    id="owners_quarters",
    page="Owners",
    title="Actions due per quarter, by owner family",
    compute=_compute_quarters,
    figure=_quarters_figure,
    takeaway=lambda d: quarter_takeaway(d.load, undated=d.undated),
    table=lambda d: labelled(
        d.load[d.load["actions"] > 0],
        {
            "quarter": "Quarter",
            "family": "Owner family",
            "actions": "Actions due",
            "quarter_actions": "Actions due that quarter, all owners",
        },
    ),
    caption=lambda d: (
        "Due date = the end of the action's timescale, in financial-year quarters (Q1 = April–June). "
        "An action with owners in two families stacks in both, so a column can be taller than the actions due that "
        "quarter. Empty quarters are drawn as gaps."
        + (
            f" {d.undated} owned action{'s have' if d.undated != 1 else ' has'} no due date and are not drawn."
            if d.undated
            else ""
        )
    ),
    bars=_quarters_bars,
    file_name="owner-load-by-quarter.csv",
)


# --- one council's named owners ----------------------------------------------------------------------------
def chosen_council(frames: Frames, context: Context) -> str | None:
    """The council whose named owners are drawn: the one asked for, else the one with most owned actions."""
    actions = frames.actions
    if actions.empty:
        return None
    by_owned = actions[has_stated_owner(actions)]["council_id"].value_counts()
    busiest = by_owned.index[0] if len(by_owned) else sorted(actions["council_id"].unique())[0]
    return context.choice_in("council", set(actions["council_id"]), busiest)


@dataclass(frozen=True)
class Named:
    council_id: str
    council: str
    named: pd.DataFrame
    colour: str | None
    source: str


def _council_name(frames: Frames, council_id: str) -> str:
    return council_names(frames).get(council_id, council_id)


def _compute_named(frames: Frames, context: Context) -> Named | None:
    council_id = chosen_council(frames, context)
    if council_id is None:
        return None
    named = named_owner_load(frames.actions, council_id, include_text_mentions=bool(context.choice("text_mentions")))
    if named.empty:
        return None
    return Named(
        council_id,
        _council_name(frames, council_id),
        named,
        context.colours.get(council_id),
        sources_for(frames, [council_id]),
    )


def _named_figure(data: Named, *, style: Style = "screen") -> go.Figure:
    return styled(named_owner_figure(data.named, colour=data.colour, council=data.council), style)


NAMED = Section[Named](
    id="owners_named",
    page="Owners",
    title="Named owners",
    compute=_compute_named,
    figure=_named_figure,
    takeaway=lambda d: named_owner_takeaway(d.named, council=d.council),
    table=lambda d: labelled(
        d.named,
        {
            "owner": "Owner",
            "family": "Family",
            # the roles the plan names the owner under (accountable, responsible, lead, ...), where it names any
            **({"owner_role": "Role"} if d.named["owner_role"].astype(bool).any() else {}),
            "actions": "Stated owner of",
            "named_in_text": "Named in text only",
            "total": "Total",
            "council_actions": "Council's actions",
            "share": "Share of them",
        },
    ),
    caption="Busiest owner at the top; the 20 busiest are drawn, the table has them all.",
    slide_title=lambda d: f"Named owners: {d.council}",
    bars=lambda d: bars_of(_named_figure(d)),
    file_name="named-owners.csv",
)


@dataclass(frozen=True)
class NamedQuarters:
    council_id: str
    council: str
    load: pd.DataFrame
    source: str


def _compute_named_quarters(frames: Frames, context: Context) -> NamedQuarters | None:
    council_id = chosen_council(frames, context)
    if council_id is None:
        return None
    mine = frames.actions[frames.actions["council_id"] == council_id]
    load = quarter_load(mine, by="owner", include_text_mentions=bool(context.choice("text_mentions")))
    if load.empty:
        return None
    return NamedQuarters(council_id, _council_name(frames, council_id), load, sources_for(frames, [council_id]))


NAMED_QUARTERS = Section[NamedQuarters](
    id="owners_named_quarters",
    page="Owners",
    title="Actions due per quarter per owner",
    compute=_compute_named_quarters,
    figure=lambda d, *, style="screen": styled(owner_quarter_heatmap_figure(d.load), style),
    takeaway=lambda d: quarter_takeaway(d.load),
    table=lambda d: labelled(
        d.load[d.load["actions"] > 0],
        {
            "quarter": "Quarter",
            "owner": "Owner",
            "family": "Family",
            "actions": "Actions due",
            "quarter_actions": "Actions due that quarter, all owners",
        },
    ),
    caption="Each cell counts the actions the owner is named on that fall due in the quarter.",
    slide_title=lambda d: f"Actions due per quarter per owner: {d.council}",
    file_name="owner-load-by-quarter-named.csv",
)

#: The Owners page's sections in page order; the pack takes the first four (the named-owner pair needs a council).
PAGE = (FAMILIES, NO_OWNER, FAMILY_THEMES, QUARTERS, NAMED, NAMED_QUARTERS)
PACK = (FAMILIES, NO_OWNER, QUARTERS)
