"""The "councils left out, and why" notice that timescale and owner views put above their charts.

Sparse sources (recommendations only, no owner column) are common, so a view that silently drew only the
councils with data would mislead; this says how many it leaves out and why, listing them when few and
counting them by reason (with the full list one click away) when many.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.coverage import left_out_headline, left_out_sentence
from ui.components import expander_table
from ui.format import md_escape

#: Up to this many councils are named in the sentence itself.
NAMED_LIMIT = 4


def left_out_notice(left_out: pd.DataFrame, shown: int, *, key: str, what: str, file_name: str) -> None:
    """One caption (plus an expander with the table when many) about the councils ``what`` leaves out."""
    if left_out.empty:
        return
    if len(left_out) <= NAMED_LIMIT:
        st.caption(f":material/visibility_off: {md_escape(what)}: {md_escape(left_out_sentence(left_out, shown))}.")
        return
    st.caption(f":material/visibility_off: {md_escape(what)}: {md_escape(left_out_headline(left_out, shown))}.")
    label = f"The {len(left_out):,} councils left out, and why"
    expander_table(
        label,
        left_out,
        key=key,
        icon=":material/visibility_off:",
        file_name=file_name,
        column_config={"council_id": None, "council": "Council", "reason": "Why", "challenges": "Challenges"},
    )
