"""The council brief's charts, declared once: where a council's actions stand at the visit, and its
recommendations per LGA core theme. The briefing pack for one council draws them (:mod:`reports.pack_charts`).

Choices (``choices``): ``brief`` (an assembled :class:`analysis.followup.Brief`, as the brief page has one), or
``council`` and ``visit`` (a date; default the council's progress review) to assemble it. With neither, the
council in view with the most actions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go

from analysis.followup import STATUS_LABELS, STATUSES, Brief, brief, day, status_counts
from analysis.takeaways import source_line, visit_takeaway
from charts.followup import status_figure
from sections.base import Context, Frames, Section
from sections.common import figure_bars, styled_figure
from sections.themes import THEME_BARS, Themes


def _council(frames: Frames, context: Context) -> str | None:
    given = context.choice("brief")
    if given is not None:
        return given.council_id
    asked = context.choice("council")
    if asked in set(frames.councils["council_id"]):
        return asked
    counts = frames.actions["council_id"].value_counts()
    if len(counts):
        return str(counts.index[0])
    return str(frames.councils["council_id"].iloc[0]) if len(frames.councils) else None


def _brief(frames: Frames, context: Context) -> Brief | None:
    given = context.choice("brief")
    if given is not None:
        return given
    council_id = _council(frames, context)
    if council_id is None:
        return None
    return brief(frames, council_id, visit_date=context.choice("visit"), today=context.today)


# --- where the actions stand at the visit ------------------------------------------------------------------
@dataclass(frozen=True)
class Status:
    brief: Brief
    counts: dict[str, int]


def _compute_status(frames: Frames, context: Context) -> Status | None:
    b = _brief(frames, context)
    if b is None or not b.headline.actions:
        return None
    return Status(b, dict(status_counts(b.actions)))


@styled_figure
def _status_figure(data: Status) -> go.Figure:
    return status_figure(data.counts, labels=STATUS_LABELS, order=STATUSES)


STATUS = Section[Status](
    id="brief_status",
    page="Council brief",
    title="Where the actions stand at the visit",
    compute=_compute_status,
    figure=_status_figure,
    takeaway=lambda d: visit_takeaway(d.brief),
    table=lambda d: pd.DataFrame(
        {"Status": [STATUS_LABELS.get(s, s) for s in STATUSES], "Actions": [int(d.counts.get(s, 0)) for s in STATUSES]}
    ),
    source=lambda d: source_line(d.brief.challenges),
    caption=lambda d: (
        f"Statuses judged at {day(d.brief.as_of)} for the visit on {day(d.brief.visit_date)}: what the plan implies "
        "(deadlines as written, completions as recorded), not what the council has done."
    ),
    bars=figure_bars(_status_figure),
    file_name="actions-at-the-visit.csv",
)


# --- the council's recommendations per theme ---------------------------------------------------------------
def _compute_themes(frames: Frames, context: Context) -> Themes | None:
    council_id = _council(frames, context)
    if council_id is None:
        return None
    mine = SimpleNamespace(
        **{
            name: getattr(frames, name)[getattr(frames, name)["council_id"] == council_id]
            for name in ("councils", "challenges", "recommendations", "actions", "steps")
            if "council_id" in getattr(frames, name)
        }
    )
    if not hasattr(mine, "steps"):
        mine.steps = frames.steps
    return THEME_BARS.compute(mine, replace(context, choices={}))


THEMES = replace(THEME_BARS, id="brief_themes", page="Council brief", compute=_compute_themes, empty="")

#: The council brief's charts, in the order its pack draws them.
PAGE = (STATUS, THEMES)
PACK = PAGE
