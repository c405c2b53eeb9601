"""One bar per row in its council's colour, the rows down the side: how the ranking charts (a recommendation's
closest matches, plans' horizons) draw councils, so a council keeps its colour from chart to chart."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go

from charts.palette import MISSING_COLOUR


def council_bars(*, council_ids: Iterable[str], colours: Mapping[str, str], **trace: Any) -> go.Bar:
    """A horizontal bar trace (``y`` the row labels, ``x`` the values, in ``trace``), each bar coloured by its
    row's council (grey for a council without a colour)."""
    return go.Bar(orientation="h", marker_color=[colours.get(c, MISSING_COLOUR) for c in council_ids], **trace)
