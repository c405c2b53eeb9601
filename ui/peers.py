"""The council brief's "Councils like this one" section: one call, so the brief's layout can change around it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis.peer_brief import councils_like
from ui.columns import count_column, number_column
from ui.format import md_escape
from ui.memo import memo, overlap_index


def councils_like_section(data: Any, council_id: str) -> None:
    """Similar councils with a peer challenge here (reference data: type, size, deprivation, rurality), what they
    were told, and the closest of their recommendations, with what they planned, to each of this council's."""
    st.subheader("Councils like this one", anchor=False)
    result = memo(councils_like, data, council_id, index=overlap_index(data))
    if result.reason:
        st.info(md_escape(result.reason), icon=":material/compare:")
        return
    names = dict(zip(result.peers["council_id"], result.peers["name"], strict=True))
    st.caption(
        "The most similar councils that have a peer challenge here: same type first, then closest in population, "
        "IMD deprivation quintile and rurality (mySociety's reference data). Coverage shows how few councils have one."
    )
    st.dataframe(
        result.peers.drop(columns=["council_id", "distance"]),
        hide_index=True,
        key="brief_peers_table",
        column_config={
            "name": "Council",
            "why": "Why similar",
            "latest_year": count_column("Latest challenge"),
            "recommendations": "Recommendations",
            "actions": "Actions planned",
            "themes": "What they were told (LGA themes)",
        },
    )
    closest = result.closest.dropna(subset=["match_rec_id"])
    if closest.empty:
        st.caption("None of their recommendations is close to this council's.")
        return
    shown = closest.assign(match_council=closest["match_council_id"].map(names))[
        ["title", "match_council", "match_title", "score", "planned"]
    ]
    st.markdown(f"**The closest recommendation in those councils to each of this council's** ({len(shown)})")
    st.dataframe(
        shown,
        hide_index=True,
        key="brief_peer_closest",
        column_config={
            "title": "This council's recommendation",
            "match_council": "Council",
            "match_title": "Closest recommendation there",
            "score": number_column("Similarity", "%.2f"),
            "planned": "What they planned",
        },
    )
