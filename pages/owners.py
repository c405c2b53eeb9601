"""Owners: who is accountable for the actions, where owners are missing, and how much each owner has due when."""

import streamlit as st

from analysis.coverage import councils_left_out
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
from charts.palette import council_colours
from ui.components import chart_with_table, empty_state, filter_caption
from ui.coverage import left_out_notice
from ui.data import corpus
from ui.filters import sidebar_view
from ui.memo import memo

COUNCIL_PARAM, COUNCIL_KEY = "owner_council", "owners_council"
MEASURES = {"Actions": "actions", "Owner mentions": "mentions", "Share of owned actions": "share"}


def _council_changed() -> None:
    st.query_params[COUNCIL_PARAM] = st.session_state[COUNCIL_KEY]


view = sidebar_view()
full = corpus()
colours = council_colours(full.councils["council_id"])
names = full.councils.set_index("council_id")["name"].to_dict()

st.title("Owners")
st.caption(
    "Who the councils made accountable for each action, as the plans name them (spellings of a title merged, "
    "titles grouped into families). An action with two owners counts for each: **actions** counts the actions "
    "an owner is named on, **owner mentions** counts every owner named, so totals can pass the number of actions."
)
filter_caption(view.filters)

actions = view.actions
if actions.empty:
    empty_state("No actions match these filters.", filters=view.filters)
    st.stop()

left_out = memo(councils_left_out, view.councils, view.challenges, actions, "owners")
shown = view.councils["council_id"].nunique() - len(left_out)
owned = int(has_stated_owner(actions).sum())
st.caption(f"{len(actions)} actions from {actions['council_id'].nunique()} council(s); {owned} have a stated owner.")
left_out_notice(
    left_out, shown, key="owners_left_out", what="Owner charts", file_name="councils-left-out-of-owners.csv"
)

# --- Owner families per council ---------------------------------------------------------------------
st.subheader("Actions per owner family")
load = memo(family_load, actions, view.councils)
if load.empty:
    empty_state(
        "No action in this view has a stated owner, so there are no owner families, themes or quarters to chart. "
        "The share without an owner is below, and the named-owner view can count owners named in the action text."
    )
else:
    measure_label = st.segmented_control("Show", list(MEASURES), default="Actions", key="owners_measure")
    measure = MEASURES.get(measure_label or "Actions", "actions")
    drawn = fold_family_load(
        load, always=uploaded_councils(view.councils), other="sum" if measure == "share" else "mean"
    )
    folded_note = (
        ""
        if drawn is load
        else f" The {MAX_COUNCIL_BARS} councils with most owned actions have a bar each; the grey bar is the rest "
        + (
            "taken together (the share of all their owned actions)."
            if measure == "share"
            else "as an average per council."
        )
        + " The table has every council."
    )
    chart_with_table(
        family_bars_figure(drawn, colours=colours, measure=measure),
        load,
        key="owners_families",
        title="Actions per owner family",
        takeaway=family_takeaway(load),
        file_name="actions-by-owner-family.csv",
        caption="Families group titles that do the same job under different names (e.g. Chief Officer HR and "
        "Director of People are both HR / people). Actions without a stated owner are counted below, not here."
        + folded_note,
        column_config={
            "council_id": None,
            "council": "Council",
            "family": "Owner family",
            "actions": st.column_config.NumberColumn("Actions", format="%d"),
            "mentions": st.column_config.NumberColumn("Owner mentions", format="%d"),
            "owned_actions": st.column_config.NumberColumn("Council's actions with an owner", format="%d"),
            "share": st.column_config.NumberColumn("Share of those", format="percent"),
        },
    )

# --- Missing owners ---------------------------------------------------------------------------------
st.subheader("Actions with no owner stated")
gaps = memo(no_owner_share, actions, view.councils, view.challenges)
gap_bars = no_owner_drawn(gaps, always=uploaded_councils(view.councils))
chart_with_table(
    no_owner_figure(gap_bars, colours=colours),
    gaps,
    key="owners_missing",
    title="Actions with no owner stated",
    takeaway=no_owner_takeaway(gaps),
    file_name="actions-without-owner.csv",
    caption="No owner stated: the plan has no owner column, or the row's owner cell is empty or “TBC”. "
    "“Named in text” counts those actions whose wording still names someone (“… with Unison”)."
    + (
        f" The chart draws the {len(gap_bars)} councils with most actions lacking an owner; the table has all "
        f"{len(gaps)}."
        if len(gap_bars) < len(gaps)
        else ""
    ),
    column_config={
        "council_id": None,
        "council": "Council",
        "actions": st.column_config.NumberColumn("Actions", format="%d"),
        "with_owner": st.column_config.NumberColumn("With an owner", format="%d"),
        "no_owner": st.column_config.NumberColumn("No owner stated", format="%d"),
        "share_no_owner": st.column_config.NumberColumn("Share with no owner", format="percent"),
        "no_owner_column": st.column_config.CheckboxColumn("Plan has no owner column"),
        "named_in_text": st.column_config.NumberColumn("Unowned but named in text", format="%d"),
    },
)

# --- Families x themes -------------------------------------------------------------------------------
if owned:
    st.subheader("Owner family × LGA core theme")
    matrix = memo(family_theme_matrix, actions, view.recommendations)
    if matrix.empty:
        empty_state("No owned action in this view answers a recommendation with an LGA core theme.")
    else:
        chart_with_table(
            family_theme_heatmap_figure(matrix),
            matrix,
            key="owners_themes",
            title="Owner family × LGA core theme",
            takeaway=family_theme_takeaway(matrix),
            file_name="owner-family-by-lga-theme.csv",
            caption="An action reaches a theme through the recommendations it answers (each one's main theme); an "
            "action answering recommendations on two themes counts under both.",
            column_config={
                "family": "Owner family",
                "lga_theme": "LGA core theme",
                "actions": st.column_config.NumberColumn("Actions", format="%d"),
                "councils": st.column_config.NumberColumn("Councils", format="%d"),
            },
        )

    # --- Load over time (owned actions only) ---
    st.subheader("Load per owner family over time")
    quarters = memo(quarter_load, actions)
    undated = undated_actions(actions)
    if quarters.empty:
        empty_state(
            "No owned action in this view has a due date, so there is no load over time to draw"
            + (f" ({undated} owned actions have no end date)." if undated else ".")
        )
    else:
        chart_with_table(
            quarter_load_figure(quarters),
            quarters[quarters["actions"] > 0],
            key="owners_quarters",
            title="Actions due per quarter, by owner family",
            takeaway=quarter_takeaway(quarters, undated=undated),
            file_name="owner-load-by-quarter.csv",
            caption="Due date = the end of the action's timescale, in financial-year quarters (Q1 = April–June). "
            "An action with owners in two families stacks in both. Empty quarters are drawn as gaps.",
            column_config={
                "quarter": "Quarter",
                "owner": None,
                "family": "Owner family",
                "actions": st.column_config.NumberColumn("Actions due", format="%d"),
                "quarter_actions": st.column_config.NumberColumn("Actions due that quarter, all owners", format="%d"),
            },
        )

# --- One council's named owners ----------------------------------------------------------------------
st.subheader("One council's named owners")
options = sorted(actions["council_id"].unique(), key=lambda cid: names.get(cid, cid))
asked = st.query_params.get(COUNCIL_PARAM) or st.session_state.get(COUNCIL_KEY)
if asked not in options:
    by_owned = actions[has_stated_owner(actions)]["council_id"].value_counts()
    asked = by_owned.index[0] if len(by_owned) else options[0]
st.session_state[COUNCIL_KEY] = asked
if st.query_params.get(COUNCIL_PARAM) != asked:
    st.query_params[COUNCIL_PARAM] = asked
left, right = st.columns([3, 2], vertical_alignment="bottom")
council_id = left.selectbox(
    "Council",
    options,
    format_func=lambda cid: names.get(cid, cid),
    key=COUNCIL_KEY,
    on_change=_council_changed,
    help="Councils in the current filtered view with actions. The choice is kept in the page address.",
)
with_text = right.toggle(
    "Also count owners named in the action text",
    key="owners_text_mentions",
    help="Some plans have no owner column but name people in the action itself (“the Senior Leadership Team "
    "will …”). Those are shown hatched: a mention, not a stated owner.",
)
council = names.get(council_id, council_id)
named = named_owner_load(actions, council_id, include_text_mentions=with_text)
if named.empty:
    missing = left_out[left_out["council_id"] == council_id]
    reason = f" ({missing['reason'].iloc[0]})" if len(missing) else ""
    hint = "" if with_text else " Turn on “Also count owners named in the action text” to see who its actions mention."
    empty_state(f"{council} states no owner for any action in this view{reason}.{hint}")
else:
    chart_with_table(
        named_owner_figure(named, colour=colours.get(council_id), council=council),
        named,
        key="owners_named",
        title=f"Named owners: {council}",
        takeaway=named_owner_takeaway(named, council=council),
        file_name=f"named-owners-{council_id}.csv",
        caption="Busiest owner at the top; the 20 busiest are drawn, the table has them all.",
        column_config={
            "council_id": None,
            "owner": st.column_config.TextColumn("Owner", width="medium"),
            "family": "Family",
            "actions": st.column_config.NumberColumn("Stated owner of", format="%d"),
            "named_in_text": st.column_config.NumberColumn("Named in text only", format="%d"),
            "total": st.column_config.NumberColumn("Total", format="%d"),
            "council_actions": st.column_config.NumberColumn("Council's actions", format="%d"),
            "share": st.column_config.NumberColumn("Share of them", format="percent"),
        },
    )
    owner_quarters = quarter_load(
        actions[actions["council_id"] == council_id], by="owner", include_text_mentions=with_text
    )
    if owner_quarters.empty:
        empty_state(f"None of {council}'s owned actions has a due date, so there is no load per quarter to draw.")
    else:
        chart_with_table(
            owner_quarter_heatmap_figure(owner_quarters),
            owner_quarters[owner_quarters["actions"] > 0],
            key="owners_named_quarters",
            title=f"Actions due per quarter per owner: {council}",
            takeaway=quarter_takeaway(owner_quarters),
            file_name=f"owner-load-by-quarter-{council_id}.csv",
            caption="Each cell counts the actions the owner is named on that fall due in the quarter.",
            column_config={
                "quarter": "Quarter",
                "owner": st.column_config.TextColumn("Owner", width="medium"),
                "family": "Family",
                "actions": st.column_config.NumberColumn("Actions due", format="%d"),
                "quarter_actions": st.column_config.NumberColumn("Actions due that quarter, all owners", format="%d"),
            },
        )
