"""The history timeline draws each dated event once, in its lane, in the council's colour, with connectors
to the challenge it follows up; planned events are hollow."""

from __future__ import annotations

import pandas as pd

from analysis.history import TIMELINE_COLUMNS
from charts.history import LANE_SYMBOLS, timeline_figure

COLOUR = "#0072B2"


def _events() -> pd.DataFrame:
    rows = [
        ("c-2018", "challenge", "c-2018", "Peer challenge", "2018-11-15", False, 10, ""),
        ("c-2021", "challenge", "c-2021", "Revisit", "2021-07-16", False, 7, "c-2018"),
        ("c-2021-plan", "action plan", "c-2021", "Action plan", "2021-10-13", False, None, "c-2021"),
        ("c-rv1", "review", "c-2021", "Progress review", "2022-06-01", True, None, "c-2021"),
        ("c-rv2", "review", "c-2021", "Progress review", None, False, None, "c-2021"),  # no date at all
    ]
    frame = pd.DataFrame(
        [
            {"council_id": "c", "event_id": e, "event": ev, "challenge_id": ch, "lane": lane, "kind": lane.lower(),
             "date": pd.Timestamp(d) if d else pd.NaT, "date_exact": False, "date_as_written": d or "",
             "planned": planned, "title": e, "recommendations": recs, "follows": follows, "rag": ""}
            for e, ev, ch, lane, d, planned, recs, follows in rows
        ],
        columns=TIMELINE_COLUMNS,
    )  # fmt: skip
    frame["recommendations"] = frame["recommendations"].astype("Int64")
    return frame


def _markers(fig):
    return [t for t in fig.data if t.mode == "markers+text"]


def test_one_marker_per_dated_event_in_its_lane() -> None:
    fig = timeline_figure(_events(), colour=COLOUR)
    markers = _markers(fig)
    assert [t.name for t in markers] == ["Peer challenge", "Revisit", "Progress review", "Action plan"]
    assert sum(len(t.x) for t in markers) == 4  # the undated review is left out
    assert all(set(t.y) == {t.name} for t in markers)
    assert markers[0].marker.symbol == LANE_SYMBOLS["Peer challenge"]


def test_labels_say_year_and_recommendations() -> None:
    markers = _markers(timeline_figure(_events(), colour=COLOUR))
    assert list(markers[0].text) == ["2018 · 10 recs"]
    assert list(markers[1].text) == ["2021 · 7 recs"]
    assert list(markers[3].text) == ["Oct 2021"]


def test_council_colour_and_planned_events_hollow() -> None:
    markers = {t.name: t for t in _markers(timeline_figure(_events(), colour=COLOUR))}
    assert list(markers["Peer challenge"].marker.color) == [COLOUR]
    assert list(markers["Progress review"].marker.color) == ["white"]  # planned
    assert list(markers["Progress review"].marker.line.color) == [COLOUR]


def test_connectors_join_follow_ups_to_their_challenge() -> None:
    fig = timeline_figure(_events(), colour=COLOUR)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == 1
    segments = [x for x in lines[0].x if x is not None]
    assert len(segments) == 2 * 3  # revisit <- 2018, plan <- revisit, review <- revisit


def test_lanes_top_to_bottom() -> None:
    fig = timeline_figure(_events(), colour=COLOUR)
    assert list(fig.layout.yaxis.categoryarray) == ["Peer challenge", "Revisit", "Progress review", "Action plan"]
    assert fig.layout.yaxis.autorange == "reversed"


def test_nothing_dated() -> None:
    events = _events().assign(date=pd.NaT)
    fig = timeline_figure(events, colour=COLOUR)
    assert not _markers(fig) or sum(len(t.x) for t in _markers(fig)) == 0
    assert fig.layout.annotations[0].text == "No dated events"
