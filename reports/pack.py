"""The briefing pack: a 16:9 PowerPoint file to drop into a briefing for councillors or LGA colleagues.

A title slide; one slide per chosen chart with its title, plain-English takeaway and source line; and, for a
council, its recommendations and what is due by the visit date as readable tables (split across slides when
long). Bar and column charts become *native* PowerPoint charts (data in an embedded workbook), so presenters
can restyle them and the numbers stay editable; anything else (heatmaps, timelines) is a PNG rendered by
kaleido, or, on a server without Chromium, a slide saying what is missing instead of a broken file.

Pure: python-pptx only, no Streamlit. Charts arrive as :class:`PackChart` items (title, figure, takeaway,
source), so any page can add its charts to a pack without this module knowing about it
(see :mod:`reports.pack_charts`).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from analysis.followup import STATUS_LABELS, STATUSES, Brief, actions_table, challenge_label, day
from analysis.takeaways import source_line, visit_takeaway
from analysis.visit_answer import review_rows
from sections import Bars, Drawn

# --- the look: one font, a few sizes, 16:9 ----------------------------------------------------------------
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
FONT = "Arial"  # on every machine that opens PowerPoint files, so slides look the same everywhere
TITLE_PT, TAKEAWAY_PT, BODY_PT, TABLE_PT, SOURCE_PT = 28, 18, 14, 11, 10
INK, MUTED, ACCENT, RULE = "1B1F24", "5B6570", "1F5D8C", "D6DBE1"
MARGIN = Inches(0.5)
BODY_TOP, BODY_BOTTOM = Inches(1.75), Inches(6.8)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
MAX_CELL_CHARS = 600  # longer cells are shortened (the HTML brief and the dashboard keep the full text)
ROW_MIN_HEIGHT = 0.3  # inches: the height every table row starts at
DATA_LABEL_LIMIT = 40  # beyond this many bars, value labels clutter more than they help


@dataclass(frozen=True)
class PackChart:
    """One chart slide: what any page hands to the pack."""

    title: str
    figure: go.Figure
    takeaway: str = ""
    source: str = ""
    #: A section's own bar values (:class:`sections.Bars`): the native chart is drawn from these, not the figure.
    bars: Bars | None = None

    @classmethod
    def of(cls, drawn: Drawn) -> PackChart:
        """A section as a slide: the same data gives the figure, the takeaway, the source and the bars."""
        return cls(drawn.slide_title, drawn.figure("slide"), drawn.takeaway, drawn.source, drawn.bars)


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


# --- table rows -------------------------------------------------------------------------------------------
def _shorten(text: str, limit: int = MAX_CELL_CHARS) -> str:
    text = re.sub(r"[ \t]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def recommendation_rows(b: Brief) -> dict[str, pd.DataFrame]:
    """Per challenge (latest first): No., Recommendation, LGA theme, Actions, Where its actions stand."""
    out: dict[str, pd.DataFrame] = {}
    acts = b.actions
    if acts.empty or "visit_status" not in acts:  # no actions at all: every recommendation stands alone
        acts = pd.DataFrame({"rec_ids": pd.Series(dtype=object), "visit_status": pd.Series(dtype=str)})
    for _, ch in b.challenges.iterrows():
        recs = b.recommendations[b.recommendations["challenge_id"] == ch["challenge_id"]]
        plan_missing = not bool(ch.get("action_plan_in_source", True))
        rows = []
        for rec in recs.itertuples(index=False):
            answers = acts["rec_ids"].map(lambda ids, r=rec.rec_id: r in (ids if ids is not None else []))
            answering = acts.loc[answers.astype(bool)]
            counts = answering["visit_status"].value_counts()
            stand = ", ".join(f"{int(counts[s])} {STATUS_LABELS[s].lower()}" for s in STATUSES if s in counts)
            if answering.empty:
                stand = "action plan not in the source" if plan_missing else "no action in the plan"
            rows.append(
                {
                    "No.": str(rec.number),
                    "Recommendation": _shorten(str(rec.title)),
                    "LGA theme": str(rec.lga_theme) if isinstance(rec.lga_theme, str) else "–",
                    "Actions": str(len(answering)),
                    "Where its actions stand": stand,
                }
            )
        out[challenge_label(ch)] = pd.DataFrame(
            rows, columns=["No.", "Recommendation", "LGA theme", "Actions", "Where its actions stand"]
        )
    return out


DUE_STATUSES = ("overdue", "due")


def due_rows(b: Brief) -> pd.DataFrame:
    """Actions whose deadline falls by the visit date and are not recorded as completed, most overdue first."""
    table = actions_table(b)
    if table.empty:
        return pd.DataFrame(columns=["Rec.", "No.", "Action", "Owner", "Deadline", "Status"])
    codes = b.actions["visit_status"].tolist()
    table = table.assign(_code=codes, _late=table["days_overdue"].fillna(-1))
    table = table[table["_code"].isin(DUE_STATUSES)].sort_values(["_late", "end"], ascending=[False, True])
    status = [
        f"Overdue ({int(d)} day{'s' if int(d) != 1 else ''})" if c == "overdue" and d >= 0 else STATUS_LABELS[c]
        for c, d in zip(table["_code"], table["_late"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Rec.": table["recommendations"].astype(str),
            "No.": table["number"].astype(str),
            "Action": [_shorten(str(t)) for t in table["action"]],
            "Owner": [_shorten(str(o), 120) for o in table["owner"]],
            "Deadline": [day(e) or (t or "–") for e, t in zip(table["end"], table["timescale_raw"], strict=True)],
            "Status": status,
        },
        columns=["Rec.", "No.", "Action", "Owner", "Deadline", "Status"],
    )


def paginate(rows: pd.DataFrame, widths: Sequence[float], *, font_pt: float = TABLE_PT, height: float = 4.6) -> list:
    """Split rows into slide-sized pages by estimated text height (``widths`` and ``height`` in inches).

    PowerPoint grows a table row to fit its text, so a long table would run off the slide; estimating lines
    per cell (average glyph width about half the font size) keeps each page on its slide.
    """
    line = font_pt * 1.2 / 72  # inches per text line
    padding = 0.08  # cell margins, top and bottom
    chars_per_inch = 72 / (font_pt * 0.46)  # Arial averages about 0.42 em a glyph: this errs on the safe side

    def row_height(values: Sequence[object]) -> float:
        lines = 1
        for value, width in zip(values, widths, strict=True):
            per_line = max(4, int((width - 0.15) * chars_per_inch))
            count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
            lines = max(lines, count)
        return max(ROW_MIN_HEIGHT, lines * line + padding)

    header = row_height(list(rows.columns))
    pages: list[pd.DataFrame] = []
    start, used = 0, header
    for i, values in enumerate(rows.itertuples(index=False, name=None)):
        h = row_height(values)
        if i > start and used + h > height:
            pages.append(rows.iloc[start:i])
            start, used = i, header
        used += h
    if len(rows) > start or not pages:
        pages.append(rows.iloc[start:])
    return pages


# --- drawing ----------------------------------------------------------------------------------------------
def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])


def _text(slide: Slide, text: str, *, left, top, width, height, size: float, bold: bool = False,
          colour: str = INK, align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:  # fmt: skip
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
        run.font.color.rgb = _rgb(colour)


def _chrome(slide: Slide, title: str, takeaway: str = "", source: str = "", notes: str = "") -> None:
    """Title, takeaway, source line and speaker notes: the same place on every slide."""
    _text(slide, title, left=MARGIN, top=Inches(0.35), width=CONTENT_WIDTH, height=Inches(0.75),
          size=TITLE_PT, bold=True, colour=ACCENT, anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    rule = slide.shapes.add_connector(1, MARGIN, Inches(1.15), SLIDE_WIDTH - MARGIN, Inches(1.15))
    rule.line.color.rgb, rule.line.width = _rgb(RULE), Pt(1.25)
    if takeaway:
        _text(slide, takeaway, left=MARGIN, top=Inches(1.2), width=CONTENT_WIDTH, height=Inches(0.5),
              size=takeaway_size(takeaway), bold=True)  # fmt: skip
    if source:
        _text(slide, source, left=MARGIN, top=Inches(6.85), width=CONTENT_WIDTH, height=Inches(0.45),
              size=SOURCE_PT, colour=MUTED)  # fmt: skip
    text = "\n".join(t for t in (takeaway, notes, source) if t)
    if text:
        slide.notes_slide.notes_text_frame.text = text


def takeaway_size(text: str) -> float:
    """The takeaway's font size: full size on one line, smaller on two, so it never runs into the chart below.

    The band between the rule and the chart holds one line at :data:`TAKEAWAY_PT` or two at 15pt or less;
    line lengths are estimated (bold Arial averages about 0.55 em a glyph, erring long).
    """
    width_pt = CONTENT_WIDTH / 12700 - 14  # the text box's inner width in points
    for size, lines in ((TAKEAWAY_PT, 1), (15, 2), (13, 2)):
        if len(text) <= lines * width_pt / (size * 0.55):
            return size
    return 12


def _blank(prs: Presentation) -> Slide:
    return prs.slides.add_slide(prs.slide_layouts[6])


def _add_native_chart(slide: Slide, chart: NativeChart) -> None:
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
    value_axis.major_gridlines.format.line.color.rgb = _rgb(RULE)
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
            series.format.fill.fore_color.rgb = _rgb(s.colours[0])
        elif s.colours:
            for i, colour in enumerate(s.colours):
                point = series.points[i]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(colour)


def _add_picture(slide: Slide, png: bytes, fig: go.Figure, size: tuple[int, int]) -> None:
    """The image as large as the body allows, keeping its proportions, centred."""
    box_w, box_h = CONTENT_WIDTH, BODY_BOTTOM - BODY_TOP
    w, h = size
    scale = min(box_w / w, box_h / h)
    width, height = Emu(int(w * scale)), Emu(int(h * scale))
    left = MARGIN + Emu(int((box_w - width) / 2))
    slide.shapes.add_picture(io.BytesIO(png), left, BODY_TOP, width=width, height=height)


def _add_table(slide: Slide, rows: pd.DataFrame, widths: Sequence[float], *, top=BODY_TOP) -> None:
    shape = slide.shapes.add_table(len(rows) + 1, len(rows.columns), MARGIN, top, CONTENT_WIDTH, Inches(0.4))
    table = shape.table
    for i, width in enumerate(widths):
        table.columns[i].width = Inches(width)
    for r in range(len(rows) + 1):
        table.rows[r].height = Inches(ROW_MIN_HEIGHT)
    for c, name in enumerate(rows.columns):
        _cell(table.cell(0, c), str(name), bold=True, fill=ACCENT, colour="FFFFFF")
    for r, values in enumerate(rows.itertuples(index=False, name=None), start=1):
        fill = "FFFFFF" if r % 2 else "F2F5F8"
        for c, value in enumerate(values):
            _cell(table.cell(r, c), str(value), fill=fill)


def _cell(cell, text: str, *, bold: bool = False, fill: str = "FFFFFF", colour: str = INK) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    frame = cell.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = ""
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.name, run.font.size, run.font.bold = FONT, Pt(TABLE_PT), bold
    run.font.color.rgb = _rgb(colour)


def _note(slide: Slide, message: str) -> None:
    box = slide.shapes.add_shape(1, MARGIN, Inches(2.6), CONTENT_WIDTH, Inches(1.6))
    box.fill.solid()
    box.fill.fore_color.rgb = _rgb("FFF8E6")
    box.line.color.rgb = _rgb("9A6700")
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.3)
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = message
    run.font.name, run.font.size = FONT, Pt(BODY_PT + 2)
    run.font.color.rgb = _rgb(INK)


# --- the pack -----------------------------------------------------------------------------------------------
RECOMMENDATION_WIDTHS = (0.7, 6.43, 2.3, 0.9, 2.0)
DUE_WIDTHS = (0.8, 0.7, 5.63, 2.3, 1.3, 1.6)
#: Date, Kind, Review, RAG, Findings (the columns of :func:`analysis.visit_answer.review_rows`).
REVIEW_WIDTHS = (1.5, 1.2, 2.5, 1.8, 5.33)

ImageRenderer = Callable[[list[go.Figure]], list[bytes]]


def _default_renderer() -> tuple[ImageRenderer | None, str]:
    """kaleido through the shared browser, or None and the reason when this server cannot make images."""
    from charts.images import image_export_available, to_images

    ok, reason = image_export_available()
    if not ok:
        return None, reason

    def render(figures: list[go.Figure]) -> list[bytes]:
        return to_images([_untitled(f) for f in figures], "png", scale=2)

    return render, ""


def _untitled(fig: go.Figure) -> go.Figure:
    """The slide carries the title, so the image does not repeat it."""
    out = go.Figure(fig)
    out.update_layout(title=None, width=1280, height=fig.layout.height or 720)
    return out


def briefing_pack(
    charts: Sequence[PackChart] = (),
    *,
    title: str,
    subtitle: str = "",
    details: Sequence[str] = (),
    brief: Brief | None = None,
    generated: dt.date | None = None,
    images: bool | None = None,
) -> bytes:
    """The .pptx as bytes: title slide, a slide per chart, and (with ``brief``) the council's tables.

    ``details`` are lines for the title slide (filters, visit date). ``images``: None renders non-bar charts
    as PNGs when this server can (see :func:`charts.images.image_export_available`); False never does, and
    such charts get a slide saying why. Bar/column charts are always native.
    """
    generated = generated or dt.date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    prs.core_properties.title = title
    prs.core_properties.subject = subtitle or "Peer challenge briefing"
    prs.core_properties.author = "Peer Challenge Explorer"

    _title_slide(prs, title=title, subtitle=subtitle, details=details, generated=generated)

    natives = [from_bars(item.bars) if item.bars else native_chart(item.figure) for item in charts]
    need_images = [item.figure for item, native in zip(charts, natives, strict=True) if native is None]
    pictures: list[bytes] = []
    missing = ""
    if need_images:
        render, missing = _default_renderer() if images is not False else (None, "")
        if images is False:
            missing = "Chart images were not requested for this pack."
        if render is not None:
            try:
                pictures = render(need_images)
            except Exception as exc:  # a browser failing mid-way must not cost the whole pack
                missing = str(exc)
    picture_iter = iter(pictures)
    for item, native in zip(charts, natives, strict=True):
        slide = _blank(prs)
        _chrome(slide, item.title, item.takeaway, item.source)
        if native is not None:
            _add_native_chart(slide, native)
        elif pictures:
            from charts.images import image_size

            _add_picture(slide, next(picture_iter), item.figure, image_size(_untitled(item.figure)))
        else:
            _note(slide, "This chart is not a bar chart, so the pack needs an image of it, and none could be "
                         f"made: {missing} The chart is in the dashboard, where its table and CSV are one "
                         "click away.")  # fmt: skip
    if brief is not None:
        _brief_slides(prs, brief)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _title_slide(prs: Presentation, *, title: str, subtitle: str, details: Sequence[str], generated: dt.date) -> None:
    slide = _blank(prs)
    band = slide.shapes.add_shape(1, 0, 0, SLIDE_WIDTH, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(ACCENT)
    band.line.fill.background()
    _text(slide, title, left=MARGIN, top=Inches(2.0), width=CONTENT_WIDTH, height=Inches(1.3), size=40, bold=True,
          colour=ACCENT, anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    if subtitle:
        _text(slide, subtitle, left=MARGIN, top=Inches(3.45), width=CONTENT_WIDTH, height=Inches(0.7), size=22)
    lines = [*details, f"Prepared {day(generated)} with the Peer Challenge Explorer, from the councils' own papers."]
    _text(slide, "\n".join(lines), left=MARGIN, top=Inches(4.4), width=CONTENT_WIDTH, height=Inches(2.2),
          size=BODY_PT, colour=MUTED)  # fmt: skip


def _table_slides(prs: Presentation, title: str, rows: pd.DataFrame, widths: Sequence[float], *,
                  takeaway: str = "", source: str = "") -> int:  # fmt: skip
    pages = paginate(rows, widths, height=(BODY_BOTTOM - BODY_TOP) / 914400)
    for i, page in enumerate(pages, start=1):
        slide = _blank(prs)
        label = f"{title} ({i} of {len(pages)})" if len(pages) > 1 else title
        _chrome(slide, label, takeaway, source)
        _add_table(slide, page, widths)
    return len(pages)


def _brief_slides(prs: Presentation, b: Brief) -> None:
    source = source_line(b.challenges)
    for label, rows in recommendation_rows(b).items():
        if rows.empty:
            continue
        declared = b.challenges.loc[b.challenges.apply(challenge_label, axis=1) == label, "recommendations_declared"]
        count = f"{len(rows)} of {int(declared.iloc[0])}" if len(declared) and pd.notna(declared.iloc[0]) else len(rows)
        _table_slides(prs, f"Recommendations: {label[0].lower()}{label[1:]}", rows, RECOMMENDATION_WIDTHS,
                      takeaway=f"{count} recommendations; statuses judged at the visit on {day(b.visit_date)}",
                      source=source)  # fmt: skip
    _review_slides(prs, b, source)  # what the reviews found, then what is due: the pack ends on the visit's questions
    due = due_rows(b)
    title = f"Due by the visit on {day(b.visit_date)}"
    if due.empty:
        slide = _blank(prs)
        _chrome(slide, title, visit_takeaway(b), source)
        _note(slide, "No action in this council's plan has a deadline on or before the visit date that is not "
                     "recorded as completed.")  # fmt: skip
    else:
        _table_slides(prs, title, due, DUE_WIDTHS, takeaway=visit_takeaway(b), source=source)


def _review_slides(prs: Presentation, b: Brief, source: str) -> None:
    """The recorded progress reviews, as the brief page lists them (the same rows), or a slide saying none is
    recorded: the visit date is then an estimate, and the adviser should know."""
    reviews = review_rows(b)
    title = f"Recorded progress reviews — {len(reviews)}"
    if reviews.empty:
        slide = _blank(prs)
        _chrome(slide, title, "No progress review recorded", source)
        _note(slide, "The plan records no progress review, revisit or progress report: the visit date is an "
                     "estimate.")  # fmt: skip
        return
    shown = reviews.assign(Findings=[_shorten(str(f)) for f in reviews["Findings"]])
    _table_slides(prs, title, shown, REVIEW_WIDTHS, takeaway="As the sources record them; findings are quoted, "
                  "not judged", source=source)  # fmt: skip


def pack_file_name(subject: str, generated: dt.date | None = None) -> str:
    """ "briefing-pack-leeds-2025-03-01.pptx" from a council id or a short label."""
    slug = re.sub(r"[^a-z0-9]+", "-", subject.lower()).strip("-") or "all"
    return f"briefing-pack-{slug}-{(generated or dt.date.today()).isoformat()}.pptx"
