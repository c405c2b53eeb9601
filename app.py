"""Peer Challenge Explorer: entry point. Configures the app and routes to the pages; nothing else."""

import streamlit as st

st.set_page_config(page_title="Peer Challenge Explorer", page_icon=":material/compare:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True, url_path="overview"),
]

st.navigation(PAGES).run()
