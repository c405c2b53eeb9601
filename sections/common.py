"""Small pieces several sections share: the source line for the councils a chart draws, figure styling."""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from analysis.takeaways import source_line
from charts.projector import for_projector
from sections.base import Frames, Style


def sources_for(frames: Frames, council_ids: Iterable[str]) -> str:
    """The source line for the councils a chart draws (not every council in the view)."""
    wanted = set(council_ids)
    return source_line(frames.challenges[frames.challenges["council_id"].isin(wanted)])


def styled(fig: go.Figure, style: Style) -> go.Figure:
    """The figure as drawn for ``style``: large type for a projector or a slide, as it is for a screen."""
    return fig if style == "screen" else for_projector(fig)
