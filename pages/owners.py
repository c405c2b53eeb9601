"""Owners: who is accountable for the actions, where owners are missing, and how much each owner has due when."""

import streamlit as st

from analysis.coverage import councils_left_out
from analysis.owner_load import has_stated_owner, undated_actions
from sections.owners import FAMILIES, FAMILY_THEMES, NAMED, NAMED_QUARTERS, NO_OWNER, QUARTERS
from ui.averages import average_control
from ui.columns import by_label, percent_column, text_column, tick_column
from ui.components import empty_state
from ui.coverage import left_out_notice
from ui.format import md_escape
from ui.memo import memo
from ui.page import page_start, stop_if_empty
from ui.sections import show as show_section
from ui.state import url_council, url_segmented, url_toggle

#: What the page is for, under its title.
ABOUT = (
    "Who the councils made accountable for each action, as the plans name them (spellings of a title merged, "
    "titles grouped into families). An action with two owners counts for each: **actions** counts the actions "
    "an owner is named on, **owner mentions** counts every owner named, so totals can pass the number of actions."
)

COUNCIL_PARAM, COUNCIL_KEY = "owner_council", "owners_council"
MEASURE_PARAM, TEXT_PARAM = "owner_measure", "owner_text"
MEASURES = {"Actions": "actions", "Owner mentions": "mentions", "Share of owned actions": "share"}
MEASURE_LABELS = {value: label for label, value in MEASURES.items()}


view, full, colours, names = page_start("Owners", ABOUT)

actions = view.actions
stop_if_empty(actions.empty, "No actions match these filters.", filters=view.filters)

left_out = memo(councils_left_out, view.councils, view.challenges, actions, "owners")
shown = view.councils["council_id"].nunique() - len(left_out)
owned = int(has_stated_owner(actions).sum())
n_councils = actions["council_id"].nunique()
st.caption(f"{len(actions)} action{'' if len(actions) == 1 else 's'} from {n_councils} council"
           f"{'' if n_councils == 1 else 's'}; {owned} {'has' if owned == 1 else 'have'} a stated owner.")  # fmt: skip
left_out_notice(
    left_out, shown, key="owners_left_out", what="Owner charts", file_name="councils-left-out-of-owners.csv"
)

# --- Owner families per council ---------------------------------------------------------------------
section_colours = {c: colours[c] for c in view.councils["council_id"] if c in colours}
st.subheader("Actions per owner family")
if has_stated_owner(actions).any():
    measure = url_segmented(
        MEASURE_PARAM, list(MEASURES.values()), "actions", key="owners_measure", label="Show",
        format_func=MEASURE_LABELS.get,
    )  # fmt: skip
else:
    measure = "actions"
# ?owner_average=type|similar: the families beside the average council of its type or its similar councils.
owner_average = average_control("owner_average", key="owners_average") if has_stated_owner(actions).any() else None
show_section(
    FAMILIES,
    view,
    colours=section_colours,
    choices={"measure": measure, **({"average": owner_average} if owner_average else {})},
    full=full,
    column_config=by_label(percent_column("Share of those")),
)

# --- Missing owners ---------------------------------------------------------------------------------
st.subheader("Actions with no owner stated")
show_section(
    NO_OWNER,
    view,
    colours=section_colours,
    column_config=by_label(percent_column("Share with no owner"), tick_column("Plan has no owner column")),
)

# --- Families x themes -------------------------------------------------------------------------------
if owned:
    st.subheader("Owner family × LGA core theme")
    show_section(FAMILY_THEMES, view, colours=section_colours)

    # --- Load over time (owned actions only) ---
    st.subheader("Load per owner family over time")
    if not show_section(QUARTERS, view, colours=section_colours):
        undated = undated_actions(actions)
        empty_state(
            "No owned action in this view has a due date, so there is no load over time to draw"
            + (f" ({undated} owned actions have no end date)." if undated else ".")
        )

# --- One council's named owners ----------------------------------------------------------------------
st.subheader("One council's named owners")
options = sorted(actions["council_id"].unique(), key=lambda cid: names.get(cid, cid))
by_owned = actions[has_stated_owner(actions)]["council_id"].value_counts()
left, right = st.columns([3, 2], vertical_alignment="bottom")
council_id = url_council(
    COUNCIL_PARAM,
    options,
    by_owned.index[0] if len(by_owned) else options[0],
    key=COUNCIL_KEY,
    names=names,
    invalid=lambda raw, shown: (
        f"The council in the link ({md_escape(raw)}) has no actions in the filtered view, "
        f"so this section shows {md_escape(names.get(shown, shown))}."
    ),
    container=left,
    help="Councils in the current filtered view with actions. The choice is kept in the page address.",
)
with_text = url_toggle(
    TEXT_PARAM,
    key="owners_text_mentions",
    label="Also count owners named in the action text",
    container=right,
    help="Some plans have no owner column but name people in the action itself (“the Senior Leadership Team "
    "will …”). Those are shown hatched: a mention, not a stated owner.",
)
council = names.get(council_id, council_id)
choices = {"council": council_id, "text_mentions": bool(with_text)}
if not show_section(
    NAMED,
    view,
    colours=section_colours,
    choices=choices,
    title=f"Named owners: {council}",
    column_config=by_label(text_column("Owner", "medium"), percent_column("Share of them")),
):
    missing = left_out[left_out["council_id"] == council_id]
    reason = f" ({missing['reason'].iloc[0]})" if len(missing) else ""
    hint = "" if with_text else " Turn on “Also count owners named in the action text” to see who its actions mention."
    empty_state(f"{council} states no owner for any action in this view{reason}.{hint}")
elif not show_section(
    NAMED_QUARTERS,
    view,
    colours=section_colours,
    choices=choices,
    title=f"Actions due per quarter per owner: {council}",
    column_config=by_label(text_column("Owner", "medium")),
):
    empty_state(f"None of {council}'s owned actions has a due date, so there is no load per quarter to draw.")
