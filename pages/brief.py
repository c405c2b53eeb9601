"""brief page (being built)."""

import streamlit as st

from ui.filters import sidebar_view

view = sidebar_view()
st.title("Council brief")
st.info("This page is being built.")
