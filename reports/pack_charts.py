"""Which charts go into a briefing pack: for each page, its pack sections drawn for a slide.

Every chart is declared once as a section (:mod:`sections`); a page's slides are its ``PACK`` sections built
on the filtered view with ``medium="slide"`` (fewer councils or rows where a slide cannot scroll, said in
the slide title), so a slide shows exactly what the dashboard shows for the same filters, with the page's
defaults (no date chosen, first measure). A page's charts join the pack by adding one maker here and one line
to :data:`PACK_SECTIONS`:

    def owner_charts(data, *, colours, full=None):
        context = Context(colours=dict(colours), full=full, medium="slide")
        return [PackChart.of(drawn) for drawn in build_all(OWNER_PACK, data, context)]

A maker returns [] when its data is empty. ``data`` is the filtered view; ``full`` is the whole corpus, for the
page that scores across every plan and then cuts to the view (Overlap); the others ignore it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from analysis.followup import Brief
from reports.pack import PackChart
from sections import Context, Frames, build_all
from sections.brief import PACK as BRIEF_PACK
from sections.overlap import PACK as OVERLAP_PACK
from sections.owners import PACK as OWNER_PACK
from sections.themes import PACK as THEME_PACK
from sections.timescales import PACK as TIMESCALE_PACK


def theme_charts(data: Frames, *, colours: Mapping[str, str], full: Frames | None = None) -> list[PackChart]:
    """The Themes page's sections as slides: recommendations per LGA core theme; with two or more councils,
    topics across them (the :data:`sections.themes.TOP_TOPICS` most shared) and which topics recur."""
    if data.recommendations.empty:
        return []
    context = Context(colours=dict(colours), full=full, medium="slide")
    return [PackChart.of(drawn) for drawn in build_all(THEME_PACK, data, context)]


def council_charts(b: Brief, data: Frames, *, colours: Mapping[str, str]) -> list[PackChart]:
    """For one council's brief: where its actions stand at the visit, and its recommendations by theme
    (:data:`sections.brief.PACK`, drawn from the brief the page assembled)."""
    context = Context(colours=dict(colours), today=b.today, choices={"brief": b}, medium="slide")
    return [PackChart.of(drawn) for drawn in build_all(BRIEF_PACK, data, context)]


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
