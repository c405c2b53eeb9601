"""The History page's chart, declared once: a council's peer challenges over time and what followed.

The timeline uses all of the council's challenges, whatever the year, theme and topic filters (from
``context.full`` when given), so it does not change as filters narrow the view. Choices (``choices``):
``council`` (a council in view with more than one peer challenge; default the first).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analysis.history import councils_with_history, timeline, timeline_takeaway
from analysis.takeaways import source_line
from charts.history import timeline_figure
from sections.base import Context, Frames, Section
from sections.common import council_names, labelled, styled_figure


def eligible_councils(frames: Frames, context: Context) -> list[str]:
    """Councils in view with more than one peer challenge (counted over the whole corpus)."""
    whole = context.full if context.full is not None else frames
    in_view = set(frames.councils["council_id"])
    return [c for c in councils_with_history(whole.challenges) if c in in_view]


@dataclass(frozen=True)
class Timeline:
    council_id: str
    council: str
    events: pd.DataFrame
    colour: str
    source: str


def _compute(frames: Frames, context: Context) -> Timeline | None:
    eligible = eligible_councils(frames, context)
    if not eligible:
        return None
    asked = context.choice("council")
    council_id = asked if asked in eligible else eligible[0]
    whole = context.full if context.full is not None else frames
    names = council_names(whole)
    events = timeline(council_id, whole.challenges, getattr(whole, "reviews", None))
    mine = whole.challenges[whole.challenges["council_id"] == council_id]
    return Timeline(
        council_id,
        names.get(council_id, council_id),
        events,
        context.colours.get(council_id, "#4477AA"),
        source_line(mine),
    )


@styled_figure
def _figure(data: Timeline) -> go.Figure:
    return timeline_figure(data.events, colour=data.colour)


def _caption(data: Timeline) -> str:
    text = (
        "Diamonds are peer challenges; hollow markers are events planned at the time of the source. Dates given "
        "only as a month or season (“summer 2021”) are placed in the middle of that period."
    )
    years = sorted({d.year for d in data.events.loc[data.events["event"] == "challenge", "date"].dropna()})
    if len(years) > 1:
        text += f" The first and the latest peer challenge are {years[-1] - years[0]} years apart."
    return text


def _table(data: Timeline) -> pd.DataFrame:
    return labelled(
        data.events,
        {
            "event": "Event",
            "challenge_id": "Challenge",
            "lane": "Lane",
            "kind": "Kind",
            "date": "Date drawn",
            "date_exact": "Exact date",
            "date_as_written": "Date as written",
            "planned": "Planned",
            "title": "Title",
            "recommendations": "Recommendations",
            "rag": "RAG ratings",
        },
    )


TIMELINE = Section[Timeline](
    id="history_timeline",
    page="History",
    title="Peer challenges and what followed",
    compute=_compute,
    figure=_figure,
    takeaway=lambda d: timeline_takeaway(d.events, council_name=d.council),
    table=_table,
    caption=_caption,
    slide_title=lambda d: f"{d.council}: peer challenges and what followed",
    file_name="history-timeline.csv",
)

#: The History page's sections in page order.
PAGE = (TIMELINE,)
