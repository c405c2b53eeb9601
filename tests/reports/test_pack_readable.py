"""The pack reads on a projector: opened with python-pptx, every chart has at most eight series, a legend at most a
fifth of the slide tall, whole-number steps on count axes and share axes that stop at 100%; tables are 14 pt or
more with status cells in the app's status colours; and the values are the section's, rounded as labelled."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest
from lxml import etree
from pptx.enum.chart import XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Pt

from analysis.followup import brief
from charts.palette import MISSING_COLOUR, STATUS_COLOURS, council_colours
from loaders import Corpus
from reports.pack import PackChart, briefing_pack, from_bars
from reports.pack_charts import council_charts, pack_charts
from reports.pack_fit import LEGEND_MAX_SHARE, MAX_SERIES, fold_series, rounded, value_scale
from reports.pack_native import NativeChart, NativeSeries
from tests.reports.test_pack import charts, open_pack, tables, texts

VISIT, TODAY = dt.date(2023, 9, 1), dt.date(2023, 5, 1)


def _many_series_figure(n: int = 12) -> go.Figure:
    """Twelve councils stacked over four categories, counts up to 37: PowerPoint's own guess ticks 0, 5, 10 …"""
    fig = go.Figure(layout={"barmode": "stack"})
    for i in range(n):
        fig.add_bar(name=f"Council {i}", x=["a", "b", "c", "d"], y=[i % 4, (i * 3) % 5, 1, 0])
    return fig


def _share_figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=[1.0, 0.75, 0.333, 0.0], y=["w", "x", "y", "z"], orientation="h"))
    fig.update_xaxes(tickformat=".0%")
    return fig


@pytest.fixture(scope="module")
def packs(corpus: Corpus):
    colours = council_colours(corpus.councils["council_id"])
    items = pack_charts(corpus, colours=colours, full=corpus)
    items += [PackChart("Twelve councils", _many_series_figure()), PackChart("Shares", _share_figure())]
    b = brief(corpus, "leeds", visit_date=VISIT, today=TODAY)
    council = council_charts(b, corpus, colours=colours)
    return {
        "all": (items, open_pack(briefing_pack(items, title="All", images=False))),
        "leeds": (council, open_pack(briefing_pack(council, title="Leeds", brief=b, images=False)), b),
    }


def _all_charts(packs) -> list:
    slides = [slide for key in packs for slide in packs[key][1].slides]
    return [(shape, slide) for slide in slides for shape in slide.shapes if shape.has_chart]


def _manual(layout_parent) -> dict[str, float]:
    manual = layout_parent.find(qn("c:layout")).find(qn("c:manualLayout"))
    return {tag: float(manual.find(qn(f"c:{tag}")).get("val")) for tag in ("x", "y", "w", "h")}


def test_every_chart_has_at_most_eight_series(packs) -> None:
    found = _all_charts(packs)
    assert len(found) >= 11
    counts = {texts(slide)[0]: sum(len(p.series) for p in shape.chart.plots) for shape, slide in found}
    assert max(counts.values()) <= MAX_SERIES == 8, counts
    assert counts["Twelve councils"] == 8  # 7 kept + "Other councils (5)"


def test_folded_series_keep_every_bar_total(packs) -> None:
    slide = next(s for s in packs["all"][1].slides if texts(s)[0] == "Twelve councils")
    plot = charts(slide)[0].plots[0]
    names = [s.name for s in plot.series]
    assert names[-1] == "Other councils (5)"
    totals = [sum(col) for col in zip(*(s.values for s in plot.series), strict=True)]
    fig = _many_series_figure()
    assert totals == [float(sum(t.y[i] for t in fig.data)) for i in range(4)] == [18.0, 23.0, 12.0, 0.0]
    other = plot.series[len(names) - 1]
    assert str(other.format.fill.fore_color.rgb) == MISSING_COLOUR.lstrip("#").upper()


def test_legends_are_at_the_top_and_at_most_a_fifth_of_the_slide(packs) -> None:
    for key in packs:
        prs = packs[key][1]
        for slide in prs.slides:
            for shape in (s for s in slide.shapes if s.has_chart):
                chart = shape.chart
                if len(chart.plots[0].series) < 2:
                    assert not chart.has_legend
                    continue
                assert chart.has_legend and chart.legend.position == XL_LEGEND_POSITION.TOP
                box = _manual(chart.legend._element)
                assert box["h"] * shape.height <= LEGEND_MAX_SHARE * prs.slide_height + 1, texts(slide)[0]
                plot = _manual(chart._chartSpace.chart.plotArea)
                assert plot["y"] >= box["y"] + box["h"], texts(slide)[0]  # the plot starts below the legend


def test_count_axes_step_in_whole_numbers_and_share_axes_stop_at_100(packs) -> None:
    shares = 0
    for shape, slide in _all_charts(packs):
        axis = shape.chart.value_axis
        values = [v for p in shape.chart.plots for s in p.series for v in s.values if v is not None]
        if axis.tick_labels.number_format.endswith("%"):
            shares += 1
            assert axis.maximum_scale <= 1.0 and max(values) <= axis.maximum_scale, texts(slide)[0]
        else:
            assert axis.major_unit >= 1 and float(axis.major_unit).is_integer(), texts(slide)[0]
            assert "." not in axis.tick_labels.number_format, texts(slide)[0]  # "0 1 2", never "0.0 1.0"
            assert axis.minimum_scale <= min(values) and float(axis.maximum_scale).is_integer()
    assert shares >= 2  # the no-owner share and the synthetic one


def test_axes_hold_every_bar(packs) -> None:
    for shape, slide in _all_charts(packs):
        chart = shape.chart
        stacked = (
            "Stacked" in type(chart.plots[0]).__name__
            or chart.plots[0]._element.find(qn("c:grouping")).get("val") == "stacked"
        )
        columns = list(zip(*(s.values for s in chart.plots[0].series), strict=True))
        tops = [sum(v for v in col if v and v > 0) if stacked else max(v or 0 for v in col) for col in columns]
        assert max(tops) <= chart.value_axis.maximum_scale, texts(slide)[0]


def test_values_are_the_sections_rounded_as_labelled(packs) -> None:
    items, prs = packs["all"]
    slides = {texts(s)[0]: s for s in prs.slides}
    checked = 0
    for item in items:
        if item.bars is None:
            continue
        expected = rounded(fold_series(from_bars(item.bars)))
        plot = charts(slides[item.title])[0].plots[0]
        assert [s.name for s in plot.series] == [s.name for s in expected.series]
        for got, want in zip(plot.series, expected.series, strict=True):
            assert list(got.values) == [v if v is not None else None for v in want.values], item.title
        if expected.number_format == "0":
            assert all(float(v).is_integer() for s in plot.series for v in s.values if v is not None), item.title
        checked += 1
    assert checked >= 7
    shares = charts(slides["Shares"])[0].plots[0].series[0].values
    assert list(shares) == [1.0, 0.75, 0.33, 0.0]  # 33%, as labelled, not 0.333


def test_tables_are_14_pt_or_more(packs) -> None:
    sizes = [
        run.font.size
        for slide in packs["leeds"][1].slides
        for table in tables(slide)
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.text_frame.paragraphs
        for run in paragraph.runs
    ]
    assert len(sizes) > 100 and min(sizes) >= Pt(14)


def test_status_cells_take_the_palette_colours(packs) -> None:
    _, prs, b = packs["leeds"]
    seen: dict[str, int] = {}
    for slide in prs.slides:
        title = texts(slide)[0]
        for table in tables(slide):
            header = [c.text for c in table.rows[0].cells]
            column = "Status" if "Status" in header else "Where its actions stand"
            if column not in header:
                continue
            for row in list(table.rows)[1:]:
                cell = row.cells[header.index(column)]
                if title.startswith("Overdue at the visit"):
                    code = "overdue"
                elif title.startswith("Due by the visit"):
                    code = "due"
                else:  # a recommendation: its most pressing status, named first in the cell
                    code = next(
                        (s for s in STATUS_COLOURS if cell.text.split(",")[0].endswith(_label(s))), None
                    )  # fmt: skip
                    if code is None:
                        continue
                assert str(cell.fill.fore_color.rgb) == STATUS_COLOURS[code].lstrip("#").upper(), (title, cell.text)
                seen[code] = seen.get(code, 0) + 1
    assert seen.get("overdue", 0) >= b.headline.overdue and seen.get("due", 0) >= b.headline.due > 0


def _label(code: str) -> str:
    from analysis.followup import STATUS_LABELS

    return STATUS_LABELS[code].lower()


def test_every_slide_is_titled_with_what_it_shows(packs) -> None:
    for key in packs:
        for slide in list(packs[key][1].slides)[1:]:
            title = texts(slide)[0]
            assert title and len(title) <= 90, title
            for table in tables(slide):
                statuses = [row.cells[len(table.columns) - 1].text for row in list(table.rows)[1:]]
                if title.startswith("Overdue at the visit"):
                    assert all(s.startswith("Overdue") for s in statuses), title
                if title.startswith("Due by the visit"):
                    assert not any(s.startswith("Overdue") for s in statuses), title


# --- the rules on their own ---------------------------------------------------------------------------------


def _chart(values: list[float], fmt: str = "0", *, stacked: bool = False) -> NativeChart:
    return NativeChart(False, stacked, [str(i) for i in range(len(values))], [NativeSeries("s", values)], fmt, False)


@pytest.mark.parametrize(
    ("values", "fmt", "expected"),
    [
        ([3, 4, 2], "0", (0, 5, 1)),  # "0 1 1 2 2 3 3 4 4" never: whole steps
        ([0.8, 1.2, 7], "0.0", (0, 8, 1)),  # averages of counts still step in whole numbers
        ([14, 11, 9, -2], "0", (-4, 16, 2)),
        ([120, 37], "0", (0, 140, 20)),
        ([1.0, 0.75, 0.0], "0%", (0, 1.0, 0.2)),  # never 120%
        ([0.3, 0.1], "0%", (0, 0.35, 0.05)),
    ],
)
def test_value_scale(values, fmt, expected) -> None:
    scale = value_scale(_chart(values, fmt))
    assert (scale.minimum, scale.maximum, scale.major) == pytest.approx(expected)


def test_fold_side_by_side_series_averages_and_counts_members() -> None:
    series = [NativeSeries(f"Council {i}", [float(i), 1.0]) for i in range(9)]
    series.append(NativeSeries("Other councils (3)", [0.0, 0.0]))
    folded = fold_series(NativeChart(True, False, ["a", "b"], series, "0", True))
    assert len(folded.series) == MAX_SERIES
    other = folded.series[-1]
    assert other.name == "Other councils (5, average)"  # councils 0, 1 and the three already folded
    # The earlier fold holds three councils' total, so the average is over five councils.
    assert other.values == pytest.approx([(0 + 1 + 0) / 5, (1 + 1 + 0) / 5])
    assert [s.name for s in folded.series[:-1]] == [f"Council {i}" for i in range(2, 9)]


def test_legend_layout_xml_is_valid_drawingml(packs) -> None:
    shape, _ = next((s, sl) for s, sl in _all_charts(packs) if s.chart.has_legend)
    legend = shape.chart.legend._element
    tags = [etree.QName(child).localname for child in legend]
    assert tags.index("legendPos") < tags.index("layout") < tags.index("overlay")  # the schema's order
    assert etree.QName(shape.chart._chartSpace.chart.plotArea[0]).localname == "layout"
