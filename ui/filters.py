"""The sidebar filter set shared by every page, kept in the URL so a filtered view can be bookmarked.

Every page calls ``sidebar_view()`` first: it draws the controls and returns the filtered frames. Widget
state does not survive a page switch by itself, so the values live under shadow keys and re-seed the
widgets on each page. The URL is the source of truth for a new session, session state for the rest of it:
moving between pages drops the query string, so each run writes the filters back.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from analysis.filters import (
    FILTER_PARAMS,
    FilterOptions,
    Filters,
    View,
    apply_filters,
    filter_options,
    parse_params,
    peer_council_ids,
)
from loaders import Corpus
from loaders.constants import LGA_THEME_SHORT
from ui import present, state
from ui.data import corpus, uploads
from ui.entry import ensure_entry
from ui.format import md_escape
from ui.memo import memo
from ui.search import sidebar_search_box

_KEY = "filter_{}"
_SHADOW = "_keep_filter_{}"
_INITIALISED = "_filters_from_url"
_DROPPED = "_filters_dropped"

_LABELS = {
    "councils": "Councils",
    "council_types": "Council type",
    "regions": "Region",
    "years": "Challenge year",
    "themes": "LGA core theme",
    "topics": "Topic",
    "imd_quintiles": "Deprivation (IMD quintile)",
    "ruralities": "Rurality",
    "population_bands": "Population",
}
_PEERS_KEY = "filter_compare_peers"


def options(data: Corpus | None = None) -> FilterOptions:
    """The choices each filter offers, worked out once per corpus (its frames are read-only: see ui.memo)."""
    data = data or corpus()
    return memo(filter_options, data.councils, data.challenges, data.recommendations)


def _init_from_url(opts: FilterOptions) -> None:
    """On a session's first run, take the filters from the URL (a bookmark or a shared link)."""
    if state.get(_INITIALISED):
        return
    params = {param: state.params(param) for param in FILTER_PARAMS.values()}
    filters, dropped = parse_params(params, opts)
    for name in FILTER_PARAMS:
        state.put(_SHADOW.format(name), list(getattr(filters, name)))
    state.put(_DROPPED, dropped)
    state.put(_INITIALISED, True)


def current_filters() -> Filters:
    """The filters as the sidebar holds them (no restriction before the sidebar has run)."""
    values = {name: tuple(state.get(_SHADOW.format(name)) or ()) for name in FILTER_PARAMS}
    return Filters(**values)


def _sync_url(filters: Filters) -> None:
    """Write the filter params into the URL, leaving any page-specific params alone."""
    wanted = filters.to_params()
    for param in FILTER_PARAMS.values():
        state.set_param(param, wanted.get(param))


def _clear() -> None:
    for name in FILTER_PARAMS:
        state.put(_KEY.format(name), [])
        state.put(_SHADOW.format(name), [])
    state.put(_DROPPED, [])


def _keep(name: str) -> None:
    state.put(_SHADOW.format(name), list(state.get(_KEY.format(name)) or []))


def _seed_widgets() -> None:
    """Give this page's widgets the values chosen on the previous page."""
    for name in FILTER_PARAMS:
        state.put(_KEY.format(name), list(state.get(_SHADOW.format(name)) or []))


def _compare_with_peers() -> None:
    """ "Compare with similar councils": the council filter becomes the chosen council and its peers."""
    council_id = state.get(_PEERS_KEY)
    if not council_id:
        return
    ids = list(memo(peer_council_ids, corpus(), council_id))
    state.put(_SHADOW.format("councils"), ids)
    state.put(_KEY.format("councils"), ids)
    state.put(_PEERS_KEY, None)


def _format_quintile(quintile: int) -> str:
    return f"{quintile}" + (" (most deprived)" if quintile == 1 else " (least deprived)" if quintile == 5 else "")


def _format_theme(theme: str) -> str:
    return LGA_THEME_SHORT.get(theme, theme)


def _uploaded_councils() -> set[str]:
    """Councils that only this session's uploads bring in (marked in the council filter)."""
    councils = corpus().councils
    if "uploaded" not in councils.columns:
        return set()
    return set(councils.loc[councils["uploaded"].astype(bool), "council_id"])


def uploads_notice() -> None:
    """Say, on every page, that this session includes plans the user uploaded and nobody else sees."""
    names = list(uploads())
    if not names:
        return
    listed = ", ".join(md_escape(name) for name in names)
    st.info(
        f"**Includes {len(names)} uploaded plan{'' if len(names) == 1 else 's'}, not published** — in your session "
        f"only: {listed}. "
        "Manage them on *Add a plan*.",
        icon=":material/upload_file:",
    )


def _picker(
    name: str, choices: Iterable[object], placeholder: str, *, format_func=None, help: str | None = None
) -> None:
    """One sidebar filter: a multiselect whose value is kept under its shadow key (see :func:`_keep`)."""
    st.multiselect(
        _LABELS[name],
        list(choices),
        key=_KEY.format(name),
        on_change=_keep,
        args=(name,),
        placeholder=placeholder,
        help=help,
        **({"format_func": format_func} if format_func else {}),
    )


def sidebar(*, search_box: bool = True, slides: bool = True) -> Filters:
    """Draw the filter controls in the sidebar and keep the URL in step; returns the chosen filters."""
    opts = options()
    uploaded = _uploaded_councils()
    _init_from_url(opts)
    _seed_widgets()
    with st.sidebar:
        if search_box:  # not on the Search page, which has its own box
            sidebar_search_box()
        st.subheader("Filters", anchor=False)
        _picker(
            "councils",
            opts.councils,
            "All councils",
            format_func=lambda cid: opts.councils.get(cid, cid) + (" (uploaded)" if cid in uploaded else ""),
        )
        _picker("council_types", opts.council_types, "All types", format_func=str.capitalize)
        _picker("regions", opts.regions, "All regions")
        _picker("years", opts.years, "All years")
        _picker("themes", opts.themes, "All themes", format_func=_format_theme)
        _picker("topics", opts.topics, "All topics", format_func=str.capitalize)
        _picker(
            "imd_quintiles",
            opts.imd_quintiles,
            "All quintiles",
            format_func=_format_quintile,
            help="Index of Multiple Deprivation quintile of the council's area (mySociety's reference data).",
        )
        _picker("ruralities", opts.ruralities, "Urban and rural")
        _picker("population_bands", opts.population_bands, "Any size", help="2020 population (reference data).")
        st.selectbox(
            "Compare with similar councils",
            list(opts.councils),
            index=None,
            format_func=lambda cid: opts.councils.get(cid, cid),
            key=_PEERS_KEY,
            on_change=_compare_with_peers,
            placeholder="Pick a council…",
            help="Sets the council filter to this council and the most similar councils that have a plan here "
            "(same type, then closest in population, deprivation and rurality).",
        )
        filters = current_filters()
        if filters.active:
            st.button("Clear filters", on_click=_clear, icon=":material/filter_alt_off:", key="filter_clear")
        st.caption("Filters are kept in the page address: bookmark or share it to keep this view.")
        st.divider()
        if slides:  # a page with no chart offers no presentation (never a blank slide)
            present.toggle_button()
        dropped = state.get(_DROPPED) or []
        if dropped:
            st.warning(
                "Ignored link filters that match nothing here: " + ", ".join(dropped), icon=":material/link_off:"
            )
    _sync_url(filters)
    return filters


def sidebar_view(*, search_box: bool = True, slides: bool = True) -> View:
    """Draw the sidebar filters and return the filtered view: the first line of every page.

    ``slides=False`` on a page that draws no chart: it offers no "Present this page".
    """
    ensure_entry()
    present.begin_page()
    sidebar(search_box=search_box, slides=slides)
    uploads_notice()
    return current_view()


def current_view(data: Corpus | None = None) -> View:
    """The corpus narrowed by the sidebar's filters; the corpus is untouched.

    Remembered per corpus and filter set, so every rerun with the same filters gets the same frames and the
    analysis a page remembers for them (:mod:`ui.memo`) is found again.
    """
    data = data or corpus()
    return memo(
        apply_filters,
        current_filters(),
        councils=data.councils,
        challenges=data.challenges,
        recommendations=data.recommendations,
        actions=data.actions,
        steps=data.steps,
    )
