"""The one place that reads and writes the page address and this session's state.

Why one module: a picker that lives in the URL has three sources for its value — the link (a bookmark or a
shared address), what this session chose earlier (the URL loses page-specific params on a page switch), and a
default — and every page used to reconcile them its own way. The rule here is the same for every control:

1. a valid value in the URL wins (a shared link opened mid-session shows what was shared);
2. else what this session chose last (kept under ``_keep_<key>``, which survives page switches, unlike widget
   state);
3. else the default.

An invalid URL value is dropped with a visible note. The URL is written back only when it differs from the
choice (on a widget's ``on_change``, or once after a page switch restored a kept choice), never on every run.

Below the widget helpers are the plain accessors (:func:`get`, :func:`put`, :func:`param`, ...) through which
the other ``ui`` modules keep per-session values, so ``st.session_state`` and ``st.query_params`` appear only
here, in :mod:`ui.present` and in pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import streamlit as st

from ui.format import md_escape

T = TypeVar("T")

#: The council brief's URL parameters (public: links from Search and elsewhere are built from them).
BRIEF_COUNCIL_PARAM = "brief_council"
BRIEF_VISIT_PARAM = "visit"
#: The recommendation (rec_id) whose collapsed section the brief opens: a search result links to it.
BRIEF_OPEN_PARAM = "open"
BRIEF_PAGE = "pages/brief.py"

_KEEP = "_keep_{}"

#: Commit a typed date on Enter. Streamlit's date field commits only when focus moves to another element
#: (``blur()`` alone is not enough: the field checks the element focus moves to), so Enter moves focus to the
#: widget's own container. Installed once per browser tab; runs in the page, not in an iframe.
DATE_ENTER_JS = """<script>
(() => {
  if (window.__pceDateEnter) return;
  window.__pceDateEnter = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target || !event.target.closest) return;
    const root = event.target.closest('[data-testid="stDateInput"]');
    if (!root || event.target.closest('[role="dialog"]')) return;
    root.setAttribute("tabindex", "-1");
    root.focus({ preventScroll: true });
  }, true);
})();
</script>"""


# ---- plain accessors ------------------------------------------------------------------------------------------


def get(key: str, default: Any = None) -> Any:
    """A value this session keeps under ``key`` (``default`` when it has none)."""
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    """Keep ``value`` for this session under ``key``."""
    st.session_state[key] = value


def pop(key: str, default: Any = None) -> Any:
    """Take (and forget) the value kept under ``key``."""
    return st.session_state.pop(key, default)


def param(name: str, default: str | None = None) -> str | None:
    """The URL parameter ``name`` (its last value if repeated)."""
    return st.query_params.get(name, default)


def params(name: str) -> list[str]:
    """Every value of a repeatable URL parameter."""
    return st.query_params.get_all(name)


def set_param(name: str, value: str | Sequence[str] | None) -> None:
    """Put ``value`` in the URL (None or an empty list removes it), touching the URL only if it changes.

    An unconditional write would push a history entry and a browser round trip on every run.
    """
    if value is None or (not isinstance(value, str) and not list(value)):
        if name in st.query_params:
            del st.query_params[name]
        return
    if isinstance(value, str):
        if st.query_params.get_all(name) != [value]:
            st.query_params[name] = value
    elif st.query_params.get_all(name) != list(value):
        st.query_params[name] = list(value)


# ---- resolution shared by the widget helpers ------------------------------------------------------------------


def kept(key: str) -> Any:
    """What this session chose last for the control ``key`` (None if nothing yet)."""
    return st.session_state.get(_KEEP.format(key))


def _note(message: str) -> None:
    st.warning(message, icon=":material/info:")


def _resolve(
    name: str | None,
    *,
    key: str,
    parse: Callable[[list[str]], T | None],
    valid: Callable[[Any], bool],
    default: T,
    invalid: Callable[[str, T], str] | None,
) -> T:
    """URL, then this session's last choice, then ``default``; notes a URL value that cannot be used."""
    raw = st.query_params.get_all(name) if name else []
    value: Any = None
    if raw:
        value = parse(raw)
        if value is None or not valid(value):
            value = None
    previous = kept(key)
    if value is None:
        value = previous if previous is not None and valid(previous) else default
        if raw and invalid is not None:
            _note(invalid(", ".join(raw), value))
    return value


def _changed(
    name: str | None,
    key: str,
    serialise: Callable[[Any], Any],
    omit: object,
    fallback: object,
    then: Callable[[], None] | None = None,
) -> None:
    """on_change: keep the widget's value for the session and put it in the URL; then ``then`` (a dependent
    control resetting itself, say)."""
    value = st.session_state.get(key)
    if value is None:  # a segmented control or pills clicked off: back to the default
        value = fallback
        st.session_state[key] = value
    st.session_state[_KEEP.format(key)] = value
    if name:
        set_param(name, None if value == omit else serialise(value))
    if then is not None:
        then()


def forget(key: str, name: str | None = None) -> None:
    """Forget this session's choice for the control ``key`` and drop its URL parameter ``name``, so the next run
    falls back to the default (a "use the default" button, or a choice that depends on another that changed)."""
    st.session_state.pop(_KEEP.format(key), None)
    if name:
        set_param(name, None)


def _seed(name: str | None, key: str, value: Any, serialise: Callable[[Any], Any], omit: object) -> None:
    """Give the widget its value and make the URL say the same (a page switch dropped it)."""
    st.session_state[_KEEP.format(key)] = value
    st.session_state[key] = value
    if name:
        set_param(name, None if value == omit else serialise(value))


_NO_OMIT = object()


def _not_found(label: str, format_func: Callable[[Any], str]) -> Callable[[str, Any], str]:
    return lambda raw, fallback: (
        f"The {label.lower()} in the link ({md_escape(raw)}) is not one of the choices here, so this page shows "
        f"{md_escape(format_func(fallback))}."
    )


# ---- widget helpers -------------------------------------------------------------------------------------------


def _one_of(
    widget: str,
    name: str | None,
    choices: list[Any],
    *,
    fallback: Any,
    omit: object,
    key: str,
    label: str,
    format_func: Callable[[Any], str],
    parse: Callable[[list[str]], Any],
    invalid: Callable[[str, Any], str],
    container: Any,
    options: Mapping[str, Any],
    then: Callable[[], None] | None = None,
) -> Any:
    """The single-choice widget ``widget`` (``selectbox``, ``segmented_control``) kept in the URL parameter
    ``name``: read the link first (``parse``; ``invalid`` words the note for a value not in ``choices``), seed the
    widget, and write a change back (``omit`` stays out of the URL)."""
    value = _resolve(
        name,
        key=key,
        parse=parse,
        valid=lambda v: v in choices,
        default=fallback,
        invalid=invalid,
    )
    _seed(name, key, value, str, omit)
    return getattr(container or st, widget)(
        label,
        choices,
        key=key,
        format_func=format_func,
        on_change=_changed,
        args=(name, key, str, omit, fallback, then),
        **options,
    )


def url_select(
    name: str | None,
    options: Sequence[T],
    default: T | None = None,
    *,
    key: str,
    label: str,
    format_func: Callable[[Any], str] = str,
    invalid: Callable[[str, T], str] | None = None,
    omit_default: bool = False,
    container: Any = None,
    then: Callable[[], None] | None = None,
    **widget: Any,
) -> T:
    """A selectbox kept in the URL parameter ``name`` (values are the option strings). Returns the choice.

    ``default`` is the first option unless given; ``invalid(raw, fallback)`` words the note for a link whose value
    is not an option (a generic note otherwise). ``omit_default`` leaves the default out of the URL. ``then``
    runs after the user changes the choice (see :func:`forget`).
    """
    choices = list(options)
    fallback = choices[0] if default is None or default not in choices else default
    text = {str(o): o for o in choices}
    return _one_of(
        "selectbox",
        name,
        choices,
        fallback=fallback,
        omit=fallback if omit_default else _NO_OMIT,
        key=key,
        label=label,
        format_func=format_func,
        parse=lambda raw: text.get(raw[-1]),
        invalid=invalid or _not_found(label, format_func),
        container=container,
        options=widget,
        then=then,
    )


def url_council(
    name: str | None,
    options: Sequence[str],
    default: str | None = None,
    *,
    key: str,
    names: Mapping[str, str],
    **select: Any,
) -> str:
    """A council picker kept in ``name``: the options are council ids, shown by their names (``url_select``)."""
    return url_select(
        name, options, default, key=key, label="Council", format_func=lambda cid: names.get(cid, cid), **select
    )


def url_segmented(
    name: str | None,
    options: Sequence[str],
    default: str,
    *,
    key: str,
    label: str,
    format_func: Callable[[Any], str] = str,
    container: Any = None,
    **widget: Any,
) -> str:
    """A single-choice segmented control kept in ``name``; the default stays out of the URL. Never None:
    clicking the chosen segment off goes back to the default."""
    chosen = _one_of(
        "segmented_control",
        name,
        list(options),
        fallback=default,
        omit=default,
        key=key,
        label=label,
        format_func=format_func,
        parse=lambda raw: raw[-1],
        invalid=_not_found(label, format_func),
        container=container,
        options=widget,
    )
    return chosen if chosen is not None else default


def url_toggle(
    name: str | None, *, key: str, label: str, default: bool = False, container: Any = None, **widget: Any
) -> bool:
    """A toggle kept in ``name`` as ``1``/``0``; the default stays out of the URL."""
    words = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}
    value = _resolve(
        name,
        key=key,
        parse=lambda raw: words.get(raw[-1].lower()),
        valid=lambda v: isinstance(v, bool),
        default=default,
        invalid=lambda raw, fallback: (
            f"“{md_escape(label)}” in the link ({md_escape(raw)}) is not 1 or 0, so it is "
            f"{'on' if fallback else 'off'}."
        ),
    )
    _seed(name, key, value, _on_off, default)
    return bool(
        (container or st).toggle(
            label, key=key, on_change=_changed, args=(name, key, _on_off, default, default), **widget
        )
    )


def _on_off(value: bool) -> str:
    return "1" if value else "0"


def url_multiselect(
    name: str | None,
    options: Sequence[T],
    *,
    key: str,
    label: str,
    format_func: Callable[[Any], str] = str,
    container: Any = None,
    **widget: Any,
) -> list[T]:
    """A multiselect kept in the repeatable parameter ``name`` (``?x=a&x=b``); values not on offer are dropped
    with a note, the rest kept. Nothing chosen leaves the parameter out."""
    choices = list(options)
    text = {str(o): o for o in choices}
    raw = st.query_params.get_all(name) if name else []
    if raw:
        value = [text[r] for r in dict.fromkeys(raw) if r in text]
        unknown = [r for r in raw if r not in text]
        if unknown:
            _note(f"Not among the {md_escape(label.lower())} here, so left out: {md_escape(', '.join(unknown))}.")
    else:
        previous = kept(key) or []
        value = [v for v in previous if v in choices]
    serialise: Callable[[Any], Any] = lambda values: [str(v) for v in values]  # noqa: E731
    _seed(name, key, value, serialise, [])
    return list(
        (container or st).multiselect(
            label,
            choices,
            key=key,
            format_func=format_func,
            on_change=_changed,
            args=(name, key, serialise, [], []),
            **widget,
        )
    )


def _parse_date(raw: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw[-1])
    except ValueError:
        return None


def url_date(
    name: str | None,
    default: dt.date,
    *,
    key: str,
    label: str,
    min_value: dt.date,
    max_value: dt.date,
    omit_default: bool = False,
    container: Any = None,
    **widget: Any,
) -> dt.date:
    """A date input kept in ``name`` as ``YYYY-MM-DD``, clamped to its bounds; a typed date applies on Enter."""
    value = _resolve(
        name,
        key=key,
        parse=_parse_date,
        valid=lambda v: isinstance(v, dt.date),
        default=default,
        invalid=lambda raw, fallback: (
            f"The date in the link ({md_escape(raw)}) is not a date like 2024-08-01, so "
            f"this page uses {fallback:%-d %b %Y}."
        ),
    )
    value = min(max(value, min_value), max_value)
    omit = default if omit_default else _NO_OMIT
    _seed(name, key, value, dt.date.isoformat, omit)
    enter_applies_dates(container)
    return (container or st).date_input(
        label,
        key=key,
        min_value=min_value,
        max_value=max_value,
        on_change=_changed,
        args=(name, key, dt.date.isoformat, omit, default),
        **widget,
    )


def enter_applies_dates(container: Any = None) -> None:
    """Make Enter confirm a date typed into any date field on the page (see :data:`DATE_ENTER_JS`)."""
    (container or st).html(DATE_ENTER_JS, unsafe_allow_javascript=True)


def url_optional_date(
    name: str,
    default: dt.date,
    *,
    mode_key: str,
    mode_label: str,
    modes: tuple[str, str],
    key: str,
    mode_container: Any = None,
    date_container: Any = None,
    mode_help: str | None = None,
    **date: Any,
) -> dt.date | None:
    """A choice between "no date" (``modes[0]``: the parameter absent) and "this date" (``modes[1]``: the date in
    ``name``), as a segmented control and a date input. Returns the date, or None in the first mode.

    ``key`` and ``date`` are the date input's, as :func:`url_date` takes them (``label``, ``min_value``,
    ``max_value`` and any widget setting): they are handed on, not repeated here.

    One parameter carries both controls, so a link with the date opens in the second mode whatever this session
    chose before.
    """
    off, on = modes
    raw = st.query_params.get_all(name)
    asked = _parse_date(raw) if raw else None
    mode = on if asked else (kept(mode_key) or off)
    if raw and asked is None and mode == off:  # in the other mode url_date says so
        _note(f"The date in the link ({md_escape(', '.join(raw))}) is not a date like 2024-08-01, so it is ignored.")
    st.session_state[_KEEP.format(mode_key)] = mode
    st.session_state[mode_key] = mode
    if mode == off:
        set_param(name, None)
    chosen = (mode_container or st).segmented_control(
        mode_label, [off, on], key=mode_key, help=mode_help, on_change=_mode_changed, args=(name, mode_key, key, on)
    )
    if chosen != on:
        return None
    return url_date(name, default, key=key, container=date_container, **date)


def _mode_changed(name: str, mode_key: str, date_key: str, on: str) -> None:
    mode = st.session_state.get(mode_key) or kept(mode_key)
    st.session_state[mode_key] = mode
    st.session_state[_KEEP.format(mode_key)] = mode
    if mode == on:
        date = kept(date_key)
        if isinstance(date, dt.date):
            set_param(name, date.isoformat())
    else:
        set_param(name, None)


# ---- links to other pages -------------------------------------------------------------------------------------


def brief_params(council_id: str, *, visit: str = "", extra: Mapping[str, list[str]] | None = None) -> dict:
    """Query params that open the council brief on ``council_id`` (and ``visit``), plus ``extra`` (filters)."""
    out: dict[str, Any] = {BRIEF_COUNCIL_PARAM: council_id}
    if visit:
        out[BRIEF_VISIT_PARAM] = visit
    out.update(extra or {})
    return out
