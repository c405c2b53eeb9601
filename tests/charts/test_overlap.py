"""Overlap chart builders on small frames: cells, bars and colours a reader would see."""

from __future__ import annotations

import math

import pandas as pd

from charts.overlap import cluster_bars_figure, match_scores_figure, overlap_heatmap_figure

MATRIX = pd.DataFrame([[1.0, 0.4], [0.4, 1.0]], index=["a", "b"], columns=["a", "b"])
NAMES = {"a": "Aton Borough Council", "b": "Bton District Council"}
COLOURS = {"a": "#0072B2", "b": "#E69F00"}


def test_heatmap_blanks_the_diagonal_and_labels_pairs_in_percent() -> None:
    heat = overlap_heatmap_figure(MATRIX, NAMES).data[0]
    z = [list(row) for row in heat.z]
    assert math.isnan(z[0][0]) and math.isnan(z[1][1])
    assert z[0][1] == 0.4
    assert heat.text[0][1] == "40%" and heat.text[0][0] == "\u2014"
    assert list(heat.y) == ["Aton", "Bton"]  # short names on the axis, full names on hover
    assert heat.customdata[0][1] == ["Aton Borough Council", "Bton District Council"]


def test_cluster_bars_have_one_trace_per_council_in_its_colour() -> None:
    bars = pd.DataFrame(
        {
            "cluster_id": [1, 1, 2, 2],
            "label": ["staff", "staff", "budget", "budget"],
            "topic": ["people", "people", "finance", "finance"],
            "council_id": ["a", "b", "a", "b"],
            "council": [NAMES["a"], NAMES["b"], NAMES["a"], NAMES["b"]],
            "recommendations": [2, 1, 1, 1],
            "councils": [2, 2, 2, 2],
            "number": [1, 1, 2, 2],
            "headline": ["Talk to staff", "Talk to staff", "A balanced budget", "A balanced budget"],
        }
    )
    fig = cluster_bars_figure(bars, colours=COLOURS)
    assert [t.marker.color for t in fig.data] == ["#0072B2", "#E69F00"]
    assert sum(sum(t.x) for t in fig.data) == 5
    # named by number and headline; the shared words are in the hover
    assert list(fig.data[0].y) == ["1. Talk to staff", "2. A balanced budget"]
    assert fig.data[0].customdata[0][1] == "staff"
    assert len(cluster_bars_figure(bars, colours=COLOURS, top=1).data[0].x) == 1


def test_match_scores_are_one_bar_each_in_council_colours() -> None:
    matches = pd.DataFrame(
        {
            "council_id": ["b", "a"],
            "council": [NAMES["b"], NAMES["a"]],
            "number": ["3", "1"],
            "title": ["Talk to staff", "Budget"],
            "score": [0.61, 0.2],
            "why": ["staff", ""],
        }
    )
    bar = match_scores_figure(matches, colours=COLOURS).data[0]
    assert list(bar.x) == [0.61, 0.2]
    assert list(bar.marker.color) == ["#E69F00", "#0072B2"]
    assert bar.text == ("0.61", "0.20")
    assert bar.customdata[0][2] == "shared words: staff"
    assert bar.customdata[1][2] == "no shared words (topic only)"  # a blank why is said plainly, not left out
