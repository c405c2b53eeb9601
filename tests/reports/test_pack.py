"""The briefing pack opens in python-pptx, has the slides and native charts promised, and its numbers match."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from analysis.followup import STATUS_LABELS, STATUSES, brief, status_counts
from analysis.summary import fold_councils, theme_counts
from analysis.topics import topic_recurrence
from charts.palette import council_colours
from loaders import Corpus
from loaders.constants import LGA_THEMES
from reports.pack import (
    FONT,
    PackChart,
    briefing_pack,
    due_rows,
    native_chart,
    pack_file_name,
    paginate,
    recommendation_rows,
)
from reports.pack_charts import PACK_SECTIONS, council_charts, pack_charts
from sections.themes import SLIDE_COUNCILS, TOP_TOPICS
from tests.charts.test_images import png_size, require_image_export

VISIT = dt.date(2023, 9, 1)
TODAY = dt.date(2025, 1, 1)


def open_pack(data: bytes):
    return Presentation(io.BytesIO(data))


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in list(table.rows)[1:]]


@pytest.fixture(scope="module")
def colours(corpus: Corpus) -> dict[str, str]:
    return council_colours(corpus.councils["council_id"])


@pytest.fixture(scope="module")
def all_councils_pack(corpus: Corpus, colours: dict[str, str]):
    items = pack_charts(corpus, colours=colours, sections=["Themes"])  # other sections: test_pack_sections.py
    return items, open_pack(briefing_pack(items, title="Peer challenge briefing", subtitle="All councils",
                                          details=["Filters: none"], images=False))  # fmt: skip


def test_pack_is_16_9_with_a_title_slide_and_a_slide_per_chart(all_councils_pack) -> None:
    items, prs = all_councils_pack
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    slides = list(prs.slides)
    assert len(slides) == 1 + len(items) == 4  # title + the three Themes charts
    assert "Peer challenge briefing" in texts(slides[0]) and "All councils" in texts(slides[0])
    for item, slide in zip(items, slides[1:], strict=True):
        shown = texts(slide)
        assert shown[0] == item.title
        assert item.takeaway in shown
        assert any(t.startswith("Sources:") for t in shown)
        assert item.takeaway in slide.notes_slide.notes_text_frame.text  # the presenter's notes carry it too


def test_theme_chart_is_native_and_its_numbers_match_the_frames(corpus: Corpus, all_councils_pack) -> None:
    """Bars become an editable PowerPoint bar chart: one series per council, one category per LGA theme."""
    _, prs = all_councils_pack
    chart = charts(list(prs.slides)[1])[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    categories = list(chart.plots[0].categories)
    assert categories == list(LGA_THEMES)
    counts = fold_councils(theme_counts(corpus.recommendations, corpus.councils), SLIDE_COUNCILS, other="mean")
    expected = counts.pivot_table(index="council", columns="lga_theme", values="recommendations", aggfunc="sum")
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert set(series) == set(expected.index)
    for council, values in series.items():
        assert values == [float(expected.loc[council].get(t, 0) if pd.notna(expected.loc[council].get(t)) else 0)
                          for t in LGA_THEMES]  # fmt: skip
    # the grey bar is the average of the councils beyond the seven with most recommendations (≤8 series)
    folded = theme_counts(corpus.recommendations, corpus.councils)
    kept = set(counts["council_id"])
    rest = folded[~folded["council_id"].isin(kept)]
    other = next(name for name in series if name.startswith("Other councils"))
    assert other == f"Other councils ({rest['council_id'].nunique()}, average)"
    assert sum(series[other]) == pytest.approx(rest["recommendations"].sum() / rest["council_id"].nunique(), abs=0.2)


def test_recurrence_chart_is_native_with_the_top_topics(corpus: Corpus, all_councils_pack) -> None:
    _, prs = all_councils_pack
    chart = charts(list(prs.slides)[3])[0]
    recurrence = topic_recurrence(corpus.recommendations, corpus.councils).head(TOP_TOPICS)
    assert list(chart.plots[0].categories) == list(recurrence["topic"])
    assert list(chart.plots[0].series[0].values) == [float(v) for v in recurrence["councils"]]


def test_heatmap_without_images_gets_a_note_slide(all_councils_pack) -> None:
    """No picture requested (or no Chromium): the slide says so instead of holding a broken image."""
    _, prs = all_councils_pack
    heat = list(prs.slides)[2]
    assert not charts(heat)
    assert not [s for s in heat.shapes if s.shape_type == 13]  # no picture
    assert any("not a bar chart" in t for t in texts(heat))


def test_heatmap_is_an_image_when_the_server_can_make_one(corpus: Corpus, colours: dict[str, str]) -> None:
    require_image_export()
    items = pack_charts(corpus, colours=colours, sections=["Themes"])
    prs = open_pack(briefing_pack(items, title="Peer challenge briefing"))
    pictures = [s for s in list(prs.slides)[2].shapes if s.shape_type == 13]
    assert len(pictures) == 1
    width, height = png_size(pictures[0].image.blob)
    assert width == 2560  # 1280 layout pixels at 2x
    assert height == 2 * int(items[1].figure.layout.height)
    assert len(charts(list(prs.slides)[1])) == 1  # the bar charts stay native


def test_every_run_uses_the_pack_font(all_councils_pack) -> None:
    _, prs = all_councils_pack
    fonts = {
        run.font.name
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    }
    assert fonts == {FONT}


# --- a council's pack ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def leeds(corpus: Corpus, colours: dict[str, str]):
    b = brief(corpus, "leeds", visit_date=VISIT, today=TODAY)
    items = council_charts(b, corpus, colours=colours)
    prs = open_pack(briefing_pack(items, title="Leeds City Council", brief=b, images=False))
    return b, items, prs


def test_council_pack_status_chart_matches_the_brief(leeds) -> None:
    b, items, prs = leeds
    assert [i.title for i in items] == ["Where the actions stand at the visit", "Recommendations per LGA core theme"]
    chart = charts(list(prs.slides)[1])[0]
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(chart.plots[0].categories) == [STATUS_LABELS[s] for s in STATUSES]
    counts = status_counts(b.actions)
    assert list(chart.plots[0].series[0].values) == [float(counts[s]) for s in STATUSES]
    assert sum(chart.plots[0].series[0].values) == b.headline.actions == 21


def test_council_pack_tables_hold_every_recommendation_and_what_is_due(leeds) -> None:
    b, _, prs = leeds
    slides = list(prs.slides)
    rec_slides = [s for s in slides if texts(s)[0].startswith("Recommendations: corporate peer challenge 2022")]
    assert rec_slides, [texts(s)[0] for s in slides]
    rec_rows = [row for s in rec_slides for row in table_rows(tables(s)[0])]
    assert [r[0] for r in rec_rows] == list(b.recommendations["number"].astype(str))
    assert len(rec_rows) == 12
    assert rec_rows[0][1].startswith("Keep being Leeds")
    # Every action past its deadline is on an "Overdue at the visit" slide, and none is called "due".
    assert not [s for s in slides if texts(s)[0].startswith("Due by the visit")]
    due_slides = [s for s in slides if texts(s)[0].startswith("Overdue at the visit on 1 Sep 2023: 8 actions")]
    due = [row for s in due_slides for row in table_rows(tables(s)[0])]
    assert len(due) == b.headline.overdue + b.headline.due == 8
    assert all(r[5].startswith("Overdue") for r in due)
    assert any("8 of 21 actions were due by the visit on 1 Sep 2023" in t for t in texts(due_slides[0]))
    if len(due_slides) > 1:
        assert texts(due_slides[0])[0].endswith(f"(1 of {len(due_slides)})")


def test_overdue_and_due_actions_get_their_own_titled_slides(corpus: Corpus, colours: dict[str, str]) -> None:
    """A visit after today: actions already late are "Overdue at the visit", the rest "Due by the visit"."""
    b = brief(corpus, "leeds", visit_date=dt.date(2023, 9, 1), today=dt.date(2023, 5, 1))
    assert b.headline.overdue and b.headline.due, b.headline
    slides = list(open_pack(briefing_pack([], title="Leeds", brief=b, images=False)).slides)
    overdue = [s for s in slides if texts(s)[0].startswith("Overdue at the visit on 1 Sep 2023")]
    due = [s for s in slides if texts(s)[0].startswith("Due by the visit on 1 Sep 2023")]
    assert overdue and due
    n = b.headline.overdue
    assert texts(overdue[0])[0].startswith(f"Overdue at the visit on 1 Sep 2023: {n} action{'s' if n != 1 else ''}")
    assert all(r[5].startswith("Overdue") for s in overdue for r in table_rows(tables(s)[0]))
    assert all(r[5] == "Due by the visit" for s in due for r in table_rows(tables(s)[0]))
    assert sum(len(table_rows(tables(s)[0])) for s in due) == b.headline.due


def test_recommendation_rows_say_where_actions_stand(corpus: Corpus) -> None:
    bury = brief(corpus, "bury", visit_date=dt.date(2022, 4, 1), today=TODAY)
    tables_by_challenge = recommendation_rows(bury)
    assert list(tables_by_challenge) == ["Revisit 2021", "Corporate peer challenge 2018"]
    assert set(tables_by_challenge["Corporate peer challenge 2018"]["Where its actions stand"]) == {
        "action plan not in the source"
    }
    due = due_rows(bury)
    assert list(due["Status"]) == ["Overdue (91 days)", "Overdue (1 day)"]  # most overdue first


@pytest.mark.parametrize(
    ("visit", "today", "expected"),
    [
        (VISIT, TODAY, "8 of 21 actions were due by the visit on 1 Sep 2023 and are not recorded as completed"),
        (dt.date(2023, 9, 1), dt.date(2023, 6, 1), "actions are overdue and"),  # a visit still ahead
    ],
)
def test_visit_takeaway_tense_follows_the_visit_date(corpus: Corpus, visit, today, expected: str) -> None:
    from analysis.takeaways import visit_takeaway

    b = brief(corpus, "leeds", visit_date=visit, today=today)
    line = visit_takeaway(b)
    assert expected in line
    if not b.visit_in_past:
        assert line == (f"{b.headline.overdue} of {b.headline.actions} actions are overdue and {b.headline.due} more "
                        "fall due by the visit on 1 Sep 2023")  # fmt: skip


def test_council_with_nothing_due_gets_a_slide_saying_so(corpus: Corpus, colours: dict[str, str]) -> None:
    b = brief(corpus, "north-west-leicestershire", today=TODAY)
    assert b.headline.actions == 0
    prs = open_pack(briefing_pack(council_charts(b, corpus, colours=colours), title="NWL", brief=b, images=False))
    last = list(prs.slides)[-1]
    assert any("No action in this council's plan" in t for t in texts(last))


# --- splitting long tables ----------------------------------------------------------------------------------


def test_paginate_splits_long_tables_and_keeps_every_row() -> None:
    rows = pd.DataFrame(
        {"No.": [str(i) for i in range(60)], "Text": ["word " * (10 + 15 * (i % 4)) for i in range(60)]}
    )
    pages = paginate(rows, (1.0, 11.33), height=5.0)
    assert len(pages) > 2
    assert pd.concat(pages).equals(rows)
    assert all(len(p) for p in pages)
    assert len(paginate(rows.head(3), (1.0, 11.33), height=5.0)) == 1
    assert len(paginate(rows.head(0), (1.0, 11.33))) == 1  # an empty table is still one (empty) page


def test_a_very_long_plan_spreads_over_numbered_slides(corpus: Corpus) -> None:
    b = brief(corpus, "leeds", visit_date=VISIT, today=TODAY)
    long_text = "A long recommendation that goes on. " * 12
    recs = b.recommendations.assign(title=long_text)
    from dataclasses import replace

    prs = open_pack(briefing_pack([], title="Leeds", brief=replace(b, recommendations=recs), images=False))
    rec_slides = [s for s in prs.slides if texts(s) and texts(s)[0].startswith("Recommendations:")]
    assert len(rec_slides) >= 3
    assert sum(len(table_rows(tables(s)[0])) for s in rec_slides) == 12
    assert texts(rec_slides[-1])[0].endswith(f"({len(rec_slides)} of {len(rec_slides)})")


# --- native chart detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "native"),
    [
        (go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), True),
        (go.Figure(go.Bar(y=["a", "b"], x=[1, 2], orientation="h")), True),
        (go.Figure(go.Heatmap(z=[[1, 2], [3, 4]])), False),
        (go.Figure(go.Scatter(x=[1, 2], y=[1, 2])), False),
        (go.Figure(go.Bar(y=["a"], x=[86400000], base=["2024-01-01"], orientation="h")), False),  # a Gantt bar
        (go.Figure(go.Bar(x=[dt.date(2024, 1, 1)], y=[3])), False),  # dates across: a timeline
        (go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=["a"], y=[1])]), False),
    ],
)
def test_native_chart_only_for_plain_bars(figure: go.Figure, native: bool) -> None:
    assert (native_chart(figure) is not None) is native


def test_native_chart_keeps_order_labels_and_formats() -> None:
    fig = go.Figure(
        [
            go.Bar(y=["Governance<br>and culture", "Capacity"], x=[0.5, 0.25], orientation="h", name="Leeds",
                   marker_color="#0072B2"),
            go.Bar(y=["Governance<br>and culture", "Capacity"], x=[0.1, 0.9], orientation="h", name="Bury"),
        ]
    )  # fmt: skip
    fig.update_layout(barmode="group", yaxis={"autorange": "reversed"}, xaxis={"tickformat": ".0%"})
    chart = native_chart(fig)
    assert chart is not None
    assert chart.categories == ["Governance and culture", "Capacity"]
    assert chart.number_format == "0%" and chart.reverse and chart.horizontal and not chart.stacked
    assert [s.name for s in chart.series] == ["Leeds", "Bury"]
    assert chart.series[0].colours == ["#0072B2"] and chart.series[1].values == [0.1, 0.9]


def test_custom_items_join_the_pack() -> None:
    """Any page can add charts: a PackChart is all the pack needs."""
    item = PackChart("Actions per owner", go.Figure(go.Bar(x=["Chief executive"], y=[4])), "4 actions", "Sources: x")
    prs = open_pack(briefing_pack([item], title="Owners"))
    assert len(prs.slides) == 2
    assert list(charts(list(prs.slides)[1])[0].plots[0].series[0].values) == [4.0]


def test_sections_and_file_names(corpus: Corpus, colours: dict[str, str]) -> None:
    assert "Themes" in PACK_SECTIONS
    assert pack_charts(corpus, colours=colours, sections=[]) == []
    assert pack_file_name("Leeds", dt.date(2025, 3, 1)) == "briefing-pack-leeds-2025-03-01.pptx"
    assert pack_file_name("King's Lynn & West Norfolk", dt.date(2025, 3, 1)).startswith("briefing-pack-king-s-lynn")
