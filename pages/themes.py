"""Themes: which LGA core themes and topics peer teams raised, council by council, and what recurs."""

import streamlit as st

from analysis.topics import recommendations_in_cell, topic_recurrence
from loaders.constants import LGA_THEME_SHORT
from sections.themes import THEME_BARS, TOPIC_HEATMAP, TOPIC_RECURRENCE
from ui.averages import average_control
from ui.columns import by_label, count_column, list_column, number_column, percent_column, text_column
from ui.components import empty_state, expander_table
from ui.format import md_escape
from ui.memo import memo
from ui.page import page_start, stop_if_empty
from ui.sections import show as show_section
from ui.state import url_segmented, url_toggle

#: What the page is for, under its title.
ABOUT = (
    "What peer teams told councils to work on: the five LGA core themes, and finer topics matched from key "
    "phrases in each recommendation. Themes written into a plan by hand always win; the rest are classified."
)

#: URL params of the count/share choices and the every-theme toggle (``?theme_measure=share&theme_every=1``).
MEASURE_PARAM, EVERY_PARAM, HEAT_PARAM = "theme_measure", "theme_every", "topic_measure"
#: URL param of the theme bars' comparison (``?theme_average=type`` or ``similar``).
AVERAGE_PARAM = "theme_average"
MEASURES = {"count": "Count", "share": "Share of council's recommendations"}
CELL_CARDS = 10  # recommendation cards drawn for a cell; the table below has them all

view, full, colours, names = page_start("Themes", ABOUT)

recs = view.recommendations
stop_if_empty(recs.empty, "No recommendations match these filters.", filters=view.filters)

hand = int((recs["theme_source"] == "hand-labelled").sum())
unread = int((recs["theme_source"] == "not classified").sum())  # text cut off in the source
n_councils = recs["council_id"].nunique()
st.caption(f"{len(recs)} recommendation{'' if len(recs) == 1 else 's'} from {n_councils} council"
           f"{'' if n_councils == 1 else 's'}; LGA themes hand-labelled for "
           f"{hand}, classified for {len(recs) - hand - unread}"
           + (f", not classified for {unread} cut off in the source" if unread else "") + ".")  # fmt: skip

# --- LGA core themes -------------------------------------------------------------------------------
st.subheader("Recommendations per LGA core theme")
left, right = st.columns([3, 2])
measure = url_segmented(
    MEASURE_PARAM, list(MEASURES), "count", key="themes_measure", label="Show", format_func=MEASURES.get,
    container=left,
)  # fmt: skip
every_theme = url_toggle(
    EVERY_PARAM,
    key="themes_every",
    label="Count every theme a recommendation carries",
    container=right,
    help="Off: each recommendation counts once, under its best-fitting theme. On: a recommendation labelled with "
    "two themes counts under both, so shares can add up past 100%.",
)
average = average_control(AVERAGE_PARAM, key="themes_average")
section_colours = {c: colours[c] for c in view.councils["council_id"] if c in colours}
share = measure == "share"
show_section(
    THEME_BARS,
    view,
    colours=section_colours,
    choices={
        "measure": "share" if share else "recommendations",
        "every_theme": bool(every_theme),
        **({"average": average} if average else {}),
    },
    full=full,
    # An average per council has one decimal ("1.3"); a council's own count is whole.
    column_config=by_label(number_column("Recommendations", "%.1f" if average else "%d"), percent_column("Share")),
)

# --- Topics ----------------------------------------------------------------------------------------
st.subheader("Topics across councils")
recurrence = memo(topic_recurrence, recs, view.councils)
heat_measure = url_segmented(
    HEAT_PARAM, list(MEASURES), "count", key="themes_heat_measure", label="Cells show", format_func=MEASURES.get
)
heat_share = heat_measure == "share"
show_section(
    TOPIC_HEATMAP,
    view,
    colours=section_colours,
    choices={"heat_measure": "share" if heat_share else "recommendations"},
    column_config=by_label(count_column("Recommendations"), percent_column("Share of council's")),
)

st.subheader("Which topics recur")
show_section(
    TOPIC_RECURRENCE,
    view,
    colours=section_colours,
    column_config=by_label(
        count_column("Councils"),
        list_column("Which councils"),
        count_column("Recommendations"),
        percent_column("Share of councils"),
    ),
)

# --- Drill down ------------------------------------------------------------------------------------
st.subheader("Drill down: the recommendations behind a cell")
a, b, c = st.columns([2, 1, 3])
council_choice = a.selectbox(
    "Council", ["", *sorted(recs["council_id"].unique(), key=lambda i: names.get(i, i))],
    format_func=lambda i: names.get(i, i) if i else "All councils", key="themes_cell_council",
)  # fmt: skip
kind = b.radio("Label", ["Topic", "LGA theme"], key="themes_cell_kind", horizontal=True)
if kind == "Topic":
    label = c.selectbox("Topic", list(recurrence["topic"]), key="themes_cell_topic", format_func=str.capitalize)
    cell = recommendations_in_cell(recs, council_id=council_choice or None, topic=label)
else:
    themes = [t for t in LGA_THEME_SHORT if recs["lga_themes"].map(lambda ts, t=t: t in ts).any()]
    label = c.selectbox("LGA core theme", themes, key="themes_cell_theme")
    cell = recommendations_in_cell(recs, council_id=council_choice or None, theme=label)

if cell.empty:
    empty_state(f"No recommendations{' from ' + names.get(council_choice, '') if council_choice else ''} carry "
                f"“{label}”.")  # fmt: skip
else:
    st.caption(
        f"{len(cell)} recommendation{'' if len(cell) == 1 else 's'}. “Why” lists the words in the text that led to "
        "the label; hand-labelled ones were labelled by a person reading the source."
    )
    for _, rec in cell.head(CELL_CARDS).iterrows():
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(names.get(rec['council_id'], rec['council_id']))}** · {md_escape(rec['challenge_id'])} "
                f"· recommendation {md_escape(rec['number'])}"
            )
            st.markdown(f"##### {md_escape(rec['title'])}")
            if rec["text"] and rec["text"] != rec["title"]:
                st.markdown(md_escape(rec["text"]))
            why = rec["label_evidence"] or "—"
            st.caption(
                f"{rec['label_source'].capitalize()} · why: {md_escape(why)} · LGA themes: "
                f"{md_escape(', '.join(rec['lga_themes']))} · topics: {md_escape(', '.join(rec['topics']))}"
            )
    if len(cell) > CELL_CARDS:
        st.caption(f"Showing the first {CELL_CARDS} of {len(cell)}; the table below has them all.")
    expander_table(
        "Table of these recommendations",
        cell.assign(council=cell["council_id"].map(names))[
            [
                "council",
                "challenge_id",
                "number",
                "title",
                "text",
                "lga_themes",
                "topics",
                "label_source",
                "label_evidence",
                "rec_id",
            ]
        ],
        key="themes_cell",
        file_name="recommendations-in-cell.csv",
        column_config={
            "rec_id": "Id",
            "council": "Council",
            "challenge_id": "Challenge",
            "number": "No.",
            "title": text_column("Recommendation", "medium"),
            "text": text_column("Full text"),
            "lga_themes": list_column("LGA themes"),
            "topics": list_column("Topics"),
            "label_source": "Label source",
            "label_evidence": "Why",
        },
    )
