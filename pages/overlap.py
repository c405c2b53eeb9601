"""Overlap: which councils were told the same things, what recurs, and what others planned for it."""

import streamlit as st

from analysis.overlap import clusters, council_overlap
from analysis.overlap_view import (
    MAX_CLUSTER_BARS,
    actions_for,
    cluster_bars,
    clusters_in_view,
    clusters_takeaway,
    comparison_councils,
    overlap_in_view,
    overlap_pairs,
    overlap_takeaway,
    similar_in_view,
    similar_takeaway,
)
from charts.overlap import cluster_bars_figure, match_scores_figure, overlap_heatmap_figure
from charts.palette import council_colours
from ui.components import chart_with_table, empty_state, filter_caption
from ui.data import corpus
from ui.filters import sidebar_view
from ui.format import md_escape

REC_PARAM = "rec"
MAX_GROUP_MEMBERS = 30
REC_KEY = "overlap_rec"
MATCHES_KEY = "overlap_k"

view = sidebar_view()
full = corpus()
colours = council_colours(full.councils["council_id"])
names = full.councils.set_index("council_id")["name"].to_dict()

st.title("Overlap")
st.caption(
    "How alike peer teams' recommendations are across councils. Similarity blends shared wording (TF-IDF) "
    "with shared topics; it is computed over every plan, then cut to the councils in view, so a pair's figure "
    "does not change with the filters. Method and evaluation: docs/overlap.md."
)
filter_caption(view.filters)

recs = view.recommendations
if recs.empty:
    empty_state("No recommendations match these filters, so there is nothing to compare.", filters=view.filters)
    st.stop()
in_view = sorted(recs["council_id"].unique())

# --- Council x council ------------------------------------------------------------------------------
st.subheader("How alike are councils' recommendations?")
if len(in_view) < 2:
    st.info(
        f"Only {md_escape(names.get(in_view[0], in_view[0]))} is in view: choose at least two councils to compare "
        "them. The closest recommendations elsewhere are still listed below.",
        icon=":material/compare_arrows:",
    )
else:
    matrix = overlap_in_view(council_overlap(full), in_view)
    if len(matrix) < len(in_view):
        st.caption(f"Showing the {len(matrix)} councils with the most overlap of the {len(in_view)} in view.")
    pairs = overlap_pairs(matrix, names)
    chart_with_table(
        overlap_heatmap_figure(matrix, names),
        pairs,
        key="overlap_matrix",
        title="Council × council overlap",
        takeaway=overlap_takeaway(pairs),
        file_name="council-overlap.csv",
        caption="Overlap of A and B: for each of A's recommendations its best match among B's, averaged, and the "
        "same from B to A; the mean of the two. 100% would mean every recommendation has a twin.",
        column_config={
            "council_id": None,
            "other_council_id": None,
            "council": "Council",
            "other_council": "Other council",
            "overlap": st.column_config.ProgressColumn("Overlap", format="percent", min_value=0, max_value=1),
        },
    )

# --- Recurring recommendations -------------------------------------------------------------------------
st.subheader("Recommendations that recur across councils")
members = clusters_in_view(clusters(full), recs["rec_id"])
if members.empty:
    st.info("No group of closely matching recommendations spans two or more of the councils in view.")
else:
    chart_with_table(
        cluster_bars_figure(cluster_bars(members, names), colours=colours),
        members.assign(council=members["council_id"].map(names)),
        key="overlap_clusters",
        title="Recommendations that recur across councils",
        takeaway=clusters_takeaway(members),
        file_name="recurring-recommendations.csv",
        caption="Each bar is a group of recommendations, made to at least two councils, that say the same thing; "
        "its segments are councils. Labels are the terms the group shares.",
        column_config={
            "cluster_id": st.column_config.NumberColumn("Group", format="%d"),
            "label": "Shared terms",
            "topic": "Topic",
            "size": "Recommendations",
            "councils": "Councils",
            "rec_id": None,
            "council_id": None,
            "challenge_id": "Challenge",
            "council": "Council",
            "title": st.column_config.TextColumn("Recommendation", width="large"),
            "cohesion": st.column_config.NumberColumn("Cohesion", format="%.2f"),
        },
    )
    groups = members.groupby("cluster_id", sort=False)
    if groups.ngroups > MAX_CLUSTER_BARS:
        st.caption(f"The {MAX_CLUSTER_BARS} most widespread of {groups.ngroups:,} groups; every group is in the table.")
    for number, (cluster_id, group) in enumerate(groups):
        if number >= MAX_CLUSTER_BARS:
            break
        first = group.iloc[0]
        with st.expander(
            f"Group {cluster_id}: {first['label']} — {int(first['councils'])} councils, {len(group)} recommendations"
        ):
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
asked = st.query_params.get(REC_PARAM)
if asked and asked not in labels:
    st.warning(
        f"The recommendation in the link ({md_escape(asked)}) is not in the filtered view; showing another.",
        icon=":material/info:",
    )
if st.session_state.get(REC_KEY) not in labels:
    st.session_state[REC_KEY] = asked if asked in labels else next(iter(labels))
left, right = st.columns([4, 1])
rec_id = left.selectbox("Recommendation", list(labels), format_func=lambda r: labels[r][:160], key=REC_KEY)
k = right.number_input("Matches", min_value=1, max_value=10, value=5, key=MATCHES_KEY)
if st.query_params.get(REC_PARAM) != rec_id:
    st.query_params[REC_PARAM] = rec_id

chosen = full.recommendations.set_index("rec_id").loc[rec_id]
others, widened = comparison_councils(chosen["council_id"], view.councils["council_id"], full.councils["council_id"])
if widened:
    st.caption("Only one council is in view, so matches come from every other council.")
matches = similar_in_view(full, full.actions, rec_id, others, k=int(k), names=names)


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

if matches.empty:
    st.info("No recommendation from another council in view shares wording or topics with this one.")
else:
    chart_with_table(
        match_scores_figure(matches, colours=colours),
        matches,
        key="overlap_similar",
        title="Closest recommendations elsewhere",
        takeaway=similar_takeaway(matches, names),
        file_name=f"similar-to-{rec_id}.csv",
        sources=full.challenges[
            full.challenges["challenge_id"].isin([chosen["challenge_id"], *matches["challenge_id"]])
        ],
        column_config={
            "rank": st.column_config.NumberColumn("#", format="%d"),
            "rec_id": None,
            "council_id": None,
            "council": "Council",
            "challenge_id": "Challenge",
            "number": "No.",
            "title": st.column_config.TextColumn("Recommendation", width="large"),
            "text": None,
            "score": st.column_config.ProgressColumn("Score", format="%.2f", min_value=0, max_value=1),
            "text_score": st.column_config.NumberColumn("Wording", format="%.2f"),
            "topic_score": st.column_config.NumberColumn("Topics", format="%.2f"),
            "shared_topics": st.column_config.ListColumn("Shared topics"),
            "why": "Shared terms",
            "actions": st.column_config.ListColumn("Actions planned"),
        },
    )
    for start in range(0, len(matches), 3):
        columns = st.columns(3)
        for column, row in zip(columns, matches.iloc[start : start + 3].itertuples(index=False), strict=False):
            with column.container(border=True):
                shared = f" · shared: {row.why}" if row.why else ""
                topics = f" · topics: {', '.join(row.shared_topics)}" if len(row.shared_topics) else ""
                st.caption(md_escape(f"#{row.rank} · score {row.score:.2f}{shared}{topics}"))
                _card(row.council_id, row.challenge_id, row.number, row.title, row.text, list(row.actions))
