"""The Timescales page's charts, each declared once: where actions stand at a date, the timeline of actions,
how long actions are given, how far plans reach and when deadlines fall.

The page (:mod:`pages.timescales`), presentation mode and the briefing pack all draw these. Choices the page
offers are read from :class:`sections.base.Context` ``choices``: ``due`` (one date for every council; none
judges each council at its own progress review), ``council`` (the council whose timeline is drawn; none draws
the longest actions across councils), ``top`` (at most this many actions on the timeline) and ``average``
(``type`` or ``similar``: the horizon chart gains "Average of <type> councils (n)", :mod:`sections.averages`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.followup import day
from analysis.timelines import (
    GANTT_TOP_DEFAULT,
    busiest_councils,
    deadline_takeaway,
    deadlines_by_month,
    due_by_actions,
    due_by_long,
    due_by_summary,
    due_by_takeaway,
    due_dates,
    duration_takeaway,
    fold_deadlines,
    gantt_rows,
    gantt_takeaway,
    limit_gantt,
    month_words,
    planned_durations,
)
from charts.timescales import deadlines_figure, due_by_figure, durations_figure, gantt_figure
from charts.wrap import short_council_name
from sections.base import Bars, Context, Frames, Section, Series, Style
from sections.common import labelled, most_words, sources_for, styled, styled_figure
from sections.horizon import HORIZON
from sections.timescale_scope import GANTT_SLIDE_ROW_PX, GANTT_SLIDE_ROWS, kept_councils


# --- where actions stand at a date -------------------------------------------------------------------------
@dataclass(frozen=True)
class DueBy:
    statused: pd.DataFrame  # every action in view with its status at its council's date
    summary: pd.DataFrame  # per council (every council in view)
    drawn: pd.DataFrame  # due_by_long of the councils drawn
    chosen: dt.date | None
    councils_in_view: int
    source: str


def _compute_due_by(frames: Frames, context: Context) -> DueBy | None:
    if frames.actions.empty:
        return None
    chosen = context.choice("due")
    statused = due_by_actions(frames.actions, frames.challenges, frames.councils, date=chosen, today=context.today)
    keep = kept_councils(frames, context)
    return DueBy(
        statused=statused,
        summary=due_by_summary(statused),
        drawn=due_by_long(statused[statused["council_id"].isin(keep)]),
        chosen=chosen,
        councils_in_view=frames.actions["council_id"].nunique(),
        source=sources_for(frames, keep),
    )


@styled_figure
def _due_by_figure(data: DueBy) -> go.Figure:
    return due_by_figure(data.drawn)


def _due_by_bars(data: DueBy) -> Bars:
    fig = due_by_figure(data.drawn)
    categories = tuple(dict.fromkeys(str(c) for t in fig.data for c in t.y))
    series = tuple(
        Series(
            name=str(trace.name),
            values=tuple(float(v) for v in trace.x),
            colours=(str(trace.marker.color),),
        )
        for trace in fig.data
    )
    return Bars(categories=categories, series=series, stacked=True, value_title="Actions")


def _due_by_table(data: DueBy) -> pd.DataFrame:
    return labelled(
        data.summary,
        {
            "council": "Council",
            "due_date": "Judged at",
            "basis": "Date from",
            "actions": "Actions",
            "due": "Due by then",
            "overdue": "of which overdue",
            "ongoing": "Ongoing",
            "later": "Later",
            "no_date": "No date",
            "completed": "Completed",
            "share_due": "Share due",
        },
    )


DUE_BY = Section[DueBy](
    id="ts_due",
    page="Timescales",
    title="Where each council's actions stand at the date",
    compute=_compute_due_by,
    figure=_due_by_figure,
    takeaway=lambda d: due_by_takeaway(d.summary, chosen=d.chosen),
    table=_due_by_table,
    caption="Due: the deadline as written falls on or before the date and the plan does not record the action as "
    "completed. Overdue: due, and the deadline had already passed by then (or by today, for a date still ahead). "
    "Statuses say what the plan implies, not what the council has done.",
    empty="No actions match these filters.",
    slide_title=lambda d: (
        ("Where each council's actions stand at " + (f"{d.chosen:%-d %b %Y}" if d.chosen else "its progress review"))
        + most_words(d.drawn["council_id"].nunique(), d.councils_in_view, "with the most actions")
    ),
    bars=_due_by_bars,
    file_name="due-by-summary.csv",
)


# --- the timeline of actions -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Gantt:
    """The dated actions in scope (a council's, or every council's), the ones drawn, and the date lines."""

    scope: pd.DataFrame  # gantt_rows of the council drawn, or of every council
    shown: pd.DataFrame  # at most ``top`` of them, the longest
    hidden: int
    actions: int  # actions in scope, dated or not
    council: str | None  # the council drawn, when one is
    councils_dated: int  # councils in view with a dated action
    picked_busiest: bool  # the council was chosen as the one with the most dated actions (a slide)
    lines: Mapping[str, dt.date] | None
    colours: Mapping[str, str]
    source: str


def _compute_gantt(frames: Frames, context: Context) -> Gantt | None:
    rows = gantt_rows(frames.actions, frames.challenges, frames.councils)
    if rows.empty:
        return None
    council_ids = set(rows["council_id"])
    asked = context.choice("council")
    picked = asked if asked in council_ids else None
    busiest = False
    if picked is None and len(council_ids) == 1:
        picked = next(iter(council_ids))
    elif picked is None and context.medium == "slide":
        # One council's timeline, as the page draws a picked council: across councils the labels need the
        # council's name and the legend a line per council, which leaves too little room per row on a slide.
        picked, busiest = busiest_councils(rows, top=1)[0], True
    top = GANTT_SLIDE_ROWS if context.medium == "slide" else int(context.choice("top") or GANTT_TOP_DEFAULT)
    scope = rows[rows["council_id"] == picked] if picked else rows
    shown, hidden = limit_gantt(rows, council_id=picked, top=top)
    chosen = context.choice("due")
    if chosen:
        lines: dict[str, dt.date] | None = {f"Due by {day(chosen)}": chosen}
    elif picked:
        when = due_dates(frames.challenges, [picked], today=context.today)[picked][0]
        lines = {f"Progress review {day(when)}": when}
    else:
        lines = None
    actions = frames.actions if picked is None else frames.actions[frames.actions["council_id"] == picked]
    return Gantt(
        scope=scope,
        shown=shown,
        hidden=hidden,
        actions=len(actions),
        council=str(scope["council"].iloc[0]) if picked else None,
        councils_dated=len(council_ids),
        picked_busiest=busiest,
        lines=lines,
        colours=context.colours,
        source=sources_for(frames, shown["council_id"]),
    )


def _gantt_figure(data: Gantt, *, style: Style = "screen") -> go.Figure:
    fig = gantt_figure(data.shown, colours=dict(data.colours), lines=data.lines)
    if style == "slide":
        # Two-line action labels need more height per row than the page gives them once shrunk onto a slide.
        fig.update_layout(height=max(int(fig.layout.height), 170 + GANTT_SLIDE_ROW_PX * len(data.shown)))
    return styled(fig, style)


def _gantt_takeaway(data: Gantt) -> str:
    takeaway = gantt_takeaway(data.scope, actions=data.actions)
    if data.picked_busiest and data.councils_dated > 1 and data.council:
        takeaway += f"; {short_council_name(data.council)} has the most dated actions of {data.councils_dated} councils"
    return takeaway


def _gantt_caption(data: Gantt) -> str:
    notes = [
        "Hatched, faded bars with an arrow are ongoing with no end date, drawn to the plan's last deadline; a green "
        "star marks an action recorded as completed; a red outline marks a flagged timescale (see the table at the "
        "bottom). A deadline with no start is drawn from the plan's date. Hover a bar for the timescale as written."
    ]
    if data.hidden:
        notes.append(
            f"Showing {len(data.shown)} of {len(data.scope)} dated actions; {data.hidden} hidden. Pick a council "
            "or raise the limit to see more (the table has them all)."
        )
    undrawn = data.actions - len(data.scope)
    if undrawn:
        notes.append(f"{undrawn} of the {data.actions} action(s) here have no usable date and are not drawn.")
    return " ".join(notes)


def _gantt_table(data: Gantt) -> pd.DataFrame:
    r = data.scope
    flags = {name: r[name].astype(bool) for name in ("ongoing", "open_ended", "completed")}
    return labelled(
        r.assign(
            start=r["start"].dt.date,
            end=r["end"].dt.date,
            flags=r["flags"].map(", ".join),
            on_chart=r.index.isin(data.shown.index),
            **flags,
        ),
        {
            "council": "Council",
            "item": "Action",
            "text": "Text",
            "timescale_raw": "Timescale as written",
            "start": "Start",
            "end": "End",
            "start_basis": "Drawn from",
            "ongoing": "Ongoing",
            "open_ended": "Open-ended",
            "completed": "Completed",
            "flags": "Flags",
            "on_chart": "On the chart",
        },
    )


def _gantt_slide_title(data: Gantt) -> str:
    if data.council is None:
        return "Timeline of actions" + (f" ({len(data.shown)} longest of {len(data.scope)})" if data.hidden else "")
    short = short_council_name(data.council)
    return f"Timeline: {short}" + (f" ({len(data.shown)} longest of {len(data.scope)})" if data.hidden else "")


GANTT = Section[Gantt](
    id="ts_gantt",
    page="Timescales",
    title="Timeline of actions",
    compute=_compute_gantt,
    figure=_gantt_figure,
    takeaway=_gantt_takeaway,
    table=_gantt_table,
    caption=_gantt_caption,
    empty="None of these actions has a date that can be drawn (the timescales are blank or unreadable).",
    slide_title=_gantt_slide_title,
    file_name="action-timeline.csv",
)


# --- planned durations -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Durations:
    durations: pd.DataFrame  # every action in view with a planned length
    drawn: pd.DataFrame  # those of the councils drawn
    colours: Mapping[str, str]
    source: str


def _compute_durations(frames: Frames, context: Context) -> Durations | None:
    durations = planned_durations(gantt_rows(frames.actions, frames.challenges, frames.councils))
    if durations.empty:
        return None
    drawn = durations[durations["council_id"].isin(kept_councils(frames, context))]
    return Durations(durations, drawn, context.colours, sources_for(frames, drawn["council_id"]))


def _durations_caption(data: Durations) -> str:
    base = (
        "Months from the start (or the plan's date, for a deadline with no start) to the end. A single month such "
        "as “May 2024” counts as one month. Open-ended and undated actions are left out. Each box is a council's "
        "middle half, its line the council's median"
    )
    overall = month_words(float(data.durations["duration_months"].median()))
    return f"{base}; across all {len(data.durations)} actions the median is {overall}."


def _durations_table(data: Durations) -> pd.DataFrame:
    d = data.durations
    medians = d.groupby("council_id")["duration_months"].transform("median")
    return labelled(
        d.assign(
            bar_start=d["bar_start"].dt.date,
            end=d["end"].dt.date,
            duration_months=d["duration_months"].astype(float),
            council_median=np.floor(medians.astype(float) + 0.5),
        ),
        {
            "council": "Council",
            "item": "Action",
            "timescale_raw": "Timescale as written",
            "start_basis": "Start from",
            "bar_start": "Start",
            "end": "End",
            "duration_months": "Months",
            "council_median": "Council's median (months)",
        },
    )


DURATIONS = Section[Durations](
    id="ts_durations",
    page="Timescales",
    title="Planned duration of each action",
    compute=_compute_durations,
    figure=styled_figure(lambda d: durations_figure(d.drawn, colours=dict(d.colours))),
    takeaway=lambda d: duration_takeaway(d.durations),
    table=_durations_table,
    caption=_durations_caption,
    empty="No action here has both a start (or plan date) and an end to measure.",
    file_name="planned-durations.csv",
)


# --- deadlines by month ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadlines:
    deadlines: pd.DataFrame  # per month and council, every council in view
    drawn: pd.DataFrame  # the councils drawn, the rest summed into "Other councils (n)"
    colours: Mapping[str, str]
    source: str


def _compute_deadlines(frames: Frames, context: Context) -> Deadlines | None:
    deadlines = deadlines_by_month(frames.actions, frames.councils)
    if deadlines.empty:
        return None
    drawn = fold_deadlines(deadlines, kept_councils(frames, context))
    return Deadlines(deadlines, drawn, context.colours, sources_for(frames, deadlines["council_id"]))


def _deadlines_caption(data: Deadlines) -> str:
    base = "Each action counted in the month of its deadline as written (the end of its timescale)."
    drawn = data.drawn["council_id"].nunique()
    total = data.deadlines["council_id"].nunique()
    if drawn >= total:
        return base
    kept = drawn - 1
    return (
        f"{base} The {kept} councils with the most actions have a colour each; the other {total - kept} are summed "
        "in grey (“Other councils”). The table has every council."
    )


DEADLINES = Section[Deadlines](
    id="ts_deadlines",
    page="Timescales",
    title="Action deadlines by month",
    compute=_compute_deadlines,
    figure=styled_figure(lambda d: deadlines_figure(d.drawn, colours=dict(d.colours))),
    takeaway=lambda d: deadline_takeaway(d.deadlines),
    table=lambda d: labelled(
        d.deadlines.assign(month=d.deadlines["month"].dt.strftime("%Y-%m")),
        {"month": "Month", "council": "Council", "deadlines": "Deadlines", "items": "Actions"},
    ),
    caption=_deadlines_caption,
    empty="No action here gives an end date.",
    file_name="deadlines-by-month.csv",
)

#: The Timescales page's sections in page order, and the ones the briefing pack draws.
PAGE = (DUE_BY, GANTT, DURATIONS, HORIZON, DEADLINES)
PACK = (DUE_BY, GANTT, HORIZON)
