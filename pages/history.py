"""History: a council's peer challenges over time, and whether the same problems came back.

For councils with more than one challenge: a timeline of challenges, action plans, revisits and progress
reviews; then each recommendation of a later challenge beside the most similar one of an earlier challenge
of the same council (the overlap engine's score), so an adviser sees what recurred, what is new and what
disappeared. The council is kept in the URL (``history_council``).
"""

import streamlit as st

from analysis.followup import challenge_label
from analysis.history import (
    RECURRED_AT,
    RELATED_AT,
    councils_with_history,
    default_earlier,
    earlier_challenges,
    later_challenges,
    recurrence,
    recurrence_takeaway,
    short_label,
)
from sections.history import TIMELINE
from ui.columns import by_label, count_column, date_column, number_column, text_column, tick_column
from ui.components import expander_table, table_with_download
from ui.format import md_escape
from ui.history_one import one_challenge
from ui.memo import overlap_index
from ui.page import page_start, stop_if_empty
from ui.sections import show as show_section
from ui.state import url_council

#: What the page is for, under its title.
ABOUT = (
    "A council's peer challenges over time: when the peer team came, what followed (action plans, revisits, "
    "progress reviews and reports), and whether the same recommendations came back at the next challenge."
)

VERDICT_LABELS = {"recurred": "Recurred", "related": "Related", "new": "New"}
VERDICT_COLOURS = {"recurred": "orange", "related": "blue", "new": "green"}  # a recurring ask is the one to probe
COUNCIL_PARAM, COUNCIL_KEY = "history_council", "history_council_select"


view, full, colours, names = page_start("History", ABOUT)
challenges = full.challenges
labels = {row["challenge_id"]: challenge_label(row) for row in challenges.to_dict("records")}
short = {row["challenge_id"]: short_label(row) for row in challenges.to_dict("records")}

in_view = set(view.councils["council_id"])
eligible = [c for c in councils_with_history(challenges) if c in in_view]
# A council with one challenge has a history too (its action plan, progress reviews and revisits): it is offered
# and shown as itself, never swapped for another council.
with_one = sorted(c for c in set(challenges["council_id"]) - set(eligible) if c in in_view)
nothing = not eligible and not with_one
stop_if_empty(nothing, "No council in the filtered view has a peer challenge recorded.", filters=view.filters)

council_id = url_council(
    COUNCIL_PARAM,
    eligible + with_one,
    key=COUNCIL_KEY,
    names={**names, **{c: f"{names.get(c, c)} (one peer challenge)" for c in with_one}},
    help="Councils in the current filtered view: those with more than one peer challenge first, then those with "
    "one (their progress reviews and revisits). Kept in the page address.",
)
if council_id in with_one:
    one_challenge(full, council_id, names.get(council_id, council_id))
    st.stop()
if view.filters.active:
    st.caption(
        ":material/info: The timeline and the comparison use all of this council's challenges and "
        "recommendations, whatever the year, theme and topic filters."
    )

# ---- Timeline -------------------------------------------------------------------------------------------
name = names.get(council_id, council_id)
st.subheader("Timeline", anchor=False)
show_section(
    TIMELINE,
    view,
    colours=colours,
    choices={"council": council_id},
    full=full,
    title=f"{name}: peer challenges and what followed",
    column_config=by_label(
        date_column("Date drawn"), tick_column("Exact date"), tick_column("Planned"), count_column("Recommendations")
    ),
)

# ---- What came back -------------------------------------------------------------------------------------
st.subheader("What came back", anchor=False)
later_options = later_challenges(challenges, council_id)
left, right = st.columns(2)
later_id = left.selectbox(
    "Later challenge",
    later_options,
    format_func=lambda c: labels.get(c, c),
    key=f"history_later_{council_id}",
)
earlier_options = earlier_challenges(challenges, later_id)
default = default_earlier(challenges, later_id)
earlier_id = right.selectbox(
    "Compared with",
    earlier_options,
    index=earlier_options.index(default) if default in earlier_options else 0,
    format_func=lambda c: labels.get(c, c),
    key=f"history_earlier_{later_id}",
    help="The same council's earlier challenges; by default the one the later challenge follows up, or the "
    "latest with recommendations recorded.",
)
result = recurrence(full, later_id, earlier_id, index=overlap_index(full))
later_label, earlier_label = short.get(later_id, later_id), short.get(earlier_id, earlier_id)
captured = dict(zip(challenges["challenge_id"], challenges["recommendations_captured"], strict=True))
for cid, label in ((earlier_id, earlier_label), (later_id, later_label)):
    if not captured.get(cid):
        st.warning(
            f"No recommendations are recorded for the {md_escape(label)} (its source lists none we could "
            "capture), so this comparison has nothing on that side."
            + (" Pick another earlier challenge above." if cid == earlier_id and len(earlier_options) > 1 else ""),
            icon=":material/info:",
        )

counts = result.counts()
takeaway = recurrence_takeaway(result, later_label=f"the {later_label}", earlier_label=f"the {earlier_label}")
st.markdown(f"**{md_escape(takeaway)}**")
cells = st.columns(4)
cells[0].metric("Recurred", counts["recurred"], help=f"Score {RECURRED_AT} or more: the same ask again", border=True)
cells[1].metric("Related", counts["related"], help=f"Score {RELATED_AT}–{RECURRED_AT}: the same area", border=True)
cells[2].metric("New", counts["new"], help=f"Nothing earlier scores {RELATED_AT} or more", border=True)
cells[3].metric(
    "Disappeared",
    counts["disappeared"],
    help=f"Earlier recommendations no later one scores {RELATED_AT} or more against",
    border=True,
)
st.caption(
    "Score 0–1 from the overlap engine (shared wording and topics; see the Overlap page), compared only within "
    f"this council. Recurred: {RECURRED_AT} or more; related: {RELATED_AT} or more; below that, new."
)

st.markdown(
    f"##### Each recommendation of the {md_escape(later_label)} beside its closest from the {md_escape(earlier_label)}"
)
for pair in result.pairs.to_dict("records"):
    with st.container(border=True):
        left, right = st.columns(2, gap="medium")
        badge = f":{VERDICT_COLOURS[pair['verdict']]}-badge[{VERDICT_LABELS[pair['verdict']]} · {pair['score']:.2f}]"
        left.markdown(
            f"**{md_escape(later_label.capitalize())}, recommendation {md_escape(pair['number'])}** {badge}\n\n"
            + md_escape(pair["title"])
        )
        if pair["earlier_rec_id"] and pair["score"] > 0:
            nearest = "Closest" if pair["verdict"] != "new" else "Nearest (not a match)"
            right.markdown(
                f"**{nearest} in the {md_escape(earlier_label)}: recommendation "
                f"{md_escape(pair['earlier_number'])}**\n\n{md_escape(pair['earlier_title'])}"
            )
            if pair["why"]:
                right.caption(f"Shared words: {md_escape(pair['why'])}")
        elif pair["earlier_rec_id"]:
            right.caption(f"Nothing in the {md_escape(earlier_label)} shares its words or topics.")
        else:
            right.caption(f"Nothing in the {md_escape(earlier_label)} to compare with.")
pairs = result.pairs.assign(verdict=result.pairs["verdict"].map(VERDICT_LABELS))
expander_table(
    "These pairs as a table",
    pairs,
    key="history_pairs",
    file_name=f"history-{later_id}-vs-{earlier_id}.csv",
    column_config={
        "rec_id": None,
        "earlier_rec_id": None,
        "number": st.column_config.TextColumn(f"No. ({later_label})", width="small"),
        "title": st.column_config.TextColumn(f"Recommendation ({later_label})", width="large"),
        "earlier_number": st.column_config.TextColumn(f"No. ({earlier_label})", width="small"),
        "earlier_title": st.column_config.TextColumn(f"Closest earlier ({earlier_label})", width="large"),
        "score": st.column_config.ProgressColumn("Score", min_value=0.0, max_value=1.0, format="%.2f"),
        "text_score": number_column("Wording part", "%.2f"),
        "topic_score": number_column("Topic part", "%.2f"),
        "verdict": "Verdict",
        "why": "Shared words",
    },
)
st.markdown(f"##### Recommendations of the {md_escape(earlier_label)} that did not come back")
if result.disappeared.empty:
    st.caption(
        f"None: every earlier recommendation has a later one scoring at least {RELATED_AT}."
        if len(result.pairs)
        else "Nothing to compare: the later challenge has no recommendations."
    )
else:
    table_with_download(
        result.disappeared,
        key="history_gone",
        file_name=f"history-{earlier_id}-not-back-in-{later_id}.csv",
        column_config={
            "rec_id": None,
            "number": text_column("No.", "small"),
            "title": st.column_config.TextColumn(f"Recommendation ({earlier_label})", width="large"),
            "best_score": st.column_config.ProgressColumn(
                "Best later score", min_value=0.0, max_value=1.0, format="%.2f"
            ),
            "closest_rec_id": None,
            "closest_number": st.column_config.TextColumn(f"Closest in {later_label}", width="small"),
        },
    )
