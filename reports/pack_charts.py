"""Which charts go into a briefing pack: one small maker per dashboard page, each returning PackChart items.

A page's charts join the pack by adding one function here and one line to :data:`PACK_SECTIONS`:

    def owner_charts(data, *, colours, full=None):
        load = family_load(data.actions, data.councils)          # the page's own analysis function
        return [PackChart("Actions per owner family", family_bars_figure(load, colours=colours),
                          family_takeaway(load), source_line(data.challenges))]  # title, figure, takeaway, source

Makers reuse the same analysis functions, chart builders and takeaways as the pages, so a slide shows exactly
what the dashboard shows for the same filters (with the page's defaults: no date chosen, first measure). A
maker returns [] when its data is empty. ``data`` is the filtered view; ``full`` is the whole corpus, for the
one page that scores across every plan and then cuts to the view (Overlap); the others ignore it.

A slide is smaller than a page and cannot scroll, so where a page draws every council or row the makers draw
the biggest few and say so in the slide title, or sum the rest as the page does (the dashboard keeps them all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

import pandas as pd

from analysis.followup import STATUS_LABELS, STATUSES, Brief, day, status_counts
from analysis.overlap import clusters, council_overlap
from analysis.overlap_view import cluster_bars, clusters_in_view, clusters_takeaway, overlap_in_view, overlap_pairs
from analysis.overlap_view import overlap_takeaway as pair_takeaway
from analysis.summary import fold_councils, theme_counts, theme_takeaway, uploaded_councils
from analysis.takeaways import source_line, visit_takeaway
from analysis.timelines import (
    busiest_councils,
    due_dates,
    gantt_rows,
    gantt_takeaway,
    limit_gantt,
)
from analysis.topics import topic_matrix, topic_recurrence, topic_takeaway
from charts.followup import status_figure
from charts.overlap import cluster_bars_figure, overlap_heatmap_figure
from charts.themes import theme_bars_figure
from charts.timescales import gantt_figure
from charts.topics import topic_heatmap_figure, topic_recurrence_figure
from charts.wrap import short_council_name
from reports.pack import PackChart
from sections import Context, build_all
from sections.owners import PACK as OWNER_PACK
from sections.timescales import DUE_BY, HORIZON

#: Topics on a slide: more rows than this make a heatmap's labels too small to read on a projected slide.
TOP_TOPICS = 12
#: Actions on a timeline slide: a taller Gantt image is shrunk to fit, and its labels below reading size.
GANTT_SLIDE_ROWS = 8
#: Pixels per action row on the slide's timeline: room for a two-line label.
GANTT_SLIDE_ROW_PX = 48
#: Councils in a council x council heatmap on a slide (the page draws up to 25).
OVERLAP_SLIDE_COUNCILS = 12
#: Recurring groups on a slide (as the page's chart draws).
CLUSTER_SLIDE_GROUPS = 12
#: Councils with their own owner-family bars on a slide (the rest summed, as the page sums beyond ten): more
#: make the grouped bars too thin to tell apart.
OWNER_SLIDE_COUNCILS = 6
#: Councils in a one-bar-per-council chart on a slide.
COUNCIL_SLIDE_ROWS = 15


class Frames(Protocol):
    councils: pd.DataFrame
    challenges: pd.DataFrame
    recommendations: pd.DataFrame
    actions: pd.DataFrame
    steps: pd.DataFrame


def theme_charts(data: Frames, *, colours: Mapping[str, str], full: Frames | None = None) -> list[PackChart]:
    """The Themes page: recommendations per LGA core theme; with two or more councils, topics across them."""
    recs = data.recommendations
    if recs.empty:
        return []
    source = source_line(data.challenges)
    counts = theme_counts(recs, data.councils)
    items = [
        PackChart(
            "Recommendations per LGA core theme",
            theme_bars_figure(
                fold_councils(counts, always=uploaded_councils(data.councils), other="mean"), colours=dict(colours)
            ),
            theme_takeaway(counts),
            source,
        )
    ]
    councils = recs["council_id"].nunique()
    if councils < 2:  # "which topics recur across councils" needs more than one council
        return items
    recurrence = topic_recurrence(recs, data.councils)
    matrix = topic_matrix(recs, data.councils)
    takeaway = topic_takeaway(recurrence, councils=councils)
    top = list(recurrence["topic"].head(TOP_TOPICS))
    shown = matrix[matrix["topic"].isin(top)]
    items += [
        PackChart(
            "Topics across councils" + (f" (the {TOP_TOPICS} most shared)" if len(recurrence) > TOP_TOPICS else ""),
            topic_heatmap_figure(shown, topics=top),
            takeaway,
            source,
        ),
        PackChart(
            "Which topics recur across councils", topic_recurrence_figure(recurrence, top=TOP_TOPICS), takeaway, source
        ),
    ]
    return items


def council_charts(b: Brief, data: Frames, *, colours: Mapping[str, str]) -> list[PackChart]:
    """For one council's brief: where its actions stand at the visit, and its recommendations by theme."""
    source = source_line(b.challenges)
    items = []
    if b.headline.actions:
        items.append(
            PackChart(
                "Where the actions stand at the visit",
                status_figure(status_counts(b.actions), labels=STATUS_LABELS, order=STATUSES),
                visit_takeaway(b),
                source,
            )
        )
    recs = data.recommendations[data.recommendations["council_id"] == b.council_id]
    if len(recs):
        counts = theme_counts(recs, data.councils)
        items.append(
            PackChart(
                "Recommendations per LGA core theme",
                theme_bars_figure(counts, colours=dict(colours)),
                theme_takeaway(counts),
                source,
            )
        )
    return items


def _sources(data: Frames, council_ids: Iterable[str]) -> str:
    """The source line for the councils a chart draws (not every council in the view)."""
    return source_line(data.challenges[data.challenges["council_id"].isin(set(council_ids))])


def _most(n: int, of: int, what: str) -> str:
    """' (the 12 with the most actions, of 40)' when a slide draws fewer than the page, else ''."""
    return f" (the {n} {what}, of {of})" if of > n else ""


def timescale_charts(
    data: Frames, *, colours: Mapping[str, str], full: Frames | None = None, today: dt.date | None = None
) -> list[PackChart]:
    """The Timescales page: what is due by each council's progress review, a timeline, and plan horizons.

    As the page with no date chosen: each council is judged at its own progress review, and per-council charts
    draw the councils with the most actions (:func:`analysis.timelines.busiest_councils`). The timeline is the
    one council with the most dated actions (at most its :data:`GANTT_SLIDE_ROWS` longest), with its progress
    review marked, as the page draws a picked council.
    """
    actions = data.actions
    if actions.empty:
        return []
    today = today or dt.date.today()
    context = Context(colours=dict(colours), full=full, today=today, medium="slide")
    items = [PackChart.of(drawn) for drawn in build_all([DUE_BY], data, context)]
    rows = gantt_rows(actions, data.challenges, data.councils)
    if len(rows):
        # One council's timeline, as the page draws a picked council: across councils the labels need the
        # council's name and the legend a line per council, which leaves too little room per row on a slide.
        council_id = busiest_councils(rows, top=1)[0]
        mine = rows[rows["council_id"] == council_id]
        shown, hidden = limit_gantt(rows, council_id=council_id, top=GANTT_SLIDE_ROWS)
        when = due_dates(data.challenges, [council_id], today=today)[council_id][0]
        short = short_council_name(mine["council"].iloc[0])
        takeaway = gantt_takeaway(mine, actions=int((actions["council_id"] == council_id).sum()))
        if rows["council_id"].nunique() > 1:
            takeaway += f"; {short} has the most dated actions of {rows['council_id'].nunique()} councils"
        fig = gantt_figure(shown, colours=dict(colours), lines={f"Progress review {day(when)}": when})
        # Two-line action labels need more height per row than the page gives them once shrunk onto a slide.
        fig.update_layout(height=max(int(fig.layout.height), 170 + GANTT_SLIDE_ROW_PX * len(shown)))
        items.append(
            PackChart(
                f"Timeline: {short}" + (f" ({len(shown)} longest of {len(mine)})" if hidden else ""),
                fig,
                takeaway,
                _sources(data, [council_id]),
            )
        )
    items += [PackChart.of(drawn) for drawn in build_all([HORIZON], data, context)]
    return items


def owner_charts(data: Frames, *, colours: Mapping[str, str], full: Frames | None = None) -> list[PackChart]:
    """The Owners page's sections as slides: owner families, actions with no owner, load per quarter.

    Drawn for a slide (:data:`sections.owners.SLIDE_COUNCILS` councils with their own family bars, the
    highest :data:`sections.owners.SLIDE_NO_OWNER_ROWS` no-owner shares), from the same data as the page.
    """
    if data.actions.empty:
        return []
    context = Context(colours=dict(colours), full=full, medium="slide")
    return [PackChart.of(drawn) for drawn in build_all(OWNER_PACK, data, context)]


def overlap_charts(data: Frames, *, colours: Mapping[str, str], full: Frames | None = None) -> list[PackChart]:
    """The Overlap page: how alike the councils' recommendations are, and which recommendations recur.

    Scores come from ``full`` (every plan), then are cut to the councils in view, as on the page, so a pair's
    figure does not change with the filters. The heatmap keeps the :data:`OVERLAP_SLIDE_COUNCILS` councils
    with the most overlap.
    """
    recs = data.recommendations
    if recs.empty:
        return []
    whole = full if full is not None else data
    names = whole.councils.set_index("council_id")["name"].to_dict()
    in_view = sorted(recs["council_id"].unique())
    items = []
    if len(in_view) >= 2:
        matrix = overlap_in_view(council_overlap(whole), in_view, limit=OVERLAP_SLIDE_COUNCILS)
        pairs = overlap_pairs(matrix, names)
        items.append(
            PackChart(
                "Council × council overlap" + _most(len(matrix), len(in_view), "with the most overlap"),
                overlap_heatmap_figure(matrix, names),
                pair_takeaway(pairs) or "",
                _sources(data, matrix.index),
            )
        )
    members = clusters_in_view(clusters(whole), recs["rec_id"])
    if len(members):
        groups = members["cluster_id"].nunique()
        bars = cluster_bars(members, names, top=CLUSTER_SLIDE_GROUPS)
        shown = members[members["cluster_id"].isin(set(bars["cluster_id"]))]
        items.append(
            PackChart(
                # the short form keeps the title on one line
                f"Recommendations that recur ({CLUSTER_SLIDE_GROUPS} of {groups} groups)"
                if groups > CLUSTER_SLIDE_GROUPS
                else "Recommendations that recur across councils",
                cluster_bars_figure(bars, colours=dict(colours), top=CLUSTER_SLIDE_GROUPS),
                clusters_takeaway(members) or "",
                _sources(data, shown["council_id"]),
            )
        )
    return items


ChartMaker = Callable[..., list[PackChart]]

#: Page name -> the maker of its pack charts (called as ``maker(data, colours=..., full=...)``), in slide order.
PACK_SECTIONS: dict[str, ChartMaker] = {
    "Themes": theme_charts,
    "Timescales": timescale_charts,
    "Owners": owner_charts,
    "Overlap": overlap_charts,
}


def pack_charts(
    data: Frames,
    *,
    colours: Mapping[str, str],
    sections: Sequence[str] | None = None,
    full: Frames | None = None,
) -> list[PackChart]:
    """The charts of the chosen sections (all by default) for these frames, in :data:`PACK_SECTIONS` order.

    ``full`` is the whole corpus the view was cut from (defaults to ``data``): Overlap scores across it.
    """
    chosen = list(PACK_SECTIONS) if sections is None else [s for s in PACK_SECTIONS if s in sections]
    return [item for name in chosen for item in PACK_SECTIONS[name](data, colours=colours, full=full)]
