"""The Timescales, Owners and Overlap sections of the briefing pack: the charts their pages draw, native where
they are bars, with the numbers of the analysis frames, and bounded for a slide."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from pptx.enum.chart import XL_CHART_TYPE

from analysis.filters import Filters, View, apply_filters
from analysis.followup import STATUS_LABELS, STATUSES
from analysis.overlap import clusters, council_overlap
from analysis.overlap_view import cluster_bars, clusters_in_view
from analysis.owner_load import family_load, no_owner_share, quarter_load
from analysis.timelines import busiest_councils, due_by_actions, due_by_long, gantt_rows, horizons
from charts.palette import council_colours
from loaders import Corpus
from reports.pack import briefing_pack, native_chart
from reports.pack_charts import PACK_SECTIONS, overlap_charts, owner_charts, pack_charts, timescale_charts
from sections import overlap as overlap_sections
from sections import owners as owner_sections
from sections import timescales as timescale_sections
from tests.reports.test_pack import charts, open_pack, texts

TODAY = dt.date(2025, 1, 1)
MAKERS = {"Timescales": timescale_charts, "Owners": owner_charts, "Overlap": overlap_charts}
TITLES = {
    "Timescales": [
        "Where each council's actions stand at its progress review",
        "Timeline: King's Lynn and West Norfolk (8 longest of 24)",
        "Horizon: months from plan to last deadline",
    ],
    "Owners": ["Actions per owner family", "Actions with no owner stated", "Actions due per quarter, by owner family"],
    "Overlap": ["Council × council overlap", "Recommendations that recur (12 of 22 groups)"],
}
IMAGES = {"Timeline: King's Lynn and West Norfolk (8 longest of 24)", "Council × council overlap"}


def view(corpus: Corpus, **filters) -> View:
    frames = {name: getattr(corpus, name) for name in ("councils", "challenges", "recommendations", "actions", "steps")}
    return apply_filters(Filters(**filters), **frames)


def emptied(corpus: Corpus, *names: str) -> View:
    """The whole corpus with the named frames emptied (same columns)."""
    frames = {n: getattr(corpus, n) for n in ("councils", "challenges", "recommendations", "actions", "steps")}
    return View(filters=Filters(), **{n: f.iloc[0:0] if n in names else f for n, f in frames.items()})


def make(maker, data, corpus: Corpus, colours: dict[str, str]):
    return maker(data, colours=colours, full=corpus, **({"today": TODAY} if maker is timescale_charts else {}))


@pytest.fixture(scope="module")
def colours(corpus: Corpus) -> dict[str, str]:
    return council_colours(corpus.councils["council_id"])


@pytest.fixture(scope="module")
def made(corpus: Corpus, colours: dict[str, str]) -> dict[str, list]:
    return {name: make(maker, corpus, corpus, colours) for name, maker in MAKERS.items()}


@pytest.fixture(scope="module")
def slides(made) -> dict[str, list]:
    """Each section's slides in one pack (no images: picture slides get a note)."""
    items = [item for name in MAKERS for item in made[name]]
    prs = open_pack(briefing_pack(items, title="Peer challenge briefing", images=False))
    found = list(prs.slides)[1:]
    out, i = {}, 0
    for name in MAKERS:
        out[name] = found[i : i + len(made[name])]
        i += len(made[name])
    return out


def series(chart) -> dict[str, list[float | None]]:
    return {s.name: list(s.values) for s in chart.plots[0].series}


# --- registration -------------------------------------------------------------------------------------------


def test_sections_are_registered_in_page_order() -> None:
    assert list(PACK_SECTIONS) == ["Themes", "Timescales", "Owners", "Overlap"]
    assert all(PACK_SECTIONS[name] is maker for name, maker in MAKERS.items())


@pytest.mark.parametrize("name", list(MAKERS))
def test_maker_returns_nothing_for_an_empty_view(corpus: Corpus, colours: dict[str, str], name: str) -> None:
    data = emptied(corpus, "councils", "challenges", "recommendations", "actions", "steps")
    assert make(MAKERS[name], data, corpus, colours) == []


def test_without_actions_only_overlap_has_charts(corpus: Corpus, colours: dict[str, str]) -> None:
    data = emptied(corpus, "actions", "steps")
    assert make(timescale_charts, data, corpus, colours) == []
    assert make(owner_charts, data, corpus, colours) == []
    assert [i.title for i in make(overlap_charts, data, corpus, colours)] == TITLES["Overlap"]


# --- the shipped corpus -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(MAKERS))
def test_each_section_makes_the_pages_main_charts(made, name: str) -> None:
    items = made[name]
    assert [i.title for i in items] == TITLES[name]
    for item in items:
        assert item.takeaway and item.source.startswith("Sources: ")
        assert (native_chart(item.figure) is None) is (item.title in IMAGES), item.title


def test_full_pack_opens_with_a_slide_per_chart(corpus: Corpus, colours: dict[str, str]) -> None:
    items = pack_charts(corpus, colours=colours, full=corpus)
    prs = open_pack(briefing_pack(items, title="Peer challenge briefing", images=False))
    assert len(prs.slides) == 1 + len(items) == 1 + 3 + 3 + 3 + 2  # title, Themes, Timescales, Owners, Overlap
    titles = [texts(s)[0] for s in list(prs.slides)[1:]]
    assert titles == [i.title for i in items]
    native = [bool(charts(s)) for s in list(prs.slides)[1:]]
    assert native.count(True) == 8 and native.count(False) == 3  # topic heatmap, timeline, overlap heatmap


def test_image_slides_say_why_there_is_no_picture(slides) -> None:
    for slide in (slides["Timescales"][1], slides["Overlap"][0]):
        assert not charts(slide)
        assert any("not a bar chart" in t for t in texts(slide))


# --- native charts hold the analysis frames' numbers ---------------------------------------------------------


def test_due_by_chart_matches_the_status_counts(corpus: Corpus, slides) -> None:
    chart = charts(slides["Timescales"][0])[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    statused = due_by_actions(corpus.actions, corpus.challenges, corpus.councils, today=TODAY)
    long = due_by_long(statused[statused["council_id"].isin(busiest_councils(corpus.actions))])
    councils = list(dict.fromkeys(long["council"]))
    counts = long.pivot_table(index="council", columns="status", values="actions", aggfunc="sum").fillna(0)
    got = series(chart)
    assert list(got) == [STATUS_LABELS[s] for s in STATUSES if s in counts]
    for status in counts:
        assert got[STATUS_LABELS[status]] == [float(counts.loc[c, status]) for c in councils]
    assert sum(v for values in got.values() for v in values) == len(corpus.actions) == 74
    assert got["Overdue"][list(chart.plots[0].categories).index("Leeds by 1 Sep 2023")] == 8


def test_horizon_chart_matches_the_horizons(corpus: Corpus, slides) -> None:
    chart = charts(slides["Timescales"][2])[0]
    expected = horizons(corpus.actions, corpus.challenges, corpus.councils)
    assert list(chart.plots[0].categories) == ["Leeds", "King's Lynn and West Norfolk", "Bury", "New Forest"]
    # Whole months, as the page's bars and takeaway say them (13.7 -> 14): the slide and the page agree.
    whole = [float(int(m + 0.5)) if m >= 0 else float(-int(-m + 0.5)) for m in expected["horizon_months"]]
    assert chart.plots[0].series[0].values == pytest.approx(whole, abs=1)
    assert chart.plots[0].series[0].values[0] == 14.0 and chart.plots[0].series[0].values[-1] < 0


def test_timeline_is_one_council_bounded_with_its_review_marked(corpus: Corpus, made) -> None:
    fig = made["Timescales"][1].figure
    rows = gantt_rows(corpus.actions, corpus.challenges, corpus.councils)
    mine = rows[rows["council_id"] == "kings-lynn-and-west-norfolk"]
    drawn = {a for t in fig.data if t.type == "bar" for a in t.y}
    assert len(drawn) == timescale_sections.GANTT_SLIDE_ROWS == 8 and drawn <= set(mine["action_id"])
    assert [a.text for a in fig.layout.annotations] == ["Progress review 1 Aug 2024"]
    assert fig.layout.height >= 170 + timescale_sections.GANTT_SLIDE_ROW_PX * 8
    assert made["Timescales"][1].takeaway.startswith("24 of 24 actions can be placed on a timeline")


def test_owner_family_chart_matches_family_load(corpus: Corpus, slides) -> None:
    chart = charts(slides["Owners"][0])[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    load = family_load(corpus.actions, corpus.councils)
    families = list(chart.plots[0].categories)
    assert families == list(dict.fromkeys(load["family"]))
    got = series(chart)
    assert set(got) == set(load["council"]) == {"Leeds City Council", "Bury Council"}
    for council, values in got.items():
        mine = load[load["council"] == council].set_index("family")["actions"]
        assert values == [float(mine.get(f, 0)) for f in families]
    assert got["Leeds City Council"][families.index("Director")] == 21


def test_no_owner_chart_matches_the_shares(corpus: Corpus, slides) -> None:
    chart = charts(slides["Owners"][1])[0]
    gaps = no_owner_share(corpus.actions, corpus.councils, corpus.challenges)
    assert len(chart.plots[0].categories) == len(gaps) == 7
    assert list(chart.plots[0].series[0].values) == pytest.approx(list(gaps["share_no_owner"]))
    assert chart.plots[0].series[0].values[-1] == 0.0  # Leeds names an owner for every action
    assert chart.value_axis.tick_labels.number_format == "0%"


def test_quarter_chart_matches_quarter_load(corpus: Corpus, slides) -> None:
    chart = charts(slides["Owners"][2])[0]
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    load = quarter_load(corpus.actions)
    quarters = list(dict.fromkeys(load["quarter"]))
    assert list(chart.plots[0].categories) == quarters
    for family, values in series(chart).items():
        assert values == [float(v) for v in load[load["family"] == family].set_index("quarter")["actions"][quarters]]
    assert sum(sum(v) for v in series(chart).values()) == load["actions"].sum()


def test_cluster_chart_matches_the_groups_in_page_order(corpus: Corpus, slides) -> None:
    chart = charts(slides["Overlap"][1])[0]
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    names = corpus.councils.set_index("council_id")["name"].to_dict()
    bars = cluster_bars(clusters_in_view(clusters(corpus), corpus.recommendations["rec_id"]), names)
    top = list(bars["cluster_id"].drop_duplicates().head(overlap_sections.SLIDE_GROUPS))
    categories = list(chart.plots[0].categories)
    # the page's order, not the traces', numbered 1, 2, 3, ... as drawn and named by the group's headline
    assert [int(c.split(".")[0]) for c in categories] == list(range(1, len(top) + 1))
    headlines = bars.drop_duplicates("cluster_id").set_index("cluster_id").loc[top, "headline"]
    assert [c.split(". ", 1)[1].replace("\n", " ")[:12] for c in categories] == [h[:12] for h in headlines]
    shown = bars[bars["cluster_id"].isin(top)]
    assert sum(v or 0 for values in series(chart).values() for v in values) == shown["recommendations"].sum()


# --- filtered views and bounds ------------------------------------------------------------------------------


def test_overlap_scores_come_from_every_plan(corpus: Corpus, colours: dict[str, str]) -> None:
    """Filtered to two councils, the heatmap still shows their whole-corpus overlap, as the page does."""
    data = view(corpus, councils=("leeds", "bury"))
    item = make(overlap_charts, data, corpus, colours)[0]
    z = np.array(item.figure.data[0].z, dtype=float)
    assert z.shape == (2, 2)
    assert z[0, 1] == pytest.approx(council_overlap(corpus).loc["bury", "leeds"])
    assert item.takeaway == f"Most alike: Bury Council and Leeds City Council ({z[0, 1]:.0%} overlap)."


def test_one_council_view(corpus: Corpus, colours: dict[str, str]) -> None:
    data = view(corpus, councils=("leeds",))
    assert make(overlap_charts, data, corpus, colours) == []  # nothing to compare, nothing recurs
    timescales = make(timescale_charts, data, corpus, colours)
    assert [i.title for i in timescales] == [
        "Where each council's actions stand at its progress review",
        "Timeline: Leeds (8 longest of 20)",
        "Horizon: months from plan to last deadline",
    ]
    assert timescales[1].takeaway.startswith("20 of 21 actions can be placed on a timeline")  # one has no date
    assert timescales[0].source.startswith("Sources: Leeds City Council") and "Bury" not in timescales[0].source
    owners = make(owner_charts, data, corpus, colours)
    assert owners[1].takeaway == "Leeds City Council names an owner for every action"


def test_slide_bounds_say_what_is_left_out(corpus: Corpus, colours: dict[str, str], monkeypatch) -> None:
    monkeypatch.setattr(overlap_sections, "SLIDE_COUNCILS", 5)
    monkeypatch.setattr(owner_sections, "SLIDE_COUNCILS", 1)
    monkeypatch.setattr(owner_sections, "SLIDE_NO_OWNER_ROWS", 3)
    heat = make(overlap_charts, corpus, corpus, colours)[0]
    assert heat.title == "Council × council overlap (the 5 with the most overlap, of 12)"
    assert len(heat.figure.data[0].z) == 5
    owners = make(owner_charts, corpus, corpus, colours)
    assert owners[0].title == "Actions per owner family"  # the rest averaged, as on the page: the legend says so
    assert [t.name for t in owners[0].figure.data] == ["Leeds City Council", "Other councils (1, average)"]
    assert list(owners[0].figure.data[1].x) == [0, 0, 0, 0, 4, 1]  # Bury's HR / people and officer group
    assert owners[1].title.endswith("(the 3 councils with the highest share, of 7)")
    assert len(owners[1].figure.data[0].y) == 3


def test_stacked_charts_hide_zero_labels(slides) -> None:
    chart = charts(slides["Timescales"][0])[0]
    assert chart.plots[0].data_labels.number_format == "0;-0;;"
