"""Make deep links work on a fresh server even though our pages live in ``pages/``.

Streamlit still honours the legacy "pages directory" mode until the first run of a script that calls
``st.navigation``: if a fresh server's first visitor opens a bookmark such as ``/themes``, Streamlit runs
``pages/themes.py`` on its own (legacy navigation, no ``app.py``, no page config). ``app.py`` marks every
run it makes; a page that finds the mark missing switches the legacy mode off and reruns through ``app.py``.
"""

from __future__ import annotations

import streamlit as st

from ui import state

_MARK = "_pce_entry_ran"
_PAGE = "_pce_current_page"


def mark_entry(page: object | None = None) -> None:
    """Called by app.py on every run with the page ``st.navigation`` chose, before running it."""
    state.put(_MARK, True)
    if page is not None:
        state.put(_PAGE, getattr(page, "url_path", None) or getattr(page, "title", "") or "overview")


def current_page() -> str:
    """The url path of the page being run ("" for the default page), for per-page state."""
    return str(state.get(_PAGE, ""))


def ensure_entry() -> None:
    """Called first by every page: rerun through app.py if Streamlit ran this page file directly."""
    if state.get(_MARK):
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the legacy mode: nothing to switch off
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
