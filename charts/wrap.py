"""Label wrapping: long recommendation and theme text must fit on an axis without overlapping."""

from __future__ import annotations

import textwrap

from charts.safe_text import esc_text


def wrap_label(text: str, width: int = 24, *, max_lines: int = 3) -> str:
    """Wrap ``text`` onto at most ``max_lines`` lines joined by ``<br>``, ending in an ellipsis if cut.

    The label is plotly markup: each line is escaped (:mod:`charts.safe_text`) after wrapping, so ``<b>`` in
    plan text shows as written and the width counts the characters a reader sees, not their entities.
    """
    lines = textwrap.wrap(str(text), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "<br>".join(esc_text(line) for line in lines)


_COUNCIL_WORDS = (
    "Borough Council of ",
    "City of ",
    "London Borough of ",
    "Royal Borough of ",
    "Metropolitan Borough of ",
)
_COUNCIL_SUFFIXES = (" Metropolitan Borough Council", " District Council", " Borough Council", " City Council",
                     " County Council", " Council")  # fmt: skip


def short_council_name(name: str) -> str:
    """'North West Leicestershire District Council' -> 'North West Leicestershire', for tight axes.

    Legends and hovers keep the full name; only axis ticks use the short one.
    """
    short = str(name)
    for prefix in _COUNCIL_WORDS:
        if short.startswith(prefix):
            short = short[len(prefix) :]
    for suffix in _COUNCIL_SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix):
            short = short[: -len(suffix)]
            break
    return short


def name_list(names: list[str] | tuple[str, ...], limit: int = 12) -> str:
    """'A, B, C and 40 more': a hover that lists hundreds of councils is unreadable and bloats the page."""
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"
