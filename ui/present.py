"""Presentation mode: one chart at a time, full width, large type, for a projector in a briefing session.

It lives in the URL (``?present=1&slide=2``) so a presenter can bookmark the slide they start on. Pages need
no changes: every chart goes through :func:`ui.components.chart_with_table`, which asks this module whether
to draw it (only the current slide is drawn) and how (projector styling, takeaway, source line). Everything
else on the page is hidden with CSS while presenting, so the layout code stays single.
"""

from __future__ import annotations

import threading

import plotly.graph_objects as go
import streamlit as st

from ui import state
from ui.format import md_escape

PRESENT_PARAM = "present"
SLIDE_PARAM = "slide"
SLIDE_KEY = "pce_slide"  # container key -> CSS class st-key-pce_slide
_COUNTER = "_present_chart_counter"
_TOTALS = "_present_totals"
_PREVIOUS_TOTAL = "_present_previous_total"
#: The "chart n of N" placeholder of the current run. A widget placeholder is not state: it belongs to one script
#: run, and each run of a session executes on its own script thread, so a thread-local holds it (reset per page).
_run = threading.local()

#: While presenting, hide Streamlit's chrome and every block that does not hold the current slide.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2.5rem !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"]:not(.st-key-pce_slide):not(.st-key-pce_slide *)
  > :not(:has(.st-key-pce_slide)):not(.st-key-pce_slide) { display: none !important; }
.st-key-pce_slide h3 { font-size: 2.2rem !important; }
.st-key-pce_slide p, .st-key-pce_slide [data-testid="stCaptionContainer"] { font-size: 1.35rem !important; }
.st-key-pce_takeaway p { font-size: 1.7rem !important; font-weight: 600; }
</style>
"""


def presenting() -> bool:
    return state.param(PRESENT_PARAM) == "1"


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
        return max(1, int(state.param(SLIDE_PARAM, "1") or "1"))
    except ValueError:
        return 1


def previous_total() -> int | None:
    """How many charts this page drew on its previous run (None before the first run)."""
    return state.get(_PREVIOUS_TOTAL)


def begin_page() -> None:
    """Reset the per-run chart counter; while presenting, apply the projector stylesheet."""
    _run.counter_slot = None
    state.put(_COUNTER, 0)
    totals = state.get(_TOTALS) or {}
    state.put(_TOTALS, totals)
    state.put(_PREVIOUS_TOTAL, totals.get(_page_key()))
    if presenting():
        st.html(PRESENT_CSS)
        total = previous_total()
        if total and current_slide() > total:
            _set_slide(total)


def _set_slide(number: int) -> None:
    state.set_param(SLIDE_PARAM, str(number))


def start(on: bool = True) -> None:
    """Enter (or leave) presentation mode on the current page, at the first slide."""
    state.set_param(PRESENT_PARAM, "1" if on else None)
    state.set_param(SLIDE_PARAM, "1" if on else None)


def toggle_button() -> None:
    """The sidebar's entry into presentation mode."""
    st.button("Present this page", icon=":material/slideshow:", key="present_start", on_click=start,
              help="One chart at a time, large type, for a projector. Arrow keys move between charts.")  # fmt: skip


def next_chart() -> int:
    """Count one more chart on this page run; returns its number (1-based)."""
    number = int(state.get(_COUNTER, 0)) + 1
    state.put(_COUNTER, number)
    totals = state.get(_TOTALS) or {}
    totals[_page_key()] = number
    state.put(_TOTALS, totals)
    return number


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


def draw_slide(fig: go.Figure, *, key: str, title: str | None, takeaway: str | None, source: str) -> None:
    """The current slide: title, takeaway, the chart large, the source line, and the controls."""
    slide = current_slide()
    with st.container(key=SLIDE_KEY):
        top = st.columns([5, 1.3, 1.3, 1.2, 1.1], vertical_alignment="center")
        heading = title or fig.layout.title.text or key.replace("_", " ").capitalize()
        top[0].subheader(md_escape(heading), anchor=False)  # slide titles name councils: Markdown, so escaped
        top[1].button("Previous", icon=":material/arrow_back:", key="present_prev", shortcut="left",
                      disabled=slide <= 1, on_click=_set_slide, args=(slide - 1,))  # fmt: skip
        total = previous_total()
        top[2].button("Next", icon=":material/arrow_forward:", key="present_next", shortcut="right",
                      disabled=bool(total and slide >= total), on_click=_set_slide, args=(slide + 1,))  # fmt: skip
        counter = top[3].empty()
        counter.caption(f"Chart {slide} of {total}" if total else f"Chart {slide}")
        top[4].button("Exit", icon=":material/close:", key="present_exit", on_click=start, args=(False,))
        if takeaway:
            with st.container(key="pce_takeaway"):
                st.markdown(md_escape(takeaway))
        styled = projector(fig)
        styled.update_layout(title=None, height=max(560, int(fig.layout.height or 0)))
        st.plotly_chart(styled, key=f"{key}_chart")
        if source:
            st.caption(source)
    _run.counter_slot = counter


def end_of_chart(number: int) -> None:
    """Update the "chart n of N" caption as later charts on the page are counted."""
    slot = getattr(_run, "counter_slot", None)
    if slot is not None and number >= current_slide():
        slot.caption(f"Chart {current_slide()} of {number}")
