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
from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
)
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Pt

from reports.pack_fit import fold_series, label_size, legend_height, rounded, value_scale
from reports.pack_look import BODY_BOTTOM, BODY_PT, BODY_TOP, CONTENT_WIDTH, FONT, MARGIN, RULE, SLIDE_HEIGHT, rgb
from sections import Bars
from sections.common import axis_ordered, number_format


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
    categories = axis_ordered(categories, category_axis, _label)
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
        number_format=number_format([v for d in per_trace for v in d.values() if v is not None], value_axis),
        # PowerPoint draws a bar chart's first category at the bottom, as plotly does unless reversed.
        reverse=reversed_axis if horizontal else False,
        value_title=_label(value_axis.title.text) if value_axis.title and value_axis.title.text else "",
    )


# --- drawing ----------------------------------------------------------------------------------------------
def add_native_chart(slide: Slide, chart: NativeChart) -> None:
    """The chart fitted for a projector (:mod:`reports.pack_fit`): folded to at most eight series, values as the
    labels show them, whole-number or at-most-100% axes, a legend at most a fifth of the slide tall."""
    chart = rounded(fold_series(chart))
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name, s.values)
    width, height = CONTENT_WIDTH, BODY_BOTTOM - BODY_TOP
    frame = slide.shapes.add_chart(chart.chart_type, MARGIN, BODY_TOP, width, height, data)
    native = frame.chart
    native.has_title = False  # the slide title says what it is (PowerPoint would title a lone series)
    native.font.name, native.font.size = FONT, Pt(BODY_PT)
    native.has_legend = len(chart.series) > 1
    legend_share = 0.0
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.TOP
        native.legend.include_in_layout = False
        native.legend.font.size = Pt(BODY_PT)
        legend_in = legend_height(
            [s.name for s in chart.series], width_in=width / EMU_PER_INCH, font_pt=BODY_PT,
            slide_height_in=SLIDE_HEIGHT / EMU_PER_INCH,
        )  # fmt: skip
        legend_share = legend_in / (height / EMU_PER_INCH)
        _manual_layout(native.legend._element.get_or_add_layout(), 0.0, 0.0, 1.0, legend_share)
    # The plot below the legend, with room for an axis title; tick labels sit inside this ("outer") box.
    title_room = 0.08 if chart.value_title else 0.0
    plot_x = title_room if not chart.horizontal else 0.0
    plot_h = 1.0 - legend_share - 0.02 - (title_room if chart.horizontal else 0.03)
    _manual_layout(_plot_layout(native), plot_x, legend_share + 0.02, 1.0 - plot_x - 0.02, plot_h)
    native.category_axis.reverse_order = chart.reverse
    if chart.reverse:  # keep the value axis at the bottom, under the last category, as in the dashboard
        native.category_axis.crosses = XL_AXIS_CROSSES.MAXIMUM
    native.category_axis.tick_labels.font.size = Pt(BODY_PT)
    # Labels at the chart's edge, not beside the zero line, where a negative bar would run over them.
    native.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    value_axis = native.value_axis
    value_axis.tick_labels.number_format = chart.number_format.split(".")[0] if "%" not in chart.number_format else "0%"
    value_axis.tick_labels.number_format_is_linked = False
    scale = value_scale(chart)
    value_axis.minimum_scale, value_axis.maximum_scale, value_axis.major_unit = (
        scale.minimum,
        scale.maximum,
        scale.major,
    )
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    if chart.value_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = chart.value_title
        value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(BODY_PT)
    plot = native.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 60
    size = label_size(
        chart, plot_w_in=width / EMU_PER_INCH * 0.7, plot_h_in=height / EMU_PER_INCH * plot_h * 0.85
    )  # fmt: skip
    if size:
        plot.has_data_labels = True
        labels = plot.data_labels
        # An empty segment (stacked) or a council's missing bar (side by side) would print a stray "0" over its
        # neighbour: zeros get no label there. A lone series keeps its zeros (a bar of nothing is the news).
        zero_free = chart.stacked or len(chart.series) > 1
        fmt = f"{chart.number_format};-{chart.number_format};;" if zero_free else chart.number_format
        labels.number_format, labels.number_format_is_linked = fmt, False
        labels.font.size = Pt(size)
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


EMU_PER_INCH = 914400


def _plot_layout(native) -> etree._Element:
    """The plot area's ``c:layout`` (its first child), added when missing."""
    plot_area = native._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.SubElement(plot_area, qn("c:layout"))
        plot_area.remove(layout)
        plot_area.insert(0, layout)
    return layout


def _manual_layout(layout: etree._Element, x: float, y: float, w: float, h: float) -> None:
    """Place a chart part by shares of the chart's frame (DrawingML ``c:manualLayout``, edge mode)."""
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("xMode", "edge"), ("yMode", "edge"), ("x", x), ("y", y), ("w", w), ("h", h)):
        etree.SubElement(manual, qn(f"c:{tag}"), val=str(round(value, 4)) if not isinstance(value, str) else value)
