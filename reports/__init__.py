"""Self-contained documents built from analysis results (pure: no Streamlit), e.g. the printable council brief."""
