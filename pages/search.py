"""Search page (being built)."""

import streamlit as st

from ui.filters import sidebar_view

view = sidebar_view()
st.title("Search")
st.info("This page is being built.")
