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

from analysis.followup import STATUS_LABELS, STATUSES, Brief, status_counts
from analysis.summary import theme_counts, theme_takeaway
from analysis.takeaways import source_line, visit_takeaway
from charts.followup import status_figure
from charts.themes import theme_bars_figure
from reports.pack import PackChart
from sections import Context, build_all
from sections.overlap import PACK as OVERLAP_PACK
from sections.owners import PACK as OWNER_PACK
from sections.themes import PACK as THEME_PACK
from sections.timescales import PACK as TIMESCALE_PACK

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
    """The Themes page's sections as slides: recommendations per LGA core theme; with two or more councils,
    topics across them (the :data:`sections.themes.TOP_TOPICS` most shared) and which topics recur."""
    if data.recommendations.empty:
        return []
    context = Context(colours=dict(colours), full=full, medium="slide")
    return [PackChart.of(drawn) for drawn in build_all(THEME_PACK, data, context)]


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
    """The Timescales page's sections as slides: what is due by each council's progress review, a timeline, and
    plan horizons (:data:`sections.timescales.PACK`), as the page with no date chosen.

    The timeline is the one council with the most dated actions (at most its
    :data:`sections.timescales.GANTT_SLIDE_ROWS` longest), with its progress review marked.
    """
    if data.actions.empty:
        return []
    context = Context(colours=dict(colours), full=full, today=today or dt.date.today(), medium="slide")
    return [PackChart.of(drawn) for drawn in build_all(TIMESCALE_PACK, data, context)]


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
    """The Overlap page's sections as slides: how alike the councils' recommendations are, and which recur.

    Scores come from ``full`` (every plan), then are cut to the councils in view, as on the page, so a pair's
    figure does not change with the filters. The heatmap keeps the :data:`sections.overlap.SLIDE_COUNCILS`
    councils with the most overlap.
    """
    if data.recommendations.empty:
        return []
    context = Context(colours=dict(colours), full=full, medium="slide")
    return [PackChart.of(drawn) for drawn in build_all(OVERLAP_PACK, data, context)]


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
