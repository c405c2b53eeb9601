"""Label wrapping: long recommendation and theme text must fit on an axis without overlapping."""

from __future__ import annotations

import textwrap


def wrap_label(text: str, width: int = 24, *, max_lines: int = 3) -> str:
    """Wrap ``text`` onto at most ``max_lines`` lines joined by ``<br>``, ending in an ellipsis if cut."""
    lines = textwrap.wrap(str(text), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return "<br>".join(lines)
