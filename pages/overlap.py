"""Overlap: which councils were told the same things, what recurs, and what others planned for it."""

import streamlit as st

from analysis.overlap_view import MAX_CLUSTER_BARS, actions_for, match_evidence
from sections.overlap import GROUPS, MATCHES, MATRIX
from ui.columns import by_label, count_column, list_column, number_column, score_bar, share_bar, text_column
from ui.format import md_escape
from ui.page import page_start, stop_if_empty
from ui.sections import show as show_section
from ui.state import url_select

#: What the page is for, under its title.
ABOUT = (
    "How alike peer teams' recommendations are across councils. Similarity blends shared wording (words that "
    "few plans use count for more than everyday ones) with shared topics, and a shared topic counts in full "
    "only beside shared wording: a match on topic alone says so and scores low. It is worked out over every plan, "
    "then cut to the councils in view, so a pair's figure does not change with the filters. How the measure "
    "was chosen and checked is written up in the project's notes on overlap."
)

REC_PARAM = "rec"
MAX_GROUP_MEMBERS = 30
REC_KEY = "overlap_rec"
MATCHES_KEY = "overlap_k"

view, full, colours, names = page_start("Overlap", ABOUT)

recs = view.recommendations
stop_if_empty(
    recs.empty, "No recommendations match these filters, so there is nothing to compare.", filters=view.filters
)
in_view = sorted(recs["council_id"].unique())

# --- Council x council ------------------------------------------------------------------------------
st.subheader("How alike are councils' recommendations?")
if len(in_view) < 2:
    st.info(
        f"Only {md_escape(names.get(in_view[0], in_view[0]))} is in view: choose at least two councils to compare "
        "them. The closest recommendations elsewhere are still listed below.",
        icon=":material/compare_arrows:",
    )
section_colours = {c: colours[c] for c in view.councils["council_id"] if c in colours}
show_section(
    MATRIX,
    view,
    colours=section_colours,
    full=full,
    column_config=by_label(share_bar("Overlap")),
)

# --- Recurring recommendations -------------------------------------------------------------------------
st.subheader("Recommendations that recur across councils")
recurring = show_section(
    GROUPS,
    view,
    colours=section_colours,
    full=full,
    column_config=by_label(
        count_column("Group"),
        text_column("Group name"),
        text_column("Recommendation"),
        number_column("Cohesion", "%.2f"),
    ),
)
if recurring is not None:
    members = recurring.data.members
    for _, group in members.groupby("number", sort=True):
        first = group.iloc[0]
        if first["number"] > MAX_CLUSTER_BARS:
            break
        with st.expander(
            f"Group {first['number']}: {md_escape(first['headline'])} — {int(first['councils'])} councils, "
            f"{len(group)} recommendations"
        ):
            st.caption(md_escape(f"Shared words: {first['label']} · topic: {first['topic']}"))
            if len(group) > MAX_GROUP_MEMBERS:
                st.caption(f"The first {MAX_GROUP_MEMBERS} of {len(group):,}; the table has them all.")
            for row in group.head(MAX_GROUP_MEMBERS).itertuples(index=False):
                st.markdown(f"- **{md_escape(names.get(row.council_id, row.council_id))}** "
                            f"({md_escape(row.challenge_id)}): {md_escape(row.title)}")  # fmt: skip

# --- One recommendation, side by side --------------------------------------------------------------------
st.subheader("The most similar recommendations elsewhere")
ordered = recs.sort_values(["council_id", "challenge_id", "order"])
labels = {
    row.rec_id: f"{names.get(row.council_id, row.council_id)} · {row.challenge_id[-4:]} · {row.number}: {row.title}"
    for row in ordered.itertuples(index=False)
}
left, right = st.columns([4, 1])
rec_id = url_select(
    REC_PARAM,
    list(labels),
    key=REC_KEY,
    label="Recommendation",
    format_func=lambda r: labels[r][:160],
    invalid=lambda asked, _: (
        f"The recommendation in the link ({md_escape(asked)}) is not in the filtered view; showing another."
    ),
    container=left,
)
k = right.number_input("Matches", min_value=1, max_value=10, value=5, key=MATCHES_KEY)

chosen = full.recommendations.set_index("rec_id").loc[rec_id]


def _card(council_id: str, challenge_id: str, number: object, title: str, text: str, planned: list[str]) -> None:
    """One recommendation with what its council planned: the unit of the side-by-side comparison."""
    st.markdown(f"**{md_escape(names.get(council_id, council_id))}** · {md_escape(challenge_id)} · "
                f"recommendation {md_escape(number)}")  # fmt: skip
    st.markdown(f"##### {md_escape(title)}")
    if text and text != title:
        st.markdown(md_escape(text))
    if planned:
        st.markdown("**Actions planned**\n" + "\n".join(f"{i}. {md_escape(a)}" for i, a in enumerate(planned, 1)))
    else:
        st.caption("No actions captured for this recommendation (the source may not include an action plan).")


with st.container(border=True):
    _card(chosen["council_id"], chosen["challenge_id"], chosen["number"], chosen["title"], chosen["text"],
          actions_for(full.actions, rec_id)["text"].tolist())  # fmt: skip

# A match takes the colour of its council even when the council is out of view (one council in view widens).
similar = show_section(
    MATCHES,
    view,
    colours=colours,
    choices={"rec": rec_id, "k": int(k)},
    full=full,
    column_config=by_label(
        text_column("Recommendation"),
        score_bar("Score"),
        number_column("Wording", "%.2f"),
        number_column("Topics", "%.2f"),
        list_column("Shared topics"),
        list_column("Actions planned"),
    ),
)
if similar is not None:
    matches = similar.data.matches
    for start in range(0, len(matches), 3):
        columns = st.columns(3)
        for column, row in zip(columns, matches.iloc[start : start + 3].itertuples(index=False), strict=False):
            with column.container(border=True):
                evidence = match_evidence(row.why, row.shared_topics)
                st.caption(md_escape(f"#{row.rank} · score {row.score:.2f} · {evidence}"))
                _card(row.council_id, row.challenge_id, row.number, row.title, row.text, list(row.actions))
