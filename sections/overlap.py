"""The Overlap page's charts, each declared once: how alike councils' recommendations are, which
recommendations recur, and the closest recommendations elsewhere to a chosen one.

Scores are computed over the whole corpus (``context.full``, or the frames themselves when there is none),
then cut to the councils in view, so a pair's figure does not change with the filters. Choices
(``choices``): ``rec`` (the recommendation whose matches are drawn; default the first in view) and ``k``
(how many matches).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analysis import overlap
from analysis.overlap import OverlapIndex, clusters, council_overlap
from analysis.overlap_view import (
    MAX_CLUSTER_BARS,
    NO_SHARED_WORDS,
    cluster_bars,
    clusters_in_view,
    clusters_takeaway,
    comparison_councils,
    overlap_in_view,
    overlap_pairs,
    overlap_takeaway,
    similar_in_view,
    similar_takeaway,
)
from analysis.takeaways import source_line
from charts.overlap import cluster_bars_figure, match_scores_figure, overlap_heatmap_figure
from sections.base import Context, Frames, Section
from sections.common import council_names, figure_bars, labelled, most_words, sources_for, styled_figure

#: Councils in a council x council heatmap on a slide (the page draws up to 25).
SLIDE_COUNCILS = 12
#: Recurring groups on a slide (as the page's chart draws).
SLIDE_GROUPS = 12


def _whole(frames: Frames, context: Context) -> Frames:
    return context.full if context.full is not None else frames


def whole_index(whole: Frames, context: Context) -> OverlapIndex:
    """The overlap index of the whole corpus, through the caller's cache (one build per recommendations frame).

    ``overlap.build_index`` is looked up on each call, as :func:`ui.memo.overlap_index` does, so both share
    one cache entry (and tests can count builds).
    """
    return context.remember(overlap.build_index, whole.recommendations)


def whole_matrix(whole: Frames, context: Context) -> pd.DataFrame:
    """The council x council overlap of the whole corpus, through the caller's cache."""
    return context.remember(council_overlap, whole_index(whole, context))


def whole_clusters(whole: Frames, context: Context) -> pd.DataFrame:
    """The recurring groups of the whole corpus (default threshold), through the caller's cache."""
    return context.remember(clusters, whole_index(whole, context))


# --- council x council -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Matrix:
    matrix: pd.DataFrame  # the councils drawn
    names: Mapping[str, str]
    pairs: pd.DataFrame
    in_view: int
    source: str


def _compute_matrix(frames: Frames, context: Context) -> Matrix | None:
    in_view = sorted(frames.recommendations["council_id"].unique())
    if len(in_view) < 2:
        return None
    whole = _whole(frames, context)
    names = council_names(whole)
    if context.medium == "slide":
        matrix = overlap_in_view(whole_matrix(whole, context), in_view, limit=SLIDE_COUNCILS)
    else:
        matrix = overlap_in_view(whole_matrix(whole, context), in_view)
    pairs = overlap_pairs(matrix, names)
    return Matrix(matrix, names, pairs, len(in_view), sources_for(frames, matrix.index))


def _matrix_caption(data: Matrix) -> str:
    text = (
        "Overlap of A and B: for each of A's recommendations its best match among B's, averaged, and the same from "
        "B to A; the mean of the two. 100% would mean every recommendation has a twin."
    )
    if len(data.matrix) < data.in_view:
        text += f" Showing the {len(data.matrix)} councils with the most overlap of the {data.in_view} in view."
    return text


MATRIX = Section[Matrix](
    id="overlap_matrix",
    page="Overlap",
    title="Council × council overlap",
    compute=_compute_matrix,
    figure=styled_figure(lambda d: overlap_heatmap_figure(d.matrix, dict(d.names))),
    takeaway=lambda d: overlap_takeaway(d.pairs) or "",
    table=lambda d: labelled(d.pairs, {"council": "Council", "other_council": "Other council", "overlap": "Overlap"}),
    caption=_matrix_caption,
    slide_title=lambda d: "Council × council overlap" + most_words(len(d.matrix), d.in_view, "with the most overlap"),
    file_name="council-overlap.csv",
)


# --- recurring groups --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Groups:
    members: pd.DataFrame  # every member of a recurring group in view
    bars: pd.DataFrame  # the groups drawn, per council
    names: Mapping[str, str]
    top: int
    colours: Mapping[str, str]
    source: str

    @property
    def groups(self) -> int:
        return int(self.members["cluster_id"].nunique())


def _compute_groups(frames: Frames, context: Context) -> Groups | None:
    whole = _whole(frames, context)
    members = clusters_in_view(whole_clusters(whole, context), frames.recommendations["rec_id"])
    if members.empty:
        return None
    names = council_names(whole)
    top = SLIDE_GROUPS if context.medium == "slide" else MAX_CLUSTER_BARS
    bars = cluster_bars(members, names, top=top)
    shown = members[members["cluster_id"].isin(set(bars["cluster_id"]))]
    return Groups(members, bars, names, top, context.colours, sources_for(frames, shown["council_id"]))


@styled_figure
def _groups_figure(data: Groups) -> go.Figure:
    return cluster_bars_figure(data.bars, colours=dict(data.colours), top=data.top)


def _groups_caption(data: Groups) -> str:
    text = (
        "Each bar is a group of recommendations, made to at least two councils, that say the same thing; its "
        "segments are councils. A group is named by its most representative recommendation (the one closest to "
        "the rest of the group); the table adds the words its recommendations share."
    )
    if data.groups > data.top:
        return text + f" The {data.top} most widespread of {data.groups:,} groups; every group is in the table."
    return text + f" All {data.groups} groups are drawn."


GROUPS = Section[Groups](
    id="overlap_clusters",
    page="Overlap",
    title="Recommendations that recur across councils",
    compute=_compute_groups,
    figure=_groups_figure,
    takeaway=lambda d: clusters_takeaway(d.members) or "",
    table=lambda d: labelled(
        d.members.assign(council_name=d.members["council_id"].map(d.names)),
        {
            "number": "Group",
            "headline": "Group name",
            "label": "Shared words",
            "topic": "Topic",
            "size": "Recommendations in the group",
            "councils": "Councils",
            "council_name": "Council",
            "challenge_id": "Challenge",
            "title": "Recommendation",
            "cohesion": "Cohesion",
        },
    ),
    caption=_groups_caption,
    empty="No group of closely matching recommendations spans two or more of the councils in view.",
    # the short form keeps the title on one line
    slide_title=lambda d: (
        f"Recommendations that recur ({d.top} of {d.groups} groups)"
        if d.groups > d.top
        else "Recommendations that recur across councils"
    ),
    bars=figure_bars(_groups_figure),
    file_name="recurring-recommendations.csv",
)


# --- the closest recommendations elsewhere -----------------------------------------------------------------
def chosen_recommendation(frames: Frames, context: Context) -> str | None:
    """The recommendation whose matches are drawn: the one asked for when in view, else the first in view."""
    recs = frames.recommendations
    return context.pick(
        "rec", recs["rec_id"], lambda: str(recs.sort_values(["council_id", "challenge_id", "order"])["rec_id"].iloc[0])
    )


@dataclass(frozen=True)
class Matches:
    rec_id: str
    matches: pd.DataFrame
    names: Mapping[str, str]
    widened: bool  # only one council in view: matches come from every other council
    colours: Mapping[str, str]
    source: str


def _compute_matches(frames: Frames, context: Context) -> Matches | None:
    rec_id = chosen_recommendation(frames, context)
    if rec_id is None:
        return None
    whole = _whole(frames, context)
    names = council_names(whole)
    chosen = whole.recommendations.set_index("rec_id").loc[rec_id]
    others, widened = comparison_councils(
        chosen["council_id"], frames.councils["council_id"], whole.councils["council_id"]
    )
    matches = similar_in_view(
        whole,
        whole.actions,
        rec_id,
        others,
        k=int(context.choice("k", 5)),
        names=names,
        index=whole_index(whole, context),
    )
    if matches.empty:
        return None
    cited = whole.challenges[whole.challenges["challenge_id"].isin([chosen["challenge_id"], *matches["challenge_id"]])]
    return Matches(rec_id, matches, names, widened, context.colours, source_line(cited))


def _matches_caption(data: Matches) -> str:
    text = (
        "Score blends shared wording with shared topics; a shared topic counts in full only beside shared words, "
        f"so a match on topic alone (no shared words) scores {overlap.TOPIC_WEIGHT * overlap.TOPIC_FLOOR:.2f} at most."
    )
    if data.widened:
        text = "Only one council is in view, so matches come from every other council. " + text
    return text


MATCHES = Section[Matches](
    id="overlap_similar",
    page="Overlap",
    title="Closest recommendations elsewhere",
    compute=_compute_matches,
    figure=styled_figure(lambda d: match_scores_figure(d.matches, colours=dict(d.colours))),
    takeaway=lambda d: similar_takeaway(d.matches, dict(d.names)) or "",
    table=lambda d: labelled(
        # a match sharing no word says so, rather than leaving a blank beside its shared topics
        d.matches.assign(why=d.matches["why"].where(d.matches["why"].astype(bool), NO_SHARED_WORDS)),
        {
            "rank": "#",
            "council": "Council",
            "challenge_id": "Challenge",
            "number": "No.",
            "title": "Recommendation",
            "score": "Score",
            "text_score": "Wording",
            "topic_score": "Topics",
            "shared_topics": "Shared topics",
            "why": "Shared terms",
            "actions": "Actions planned",
        },
    ),
    caption=_matches_caption,
    empty="No recommendation from another council in view shares wording or topics with this one.",
    file_name="similar-recommendations.csv",
)

#: The Overlap page's sections in page order; the pack draws the first two (the matches need a choice).
PAGE = (MATRIX, GROUPS, MATCHES)
PACK = (MATRIX, GROUPS)
