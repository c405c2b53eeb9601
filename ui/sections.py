"""Drawing a section on a page: its data computed once per view (remembered by :mod:`ui.memo`), then the chart
with its takeaway, caption and table through :func:`ui.components.chart_with_table`, or its empty state.

This is the one way a page shows a section, so presentation mode, the table behind the chart, the CSV and
the PNG/SVG exports of every section behave alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

import pandas as pd

from sections import Context, Drawn, Frames, Section
from ui import present
from ui.components import chart_with_table, empty_state
from ui.memo import memo


def _build(
    section: Section,
    councils: pd.DataFrame,
    challenges: pd.DataFrame,
    recommendations: pd.DataFrame,
    actions: pd.DataFrame,
    steps: pd.DataFrame,
    *,
    colours: tuple[tuple[str, str], ...],
    choices: tuple[tuple[str, Any], ...],
    today: dt.date,
    medium: str,
    full: Frames | None = None,
) -> Drawn | None:
    frames = SimpleNamespace(
        councils=councils, challenges=challenges, recommendations=recommendations, actions=actions, steps=steps
    )
    context = Context(colours=dict(colours), full=full, today=today, choices=dict(choices), medium=medium, memo=memo)
    return section.build(frames, context)


def drawn(
    section: Section,
    frames: Frames,
    *,
    colours: Mapping[str, str],
    choices: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
    medium: str = "page",
    full: Frames | None = None,
) -> Drawn | None:
    """The section built on these frames, remembered per frame identity and choices (read-only: shared)."""
    return memo(
        _build,
        section,
        frames.councils,
        frames.challenges,
        frames.recommendations,
        frames.actions,
        frames.steps,
        colours=tuple(sorted(colours.items())),
        choices=tuple(sorted((choices or {}).items())),
        today=today or dt.date.today(),
        medium=medium,
        full=full,
    )


def show(
    section: Section,
    frames: Frames,
    *,
    column_config: Mapping[str, Any] | None = None,
    caption: str | None = None,
    title: str | None = None,
    **build: Any,
) -> Drawn | None:
    """Lay out one section: takeaway, chart, caption, table + CSV + images; or its empty state.

    ``build`` is how to build it, handed on to :func:`drawn` (``colours``, and ``choices``, ``today``, ``full``
    where the page has them); the rest says how to lay it out.

    While presenting, the current slide is the section built for a slide (``medium="slide"``: the rows a
    screen can hold, its slide title saying what was folded), drawn large in the slide's full-width
    container; the page's own data is still returned, as the page may read it.
    """
    built = drawn(section, frames, **build)
    if built is None:
        if section.empty:
            empty_state(section.empty)
        return None
    if present.presenting():
        slide = None
        if present.upcoming_chart() == present.current_slide():
            slide = drawn(section, frames, **build, medium="slide")
        slide = slide or built
        chart_with_table(
            slide.figure("projector"),
            slide.table,
            key=section.id,
            file_name=section.file_name or f"{section.id}.csv",
            title=slide.slide_title if title is None else title,
            takeaway=slide.takeaway,
            source=slide.source,
        )
        return built
    chart_with_table(
        built.figure(),
        built.table,
        key=section.id,
        title=title or section.title,
        takeaway=built.takeaway,
        file_name=section.file_name or f"{section.id}.csv",
        caption=caption if caption is not None else built.caption,
        column_config=column_config,
        source=built.source,
    )
    return built
