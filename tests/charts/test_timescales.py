"""Timescale charts draw the rows they are given: bar counts, values, marks and one colour per council."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.timelines import (
    deadlines_by_month,
    due_by_actions,
    due_by_long,
    gantt_rows,
    horizons,
    planned_durations,
)
from charts.palette import STATUS_COLOURS, council_colours
from charts.timescales import (
    COMPLETED_COLOUR,
    FLAG_COLOUR,
    GANTT_LABEL_CHARS,
    deadlines_figure,
    due_by_figure,
    durations_figure,
    gantt_figure,
    horizon_figure,
)
from tests.analysis.test_timelines import ACTIONS, CHALLENGES, COUNCILS, TODAY

COLOURS = council_colours(COUNCILS["council_id"])
ROWS = gantt_rows(ACTIONS, CHALLENGES, COUNCILS)


def _bars(fig) -> list:
    return [t for t in fig.data if t.type == "bar"]


class TestGantt:
    def test_one_bar_per_placed_action_in_its_council_colour(self) -> None:
        fig = gantt_figure(ROWS, colours=COLOURS)
        bars = {t.legendgroup: t for t in _bars(fig)}
        assert set(bars) == {"ashby", "barton"}
        assert len(bars["ashby"].y) == 4  # 5 placed, the completed-with-no-date one is a star, not a bar
        assert len(bars["barton"].y) == 2
        assert bars["ashby"].marker.color == COLOURS["ashby"] and bars["barton"].marker.color == COLOURS["barton"]
        legend = [t for t in fig.data if t.type == "scatter" and t.name in {"Ashby Council", "Barton Borough Council"}]
        assert {t.marker.color for t in legend} == {COLOURS["ashby"], COLOURS["barton"]}

    def test_bars_span_their_dates_including_the_last_day(self) -> None:
        bar = next(t for t in _bars(gantt_figure(ROWS, colours=COLOURS)) if t.legendgroup == "ashby")
        i = list(bar.y).index("ashby-a1")  # April–September 2024
        assert bar.base[i] == "2024-04-01"
        assert bar.x[i] == pytest.approx((pd.Timestamp("2024-10-01") - pd.Timestamp("2024-04-01")).days * 86_400_000)

    def test_open_ended_hatched_with_arrows_completed_starred_flagged_outlined(self) -> None:
        fig = gantt_figure(ROWS, colours=COLOURS)
        ashby = next(t for t in _bars(fig) if t.legendgroup == "ashby")
        hatched = [y for y, shape in zip(ashby.y, ashby.marker.pattern.shape, strict=True) if shape == "/"]
        assert sorted(hatched) == ["ashby-a3", "ashby-a4"]
        arrows = [t for t in fig.data if t.type == "scatter" and t.marker.symbol == "triangle-right" and t.y[0]]
        assert sorted(y for t in arrows for y in t.y) == ["ashby-a3", "ashby-a4"]
        stars = next(t for t in fig.data if t.name == "Completed")
        assert list(stars.y) == ["ashby-a5"] and stars.marker.color == COMPLETED_COLOUR
        barton = next(t for t in _bars(fig) if t.legendgroup == "barton")
        outlined = [y for y, c in zip(barton.y, barton.marker.line.color, strict=True) if c == FLAG_COLOUR]
        assert outlined == ["barton-a1"]

    def test_labels_are_wrapped_with_full_text_on_hover_and_a_date_line(self) -> None:
        fig = gantt_figure(ROWS, colours=COLOURS, lines={"Due by 1 Aug 2024": dt.date(2024, 8, 1)})
        ticks = list(fig.layout.yaxis.ticktext)
        assert len(ticks) == len(ROWS) and ticks[0] == "Ashby 1.2: Action text 2"  # earliest bar first
        bar = _bars(fig)[0]
        assert bar.customdata[0][3] == "By December 2024"  # the timescale as written, on hover
        assert len(fig.layout.shapes) == 1 and fig.layout.annotations[0].text == "Due by 1 Aug 2024"

    def test_long_labels_are_one_line_with_an_ellipsis_and_the_full_text_on_hover(self) -> None:
        long = "Undertake and act on the findings of a full review of the council's governance and scrutiny"
        rows = ROWS.assign(text=[long if i == 0 else t for i, t in enumerate(ROWS["text"])])
        fig = gantt_figure(rows, colours=COLOURS)
        ticks = list(fig.layout.yaxis.ticktext)
        assert all("<br>" not in t for t in ticks)  # two-line labels overlapped their neighbours
        cut = next(t for t in ticks if "Undertake" in t)
        assert cut.endswith("…") and len(cut) <= GANTT_LABEL_CHARS and long not in cut
        hovers = [c[2].replace("<br>", " ") for t in _bars(fig) for c in t.customdata]
        assert long in hovers

    def test_empty_rows_give_an_empty_figure(self) -> None:
        assert len(gantt_figure(ROWS.iloc[0:0], colours=COLOURS).data) == 0


def test_durations_one_box_per_council_with_every_point() -> None:
    fig = durations_figure(planned_durations(ROWS), colours=COLOURS)
    assert [t.name for t in fig.data] == ["Ashby Council"]
    assert len(fig.data[0].y) == 2 and fig.data[0].boxpoints == "all"
    assert fig.data[0].marker.color == COLOURS["ashby"]


def test_horizon_bars_carry_months_and_colours() -> None:
    h = pd.DataFrame({"council_id": ["ashby", "barton"], "council": ["Ashby Council", "Barton Borough Council"],
                      "challenge_id": ["a", "b"], "year": [2023, 2022],
                      "plan_date": pd.to_datetime(["2024-02-01", "2022-01-01"]),
                      "last_deadline": pd.to_datetime(["2024-12-31", "2022-07-01"]), "horizon_months": [11.0, 6.0],
                      "last_item": ["1.2: x", "Action 2: y"], "deadlines": [2, 1], "open_ended": [2, 0]})  # fmt: skip
    fig = horizon_figure(h, colours=COLOURS)
    assert list(fig.data[0].x) == [11.0, 6.0]
    assert list(fig.data[0].marker.color) == [COLOURS["ashby"], COLOURS["barton"]]
    assert list(fig.data[0].text) == ["11 months", "6 months"]
    assert len(horizon_figure(horizons(ACTIONS, CHALLENGES, COUNCILS), colours=COLOURS).data[0].x) == 1


def test_deadlines_stacked_per_council() -> None:
    fig = deadlines_figure(deadlines_by_month(ACTIONS, COUNCILS), colours=COLOURS)
    assert fig.layout.barmode == "stack"
    assert {t.name: sum(t.y) for t in fig.data} == {"Ashby Council": 2, "Barton Borough Council": 2}
    assert {t.name: t.marker.color for t in fig.data} == {"Ashby Council": COLOURS["ashby"],
                                                          "Barton Borough Council": COLOURS["barton"]}  # fmt: skip


def test_due_by_stacks_statuses_in_their_colours() -> None:
    long = due_by_long(due_by_actions(ACTIONS, CHALLENGES, COUNCILS, date=dt.date(2024, 10, 1), today=TODAY))
    fig = due_by_figure(long)
    by_status = {t.name: list(t.x) for t in fig.data}
    assert by_status["Overdue"] == [1, 2]  # Ashby, Barton: deadlines passed by 1 Oct 2024
    assert by_status["Ongoing"] == [2, 1]  # Barton's undated "Ongoing" counts as ongoing
    assert sum(sum(x) for x in by_status.values()) == len(ACTIONS)
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours["Overdue"] == STATUS_COLOURS["overdue"] and colours["Completed"] == STATUS_COLOURS["completed"]
    assert "by 1 Oct 2024" in fig.data[0].y[0]


def test_negative_horizon_keeps_room_for_its_label() -> None:
    h = pd.DataFrame({"council_id": ["ashby", "barton"], "council": ["Ashby Council", "Barton Borough Council"],
                      "challenge_id": ["a", "b"], "year": [2023, 2024],
                      "plan_date": pd.to_datetime(["2024-02-01", "2025-04-01"]),
                      "last_deadline": pd.to_datetime(["2024-12-31", "2025-01-31"]), "horizon_months": [11.0, -2.0],
                      "last_item": ["1.2: x", "1.1: y"], "deadlines": [2, 1], "open_ended": [0, 0]})  # fmt: skip
    fig = horizon_figure(h, colours=COLOURS)
    assert list(fig.data[0].text) == ["11 months", "-2 months"]
    assert fig.layout.xaxis.range[0] < -2 - 2  # a quarter of the span to the left of the shortest bar
