"""Which charts go into a briefing pack: one small maker per dashboard page, each returning PackChart items.

A page's charts join the pack by adding one function here and one line to :data:`PACK_SECTIONS`:

    def owner_charts(data, *, colours):
        counts = owner_counts(data.actions, data.councils)          # the page's own analysis function
        return [PackChart("Actions per owner family", owners_figure(counts, colours=colours),
                          owner_takeaway(counts), source_line(data.challenges))]

Makers reuse the same analysis functions and chart builders as the pages, so a slide shows exactly what the
dashboard shows for the same filters. A maker returns [] when its data is empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import pandas as pd

from analysis.followup import STATUS_LABELS, STATUSES, Brief, status_counts
from analysis.summary import theme_counts, theme_takeaway
from analysis.takeaways import source_line, visit_takeaway
from analysis.topics import topic_matrix, topic_recurrence, topic_takeaway
from charts.followup import status_figure
from charts.themes import theme_bars_figure
from charts.topics import topic_heatmap_figure, topic_recurrence_figure
from reports.pack import PackChart

#: Topics on a slide: more rows than this make a heatmap's labels too small to read on a projected slide.
TOP_TOPICS = 12


class Frames(Protocol):
    councils: pd.DataFrame
    challenges: pd.DataFrame
    recommendations: pd.DataFrame
    actions: pd.DataFrame
    steps: pd.DataFrame


def theme_charts(data: Frames, *, colours: Mapping[str, str]) -> list[PackChart]:
    """The Themes page: recommendations per LGA core theme; with two or more councils, topics across them."""
    recs = data.recommendations
    if recs.empty:
        return []
    source = source_line(data.challenges)
    counts = theme_counts(recs, data.councils)
    items = [
        PackChart(
            "Recommendations per LGA core theme",
            theme_bars_figure(counts, colours=dict(colours)),
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


ChartMaker = Callable[..., list[PackChart]]

#: Page name -> the maker of its pack charts (called as ``maker(data, colours=...)``), in slide order.
PACK_SECTIONS: dict[str, ChartMaker] = {
    "Themes": theme_charts,
}


def pack_charts(data: Frames, *, colours: Mapping[str, str], sections: Sequence[str] | None = None) -> list[PackChart]:
    """The charts of the chosen sections (all by default) for these frames, in :data:`PACK_SECTIONS` order."""
    chosen = list(PACK_SECTIONS) if sections is None else [s for s in PACK_SECTIONS if s in sections]
    return [item for name in chosen for item in PACK_SECTIONS[name](data, colours=colours)]
