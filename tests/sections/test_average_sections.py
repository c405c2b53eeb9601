"""The ``average`` section option: the Themes, Timescales and Owners charts draw "Average of <type> councils (n)"
from analysis.averages, and the takeaway, table and native bars read the same rows (fixture corpus)."""

from __future__ import annotations

import pytest

from analysis.averages import comparison_groups, family_averages, horizon_averages, theme_averages
from analysis.filters import Filters, apply_filters
from loaders import load_corpus
from sections import Context
from sections.owners import FAMILIES
from sections.themes import THEME_BARS
from sections.timescales import HORIZON
from tests.conftest import FIXTURES

LABEL = "Average of metropolitan district councils"


@pytest.fixture(scope="module")
def fixture():
    return load_corpus(FIXTURES / "averages", cache=False)


@pytest.fixture(scope="module")
def metro_a(fixture):
    return apply_filters(
        Filters(councils=("metro-a",)),
        councils=fixture.councils,
        challenges=fixture.challenges,
        recommendations=fixture.recommendations,
        actions=fixture.actions,
        steps=fixture.steps,
    )


def _context(fixture, **choices):
    return Context(colours={"metro-a": "#ff0000"}, full=fixture, choices=choices)


def _series(fig, name_start):
    """(category -> value) of the bar trace whose name starts ``name_start``."""
    for trace in fig.data:
        if str(trace.name or "").startswith(name_start):
            return dict(zip(trace.y, trace.x, strict=True))
    raise AssertionError(f"no series {name_start!r} in {[t.name for t in fig.data]}")


def test_theme_bars_draw_the_type_average_from_the_analysis(fixture, metro_a) -> None:
    drawn = THEME_BARS.build(metro_a, _context(fixture, average="type", measure="share"))
    groups = comparison_groups(fixture, ["metro-a"], "type").groups
    expected = theme_averages(fixture.recommendations, fixture.councils, groups).set_index("lga_theme")["share"]
    bars = _series(drawn.figure(), f"{LABEL} (3)")
    assert bars["Governance and culture"] == pytest.approx(expected["Governance and culture"]) == pytest.approx(0.5)
    assert len(bars) == 5
    table = drawn.table[drawn.table["Council"] == f"{LABEL} (3)"].set_index("LGA core theme")
    assert table["Share"].to_dict() == pytest.approx(expected.to_dict())
    assert f"{LABEL} (3): Governance and culture leads, 50%" in drawn.takeaway
    assert "dark bars are the average" in drawn.caption
    assert drawn.bars.series[-1].name == f"{LABEL} (3)"
    assert drawn.bars.series[-1].values == tuple(bars[c] for c in drawn.bars.categories)


def test_no_average_unless_asked(fixture, metro_a) -> None:
    for section in (THEME_BARS, HORIZON, FAMILIES):
        plain = section.build(metro_a, _context(fixture))
        assert not any(str(t.name or "").startswith("Average") for t in plain.figure().data), section.id
        assert "Average" not in plain.takeaway and "Average" not in " ".join(plain.table["Council"])


def test_horizon_draws_the_type_average_in_whole_months(fixture, metro_a) -> None:
    drawn = HORIZON.build(metro_a, _context(fixture, average="type"))
    groups = comparison_groups(fixture, ["metro-a"], "type").groups
    months = horizon_averages(fixture.actions, fixture.challenges, fixture.councils, groups, whole_months=True)
    assert months["horizon_months"].tolist() == [8.5]
    trace = drawn.figure().data[0]
    assert list(trace.x) == [11.0, 9.0]  # Metro A, then the average (8.5 half up, as every bar rounds)
    table = drawn.table.set_index("Council")
    assert table.loc[f"{LABEL} (2)", "Months"] == 9
    assert drawn.takeaway.endswith(f"{LABEL} (2): 9 months from plan to last deadline")
    assert drawn.bars.series[0].values == (11.0, 9.0)


def test_owner_families_draw_the_type_average(fixture, metro_a) -> None:
    drawn = FAMILIES.build(metro_a, _context(fixture, average="type", measure="share"))
    groups = comparison_groups(fixture, ["metro-a"], "type").groups
    expected = family_averages(fixture.actions, fixture.councils, groups).set_index("family")["share"]
    bars = _series(drawn.figure(), f"{LABEL} (2)")
    assert bars == pytest.approx({"Chief executive": expected["Chief executive"], "Finance": expected["Finance"]})
    table = drawn.table[drawn.table["Council"] == f"{LABEL} (2)"].set_index("Owner family")
    assert table["Share of those"].to_dict() == pytest.approx({"Chief executive": 0.75, "Finance": 0.25})
    assert "Chief executive named on 75%" in drawn.takeaway


def test_similar_average_excludes_the_council(fixture, metro_a) -> None:
    drawn = THEME_BARS.build(metro_a, _context(fixture, average="similar", measure="share"))
    name = "Average of councils like Metro A Council (2)"
    bars = _series(drawn.figure(), name)
    table = drawn.table[drawn.table["Council"] == name].set_index("LGA core theme")["Share"]
    assert table["Local priorities and outcomes"] == pytest.approx(0.25)  # metro-c's 1 of 2, metro-b's none
    assert sorted(bars.values()) == pytest.approx(sorted(table))
