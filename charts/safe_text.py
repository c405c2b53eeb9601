"""Plan text is text inside a chart, never markup.

Plotly renders a subset of HTML in every string it draws (trace names and legends, hover text, tick labels,
titles, annotations): ``<a href>`` becomes a live link, ``<b>`` and ``<span style>`` restyle the chart. Text
from plan files is attacker-controlled, so every string from a plan passes through :func:`esc` on its way
into a figure, *before* a builder adds its own ``<br>`` and ``<b>``. Escaping the finished figure instead
would also escape the builders' markup, and the two cannot be told apart afterwards.

Where the text enters:

* axis labels go through :func:`charts.wrap.wrap_label`, which escapes each wrapped line;
* names, hover fields, annotations and titles go through :func:`esc` (or :func:`esc_rows` for customdata);
* plan text is never pasted into a ``hovertemplate`` (it would also read ``%{x}`` in a council's name as a
  placeholder); templates refer to ``%{customdata[i]}`` or ``%{fullData.name}``, which hold escaped text.

Plotly turns the entities back into characters when it draws (``&lt;`` shows as ``<``), so the reader sees
exactly what the plan says. Code that reads labels back out of a figure for anything other than plotly
(the briefing pack's native PowerPoint charts) must :func:`html.unescape` them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import overload

_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


@overload
def esc(value: str) -> str: ...
@overload
def esc(value: None) -> None: ...
@overload
def esc(value: object) -> object: ...
def esc(value: object) -> object:
    """``value`` with ``& < >`` as entities when it is a string; anything else (numbers, dates, None) unchanged.

    >>> esc('<b>Bold</b> & co')
    '&lt;b&gt;Bold&lt;/b&gt; &amp; co'
    >>> esc(3)
    3
    """
    return value.translate(_TABLE) if isinstance(value, str) else value


def esc_text(value: object) -> str:
    """``str(value)`` escaped: for names and labels that must be strings whatever the data held."""
    return str(value).translate(_TABLE)


def esc_rows(rows: Iterable[object]) -> list[object]:
    """Customdata (rows of fields, or a heatmap's rows of cells of fields) with every string escaped at any
    depth and every other value (counts, shares, dates) kept as it is."""
    return [esc_rows(row) if isinstance(row, list | tuple) else esc(row) for row in rows]
