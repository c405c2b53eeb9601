"""Overview: the corpus at a glance — the headline numbers and the theme chart first, then how complete each
record is, then one card per council."""

import pandas as pd
import streamlit as st

from analysis.cells import counted
from analysis.history import follow_ups
from analysis.summary import (
    captured_sentence,
    captured_totals,
    completeness_table,
    completeness_takeaway,
    council_summary,
)
from charts.palette import council_colours
from loaders.completeness import plan_note
from sections.overview import OVERVIEW_THEMES
from ui.columns import by_label, count_column, percent_column
from ui.components import empty_state, filter_caption, table_with_download
from ui.data import corpus
from ui.exports import pack_download, workbook_download
from ui.filters import sidebar_view
from ui.format import (
    FIDELITY_LABELS,
    KIND_LABELS,
    NOT_STATED,
    NOT_STATED_COUNT,
    captured_of_declared,
    completeness_badge,
    fmt_date,
    md_escape,
    stated,
)
from ui.memo import memo
from ui.page import stop_if_empty
from ui.sections import show as show_section

#: Council cards drawn at once; a national corpus pages through them instead of drawing a thousand.
CARDS_PER_PAGE = 16

data = sidebar_view()
full = corpus()

st.title("Peer Challenge Explorer")
st.caption(
    "UK councils' responses to LGA Corporate Peer Challenges, side by side: every recommendation, "
    "action, owner and timescale as the councils wrote them."
)

filter_caption(data.filters)

if not full.problems.empty:
    errors = full.problems[full.problems["severity"] == "error"]
    label = (
        f"{full.problems['file'].nunique()} file(s) have problems — "
        f"{len(errors)} error(s) kept files out of the dashboard"
    )
    with st.expander(label, expanded=not errors.empty, icon=":material/warning:"):
        st.dataframe(full.problems.assign(line=full.problems["line"].map(stated)), hide_index=True)

if full.councils.empty:
    st.info("No plans are loaded. Add plan files to `data/plans/` (see docs/schema.md).")
    st.stop()
stop_if_empty(data.councils.empty, "No councils match these filters.", filters=data.filters)

summary = memo(council_summary, data.councils, data.challenges)
totals_now = captured_totals(data.challenges)
totals = st.columns(4)
totals[0].metric("Councils", len(data.councils))
totals[1].metric("Peer challenges", len(data.challenges))
totals[2].metric(
    "Recommendations",
    totals_now["captured"],
    delta=(
        f"{totals_now['captured_where_declared']} of {totals_now['declared']} declared"
        if totals_now["challenges_declared"]
        else NOT_STATED_COUNT  # no source states a count: not "0 of 0 declared"
    ),
    delta_color="off",
    delta_arrow="off",
    help=(
        "All recommendations captured from the sources. Below: captured of the number the sources themselves "
        "declare, over the challenges whose source states a count (the line under the figures says how many "
        "more come from the others)."
    ),
)
totals[3].metric(
    "Actions",
    totals_now["actions"],
    help="Actions the councils planned in response, as captured. Most sources do not say how many a plan has.",
)
st.caption(
    f"{captured_sentence(totals_now)} All {totals_now['captured']} captured recommendations appear in the charts. "
    + (
        f"Actions: {totals_now['actions_where_declared']} captured of the {totals_now['actions_declared']} that "
        f"{counted(totals_now['challenges_actions_declared'], 'source')} declare."
        if totals_now["challenges_actions_declared"]
        else ""
    )
)

colours = council_colours(full.councils["council_id"])

st.subheader("Recommendations by LGA core theme")
measure = st.segmented_control(
    "Show", ["Count", "Share of council's recommendations"], default="Count", key="overview_measure"
)
section_colours = {c: colours[c] for c in data.councils["council_id"] if c in colours}
if not show_section(
    OVERVIEW_THEMES,
    data,
    colours=section_colours,
    choices={"measure": "share" if measure and measure.startswith("Share") else "recommendations"},
    column_config=by_label(count_column("Recommendations"), percent_column("Share")),
):
    empty_state("No recommendations match these filters, so there is nothing to chart.", filters=data.filters)


st.subheader("How complete is each record?")
# One rule with the History page: its reviews are the events History draws as reviews; a revisit filed as a
# record of its own is named as a follow-up, not counted as a review.
follow = follow_ups(full.challenges, full.reviews).set_index("challenge_id")
labels = {row.challenge_id: f"{KIND_LABELS.get(row.kind, row.kind)} {row.year}" for row in full.challenges.itertuples()}
table = completeness_table(data.challenges, data.councils)
st.markdown(f"**{completeness_takeaway(data.challenges)}**")
st.caption(
    "Worked out from the data, never typed by hand: *full action plan* — every declared recommendation is "
    "captured and each has actions; *partial action plan* — the plan is in the sources, with gaps; "
    "*recommendations only* — no action plan in the sources (any actions listed are as later progress papers "
    "report them); *summary only* — no recommendation text either, only counts, themes or progress statements. "
    "Fidelity says whether the recommendation texts are the peer team's words (verbatim), headings only, or "
    "someone's paraphrase. Reviews count the progress reviews and reports the History page draws; a revisit "
    "filed as a record of its own has its own row."
)
shown_table = table.assign(
    recommendation_fidelity=table["recommendation_fidelity"].map(lambda f: FIDELITY_LABELS.get(f, stated(f))),
    recommendations_declared=table["recommendations_declared"].map(stated),
    actions_declared=table["actions_declared"].map(stated),
    reviews_count=table["challenge_id"].map(follow["reviews"]).fillna(0).astype("int64"),
    followed_by=table["challenge_id"].map(
        lambda c: ", ".join(labels.get(i, i) for i in follow["followed_by"].get(c, [])) or "none"
    ),
)
table_with_download(
    shown_table,
    key="overview_completeness",
    file_name="completeness.csv",
    column_config={
        "council_id": None,
        "council": "Council",
        "challenge_id": None,
        "year": count_column("Year"),
        "kind": "Kind",
        "completeness": "Completeness",
        "recommendation_fidelity": "Recommendation text",
        "recommendations_captured": count_column("Recs captured"),
        "recommendations_declared": "Recs declared",
        "actions_count": count_column("Actions"),
        "actions_declared": "Actions declared",
        "reviews_count": count_column("Reviews"),
        "followed_by": "Followed up by",
    },
)

st.subheader("Councils")
shown = summary
if len(summary) > CARDS_PER_PAGE:
    pages = -(-len(summary) // CARDS_PER_PAGE)
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    number = int(left.number_input("Page", min_value=1, max_value=pages, value=1, key="overview_cards_page"))
    shown = summary.iloc[(number - 1) * CARDS_PER_PAGE : number * CARDS_PER_PAGE].reset_index(drop=True)
    right.caption(
        f"Councils {(number - 1) * CARDS_PER_PAGE + 1:,}–{(number - 1) * CARDS_PER_PAGE + len(shown):,} of "
        f"{len(summary):,}, by name. Pick councils in the sidebar to go straight to them."
    )
cards = st.columns(min(4, len(shown)))
for i, row in shown.iterrows():
    with cards[i % len(cards)].container(border=True):
        colour = colours[row["council_id"]]
        st.markdown(f"#### :material/account_balance: {md_escape(row['name'])}")
        st.markdown(
            f"<span style='display:inline-block;width:2.5em;height:0.45em;background:{colour};"
            "border-radius:2px'></span>",
            unsafe_allow_html=True,  # a fixed swatch built from our own palette, no data text
        )
        code = md_escape(row["ons_code"]) if isinstance(row["ons_code"], str) else "ONS code not stated"
        st.caption(
            f"{md_escape(stated(row['council_type'])).capitalize()} · {md_escape(stated(row['region']))} · {code}"
        )
        challenges = data.challenges[data.challenges["council_id"] == row["council_id"]].sort_values("year")
        for _, ch in challenges.iterrows():
            when = stated(ch["onsite_as_written"]) if isinstance(ch["onsite_as_written"], str) else ""
            when = when or (
                fmt_date(ch["onsite_start"], style="month") if not pd.isna(ch["onsite_start"]) else NOT_STATED
            )
            plan = fmt_date(ch["plan_date"]) if not pd.isna(ch["plan_date"]) else stated(ch.get("plan_date_as_written"))
            fidelity = FIDELITY_LABELS.get(ch["recommendation_fidelity"], "")
            after = follow.loc[ch["challenge_id"]] if ch["challenge_id"] in follow.index else None
            reviews = int(after["reviews"]) if after is not None else 0
            later = ", ".join(labels.get(c, c) for c in after["followed_by"]) if after is not None else ""
            st.markdown(
                f"**{KIND_LABELS.get(ch['kind'], ch['kind'])} {ch['year']}** · on site {md_escape(when)}  \n"
                f"{completeness_badge(ch['completeness'])}  \n"
                f"Plan/response: {plan}  \n"
                "Recommendations: "
                f"{captured_of_declared(ch['recommendations_captured'], ch['recommendations_declared'])}"
                + (f" ({fidelity})" if fidelity else "")
                + "  \nActions: "
                + (
                    captured_of_declared(ch["actions_count"], ch["actions_declared"])
                    if not pd.isna(ch["actions_declared"])
                    else str(ch["actions_count"])
                )
                + (f" ({ch['steps_count']} steps)" if ch["steps_count"] else "")
                + (f"  \nProgress reviews and reports: {reviews}" if reviews else "")
                + (f"  \nFollowed up by: {md_escape(later)}" if later else "")
            )
            declared = ch["recommendations_declared"]
            if not pd.isna(declared) and ch["recommendations_captured"] < declared:
                missing = int(declared - ch["recommendations_captured"])
                st.caption(f":material/info: {missing} declared recommendation"
                           f"{' is' if missing == 1 else 's are'} not in the sources.")  # fmt: skip
            note = plan_note(actions=int(ch["actions_count"]), action_plan_in_source=bool(ch["action_plan_in_source"]))
            if note:
                st.caption(f":material/info: {note}")

st.subheader("Take this view away")
st.caption(
    "Files for the current filters, built when you click. Each chart also has PNG, SVG and CSV downloads under "
    "its table."
)
data_col, pack_col = st.columns(2)
with data_col, st.container(border=True):
    st.markdown("**Spreadsheet**  \nEvery council, challenge, recommendation, action and step, with a README sheet.")
    workbook_download(data, key="overview_workbook")
with pack_col, st.container(border=True):
    st.markdown("**Briefing pack**  \nA PowerPoint deck: a title slide and one slide per chart, ready to edit.")
    pack_download(data, colours=colours, full=full, key="overview_pack")
