"""Overview: the corpus at a glance — one card per council, totals, and recommendations by LGA theme."""

import streamlit as st

from analysis.summary import council_summary, theme_counts, theme_takeaway
from charts.palette import council_colours
from charts.themes import theme_bars_figure
from ui.components import chart_with_table, empty_state, filter_caption
from ui.data import corpus
from ui.exports import pack_download, workbook_download
from ui.filters import sidebar_view
from ui.format import KIND_LABELS, captured_of_declared, fmt_date, md_escape

full = corpus()
data = sidebar_view()

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
        st.dataframe(full.problems, hide_index=True)

if full.councils.empty:
    st.info("No plans are loaded. Add plan files to `data/plans/` (see docs/schema.md).")
    st.stop()
if data.councils.empty:
    empty_state("No councils match these filters.", filters=data.filters)
    st.stop()

summary = council_summary(data.councils, data.challenges)
declared = data.challenges["recommendations_declared"].sum(min_count=1)
totals = st.columns(4)
totals[0].metric("Councils", len(data.councils))
totals[1].metric("Peer challenges", len(data.challenges))
totals[2].metric(
    "Recommendations",
    len(data.recommendations),
    help="Captured from the sources, of the number the documents declare",
)
totals[3].metric("Actions", len(data.actions), help="Actions the councils planned in response")
st.caption(
    f"Recommendations captured: {captured_of_declared(len(data.recommendations), declared)} "
    "across all documents."
)

st.subheader("Councils")
colours = council_colours(full.councils["council_id"])
cards = st.columns(min(4, len(summary)))
for i, row in summary.iterrows():
    with cards[i % len(cards)].container(border=True):
        colour = colours[row["council_id"]]
        st.markdown(f"#### :material/account_balance: {md_escape(row['name'])}")
        st.markdown(
            f"<span style='display:inline-block;width:2.5em;height:0.45em;background:{colour};"
            "border-radius:2px'></span>",
            unsafe_allow_html=True,  # a fixed swatch built from our own palette, no data text
        )
        st.caption(f"{md_escape(row['council_type']).capitalize()} · {md_escape(row['region'])} · {row['ons_code']}")
        challenges = data.challenges[data.challenges["council_id"] == row["council_id"]].sort_values("year")
        for _, ch in challenges.iterrows():
            when = ch["onsite_as_written"] or fmt_date(ch["onsite_start"], style="month")
            st.markdown(
                f"**{KIND_LABELS.get(ch['kind'], ch['kind'])} {ch['year']}** · on site {md_escape(when)}  \n"
                f"Plan/response: {fmt_date(ch['plan_date'])}  \n"
                "Recommendations: "
                f"{captured_of_declared(ch['recommendations_captured'], ch['recommendations_declared'])}"
                f"  \nActions: {ch['actions_count']}"
                + (f" ({ch['steps_count']} steps)" if ch["steps_count"] else "")
            )
            if not ch["action_plan_in_source"]:
                st.caption(":material/info: The action plan is not in the source document.")
            elif ch["recommendations_declared"] and ch["recommendations_captured"] < ch["recommendations_declared"]:
                missing = int(ch["recommendations_declared"] - ch["recommendations_captured"])
                st.caption(f":material/info: {missing} declared recommendation(s) are missing from the source.")

st.subheader("Recommendations by LGA core theme")
measure = st.segmented_control(
    "Show", ["Count", "Share of council's recommendations"], default="Count", key="overview_measure"
)
counts = theme_counts(data.recommendations, data.councils)
if counts.empty:
    empty_state("No recommendations match these filters, so there is nothing to chart.", filters=data.filters)
else:
    fig = theme_bars_figure(
        counts, colours=colours, measure="share" if measure and measure.startswith("Share") else "recommendations"
    )
    chart_with_table(
        fig,
        counts.drop(columns=["council_total"]),
        key="overview_themes",
        title="Recommendations by LGA core theme",
        takeaway=theme_takeaway(counts),
        file_name="recommendations-by-theme.csv",
        caption=(
            "Each recommendation counts once, under its first (best-fitting) LGA core theme. "
            "Themes are hand-labelled in the data files where given, otherwise classified."
        ),
        column_config={
            "council_id": None,
            "council": "Council",
            "lga_theme": "LGA core theme",
            "recommendations": st.column_config.NumberColumn("Recommendations", format="%d"),
            "share": st.column_config.NumberColumn("Share", format="percent"),
        },
    )

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
    pack_download(data, colours=colours, key="overview_pack")
