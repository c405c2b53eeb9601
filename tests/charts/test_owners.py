"""The owner charts draw the numbers they are given: right bars, right counts, right colours per council."""

from __future__ import annotations

import pytest

from analysis.owner_load import family_load, family_theme_matrix, named_owner_load, no_owner_share, quarter_load
from charts import owners as owner_charts
from charts.palette import OWNER_FAMILY_COLOURS, council_colours
from tests.analysis.test_owner_load import ACTIONS, CHALLENGES, COUNCILS, RECS

COLOURS = council_colours(COUNCILS["council_id"])


class TestFamilyBars:
    def test_one_trace_per_council_with_owners_in_its_colour(self) -> None:
        fig = owner_charts.family_bars_figure(family_load(ACTIONS, COUNCILS), colours=COLOURS)
        assert [t.name for t in fig.data] == ["Ashby", "Corby"]  # Barton states no owner
        assert [t.marker.color for t in fig.data] == [COLOURS["ashby"], COLOURS["corby"]]
        ashby = fig.data[0]
        assert list(ashby.y) == ["Chief executive", "Director", "Finance", "Political"]
        assert list(ashby.x) == [1, 2, 1, 0]

    def test_mentions_and_share(self) -> None:
        load = family_load(ACTIONS, COUNCILS)
        assert list(owner_charts.family_bars_figure(load, colours=COLOURS, measure="mentions").data[0].x) == [
            1,
            3,
            1,
            0,
        ]
        share = owner_charts.family_bars_figure(load, colours=COLOURS, measure="share")
        assert share.data[0].x[1] == pytest.approx(2 / 3)
        assert share.layout.xaxis.tickformat == ".0%"

    def test_small_counts_tick_in_whole_numbers(self) -> None:
        fig = owner_charts.family_bars_figure(family_load(ACTIONS, COUNCILS), colours=COLOURS)
        assert fig.layout.xaxis.dtick == 1

    def test_unknown_measure(self) -> None:
        with pytest.raises(ValueError, match="measure"):
            owner_charts.family_bars_figure(family_load(ACTIONS, COUNCILS), colours=COLOURS, measure="owners")


class TestNamedOwners:
    def test_bars_count_each_owner_with_full_title_on_hover(self) -> None:
        named = named_owner_load(ACTIONS, "ashby")
        fig = owner_charts.named_owner_figure(named, colour=COLOURS["ashby"], council="Ashby")
        assert len(fig.data) == 1  # no text mentions counted: one solid trace, no legend
        bars = fig.data[0]
        assert list(bars.x) == [2, 1, 1, 1]
        assert bars.marker.color == COLOURS["ashby"]
        assert bars.customdata[0][0] == "Director of Resources"
        assert not fig.layout.showlegend

    def test_long_titles_wrap_and_stay_whole_on_hover(self) -> None:
        frame = ACTIONS.copy()
        long_title = "Director of Communities, Housing and Environment"
        frame.at[3, "owners"] = [long_title]
        fig = owner_charts.named_owner_figure(named_owner_load(frame, "ashby"), colour=COLOURS["ashby"])
        labels = dict(zip((c[0] for c in fig.data[0].customdata), fig.data[0].y, strict=True))
        assert "<br>" in labels[long_title]

    def test_text_mentions_are_a_second_hatched_trace(self) -> None:
        named = named_owner_load(ACTIONS, "barton", include_text_mentions=True)
        fig = owner_charts.named_owner_figure(named, colour=COLOURS["barton"])
        assert [t.name for t in fig.data] == ["Stated owner", "Named in the action text only"]
        assert list(fig.data[0].x) == [0] and list(fig.data[1].x) == [1]
        assert fig.data[1].marker.pattern.shape == "/"
        assert fig.data[1].marker.pattern.fgcolor == COLOURS["barton"]

    def test_top_limits_the_bars(self) -> None:
        fig = owner_charts.named_owner_figure(named_owner_load(ACTIONS, "ashby"), top=2)
        assert len(fig.data[0].x) == 2


def test_no_owner_bars_one_per_council_in_council_colours() -> None:
    table = no_owner_share(ACTIONS, COUNCILS, CHALLENGES)
    fig = owner_charts.no_owner_figure(table, colours=COLOURS)
    bars = fig.data[0]
    assert list(bars.x) == [1.0, 0.25, 0.0]
    assert list(bars.text) == ["2 of 2", "1 of 4", "0 of 1"]
    assert list(bars.marker.color) == [COLOURS["barton"], COLOURS["ashby"], COLOURS["corby"]]
    assert list(bars.textposition) == ["inside", "inside", "outside"]  # a zero bar still says "0 of 1"


def test_family_theme_heatmap_draws_all_five_themes_with_zeros() -> None:
    fig = owner_charts.family_theme_heatmap_figure(family_theme_matrix(ACTIONS, RECS))
    heat = fig.data[0]
    assert len(heat.x) == 5
    assert [label.replace("<br>", " ") for label in heat.y] == ["Chief executive", "Director", "Finance", "Political"]
    z = [list(row) for row in heat.z]
    # columns: priorities, leadership, governance, finance, capacity
    assert z[1] == [0, 0, 2, 1, 0]  # Director
    assert z[3] == [0, 0, 1, 0, 0]  # Political (Corby's Leader)


class TestQuarterCharts:
    def test_stacked_columns_one_trace_per_family_in_family_colours(self) -> None:
        fig = owner_charts.quarter_load_figure(quarter_load(ACTIONS))
        assert fig.layout.barmode == "stack"
        assert [t.name for t in fig.data] == ["Chief executive", "Director", "Finance", "Political"]
        assert [t.marker.color for t in fig.data] == [OWNER_FAMILY_COLOURS[t.name] for t in fig.data]
        director = fig.data[1]
        assert list(director.x) == ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"]
        assert list(director.y) == [1, 0, 0]
        assert list(fig.layout.xaxis.categoryarray) == ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"]

    def test_owner_heatmap_cells(self) -> None:
        load = quarter_load(ACTIONS[ACTIONS["council_id"] == "ashby"], by="owner")
        fig = owner_charts.owner_quarter_heatmap_figure(load)
        heat = fig.data[0]
        assert list(heat.x) == ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3"]
        owners = [c[0][0] for c in heat.customdata]
        row = owners.index("Chief Finance Officer (Section 151)")
        assert list(heat.z[row]) == [0, 0, 1]
        assert heat.text[row][0] == ""  # zeros stay blank so the busy cells stand out
