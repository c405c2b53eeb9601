"""The council brief's first screen: where the council stands at the visit date, then the recorded reviews and
what similar councils planned. One call each, so the brief page stays a list of sections.

Tables put status and action first, so a phone (which cuts the right-hand columns) still shows the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from analysis.followup import Brief, day
from analysis.visit_answer import (
    AFTER_MONTHS,
    CLOSE_MATCH,
    bare_recommendations,
    close_matches,
    due_after_rows,
    gap_rows,
    overdue_rows,
    review_rows,
    tiles,
)
from charts.palette import STATUS_STYLE
from ui.format import md_cells, md_escape

_TILE_STYLE = {**STATUS_STYLE, "gap": ("#f3e8fd", "#6f3fa0"), "info": ("#ffffff", "#31333f")}


def tile_css() -> str:
    """Each tile coloured by its status (keyed containers ``brief_tile_<status>``)."""
    rules = [
        f".st-key-brief_tile_{code} {{ background: {bg}; border-left: 6px solid {fg}; border-radius: 6px; "
        f"padding: 0.4rem 0.6rem; }} .st-key-brief_tile_{code} [data-testid='stMetricValue'] {{ color: {fg}; }}"
        for code, (bg, fg) in _TILE_STYLE.items()
    ]
    return "<style>" + "\n".join(rules) + "</style>"


def _table(rows: pd.DataFrame, key: str) -> None:
    """A static table (prints whole, wraps text), status cells coloured when the rows carry ``_status``."""
    shown = md_cells(rows.drop(columns=[c for c in rows.columns if c.startswith("_")]))  # st.table cells are Markdown
    if "_status" in rows:
        codes = rows["_status"].tolist()

        def colour(column: pd.Series) -> list[str]:
            if column.name != "Status":
                return [""] * len(column)
            return [
                f"background-color: {STATUS_STYLE[c][0]}; color: {STATUS_STYLE[c][1]}; font-weight: 600"
                if c in STATUS_STYLE
                else ""
                for c in codes
            ]

        with st.container(key=key):
            st.table(shown.style.apply(colour, axis=0).hide(axis="index"))
        return
    with st.container(key=key):
        st.table(shown.style.hide(axis="index"))


def answer_section(b: Brief) -> None:
    """Tiles, then what passed its deadline by the visit, what falls due soon after, the gaps and bare recs."""
    st.html(tile_css())
    visit = day(b.visit_date)
    shown = tiles(b)
    for start in (0, 4):
        cols = st.columns(4)
        for col, tile in zip(cols, shown[start : start + 4], strict=True):
            with col, st.container(key=f"brief_tile_{tile.status}_{start}"):
                st.metric(tile.label, tile.value)
                st.caption(tile.definition)
    st.caption(
        "Deadline passed, due after, ongoing, later, completed and no date add up to the actions. Plans rarely "
        "record progress: a passed deadline is a question for the visit, not a finding."
    )
    with st.container(key="brief_answer"):
        overdue = overdue_rows(b)
        st.subheader(f"Deadline passed by the visit ({visit}) and not marked complete — {len(overdue)}", anchor=False)
        _table_or(
            overdue, "brief_overdue", none="No action has a deadline on or before the visit that the plan leaves open."
        )
        _listed(
            f"Falls due in the {AFTER_MONTHS} months after the visit",
            due_after_rows(b),
            "brief_soon",
            none=f"Nothing falls due in the {AFTER_MONTHS} months after {visit}.",
        )
        _listed(
            "Actions with no owner or no date",
            gap_rows(b),
            "brief_gaps",
            none="Every action names an owner and has a usable date.",
        )
        _listed(
            "Recommendations with no action",
            bare_recommendations(b),
            "brief_bare",
            none="Every recommendation has at least one action.",
        )


def _listed(heading: str, rows: pd.DataFrame, key: str, *, none: str) -> None:
    """A bold heading that counts the rows, then :func:`_table_or`."""
    st.markdown(f"**{heading} — {len(rows)}**")
    _table_or(rows, key, none=none)


def _table_or(rows: pd.DataFrame, key: str, *, none: str) -> None:
    """The rows as a table, or ``none`` as a caption when there are none (a list that is empty says so)."""
    if rows.empty:
        st.caption(none)
    else:
        _table(rows, key)


def reviews_section(b: Brief) -> None:
    """The recorded progress reviews, revisits and reports, with their RAG counts and findings as written."""
    rows = review_rows(b)
    st.subheader(f"Recorded progress reviews — {len(rows)}", anchor=False)
    if rows.empty:
        st.caption("The plan records no progress review, revisit or progress report: the visit date is an estimate.")
        return
    st.caption("As the sources record them, beside the plan's actions above; findings are quoted, not judged.")
    _table(rows, "brief_reviews")


def similar_section(
    data: Any, b: Brief, similar: Mapping[str, pd.DataFrame] | None, council_names: Mapping[str, str]
) -> None:
    """What similar councils did: each close match in one expandable row with what that council planned."""
    st.subheader("What similar councils did", anchor=False)
    if similar is None:
        st.info("Similar recommendations in other councils: similarity engine not available.")
        return
    matches = close_matches(data, b, dict(similar))
    if matches.empty:
        st.info(
            f"No close match in the corpus: no recommendation in another council scores {CLOSE_MATCH:.2f} or more "
            "against this council's (weaker matches are not shown).",
            icon=":material/join_inner:",
        )
        return
    st.caption(
        f"Matches scoring at least {CLOSE_MATCH:.2f} (the level that separates the labelled pairs in the "
        "evaluation set from look-alikes), searched across the whole corpus whatever the filters."
    )
    for m in matches.itertuples(index=False):
        name = council_names.get(m.council_id, m.council_id)
        label = f"{m.this[:70]} → {name}: {m.match[:70]} ({m.score:.2f}, {len(m.planned)} actions)"
        with st.expander(md_escape(label)):
            st.markdown(f"**{md_escape(name)}**: {md_escape(m.match)}  \n*Why chosen: {md_escape(m.why)}*")
            if m.planned.empty:
                st.caption("That council's plan records no action for it.")
            else:
                st.table(md_cells(m.planned).style.hide(axis="index"))
