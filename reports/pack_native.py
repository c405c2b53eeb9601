"""Bar charts as native PowerPoint charts: a section's bars (or a plain plotly bar figure) become categories
x series in the shape python-pptx wants, then an editable chart sized and styled for a projector.

Pure: python-pptx only.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
)
from pptx.slide import Slide
from pptx.util import Pt

from reports.pack_look import BODY_BOTTOM, BODY_PT, BODY_TOP, CONTENT_WIDTH, FONT, MARGIN, RULE, TABLE_PT, rgb
from sections import Bars

DATA_LABEL_LIMIT = 40  # beyond this many bars, value labels clutter more than they help


@dataclass(frozen=True)
class NativeSeries:
    name: str
    values: list[float | None]
    colours: list[str] = field(default_factory=list)  # one colour for the series, or one per bar


@dataclass(frozen=True)
class NativeChart:
    """A plotly bar chart's data in the shape PowerPoint wants (categories x series)."""

    horizontal: bool
    stacked: bool
    categories: list[str]
    series: list[NativeSeries]
    number_format: str  # "0", "0.0" or "0%"
    reverse: bool  # first category at the top, as the plotly chart draws it
    value_title: str = ""

    @property
    def chart_type(self) -> XL_CHART_TYPE:
        if self.horizontal:
            return XL_CHART_TYPE.BAR_STACKED if self.stacked else XL_CHART_TYPE.BAR_CLUSTERED
        return XL_CHART_TYPE.COLUMN_STACKED if self.stacked else XL_CHART_TYPE.COLUMN_CLUSTERED


# --- plotly bars -> native chart data ---------------------------------------------------------------------
_TAGS = re.compile(r"<[^>]+>")


def _label(value: object) -> str:
    """A plotly tick label as plain text: wrapped labels ("a<br>b") become one line, and the entities the chart
    builders escape plan text into (charts.safe_text) become characters again ("&lt;b&gt;" -> "<b>")."""
    return html.unescape(re.sub(r"\s+", " ", _TAGS.sub(" ", str(value).replace("<br>", " "))).strip())


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool | str | dt.date | pd.Timestamp):
        raise TypeError(value)
    number = float(value)  # raises for anything that is not a number
    return None if math.isnan(number) else number


def _colours(marker_colour: object, n: int) -> list[str]:
    if isinstance(marker_colour, str) and marker_colour.startswith("#"):
        return [marker_colour]
    if (
        isinstance(marker_colour, list | tuple)
        and len(marker_colour) == n
        and all(isinstance(c, str) and c.startswith("#") for c in marker_colour)
    ):
        return list(marker_colour)
    return []


def from_bars(bars: Bars) -> NativeChart:
    """A section's bar values as native-chart data (labels as plain text, first category at the top)."""
    return NativeChart(
        horizontal=bars.horizontal,
        stacked=bars.stacked,
        categories=[_label(c) for c in bars.categories],
        series=[NativeSeries(name=_label(s.name), values=list(s.values), colours=list(s.colours)) for s in bars.series],
        number_format=bars.number_format,
        reverse=bars.top_down if bars.horizontal else False,
        value_title=_label(bars.value_title),
    )


def native_chart(fig: go.Figure) -> NativeChart | None:
    """The figure as native-chart data when it is a plain bar/column chart, else None (draw it as an image).

    Plain means: only bar traces, one orientation, numeric values and no ``base`` (bars with a base are
    timelines/Gantt charts, which PowerPoint cannot draw natively).
    """
    traces = list(fig.data)
    if not traces or any(t.type != "bar" or t.base is not None for t in traces):
        return None
    orientations = {t.orientation or "v" for t in traces}
    if len(orientations) != 1:
        return None
    horizontal = orientations == {"h"}
    categories: list[str] = []
    per_trace: list[dict[str, float | None]] = []
    try:
        for trace in traces:
            cats = trace.y if horizontal else trace.x
            vals = trace.x if horizontal else trace.y
            if cats is None or vals is None or len(cats) != len(vals):
                return None
            labels = [_label(c) for c in cats]
            if any(isinstance(c, dt.date | pd.Timestamp) for c in cats):
                return None
            per_trace.append(dict(zip(labels, (_number(v) for v in vals), strict=True)))
            categories += [label for label in labels if label not in categories]
    except (TypeError, ValueError):
        return None
    value_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    category_axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    if category_axis.categoryorder == "array" and category_axis.categoryarray:
        # The axis, not the trace order, says where each category sits (traces may each hold only some).
        wanted = [_label(c) for c in category_axis.categoryarray]
        categories = [c for c in wanted if c in categories] + [c for c in categories if c not in wanted]
    values = [v for d in per_trace for v in d.values() if v is not None]
    if str(value_axis.tickformat or "").endswith("%"):
        number_format = "0%"
    elif all(float(v).is_integer() for v in values):
        number_format = "0"
    else:
        number_format = "0.0"
    series = [
        NativeSeries(
            name=_label(trace.name) if trace.name else f"Series {i + 1}",
            values=[d.get(c) for c in categories],
            colours=_colours(trace.marker.color, len(categories)),
        )
        for i, (trace, d) in enumerate(zip(traces, per_trace, strict=True))
    ]
    reversed_axis = category_axis.autorange == "reversed"
    return NativeChart(
        horizontal=horizontal,
        stacked=fig.layout.barmode in ("stack", "relative"),
        categories=categories,
        series=series,
        number_format=number_format,
        # PowerPoint draws a bar chart's first category at the bottom, as plotly does unless reversed.
        reverse=reversed_axis if horizontal else False,
        value_title=_label(value_axis.title.text) if value_axis.title and value_axis.title.text else "",
    )


# --- drawing ----------------------------------------------------------------------------------------------
def add_native_chart(slide: Slide, chart: NativeChart) -> None:
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name, s.values)
    frame = slide.shapes.add_chart(
        chart.chart_type, MARGIN, BODY_TOP, CONTENT_WIDTH, BODY_BOTTOM - BODY_TOP, data
    )  # fmt: skip
    native = frame.chart
    native.has_title = False  # the slide title says what it is (PowerPoint would title a lone series)
    native.font.name, native.font.size = FONT, Pt(BODY_PT)
    native.has_legend = len(chart.series) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.TOP
        native.legend.include_in_layout = False
        native.legend.font.size = Pt(BODY_PT)
    native.category_axis.reverse_order = chart.reverse
    if chart.reverse:  # keep the value axis at the bottom, under the last category, as in the dashboard
        native.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM
    native.category_axis.tick_labels.font.size = Pt(BODY_PT)
    # Labels at the chart's edge, not beside the zero line, where a negative bar would run over them.
    native.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    value_axis = native.value_axis
    value_axis.tick_labels.number_format = chart.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    if chart.value_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = chart.value_title
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(BODY_PT)
    plot = native.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 60
    if len(chart.categories) * len(chart.series) <= DATA_LABEL_LIMIT:
        plot.has_data_labels = True
        labels = plot.data_labels
        # A stacked bar's empty segment would print a stray "0" on its neighbour: zeros get no label there.
        fmt = f"{chart.number_format};-{chart.number_format};;" if chart.stacked else chart.number_format
        labels.number_format, labels.number_format_is_linked = fmt, False
        labels.font.size = Pt(TABLE_PT)
        if not chart.stacked:
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for s, series in zip(chart.series, plot.series, strict=True):
        if len(s.colours) == 1:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb(s.colours[0])
        elif s.colours:
            for i, colour in enumerate(s.colours):
                point = series.points[i]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb(colour)
