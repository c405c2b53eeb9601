"""The Owners page's charts, each declared once: owner families per council, actions with no owner, families
by theme, load per quarter, and one council's named owners.

Choices the page offers (``choices``): ``measure`` (actions, mentions or share), ``council`` (the council whose
named owners are drawn; default the one with most owned actions), ``text_mentions`` (also count owners named
in the action text) and ``average`` (``type`` or ``similar``: the owner-family bars gain "Average of <type>
councils (n)", :mod:`sections.averages`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
from analysis.summary import uploaded_councils
from charts.owners import (
    family_bars_figure,
    family_theme_heatmap_figure,
    named_owner_figure,
    no_owner_figure,
    owner_quarter_heatmap_figure,
    quarter_load_figure,
)
from sections.averages import Averages, averages_for
from sections.base import Context, Frames, Section
from sections.common import council_names, figure_bars, folded_for, labelled, most_words, sources_for, styled_figure

#: Councils with their own owner-family bars on a slide (the rest folded): more make grouped bars too thin.
SLIDE_COUNCILS = 6
#: Councils in the no-owner chart on a slide.
SLIDE_NO_OWNER_ROWS = 15
MEASURES = ("actions", "mentions", "share")


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
    drawn = folded_for(frames, context, load, fold_family_load, measure=measure, slide_councils=SLIDE_COUNCILS)
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


@styled_figure
def _families_figure(data: Families) -> go.Figure:
    return family_bars_figure(_families_drawn(data), colours=dict(data.colours), measure=data.measure)


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
    bars=figure_bars(_families_figure),
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


@styled_figure
def _no_owner_figure(data: NoOwner) -> go.Figure:
    return no_owner_figure(data.drawn, colours=dict(data.colours))


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
        "Actions with no owner stated" + most_words(len(d.drawn), len(d.gaps), "councils with the highest share")
    ),
    bars=figure_bars(_no_owner_figure),
    file_name="actions-without-owner.csv",
)


# --- families x themes -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FamilyThemes:
    matrix: pd.DataFrame
    source: str


def _owned(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions with a stated owner: what the family-by-theme and per-quarter charts count (none, nothing to
    draw) and whose councils their source line cites."""
    return actions[has_stated_owner(actions)] if len(actions) else actions


def _compute_family_themes(frames: Frames, context: Context) -> FamilyThemes | None:
    owned = _owned(frames.actions)
    matrix = family_theme_matrix(frames.actions, frames.recommendations) if len(owned) else pd.DataFrame()
    return None if matrix.empty else FamilyThemes(matrix, sources_for(frames, owned["council_id"]))


FAMILY_THEMES = Section[FamilyThemes](
    id="owners_themes",
    page="Owners",
    title="Owner family × LGA core theme",
    compute=_compute_family_themes,
    figure=styled_figure(lambda d: family_theme_heatmap_figure(d.matrix)),
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
    owned = _owned(actions)
    load = quarter_load(actions) if len(owned) else pd.DataFrame()
    if load.empty:
        return None
    dated = owned.loc[owned["end"].notna(), "council_id"]
    return Quarters(load, undated_actions(actions), sources_for(frames, dated))


def _quarters_table(load: pd.DataFrame, **by: str) -> pd.DataFrame:
    """A load-per-quarter table, by family or by owner (``by``: its columns and their labels): the quarters with
    an action due, as :func:`analysis.owner_load.quarter_load` counts them."""
    return labelled(
        load[load["actions"] > 0],
        {
            "quarter": "Quarter",
            **by,
            "actions": "Actions due",
            "quarter_actions": "Actions due that quarter, all owners",
        },
    )


@styled_figure
def _quarters_figure(data: Quarters) -> go.Figure:
    return quarter_load_figure(data.load)


QUARTERS = Section[Quarters](
    id="owners_quarters",
    page="Owners",
    title="Actions due per quarter, by owner family",
    compute=_compute_quarters,
    figure=_quarters_figure,
    takeaway=lambda d: quarter_takeaway(d.load, undated=d.undated),
    table=lambda d: _quarters_table(d.load, family="Owner family"),
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
    bars=figure_bars(_quarters_figure),
    file_name="owner-load-by-quarter.csv",
)


# --- one council's named owners ----------------------------------------------------------------------------
def chosen_council(frames: Frames, context: Context) -> str | None:
    """The council whose named owners are drawn: the one asked for, else the one with most owned actions."""
    actions = frames.actions

    def busiest() -> str:
        by_owned = actions[has_stated_owner(actions)]["council_id"].value_counts()
        return by_owned.index[0] if len(by_owned) else sorted(actions["council_id"].unique())[0]

    return context.pick("council", actions["council_id"], busiest)


@dataclass(frozen=True)
class OneCouncil:
    """What the one-council sections (named owners, their quarters) share: the council drawn and its source."""

    council_id: str
    council: str  # its name
    source: str


def _one_council(frames: Frames, context: Context) -> OneCouncil | None:
    council_id = chosen_council(frames, context)
    if council_id is None:
        return None
    name = council_names(frames).get(council_id, council_id)
    return OneCouncil(council_id, name, sources_for(frames, [council_id]))


def _with_text_mentions(context: Context) -> bool:
    """The ``text_mentions`` choice: also count owners named only in an action's text."""
    return bool(context.choice("text_mentions"))


def _council_title(title: str) -> Callable[[OneCouncil], str]:
    """A slide title naming the council drawn, "<title>: <council>"."""
    return lambda d: f"{title}: {d.council}"


@dataclass(frozen=True)
class Named(OneCouncil):
    named: pd.DataFrame
    colour: str | None


def _compute_named(frames: Frames, context: Context) -> Named | None:
    one = _one_council(frames, context)
    if one is None:
        return None
    named = named_owner_load(frames.actions, one.council_id, include_text_mentions=_with_text_mentions(context))
    if named.empty:
        return None
    return Named(**vars(one), named=named, colour=context.colours.get(one.council_id))


@styled_figure
def _named_figure(data: Named) -> go.Figure:
    return named_owner_figure(data.named, colour=data.colour, council=data.council)


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
    slide_title=_council_title("Named owners"),
    bars=figure_bars(_named_figure),
    file_name="named-owners.csv",
)


@dataclass(frozen=True)
class NamedQuarters(OneCouncil):
    load: pd.DataFrame


def _compute_named_quarters(frames: Frames, context: Context) -> NamedQuarters | None:
    one = _one_council(frames, context)
    if one is None:
        return None
    mine = frames.actions[frames.actions["council_id"] == one.council_id]
    load = quarter_load(mine, by="owner", include_text_mentions=_with_text_mentions(context))
    return None if load.empty else NamedQuarters(**vars(one), load=load)


NAMED_QUARTERS = Section[NamedQuarters](
    id="owners_named_quarters",
    page="Owners",
    title="Actions due per quarter per owner",
    compute=_compute_named_quarters,
    figure=styled_figure(lambda d: owner_quarter_heatmap_figure(d.load)),
    takeaway=lambda d: quarter_takeaway(d.load),
    table=lambda d: _quarters_table(d.load, owner="Owner", family="Family"),
    caption="Each cell counts the actions the owner is named on that fall due in the quarter.",
    slide_title=_council_title("Actions due per quarter per owner"),
    file_name="owner-load-by-quarter-named.csv",
)

#: The Owners page's sections in page order; the pack takes the first four (the named-owner pair needs a council).
PAGE = (FAMILIES, NO_OWNER, FAMILY_THEMES, QUARTERS, NAMED, NAMED_QUARTERS)
PACK = (FAMILIES, NO_OWNER, QUARTERS)
