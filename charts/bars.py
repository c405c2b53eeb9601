"""One bar per row in its council's colour, the rows down the side: how the ranking charts (a recommendation's
closest matches, plans' horizons) draw councils, so a council keeps its colour from chart to chart.
:func:`council_ranking_figure` is such a chart whole: the bars, a row each, no legend."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.layout import rows_layout
from charts.palette import MISSING_COLOUR


def council_bars(*, council_ids: Iterable[str], colours: Mapping[str, str], **trace: Any) -> go.Bar:
    """A horizontal bar trace (``y`` the row labels, ``x`` the values, in ``trace``), each bar coloured by its
    row's council (grey for a council without a colour)."""
    return go.Bar(orientation="h", marker_color=[colours.get(c, MISSING_COLOUR) for c in council_ids], **trace)


def council_ranking_figure(
    rows: pd.DataFrame,
    *,
    value: str,
    labels: Sequence[str],
    colours: Mapping[str, str],
    xaxis: dict[str, Any],
    title: str | None,
    per_row: float,
    **trace: Any,
) -> go.Figure:
    """A ranking: a bar for each of ``rows`` (``rows[value]`` long, ``labels`` down the side) in the colour of its
    row's ``council_id``, the first row at the top, ``per_row`` pixels a row and no legend (the labels name the
    councils). ``trace`` holds the bars' text and hover settings."""
    fig = go.Figure(council_bars(council_ids=rows["council_id"], colours=colours, y=labels, x=rows[value], **trace))
    fig.update_layout(rows_layout(title, len(rows), per_row=per_row, top=110, least=260), xaxis=xaxis, showlegend=False)
    return fig
