"""The Timescales page's charts, each declared once: where actions stand at a date, and how far plans reach.

The page (:mod:`pages.timescales`), presentation mode and the briefing pack all draw these. Choices the page
offers are read from :class:`sections.base.Context` ``choices``: ``due`` (one date for every council; none
judges each council at its own progress review).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.timelines import (
    busiest_councils,
    due_by_actions,
    due_by_long,
    due_by_summary,
    due_by_takeaway,
    horizon_takeaway,
    horizons,
)
from charts.timescales import due_by_figure, horizon_figure
from sections.base import Bars, Context, Frames, Section, Series, Style
from sections.common import sources_for, styled

#: Councils a slide draws a bar for (a page draws :data:`analysis.timelines.MAX_COUNCILS_DRAWN`).
SLIDE_COUNCILS = 12


def _most(n: int, of: int, what: str) -> str:
    """' (the 12 with the most actions, of 40)' when a chart draws fewer councils than the view has, else ''."""
    return f" (the {n} {what}, of {of})" if of > n else ""


def _kept(frames: Frames, context: Context) -> list[str]:
    """The councils per-council charts draw: the busiest, fewer on a slide."""
    if context.medium == "slide":
        return busiest_councils(frames.actions, top=SLIDE_COUNCILS)
    return busiest_councils(frames.actions)


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
    keep = _kept(frames, context)
    return DueBy(
        statused=statused,
        summary=due_by_summary(statused),
        drawn=due_by_long(statused[statused["council_id"].isin(keep)]),
        chosen=chosen,
        councils_in_view=frames.actions["council_id"].nunique(),
        source=sources_for(frames, keep),
    )


def _due_by_figure(data: DueBy, *, style: Style = "screen") -> go.Figure:
    return styled(due_by_figure(data.drawn), style)


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
    s = data.summary
    return pd.DataFrame(
        {
            "Council": s["council"],
            "Judged at": s["due_date"],
            "Date from": s["basis"],
            "Actions": s["actions"],
            "Due by then": s["due"],
            "of which overdue": s["overdue"],
            "Ongoing": s["ongoing"],
            "Later": s["later"],
            "No date": s["no_date"],
            "Completed": s["completed"],
            "Share due": s["share_due"],
        }
    )


DUE_BY = Section[DueBy](
    id="ts_due",
    page="Timescales",
    title="Where each council's actions stand at the date",
    compute=_compute_due_by,
    figure=_due_by_figure,
    takeaway=lambda d: due_by_takeaway(d.summary, chosen=d.chosen),
    table=_due_by_table,
    source=lambda d: d.source,
    caption="Due: the deadline as written falls on or before the date and the plan does not record the action as "
    "completed. Overdue: due, and the deadline had already passed by then (or by today, for a date still ahead). "
    "Statuses say what the plan implies, not what the council has done.",
    empty="No actions match these filters.",
    slide_title=lambda d: (
        ("Where each council's actions stand at " + (f"{d.chosen:%-d %b %Y}" if d.chosen else "its progress review"))
        + _most(d.drawn["council_id"].nunique(), d.councils_in_view, "with the most actions")
    ),
    bars=_due_by_bars,
    file_name="due-by-summary.csv",
)


# --- horizons ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Horizon:
    """Months from each plan's date to its last deadline, in whole months (as the bars and takeaway say)."""

    rows: pd.DataFrame  # every challenge in view with a horizon, longest first
    drawn: pd.DataFrame  # the rows of the councils drawn
    source: str
    colours: Mapping[str, str]


def _compute_horizon(frames: Frames, context: Context) -> Horizon | None:
    rows = horizons(frames.actions, frames.challenges, frames.councils)
    if rows.empty:
        return None
    # Whole months, half up, everywhere: the bar, its label, the takeaway, the table and the slide agree.
    rows = rows.assign(horizon_months=np.floor(rows["horizon_months"].astype(float) + 0.5))
    keep = _kept(frames, context)
    drawn = rows[rows["council_id"].isin(keep)]
    return Horizon(rows=rows, drawn=drawn, source=sources_for(frames, drawn["council_id"]), colours=context.colours)


def _horizon_figure(data: Horizon, *, style: Style = "screen") -> go.Figure:
    return styled(horizon_figure(data.drawn, colours=data.colours), style)


def _horizon_bars(data: Horizon) -> Bars:
    fig = horizon_figure(data.drawn, colours={})
    trace = fig.data[0]
    return Bars(
        categories=tuple(str(c) for c in trace.y),
        series=(Series(name="Months", values=tuple(float(v) for v in trace.x)),),
        value_title="Months from the plan's date to its last deadline",
    )


def _horizon_table(data: Horizon) -> pd.DataFrame:
    r = data.rows
    return pd.DataFrame(
        {
            "Council": r["council"],
            "Challenge": r["challenge_id"],
            "Year": r["year"],
            "Plan date": pd.to_datetime(r["plan_date"]).dt.date,
            "Last deadline": pd.to_datetime(r["last_deadline"]).dt.date,
            "Months": r["horizon_months"].astype(int),
            "Last action": r["last_item"],
            "With a deadline": r["deadlines"],
            "Open-ended": r["open_ended"],
        }
    )


HORIZON = Section[Horizon](
    id="ts_horizon",
    page="Timescales",
    title="Horizon: months from plan to last deadline",
    compute=_compute_horizon,
    figure=_horizon_figure,
    takeaway=lambda d: horizon_takeaway(d.rows),
    table=_horizon_table,
    source=lambda d: d.source,
    caption="From the action plan's date to the latest deadline it gives, in whole months. Ongoing work with no end "
    "date is not counted in the horizon.",
    empty="No plan here has both a plan date and a deadline, so no horizon can be measured.",
    bars=_horizon_bars,
    file_name="plan-horizons.csv",
)
