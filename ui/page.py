"""How a dashboard page begins: the sidebar's filtered view, the whole corpus with a colour and a name per
council, the page's title, what it is for and what it is showing; and stopping, with the reason, when the
filters leave nothing to draw. One place, so every page opens and empties alike."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from analysis.filters import Filters, View
from charts.palette import council_colours
from loaders import Corpus
from sections.common import council_names
from ui.components import empty_state, filter_caption
from ui.data import corpus
from ui.filters import sidebar_view


class PageStart(NamedTuple):
    """What a page draws from: the filtered ``view``, the ``full`` corpus, and per council id its colour (the
    same on every page) and display name. A tuple, so a page can unpack the parts it uses."""

    view: View
    full: Corpus
    colours: dict[str, str]
    names: dict[str, str]


def page_start(title: str, about: str) -> PageStart:
    """Draw the sidebar, the title, the ``about`` caption and the "Showing: …" line; hand back the data."""
    view = sidebar_view()
    full = corpus()
    colours = council_colours(full.councils["council_id"])
    names = council_names(full)
    st.title(title)
    st.caption(about)
    filter_caption(view.filters)
    return PageStart(view, full, colours, names)


def stop_if_empty(empty: bool, message: str, *, filters: Filters) -> None:
    """When ``empty``, say why nothing is drawn (and that filters can be removed) and end the page run here."""
    if empty:
        empty_state(message, filters=filters)
        st.stop()
