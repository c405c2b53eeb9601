"""Which councils a Timescales chart draws, shared by its sections (:mod:`sections.timescales`,
:mod:`sections.horizon`): the busiest councils, fewer on a slide (:func:`sections.common.most_words` says so)."""

from __future__ import annotations

from analysis.timelines import busiest_councils
from sections.base import Context, Frames

#: Councils a slide draws a bar for (a page draws :data:`analysis.timelines.MAX_COUNCILS_DRAWN`).
SLIDE_COUNCILS = 12
#: Actions on a timeline slide: a taller Gantt image is shrunk to fit, and its labels below reading size.
GANTT_SLIDE_ROWS = 8
#: Pixels per action row on the slide's timeline: room for a two-line label.
GANTT_SLIDE_ROW_PX = 48


def kept_councils(frames: Frames, context: Context) -> list[str]:
    """The councils per-council charts draw: the busiest, fewer on a slide."""
    if context.medium == "slide":
        return busiest_councils(frames.actions, top=SLIDE_COUNCILS)
    return busiest_councils(frames.actions)
