"""The Streamlit edge: cached data and URL-backed state. Only pages and this package import streamlit."""
