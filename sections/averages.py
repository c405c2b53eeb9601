"""The hook the Themes, Timescales and Owners sections share to draw "the average of <type> councils" beside
the councils in view (the numbers come from :mod:`analysis.averages`).

The section option is ``choices["average"]``: ``"type"`` (the average of each in-view council's type) or
``"similar"`` (of each in-view council's similar councils); anything else draws no average. The averages are
taken over the whole corpus the view was cut from (``Context.full``, else the view itself), whatever the filters,
because "councils of its type" means all of them, not the ones a filter left in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from analysis.averages import BASES, Group, Groups, comparison_groups
from charts.palette import AVERAGE_COLOURS
from sections.base import Context, Frames

#: The section option's name in ``Context.choices``.
CHOICE = "average"


def basis(context: Context) -> str | None:
    """The comparison asked for (``type``, ``similar``) or None."""
    chosen = context.choice(CHOICE)
    return chosen if chosen in BASES else None


def groups_for(frames: Frames, context: Context, council_ids: Iterable[str]) -> Groups:
    """The comparison groups for the councils a section draws (none when no average is asked for)."""
    chosen = basis(context)
    if chosen is None:
        return Groups(())
    return comparison_groups(context.full if context.full is not None else frames, council_ids, chosen)


def with_average_colours(colours: Mapping[str, str], averages: pd.DataFrame) -> dict[str, str]:
    """``colours`` plus one dark neutral per average series (in the order the averages come)."""
    keys = list(dict.fromkeys(averages["council_id"])) if len(averages) else []
    return {**colours, **{k: AVERAGE_COLOURS[i % len(AVERAGE_COLOURS)] for i, k in enumerate(keys)}}


def average_caption(groups: Groups, averages: pd.DataFrame, what: str) -> str:
    """What the dark average bars are, or why none is drawn ('' when no average was asked for)."""
    if not groups.groups and not groups.note:
        return ""
    if averages.empty:
        return groups.note or f"No council in the comparison has {what}, so no average is drawn."
    text = (
        f"The dark bars are the average council of the comparison: each council's {what}, averaged over the "
        "comparison's councils in all the data (the filters do not narrow it); the brackets say how many councils."
    )
    return f"{text} {groups.note}".strip()


@dataclass(frozen=True)
class Averages:
    """The average rows a chart draws after its councils, and the comparison groups they average.

    One value per section data (empty when no average is asked for) so that the chart, its table, its takeaway
    and its caption all read the same rows: a section cannot draw an average its takeaway leaves out.
    """

    #: "Average of <type> councils (n)" rows, in the columns of the rows they follow (plus ``members``).
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    groups: Groups = field(default_factory=lambda: Groups(()))

    @property
    def empty(self) -> bool:
        return self.rows.empty

    def after(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` then the average rows in ``rows``' columns: what the figure draws, or the table lists."""
        if self.rows.empty:
            return rows
        return pd.concat([rows, self.rows[rows.columns]], ignore_index=True)

    def takeaway(self, text: str, average_takeaway: Callable[[pd.DataFrame], str]) -> str:
        """The chart's takeaway ``text`` and, after it, what ``average_takeaway`` says of the averages."""
        extra = average_takeaway(self.rows) if not self.rows.empty else ""
        return f"{text}. {extra}" if text and extra else text or extra

    def caption(self, what: str) -> str:
        """:func:`average_caption` for these averages."""
        return average_caption(self.groups, self.rows, what)

    def colours(self, colours: Mapping[str, str]) -> dict[str, str]:
        """:func:`with_average_colours` for these averages."""
        return with_average_colours(colours, self.rows)


def averages_for(
    frames: Frames,
    context: Context,
    council_ids: Iterable[str],
    average: Callable[[Frames, tuple[Group, ...]], pd.DataFrame],
) -> Averages:
    """The averages the ``average`` choice asks for, for the councils a section draws: ``average(full, groups)``
    over the whole corpus the view was cut from (``Context.full``, else the view), rounded as the chart shows."""
    groups = groups_for(frames, context, council_ids)
    if not groups.groups:
        return Averages(groups=groups)
    return Averages(average(context.full if context.full is not None else frames, groups.groups), groups)
