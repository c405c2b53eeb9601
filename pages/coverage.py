"""Coverage: of England's current councils (reference data), which have a peer challenge here, and which not yet."""

import streamlit as st

from analysis.national_coverage import coverage_by, coverage_table, coverage_takeaway, uncovered
from charts.coverage import figure
from ui.columns import count_column, share_bar
from ui.components import chart_with_table, filter_caption, table_with_download
from ui.data import corpus
from ui.filters import sidebar_view
from ui.memo import memo
from ui.page import stop_if_empty

data = sidebar_view()
full = corpus()

st.title("Coverage")
st.caption(
    "Which of England's current councils have a peer challenge in this dashboard, by type and region, and how "
    "recent the latest is. Council list, types, regions and coordinates: mySociety's reference data (MIT)."
)
filter_caption(data.filters)

table = memo(coverage_table, full.authorities, full.challenges)
if data.filters.council_types:
    table = table[table["authority_type"].isin(data.filters.council_types)]
if data.filters.regions:
    wanted = {region.casefold() for region in data.filters.regions}
    table = table[table["region"].str.casefold().isin(wanted)]
stop_if_empty(table.empty, "No current English councils match these filters.", filters=data.filters)

covered = int(table["in_corpus"].sum())
cols = st.columns(3)
cols[0].metric("Current English councils", len(table))
cols[1].metric("With a peer challenge here", covered)
cols[2].metric("No data yet", len(table) - covered)

chart_with_table(
    figure(table),
    table.drop(columns=["lat", "lon"]),
    key="coverage_map",
    file_name="coverage.csv",
    takeaway=coverage_takeaway(table),
    title="Peer challenges across England",
    caption="Each dot is a council at its centre; colour is the year of its latest peer challenge here.",
)

for column, (field, group) in zip(st.columns(2), (("authority_type", "Type"), ("region", "Region")), strict=True):
    with column:
        st.subheader(f"By {group.lower()}", anchor=False)
        st.dataframe(
            coverage_by(table, field),
            hide_index=True,
            column_config={"group": group, "share": share_bar("Share"), "latest_year": count_column("Latest")},
        )

st.subheader("No data yet", anchor=False)
missing = uncovered(table)
st.caption(f"{len(missing)} council{' has' if len(missing) == 1 else 's have'} no peer challenge here yet. "
           "Have one of their plans? Add it:")  # fmt: skip
st.page_link("pages/add-plan.py", label="Add a plan", icon=":material/upload_file:")
table_with_download(
    missing.assign(add="/add-plan"),
    key="coverage_missing",
    file_name="coverage-no-data.csv",
    column_config={
        "name": "Council",
        "authority_type": "Type",
        "region": "Region",
        "ons_code": "ONS code",
        "population": st.column_config.NumberColumn("Population (2020)", format="localized"),
        "add": st.column_config.LinkColumn("Add a plan", display_text="Add a plan"),
    },
)
