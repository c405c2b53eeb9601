"""Timescales: when councils plan to act on their peer challenge, what should be done by a date, and which
timescales could not be read cleanly.

The "due by" choice lives in the URL (``due=2024-08-01``) so a view for a follow-up visit can be shared;
without it each council is judged at its own progress review (about ten months after its on-site visit).
"""

import datetime as dt

import streamlit as st

from analysis.timelines import (
    GANTT_TOP_DEFAULT,
    busiest_councils,
    due_dates,
    flagged_takeaway,
    flagged_timescales,
    gantt_rows,
    timescale_left_out,
)
from sections.timescales import DEADLINES, DUE_BY, DURATIONS, GANTT, HORIZON
from ui.averages import average_control
from ui.columns import by_label, count_column, date_column, list_column, number_column, percent_column, text_column
from ui.components import empty_state, expander_table
from ui.coverage import left_out_notice
from ui.format import fmt_date, md_escape
from ui.memo import memo
from ui.page import page_start, stop_if_empty
from ui.sections import show as show_section
from ui.state import url_optional_date

#: What the page is for, under its title.
ABOUT = (
    "When councils plan to act on their peer challenge: every dated action on a timeline, how long actions "
    "are given, how far ahead plans reach, when deadlines fall, and what should be done by a date. Dates are "
    "read from the plans' own words and never corrected; doubtful ones are listed at the bottom."
)

DUE_PARAM = "due"
MODE_KEY, DATE_KEY = "ts_due_mode", "ts_due_date"
EACH, ONE = "Each council's progress review", "One date for every council"
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
FLAGGED_OPEN_ROWS = 50  # the flagged table starts open up to this many rows

view, full, colours, _names = page_start("Timescales", ABOUT)
today = dt.date.today()

left_out = memo(timescale_left_out, view.councils, view.challenges, view.actions)
rows = memo(gantt_rows, view.actions, view.challenges, view.councils)
shown_councils = rows["council_id"].nunique()
left_out_notice(
    left_out, shown_councils, key="ts_left_out", what="Timescale charts",
    file_name="councils-left-out-of-timescales.csv",
)  # fmt: skip

stop_if_empty(view.actions.empty, "No actions match these filters.", filters=view.filters)

# Per-council charts draw the councils with the most actions; tables keep every council (issue 8).
keep = memo(busiest_councils, view.actions)
with_actions = view.actions["council_id"].nunique()
if with_actions > len(keep):
    st.caption(
        f":material/filter_list: {with_actions} councils have actions here: the per-council charts draw the "
        f"{len(keep)} with the most (the rest are in the tables, and under “Other councils” on the deadlines "
        "chart). Pick councils in the sidebar to compare others."
    )

# ---- Due by: one date for all (``?due=``), or each council's own progress review (ui.state: URL, session, default)
council_ids = list(dict.fromkeys(view.actions["council_id"]))
reviews = memo(due_dates, view.challenges, tuple(council_ids), today=today)
latest_review = max(when for when, _ in reviews.values())
st.subheader("What should be done by a date")
left, right = st.columns([3, 2], vertical_alignment="bottom")
chosen = url_optional_date(
    DUE_PARAM,
    latest_review,
    mode_key=MODE_KEY,
    mode_label="Judge each council's actions against",
    modes=(EACH, ONE),
    mode_help="An LGA progress review takes place about ten months after the peer challenge's on-site visit.",
    key=DATE_KEY,
    label="Due by",
    min_value=MIN_DATE,
    max_value=MAX_DATE,
    format="DD/MM/YYYY",
    mode_container=left,
    date_container=right,
)
if chosen is None:
    names = dict(zip(view.councils["council_id"], view.councils["name"], strict=False))
    if len(reviews) <= 4:
        right.caption(
            "Progress reviews: "
            + "; ".join(f"{md_escape(names.get(c, c))} {fmt_date(when)}" for c, (when, _) in reviews.items())
        )
    else:
        right.caption(f"Each of the {len(reviews)} councils at its own date: see the table behind the chart.")

# No steps passed: the loader already gives an undated action its dated steps' span (timescale_source "steps"),
# and action_status's own step fallback is quadratic in a national corpus.
section_colours = {c: colours[c] for c in view.councils["council_id"] if c in colours}
due_by = show_section(
    DUE_BY,
    view,
    colours=section_colours,
    choices={"due": chosen} if chosen else {},
    today=today,
    column_config=by_label(date_column("Judged at"), percent_column("Share due")),
)
statused = due_by.data.statused
due_rows = statused[statused["visit_status"].isin(["overdue", "due"])]
expander_table(
    f"The {len(due_rows):,} action(s) due by then",
    due_rows.assign(
        due_date=due_rows["due_date"], deadline=due_rows["deadline"].dt.date, text=due_rows["text"].fillna("")
    )[["council", "number", "order", "text", "timescale_raw", "deadline", "due_date", "status_label"]],
    key="ts_due_actions",
    icon=":material/checklist:",
    file_name="actions-due.csv",
    column_config={
        "council": "Council",
        "number": "No.",
        "order": count_column("Order in plan"),
        "text": text_column("Action"),
        "timescale_raw": "Timescale as written",
        "deadline": date_column("Deadline"),
        "due_date": date_column("Judged at"),
        "status_label": "Status",
    },
)

# ---- Gantt: a chosen council, or the top N across councils (issue 8: never thousands of bars) ----------------
st.subheader("Timeline of actions")
if rows.empty:
    empty_state(GANTT.empty)
else:
    council_names = dict(zip(rows["council_id"], rows["council"], strict=False))
    options = ["", *sorted(council_names, key=council_names.get)]
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    picked = a.selectbox(
        "Council",
        options,
        index=1 if len(options) == 2 else 0,
        format_func=lambda cid: council_names.get(cid, cid) if cid else "All councils (longest actions first)",
        key="ts_gantt_council",
    )
    top = b.number_input(
        "Show at most", min_value=5, max_value=200, value=GANTT_TOP_DEFAULT, step=5, key="ts_gantt_top",
        help="Long timelines are cut to the longest actions so the chart stays readable; pick a council to see its "
        "actions.",
    )  # fmt: skip
    show_section(
        GANTT,
        view,
        colours=section_colours,
        choices={"council": picked or None, "top": int(top), "due": chosen},
        today=today,
        column_config=by_label(text_column("Text"), date_column("Start"), date_column("End")),
    )

    # ---- Durations and horizons ------------------------------------------------------------------------------
    st.subheader("How long actions are given, and how far plans reach")
    left, right = st.columns(2)
    with left:
        show_section(
            DURATIONS,
            view,
            colours=section_colours,
            today=today,
            column_config=by_label(date_column("Start"), date_column("End"), number_column("Months", "%.1f")),
        )
    with right:
        # ?horizon_average=type|similar: the horizon beside the average council of its type or similar councils.
        horizon_average = average_control("horizon_average", key="timescales_horizon_average")
        show_section(
            HORIZON,
            view,
            colours=section_colours,
            today=today,
            choices={"average": horizon_average} if horizon_average else None,
            full=full,
        )

    # ---- Deadlines by month -------------------------------------------------------------------------------------
    st.subheader("When deadlines fall")
    show_section(
        DEADLINES,
        view,
        colours=section_colours,
        today=today,
        column_config=by_label(count_column("Deadlines"), list_column("Actions")),
    )

# ---- Flagged and unparsed timescales -------------------------------------------------------------------------
st.subheader("Timescales that need a second look")
flagged = memo(flagged_timescales, view.actions, view.steps, view.councils)
if flagged.empty:
    st.success("Every timescale in this view was read without a flag.", icon=":material/check_circle:")
else:
    st.markdown(f"**{md_escape(flagged_takeaway(flagged))}**")
    st.caption("The text as the plan gives it, the dates read from it (kept as written, never corrected) and why "
               "it is flagged. Unparsed timescales have no dates and are left off the charts above.")  # fmt: skip
    # Open from the start when short; at national scale (19,000 flagged rows, 2.3 MB) one click away.
    expander_table(
        f"The {len(flagged):,} flagged timescale(s)",
        flagged.assign(start=flagged["start"].dt.date, end=flagged["end"].dt.date),
        key="ts_flagged",
        icon=":material/flag:",
        expanded=len(flagged) <= FLAGGED_OPEN_ROWS,
        file_name="flagged-timescales.csv",
        column_config={
            "council_id": None,
            "council": "Council",
            "challenge_id": "Challenge",
            "kind": "Kind",
            "item": "Item",
            "text": text_column("Action", "medium"),
            "timescale_raw": text_column("Timescale as written", "medium"),
            "start": date_column("Start read"),
            "end": date_column("End read"),
            "flags": list_column("Flags"),
            "explanation": text_column("Why"),
        },
    )
