"""History for a council with one peer challenge: what followed it (action plan, progress reviews, revisits)
and the reviews' findings, instead of sending the adviser to another council's history.

Why a module of its own: the History page's comparison needs two challenges; this is the other branch, and it
reuses the brief's review rows (:func:`analysis.visit_answer.review_rows`) so both pages word reviews alike.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from analysis.followup import brief, day
from analysis.history import timeline
from analysis.visit_answer import review_rows
from ui.format import md_cells, md_escape
from ui.state import BRIEF_PAGE, brief_params


def timeline_rows(data: Any, council_id: str) -> pd.DataFrame:
    """The council's events in date order, in words: date (as written where inexact), what, title, RAG."""
    events = timeline(council_id, data.challenges, getattr(data, "reviews", None))
    rows = []
    for e in events.to_dict("records"):
        when = day(e.get("date")) if bool(e.get("date_exact")) else (e.get("date_as_written") or day(e.get("date")))
        rag = e.get("rag")
        rows.append(
            {
                "Date": (when or "undated") + (" (planned)" if bool(e.get("planned")) else ""),
                "Event": str(e.get("event") or e.get("kind") or ""),
                "Title": str(e.get("title") or ""),
                "RAG": rag if isinstance(rag, str) else "",
            }
        )
    return pd.DataFrame(rows, columns=["Date", "Event", "Title", "RAG"])


def one_challenge(data: Any, council_id: str, name: str) -> None:
    """The one-challenge view: its timeline as a table, its recorded reviews with findings, and where to go next."""
    st.info(
        f"{md_escape(name)} has had one peer challenge so far, so there is no earlier challenge to compare its "
        "recommendations with. What followed it is below.",
        icon=":material/history:",
    )
    st.subheader("Timeline", anchor=False)
    events = timeline_rows(data, council_id)
    if events.empty:
        st.caption("No dated event is recorded for this council.")
    else:
        st.table(md_cells(events).style.hide(axis="index"))
    b = brief(data, council_id, reviews=getattr(data, "reviews", None))
    reviews = review_rows(b)
    st.subheader(f"Recorded progress reviews — {len(reviews)}", anchor=False)
    if reviews.empty:
        st.caption(
            "The sources record no progress review, revisit or progress report for this council yet: the LGA "
            "offers a progress review about ten months after the challenge."
        )
    else:
        st.caption("As the sources record them; findings are quoted, not judged.")
        st.table(md_cells(reviews).style.hide(axis="index"))
    st.page_link(
        BRIEF_PAGE,
        label="Open this council's brief (where each action stands at a visit)",
        icon=":material/assignment:",
        query_params=brief_params(council_id),
    )
