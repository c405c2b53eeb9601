"""The floor for "time to first chart": a Streamlit page that draws one small plotly chart and nothing else.

``make bench`` times navigation to the first visible chart on every page of the app beside this page, so the
ratio says what the app itself adds (data, filters, layout) over Streamlit and plotly's own start-up.
"""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="floor_chart")
