"""The Timescales page's horizon chart, declared once: months from each plan's date to its last deadline, and
(choice ``average``: ``type`` or ``similar``) the average council of its type or of its similar councils."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.averages import Group, horizon_average_takeaway, horizon_averages
from analysis.timelines import horizon_takeaway, horizons
from charts.timescales import horizon_figure
from sections.averages import Averages, averages_for
from sections.base import Bars, Context, Frames, Section, Series
from sections.common import labelled, sources_for, styled_figure
from sections.timescale_scope import kept_councils


# --- horizons ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Horizon:
    """Months from each plan's date to its last deadline, in whole months (as the bars and takeaway say)."""

    rows: pd.DataFrame  # every challenge in view with a horizon, longest first
    drawn: pd.DataFrame  # the rows of the councils drawn
    source: str
    colours: Mapping[str, str]
    #: "Average of <type> councils (n)" rows (horizons columns, whole months), drawn after the councils.
    averages: Averages = field(default_factory=Averages)


HORIZON_CAPTION = (
    "From the action plan's date to the latest deadline it gives, in whole months. Ongoing work with no end "
    "date is not counted in the horizon."
)


def _horizon_averages(full: Frames, groups: tuple[Group, ...]) -> pd.DataFrame:
    """The averages over the whole corpus, in whole months as the bars show."""
    averages = horizon_averages(full.actions, full.challenges, full.councils, groups, whole_months=True)
    return averages.assign(horizon_months=np.floor(averages["horizon_months"].astype(float) + 0.5))


def _horizon_drawn(data: Horizon) -> pd.DataFrame:
    """What the chart draws: the councils' challenges, then any averages."""
    return data.averages.after(data.drawn)


def _horizon_takeaway(data: Horizon) -> str:
    return data.averages.takeaway(horizon_takeaway(data.rows), horizon_average_takeaway)


def _horizon_caption(data: Horizon) -> str:
    extra = data.averages.caption("horizon (its challenges averaged first)")
    return f"{HORIZON_CAPTION} {extra}".strip()


def _compute_horizon(frames: Frames, context: Context) -> Horizon | None:
    rows = horizons(frames.actions, frames.challenges, frames.councils)
    if rows.empty:
        return None
    # Whole months, half up, everywhere: the bar, its label, the takeaway, the table and the slide agree.
    rows = rows.assign(horizon_months=np.floor(rows["horizon_months"].astype(float) + 0.5))
    keep = kept_councils(frames, context)
    drawn = rows[rows["council_id"].isin(keep)]
    averages = averages_for(frames, context, rows["council_id"], _horizon_averages)
    return Horizon(
        rows=rows,
        drawn=drawn,
        source=sources_for(frames, drawn["council_id"]),
        colours=averages.colours(context.colours),
        averages=averages,
    )


@styled_figure
def _horizon_figure(data: Horizon) -> go.Figure:
    return horizon_figure(_horizon_drawn(data), colours=data.colours)


def _horizon_bars(data: Horizon) -> Bars:
    fig = horizon_figure(_horizon_drawn(data), colours={})
    trace = fig.data[0]
    return Bars(
        categories=tuple(str(c) for c in trace.y),
        series=(Series(name="Months", values=tuple(float(v) for v in trace.x)),),
        value_title="Months from the plan's date to its last deadline",
    )


def _horizon_table(data: Horizon) -> pd.DataFrame:
    r = data.rows
    if not data.averages.empty:  # the averages last, with no year, dates or last action of their own
        r = data.averages.after(r)
        r = r.assign(year=r["year"].astype("Int64"))
    return labelled(
        r.assign(
            plan_date=pd.to_datetime(r["plan_date"]).dt.date,
            last_deadline=pd.to_datetime(r["last_deadline"]).dt.date,
            horizon_months=r["horizon_months"].astype(int),
        ),
        {
            "council": "Council",
            "challenge_id": "Challenge",
            "year": "Year",
            "plan_date": "Plan date",
            "last_deadline": "Last deadline",
            "horizon_months": "Months",
            "last_item": "Last action",
            "deadlines": "With a deadline",
            "open_ended": "Open-ended",
        },
    )


HORIZON = Section[Horizon](
    id="ts_horizon",
    page="Timescales",
    title="Horizon: months from plan to last deadline",
    compute=_compute_horizon,
    figure=_horizon_figure,
    takeaway=_horizon_takeaway,
    table=_horizon_table,
    caption=_horizon_caption,
    empty="No plan here has both a plan date and a deadline, so no horizon can be measured.",
    bars=_horizon_bars,
    file_name="plan-horizons.csv",
)
