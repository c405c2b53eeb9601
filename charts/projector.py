"""Projector styling: a large-type copy of any chart, for the back of a room and for slides.

One function shared by presentation mode (:mod:`ui.present` picks it up) and the image exports
(:mod:`charts.images`), so a chart looks the same on the projector and in a downloaded PNG or slide.
"""

from __future__ import annotations

import plotly.graph_objects as go

#: Point sizes at 1x. The dashboard's template uses 14; a projected slide needs about half as much again.
PROJECTOR_FONT = 20
PROJECTOR_TITLE_FONT = 28
PROJECTOR_TICK_FONT = 18
PROJECTOR_LEGEND_FONT = 18
PROJECTOR_CELL_FONT = 18  # numbers written inside heatmap cells and on bars
PROJECTOR_MARKER_SIZE = 14
PROJECTOR_LINE_WIDTH = 3


def for_projector(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with larger fonts, markers and lines; the original is left untouched.

    Only sizes change: data, colours and order stay as the builder made them, so the chart still matches
    its table.
    """
    out = go.Figure(fig)
    out.update_layout(
        font={"size": PROJECTOR_FONT},
        title={"font": {"size": PROJECTOR_TITLE_FONT}},
        legend={"font": {"size": PROJECTOR_LEGEND_FONT}},
        hoverlabel={"font": {"size": PROJECTOR_FONT}},
    )
    out.update_xaxes(tickfont={"size": PROJECTOR_TICK_FONT}, title_font={"size": PROJECTOR_FONT})
    out.update_yaxes(tickfont={"size": PROJECTOR_TICK_FONT}, title_font={"size": PROJECTOR_FONT})
    out.update_annotations(font={"size": PROJECTOR_FONT})
    out.update_traces(textfont={"size": PROJECTOR_CELL_FONT}, selector={"type": "heatmap"})
    out.update_traces(textfont={"size": PROJECTOR_CELL_FONT}, selector={"type": "bar"})
    out.update_traces(
        colorbar={"tickfont": {"size": PROJECTOR_TICK_FONT}, "title": {"font": {"size": PROJECTOR_FONT}}},
        selector={"type": "heatmap"},
    )
    for trace in out.data:
        if trace.type != "scatter":
            continue
        size = trace.marker.size
        if size is None or isinstance(size, int | float):
            trace.marker.size = max(PROJECTOR_MARKER_SIZE, size or 0)
        if trace.line.width is None or trace.line.width < PROJECTOR_LINE_WIDTH:
            trace.line.width = PROJECTOR_LINE_WIDTH
    return out


#: Font sizes never go below this on a slide; fewer rows are drawn instead (a section's slide data).
MIN_SLIDE_FONT = 11
LINE_SPACING = 1.25  # a tick label line takes about this many times its font size
LEGEND_ROW_PX = 27  # one row of a horizontal legend at the projector's legend font
SLIDE_WIDTH_PX = 1180  # the narrowest slide's plot width (a 1280 px screen less its margins)
HEATMAP_SLANTED_COLUMNS = 8  # more columns than this: column names are drawn upright, not slanted


def _legend_height(fig: go.Figure) -> int:
    """About how tall the legend is: horizontal legends wrap into rows of entries as wide as their names."""
    names = [str(t.name) for t in fig.data if t.name and t.showlegend is not False]
    if fig.layout.showlegend is False or len(names) < 2 or fig.layout.legend.orientation != "h":
        return 0
    per_row = max(1, int(SLIDE_WIDTH_PX // (max(len(n) for n in names) * 0.55 * PROJECTOR_LEGEND_FONT + 40)))
    return LEGEND_ROW_PX * -(-len(names) // per_row)


def _first_lines(label: str, lines: int) -> str:
    """The first ``lines`` lines of a ``<br>``-wrapped label, with an ellipsis when something was cut."""
    parts = label.split("<br>")
    return label if len(parts) <= lines else "<br>".join(parts[:lines]).rstrip(" ,;") + "…"


def fit_to_height(fig: go.Figure, height: int) -> go.Figure:
    """``fig`` at ``height`` px with its category labels (and the values on its bars) small enough that two
    neighbouring labels never overlap: on a slide the height is fixed by the screen, not by the rows.

    Works on the y axis of horizontal bars and heatmaps, where a label can run to several lines; counts the
    lines of the longest label (``<br>``) and shares the plot's height between the rows.
    """
    out = go.Figure(fig)
    out.update_layout(height=height)
    categories: list[str] = []
    for trace in out.data:
        horizontal = trace.type == "bar" and trace.orientation == "h"
        if (horizontal or trace.type == "heatmap") and trace.y is not None:
            categories += [str(y) for y in trace.y if str(y) not in categories]
    if not categories:
        return out
    axis = out.layout.yaxis
    values = list(axis.tickvals) if axis.ticktext and axis.tickvals else categories
    labels = [str(label) for label in (axis.ticktext or categories)]
    lines = max(label.count("<br>") + 1 for label in labels)
    margin = out.layout.margin
    top = margin.t if margin.t is not None else 60
    bottom = margin.b if margin.b is not None else 60
    row = max(1.0, (height - top - bottom - _legend_height(out)) / len(categories))
    fits = max(1, int(row // (MIN_SLIDE_FONT * LINE_SPACING)))
    if lines > fits:  # even the smallest type cannot hold every line: cut each label to the lines that fit
        labels = [_first_lines(label, fits) for label in labels]
        out.update_yaxes(tickmode="array", tickvals=values, ticktext=labels)
        lines = fits
    tick = int(max(MIN_SLIDE_FONT, min(PROJECTOR_TICK_FONT, row / (lines * LINE_SPACING))))
    out.update_yaxes(tickfont={"size": tick})
    heatmap_columns = [len(t.x) for t in out.data if t.type == "heatmap" and t.x is not None]
    if heatmap_columns and max(heatmap_columns) > HEATMAP_SLANTED_COLUMNS:
        out.update_xaxes(tickangle=-90)  # slanted multi-line names overlap their neighbours
    value = int(max(MIN_SLIDE_FONT, min(PROJECTOR_CELL_FONT, row * 0.6)))
    out.update_traces(textfont={"size": value}, selector={"type": "bar"})
    out.update_traces(textfont={"size": value}, selector={"type": "heatmap"})
    return out
