"""Peer Challenge Explorer: entry point. Configures the app, routes to the pages."""

import streamlit as st

from ui import present
from ui.entry import mark_entry
from ui.warm import warm_indexes

st.set_page_config(page_title="Peer Challenge Explorer", page_icon=":material/compare:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/themes.py", title="Themes", icon=":material/category:", url_path="themes"),
    st.Page("pages/timescales.py", title="Timescales", icon=":material/calendar_month:", url_path="timescales"),
    st.Page("pages/owners.py", title="Owners", icon=":material/groups:", url_path="owners"),
    st.Page("pages/overlap.py", title="Overlap", icon=":material/join_inner:", url_path="overlap"),
    st.Page("pages/brief.py", title="Council brief", icon=":material/assignment:", url_path="brief"),
    st.Page("pages/history.py", title="History", icon=":material/history:", url_path="history"),
    st.Page("pages/search.py", title="Search", icon=":material/search:", url_path="search"),
    st.Page("pages/coverage.py", title="Coverage", icon=":material/map:", url_path="coverage"),
    st.Page("pages/add-plan.py", title="Add a plan", icon=":material/upload_file:", url_path="add-plan"),
]

warm_indexes()  # a background thread on a real server; never waits, nothing under AppTest
page = st.navigation(PAGES)
mark_entry(page)
present.will_end_page()
try:
    page.run()
finally:  # also after st.stop(): presentation mode draws its controls once the page's charts are counted
    present.end_page()
