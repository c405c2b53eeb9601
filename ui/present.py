"""Presentation mode: one chart at a time, full width, large type, for a projector in a briefing session.

It lives in the URL (``?present=1&slide=2``) so a presenter can bookmark the slide they start on. Pages need
no changes: every chart goes through :func:`ui.components.chart_with_table`, which asks this module whether
to draw it (only the current slide is drawn) and how (projector styling, takeaway, source line).

A chart inside ``st.columns`` keeps its column's width however much of the page is hidden, so the slide is
never drawn where the page puts its chart: :func:`begin_page` makes one full-width container at the top of
the page, before any columns, and the current chart is drawn into it. The controls are drawn last, by
:func:`end_page` (``app.py`` calls it after the page has run, also after ``st.stop()``), when the number of
charts is known: "Next" is disabled on the last slide from the first run, and a page that drew no chart says
so (with an Exit) instead of showing a blank screen. Everything else on the page is hidden with CSS.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui.format import md_escape

PRESENT_PARAM = "present"
SLIDE_PARAM = "slide"
SLIDE_KEY = "pce_slide"  # container key -> CSS class st-key-pce_slide
_COUNTER = "_present_chart_counter"
_TOTALS = "_present_totals"
_PREVIOUS_TOTAL = "_present_previous_total"
_SLOTS = "_present_slots"
_TITLE = "_present_title"
_ENDS = "_present_page_will_end"

#: The chart's height on a slide: with the controls, a two-line takeaway and the source line it fits a
#: 1280x720 projector (checked by scripts/present_check.py at 1280x720 and 1920x1080).
SLIDE_CHART_HEIGHT = 430

#: While presenting, hide Streamlit's chrome and every block that does not hold the current slide.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.8rem 2.5rem 0.6rem !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"]:not(.st-key-pce_slide):not(.st-key-pce_slide *)
  > :not(:has(.st-key-pce_slide)):not(.st-key-pce_slide) { display: none !important; }
.st-key-pce_slide h3 { font-size: 2.1rem !important; padding: 0 !important; }
.st-key-pce_slide p, .st-key-pce_slide [data-testid="stCaptionContainer"] { font-size: 1.3rem !important; }
.st-key-pce_takeaway p { font-size: 1.6rem !important; font-weight: 600; margin: 0 !important; }
@media (max-height: 800px) {
  .st-key-pce_slide h3 { font-size: 1.7rem !important; }
  .st-key-pce_takeaway p { font-size: 1.35rem !important; }
  .st-key-pce_slide p, .st-key-pce_slide [data-testid="stCaptionContainer"] { font-size: 1.1rem !important; }
}
</style>
"""

#: Shown on a slide when the page has no chart to present (never a blank screen).
NO_SLIDES = "This page has no charts to present. Exit to see the page as usual."


def presenting() -> bool:
    return st.query_params.get(PRESENT_PARAM) == "1"


def _page_key() -> str:
    """Which page is running: Streamlit's page hash where available (also right under AppTest)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is not None and ctx.page_script_hash:
            return ctx.page_script_hash
    except ImportError:
        pass
    from ui.entry import current_page

    return current_page() or "overview"


def current_slide() -> int:
    try:
        return max(1, int(st.query_params.get(SLIDE_PARAM, "1")))
    except ValueError:
        return 1


def previous_total() -> int | None:
    """How many charts this page drew on its previous run (None before the first run)."""
    return st.session_state.get(_PREVIOUS_TOTAL)


def will_end_page() -> None:
    """Called by ``app.py`` before it runs the page: :func:`end_page` will follow, so the controls can wait."""
    st.session_state[_ENDS] = True


def begin_page() -> None:
    """Reset the per-run chart counter; while presenting, apply the projector stylesheet and make the slide's
    full-width container at the top of the page (before any of the page's columns).

    A page run without ``app.py`` (Streamlit's test harness switches pages that way) has no :func:`end_page`:
    the slide then draws its own controls, counting on the previous run's number of charts.
    """
    st.session_state[_COUNTER] = 0
    st.session_state.pop(_SLOTS, None)
    st.session_state.pop(_TITLE, None)
    ends = bool(st.session_state.pop(_ENDS, False))
    totals = st.session_state.setdefault(_TOTALS, {})
    st.session_state[_PREVIOUS_TOTAL] = totals.get(_page_key())
    if presenting():
        st.html(PRESENT_CSS)
        with st.container(key=SLIDE_KEY):
            controls, body = st.empty(), st.empty()
            st.session_state[_SLOTS] = (controls, body, ends)
        # Until a chart is drawn in its place (a page that stops early never reaches end_page): never blank.
        with body.container():
            st.info(NO_SLIDES, icon=":material/slideshow:")
            st.button("Exit", icon=":material/close:", key="present_exit_none", on_click=start, args=(False,))


def end_page() -> None:
    """After the page has run: the controls, now that the number of charts is known (a page with no chart
    keeps begin_page's notice and Exit). Moves back to the last slide when the address asks for one past it.

    After ``st.stop()`` Streamlit refuses any further element or session-state access (it raises
    ``StopException`` again): such a page keeps what it drew, which is why the notice is drawn first."""
    st.session_state.pop(_ENDS, None)
    slots = st.session_state.pop(_SLOTS, None)
    if slots is None or not presenting():
        return
    total = int(st.session_state.get(_COUNTER, 0))
    st.session_state.setdefault(_TOTALS, {})[_page_key()] = total
    slide = current_slide()
    if total and slide > total:
        _set_slide(total)
        st.rerun()
    controls, _, _ = slots
    if total:  # with none, the notice begin_page put in the body stays, with its Exit
        _controls(controls, st.session_state.pop(_TITLE, None) or "Presentation", slide, total)


def _controls(slot: object, title: str, slide: int, total: int | None) -> None:
    """The slide's title, Previous / Next (disabled at the ends), "Chart n of N" and Exit, on one line that
    wraps rather than clips on a narrow screen."""
    with slot.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.subheader(title, anchor=False, width="stretch")
        st.button("Previous", icon=":material/arrow_back:", key="present_prev", shortcut="left",
                  disabled=slide <= 1, on_click=_set_slide, args=(slide - 1,))  # fmt: skip
        st.button("Next", icon=":material/arrow_forward:", key="present_next", shortcut="right",
                  disabled=bool(total is not None and slide >= total), on_click=_set_slide,
                  args=(slide + 1,))  # fmt: skip
        st.caption(f"Chart {slide} of {total}" if total is not None else f"Chart {slide}", width="content")
        st.button("Exit", icon=":material/close:", key="present_exit", on_click=start, args=(False,))


def _set_slide(number: int) -> None:
    st.query_params[SLIDE_PARAM] = str(number)


def start(on: bool = True) -> None:
    """Enter (or leave) presentation mode on the current page, at the first slide."""
    if on:
        st.query_params[PRESENT_PARAM] = "1"
        st.query_params[SLIDE_PARAM] = "1"
    else:
        for param in (PRESENT_PARAM, SLIDE_PARAM):
            if param in st.query_params:
                del st.query_params[param]


def toggle_button() -> None:
    """The sidebar's entry into presentation mode."""
    st.button("Present this page", icon=":material/slideshow:", key="present_start", on_click=start,
              help="One chart at a time, large type, for a projector. Arrow keys move between charts.")  # fmt: skip


def next_chart() -> int:
    """Count one more chart on this page run; returns its number (1-based)."""
    number = int(st.session_state.get(_COUNTER, 0)) + 1
    st.session_state[_COUNTER] = number
    st.session_state.setdefault(_TOTALS, {})[_page_key()] = number
    return number


def upcoming_chart() -> int:
    """The number the next chart on this page run will get (to build only the current slide's data)."""
    return int(st.session_state.get(_COUNTER, 0)) + 1


def projector(fig: go.Figure) -> go.Figure:
    """Large-type copy of a figure for the back of a room (shared with image exports when available)."""
    try:
        from charts.projector import for_projector

        return for_projector(fig)
    except (ImportError, AttributeError):
        out = go.Figure(fig)
        out.update_layout(font={"size": 20}, title={"font": {"size": 28}}, legend={"font": {"size": 18}})
        out.update_xaxes(tickfont={"size": 18}, title_font={"size": 20})
        out.update_yaxes(tickfont={"size": 18}, title_font={"size": 20})
        return out


def _fit(fig: go.Figure, height: int) -> go.Figure:
    """The figure at the slide's height with labels that fit its rows (:func:`charts.projector.fit_to_height`)."""
    try:
        from charts.projector import fit_to_height
    except ImportError:
        out = go.Figure(fig)
        out.update_layout(height=height)
        return out
    return fit_to_height(fig, height)


def draw_slide(
    fig: go.Figure, *, key: str, title: str | None, takeaway: str | None, source: str, note: str | None = None
) -> None:
    """The current slide into the full-width container: the takeaway, the chart large at a height that fits
    the screen, what was folded (``note``) and the source line. Its title and controls come from
    :func:`end_page`."""
    heading = title or fig.layout.title.text or key.replace("_", " ").capitalize()
    st.session_state[_TITLE] = heading
    slots = st.session_state.get(_SLOTS)
    if slots is None:  # not presenting through begin_page: draw where the caller is
        slots = (st.empty(), st.empty(), False)
    controls, body, ends = slots
    if not ends:
        _controls(controls, heading, current_slide(), previous_total())
    with body.container():
        if takeaway:
            with st.container(key="pce_takeaway"):
                st.markdown(md_escape(takeaway))
        styled = _fit(projector(fig), SLIDE_CHART_HEIGHT)
        styled.update_layout(title=None, autosize=True, width=None)
        st.plotly_chart(styled, key=f"{key}_chart")
        if note:
            st.caption(note)
        if source:
            st.caption(source)


def end_of_chart(number: int) -> None:
    """Kept for callers: the count is now drawn once, by :func:`end_page`."""
