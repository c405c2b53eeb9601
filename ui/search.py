"""Search at the Streamlit edge: the index cached per corpus, and the search box every page's sidebar shows.

The published corpus's index is built once per change of the data files and shared by every session (it is
read-only); a session with uploaded plans gets its own index of its own merged corpus, kept in its session
state next to that corpus, so an upload is searchable at once and never reaches another session.
"""

from __future__ import annotations

import streamlit as st

from analysis.search import SearchIndex, build_search_index
from ui import memo, state
from ui.data import _fingerprint, corpus, plans_dir, published_corpus

#: URL parameter (and widget key) of the search page's query box.
QUERY_PARAM = "q"
SEARCH_PAGE = "pages/search.py"

_SESSION_INDEX = "_search_index"
_BOX = "sidebar_search"
_GO = "_sidebar_search_go"


def published_index(path: str | None = None) -> SearchIndex:
    """The shared index of the published plans (what sessions without uploads search; ``ui.warm`` builds it)."""
    path = path or plans_dir()
    return memo.search_index(path, _fingerprint(path), published_corpus(path))


def search_index() -> SearchIndex:
    """The index of the corpus this session sees (published plans plus its own uploads)."""
    path = plans_dir()
    data = corpus(path)
    if data is published_corpus(path):
        return published_index(path)

    def build() -> SearchIndex:
        with st.spinner("Indexing your uploaded plans for search…"):
            return build_search_index(data)

    return memo.per_session(_SESSION_INDEX, data, build)


def _submitted() -> None:
    state.put(_GO, (state.get(_BOX) or "").strip())
    state.put(_BOX, "")


def sidebar_search_box() -> None:
    """The sidebar's search box (every page but Search itself); Enter opens Search with the query."""
    query = state.pop(_GO, "")
    if query:
        st.switch_page(SEARCH_PAGE, query_params={QUERY_PARAM: query})
    st.text_input(
        "Search every plan",
        key=_BOX,
        on_change=_submitted,
        placeholder='e.g. scrutiny, "corporate plan"',
        icon=":material/search:",
        help='Words or "quoted phrases" in every recommendation, action, step, note, strength and context '
        "document. Press Enter to see the results on the Search page.",
    )
