"""What a section is: one chart declared once, so every place that shows it draws the same numbers.

A *section* is the declaration of one chart: how to ``compute`` its data from the filtered frames, and then,
from that data alone, its ``figure``, its one-line ``takeaway``, its ``table`` (column labels for people), its
``source`` line and, for bar charts, the ``bars`` a PowerPoint pack draws as a native chart. Pages lay sections
out (:mod:`ui.sections`), presentation mode draws one section per slide, the briefing pack
(:mod:`reports.pack`) and image exports take the same sections. Because the takeaway, the table and the slide's
native chart are all read from the same ``data`` as the figure, a caption can never disagree with its chart.

Sections are pure (no Streamlit); they sit above ``analysis/`` and ``charts/`` and below ``reports/`` and
``ui/``. Callers cache (:mod:`ui.memo` on the page); a section keeps nothing between calls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import pandas as pd
import plotly.graph_objects as go

# The frames a section reads (a loaders.Corpus or a filtered analysis.filters.View): one Protocol for every layer.
from loaders import Frames

#: Where a figure is drawn: on a page, projected in presentation mode, or as a pack slide image.
Style = Literal["screen", "projector", "slide"]
#: Where the data is for: a page draws more rows than a slide can hold.
Medium = Literal["page", "slide"]

D = TypeVar("D")
T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What a section needs beside the filtered frames: the page's own choices and the corpus behind the view.

    ``choices`` holds the page's controls (a due date, a picked council, a limit) by name; a section reads the
    ones it knows and uses the page's defaults for the rest, so the pack (which has no controls) shows the
    page's default view. ``full`` is the whole corpus the view was cut from (Overlap scores across it).

    ``memo`` is the caller's cache, ``memo(fn, *args, **kwargs) -> fn(*args, **kwargs)``: the dashboard passes
    :func:`ui.memo.memo`; without one, :func:`build_all` lends a cache that lasts for its one call (so a pack
    builds the overlap index once). Sections route their expensive pure calls through :meth:`remember` and
    keep nothing themselves.
    """

    colours: Mapping[str, str]
    full: Frames | None = None
    today: dt.date = field(default_factory=dt.date.today)
    choices: Mapping[str, Any] = field(default_factory=dict)
    medium: Medium = "page"
    memo: Callable[..., Any] | None = field(default=None, compare=False, repr=False)

    def choice(self, name: str, default: Any = None) -> Any:
        return self.choices.get(name, default)

    def remember(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` through the caller's cache when there is one."""
        return fn(*args, **kwargs) if self.memo is None else self.memo(fn, *args, **kwargs)

    def choice_in(self, name: str, allowed: Collection[str], default: str) -> str:
        """The choice ``name`` when it is one of ``allowed``, else ``default`` (a link can carry anything)."""
        value = self.choices.get(name, default)
        return value if value in allowed else default

    def pick(self, name: str, ids: pd.Series, default: Callable[[], str]) -> str | None:
        """The one item a section draws (a council, a recommendation): the choice ``name`` when it is among
        ``ids`` (those in view), else ``default()``; None when nothing is in view. ``default`` is called only
        when needed (working it out can mean counting the whole view)."""
        if ids.empty:
            return None
        asked = self.choices.get(name)
        return asked if asked in set(ids) else default()


@dataclass(frozen=True)
class Series:
    """One series of a native bar chart: its name, one value per category and its colours."""

    name: str
    values: tuple[float | None, ...]
    colours: tuple[str, ...] = ()  # one colour for the series, or one per bar


@dataclass(frozen=True)
class Bars:
    """A bar chart's values in the shape a presentation program wants (categories x series).

    The pack draws these as a native, editable chart; a test checks they equal the page figure's values.
    """

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    horizontal: bool = True
    stacked: bool = False
    number_format: str = "0"  # "0", "0.0" or "0%"
    value_title: str = ""
    #: First category at the top, as the page's chart draws it.
    top_down: bool = True


def source_of(data: Any) -> str:
    """The source line a section's data carries (most data classes keep it as ``source``, worked out in
    ``compute`` from the councils the chart draws)."""
    return str(data.source)


@dataclass(frozen=True)
class Section(Generic[D]):
    """One chart, declared once. ``compute`` returns ``None`` when there is nothing to draw (``empty`` says why)."""

    id: str
    page: str
    title: str
    compute: Callable[[Frames, Context], D | None]
    figure: Callable[..., go.Figure]  # figure(data, *, style: Style = "screen")
    takeaway: Callable[[D], str]
    table: Callable[[D], pd.DataFrame]
    source: Callable[[D], str] = source_of
    #: Under the chart: a fixed text, or one worked out from the data (what was folded, what the table adds).
    caption: str | Callable[[D], str] = ""
    empty: str = ""
    #: The title on a slide, which may say how much of the page's chart it draws ("the 8 longest of 20").
    slide_title: Callable[[D], str] | None = None
    #: Native bar-chart values for the pack; None draws the figure as an image.
    bars: Callable[[D], Bars] | None = None
    file_name: str = ""

    def build(self, frames: Frames, context: Context) -> Drawn[D] | None:
        """Compute the data once and hand back everything drawn from it (None when there is nothing to draw)."""
        data = self.compute(frames, context)
        return None if data is None else Drawn(self, data)


@dataclass(frozen=True)
class Drawn(Generic[D]):
    """A section with its data: the figure, takeaway, table, source and bars all come from ``data``."""

    section: Section[D]
    data: D

    def figure(self, style: Style = "screen") -> go.Figure:
        return self.section.figure(self.data, style=style)

    @property
    def takeaway(self) -> str:
        return self.section.takeaway(self.data)

    @property
    def table(self) -> pd.DataFrame:
        return self.section.table(self.data)

    @property
    def source(self) -> str:
        return self.section.source(self.data)

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def caption(self) -> str:
        caption = self.section.caption
        return caption(self.data) if callable(caption) else caption

    @property
    def slide_title(self) -> str:
        return self.section.slide_title(self.data) if self.section.slide_title else self.section.title

    @property
    def bars(self) -> Bars | None:
        return self.section.bars(self.data) if self.section.bars else None


def build_all(sections: Sequence[Section[Any]], frames: Frames, context: Context) -> list[Drawn[Any]]:
    """Every section that has something to draw, in order (what a slide deck or a pack walks).

    Without a cache of the caller's, the sections share one for this call only (results by function and
    argument identity), so several overlap sections build one index; it is gone when the call returns.
    """
    if context.memo is None:
        context = dataclasses.replace(context, memo=_call_memo())
    return [drawn for section in sections if (drawn := section.build(frames, context)) is not None]


def _call_memo() -> Callable[..., Any]:
    """A cache for one :func:`build_all` call: keyed by the function and the identity of its arguments (which
    the call holds, so an id cannot be recycled meanwhile)."""
    held: dict[tuple, Any] = {}

    def memo(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        key = (fn, tuple(id(a) for a in args), tuple(sorted((k, id(v)) for k, v in kwargs.items())))
        if key not in held:
            held[key] = (fn(*args, **kwargs), args, kwargs)  # args kept: their ids stay theirs
        return held[key][0]

    return memo
