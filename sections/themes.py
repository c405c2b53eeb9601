"""The Themes page's charts, each declared once: recommendations per LGA core theme, topics across councils,
and which topics recur.

Choices the page offers (``choices``): ``measure`` (``recommendations`` or ``share``, for the theme bars),
``every_theme`` (count every theme a recommendation carries, not only its best one), ``heat_measure``
(``recommendations`` or ``share``, for the heatmap's cells) and ``average`` (``type`` or ``similar``: the theme
bars gain "Average of <type> councils (n)", :mod:`sections.averages`). The Overview page and the council brief draw the
theme bars too (:data:`THEME_BARS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from analysis.averages import Group, theme_average_takeaway, theme_averages
from analysis.summary import fold_councils, theme_counts, theme_takeaway
from analysis.topics import MAX_HEATMAP_COUNCILS, limit_councils, topic_matrix, topic_recurrence, topic_takeaway
from charts.themes import theme_bars_figure
from charts.topics import topic_heatmap_figure, topic_recurrence_figure
from sections.averages import Averages, averages_for
from sections.base import Context, Frames, Section
from sections.common import figure_bars, folded_for, labelled, sources_for, styled_figure

#: Topics on a slide's heatmap, and topics any recurrence chart draws: more rows than this make the labels
#: too small to read on a projected slide.
TOP_TOPICS = 12
#: Councils with a bar of their own on a slide: with "Other councils" at most 8 series, a legend that fits.
SLIDE_COUNCILS = 7
MEASURES = ("recommendations", "share")


def folded_caption(drawn: pd.DataFrame, *, councils: int, what: str, share: bool) -> str:
    """What a folded grey bar holds, worked out from the drawn frame (so it says what the legend says).

    '' when nothing is folded. ``councils`` is how many councils the unfolded frame has; the folded ones are
    those without a bar of their own. A share folds as a sum ("Other councils (n)": the rest taken together),
    a count as an average ("Other councils (n, average)"), as :func:`analysis.summary.fold_councils` draws them.
    """
    own = ~drawn["council_id"].astype(str).str.startswith("_")
    if own.all():
        return ""
    kept = drawn.loc[own, "council_id"].nunique()
    how = (
        "taken together (their share of all their recommendations)"
        if share
        else "as an average per council (“average” in the legend)"
    )
    return (
        f"The {kept} councils with most {what} have a bar each; the grey bar is the other {councils - kept} "
        f"council{'' if councils - kept == 1 else 's'} {how}. The table has every council."
    )


# --- LGA core themes ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Themes:
    counts: pd.DataFrame  # every council in view
    drawn: pd.DataFrame  # folded for drawing
    measure: str
    colours: Mapping[str, str]
    source: str
    #: "Average of <type> councils (n)" rows (theme_counts columns), drawn as one more series; empty when off.
    averages: Averages = field(default_factory=Averages)


def _theme_averages(frames: Frames, context: Context, counts: pd.DataFrame) -> Averages:
    """The averages the ``average`` choice asks for, over the whole corpus, counts rounded as the chart shows."""
    primary_only = not context.choice("every_theme", False)

    def average(full: Frames, groups: tuple[Group, ...]) -> pd.DataFrame:
        averages = theme_averages(full.recommendations, full.councils, groups, primary_only=primary_only)
        return averages.assign(recommendations=averages["recommendations"].astype(float).round(1))

    return averages_for(frames, context, counts["council_id"], average)


def _themes_drawn(data: Themes) -> pd.DataFrame:
    """What the chart draws: the (folded) councils, then any averages."""
    return data.averages.after(data.drawn)


def _themes_table(data: Themes) -> pd.DataFrame:
    return labelled(
        data.averages.after(data.counts),
        {"council": "Council", "lga_theme": "LGA core theme", "recommendations": "Recommendations", "share": "Share"},
    )


def _themes_takeaway(data: Themes) -> str:
    return data.averages.takeaway(theme_takeaway(data.counts), theme_average_takeaway)


def _themes_caption(data: Themes) -> str:
    folded = folded_caption(
        data.drawn, councils=data.counts["council_id"].nunique(), what="recommendations", share=data.measure == "share"
    )
    return " ".join(t for t in (folded, data.averages.caption("share per theme")) if t)


def _compute_themes(frames: Frames, context: Context) -> Themes | None:
    recs = frames.recommendations
    if recs.empty:
        return None
    counts = theme_counts(recs, frames.councils, primary_only=not context.choice("every_theme", False))
    if counts.empty:
        return None
    measure = context.choice_in("measure", MEASURES, "recommendations")
    drawn = folded_for(frames, context, counts, fold_councils, measure=measure, slide_councils=SLIDE_COUNCILS)
    averages = _theme_averages(frames, context, counts)
    return Themes(
        counts, drawn, measure, averages.colours(context.colours), sources_for(frames, counts["council_id"]), averages
    )


@styled_figure
def _themes_figure(data: Themes) -> go.Figure:
    return theme_bars_figure(_themes_drawn(data), colours=dict(data.colours), measure=data.measure)


THEME_BARS = Section[Themes](
    id="themes_lga",
    page="Themes",
    title="Recommendations per LGA core theme",
    compute=_compute_themes,
    figure=_themes_figure,
    takeaway=_themes_takeaway,
    table=_themes_table,
    caption=_themes_caption,
    empty="No recommendations match these filters.",
    bars=figure_bars(_themes_figure),
    file_name="recommendations-by-lga-theme.csv",
)


# --- topics across councils --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Topics:
    recurrence: pd.DataFrame
    matrix: pd.DataFrame  # every council in view
    columns: pd.DataFrame  # the councils drawn as columns
    hidden: int  # councils not drawn
    topics: list[str]  # the rows drawn, most shared first
    councils: int
    measure: str
    source: str


def _recurring(frames: Frames, context: Context) -> tuple[pd.DataFrame, int] | None:
    """The topics' recurrence across the councils in view, and how many councils there are; None when there is
    nothing to draw. "Which topics recur across councils" needs more than one council on a slide; a page still
    draws one."""
    recs = frames.recommendations
    councils = recs["council_id"].nunique()
    if recs.empty or (context.medium == "slide" and councils < 2):
        return None
    recurrence = topic_recurrence(recs, frames.councils)
    return None if recurrence.empty else (recurrence, councils)


def _compute_topics(frames: Frames, context: Context) -> Topics | None:
    recurring = _recurring(frames, context)
    if recurring is None:
        return None
    recurrence, councils = recurring
    matrix = topic_matrix(frames.recommendations, frames.councils)
    if matrix.empty:
        return None
    topics = list(recurrence["topic"])
    if context.medium == "slide":
        topics = topics[:TOP_TOPICS]
        matrix = matrix[matrix["topic"].isin(topics)]
    columns, hidden = limit_councils(matrix)
    measure = context.choice_in("heat_measure", MEASURES, "recommendations")
    return Topics(
        recurrence, matrix, columns, hidden, topics, councils, measure, sources_for(frames, columns["council_id"])
    )


def _topics_caption(data: Topics) -> str:
    text = (
        f"Rows are ordered by how many of the {data.councils} councils share the topic. A recommendation can "
        "touch several topics."
    )
    if data.hidden:
        text += (
            f" Columns: the {MAX_HEATMAP_COUNCILS} councils with most recommendations; {data.hidden} more in the table."
        )
    return text


TOPIC_HEATMAP = Section[Topics](
    id="themes_heatmap",
    page="Themes",
    title="Topics across councils",
    compute=_compute_topics,
    figure=styled_figure(lambda d: topic_heatmap_figure(d.columns, topics=d.topics, measure=d.measure)),
    takeaway=lambda d: topic_takeaway(d.recurrence, councils=d.councils),
    table=lambda d: labelled(
        d.matrix,
        {"council": "Council", "topic": "Topic", "recommendations": "Recommendations", "share": "Share of council's"},
    ),
    caption=_topics_caption,
    slide_title=lambda d: (
        "Topics across councils" + (f" (the {len(d.topics)} most shared)" if len(d.recurrence) > len(d.topics) else "")
    ),
    file_name="council-by-topic.csv",
)


# --- which topics recur ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recurrence:
    recurrence: pd.DataFrame
    councils: int
    source: str


def _compute_recurrence(frames: Frames, context: Context) -> Recurrence | None:
    recurring = _recurring(frames, context)
    if recurring is None:
        return None
    recurrence, councils = recurring
    return Recurrence(recurrence, councils, sources_for(frames, frames.recommendations["council_id"]))


@styled_figure
def _recurrence_figure(data: Recurrence) -> go.Figure:
    return topic_recurrence_figure(data.recurrence, top=TOP_TOPICS)


TOPIC_RECURRENCE = Section[Recurrence](
    id="themes_recurrence",
    page="Themes",
    title="Which topics recur across councils",
    compute=_compute_recurrence,
    figure=_recurrence_figure,
    takeaway=lambda d: topic_takeaway(d.recurrence, councils=d.councils),
    table=lambda d: labelled(
        d.recurrence,
        {
            "topic": "Topic",
            "councils": "Councils",
            "council_names": "Which councils",
            "recommendations": "Recommendations",
            "share_of_councils": "Share of councils",
        },
    ),
    caption=lambda d: (
        f"Each bar counts the councils, of the {d.councils} here, told about the topic at least once"
        + (
            f"; the {TOP_TOPICS} that recur most are drawn, the table has them all."
            if len(d.recurrence) > TOP_TOPICS
            else "."
        )
    ),
    bars=figure_bars(_recurrence_figure),
    file_name="topic-recurrence.csv",
)

#: The Themes page's sections in page order (the pack draws all three).
PAGE = (THEME_BARS, TOPIC_HEATMAP, TOPIC_RECURRENCE)
PACK = PAGE
