"""Small pieces several sections share: the source line for the councils a chart draws, figure styling, the
table for people and the native bars of a bar figure (whose category order and number format the pack's
native charts of plain figures read too, :mod:`reports.pack_native`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.summary import MAX_COUNCIL_BARS, FoldedAs, uploaded_councils
from analysis.takeaways import source_line
from charts.projector import for_projector
from sections.base import Bars, Context, Frames, Series, Style


def council_names(frames: Frames) -> dict[str, str]:
    """Council id -> the council's name, for the councils in ``frames``."""
    return dict(zip(frames.councils["council_id"], frames.councils["name"], strict=False))


def sources_for(frames: Frames, council_ids: Iterable[str]) -> str:
    """The source line for the councils a chart draws (not every council in the view)."""
    wanted = set(council_ids)
    return source_line(frames.challenges[frames.challenges["council_id"].isin(wanted)])


def most_words(n: int, of: int, what: str) -> str:
    """' (the 12 with the most actions, of 40)' when a chart draws fewer than the view has, else '': what a
    slide title adds when the slide draws only the top rows of the page's chart."""
    return f" (the {n} {what}, of {of})" if of > n else ""


def folded_for(
    frames: Frames,
    context: Context,
    counts: pd.DataFrame,
    fold: Callable[..., pd.DataFrame],
    *,
    measure: str,
    slide_councils: int,
) -> pd.DataFrame:
    """What a per-council bar chart draws of ``counts``: the councils with most (``slide_councils`` on a slide,
    :data:`analysis.summary.MAX_COUNCIL_BARS` on a page) and every uploaded council get bars, ``fold`` puts the
    rest in one grey bar: a share summed (the rest taken together), a count averaged per council."""
    keep = slide_councils if context.medium == "slide" else MAX_COUNCIL_BARS
    other: FoldedAs = "sum" if measure == "share" else "mean"
    return fold(counts, keep, always=uploaded_councils(frames.councils), other=other)


def styled(fig: go.Figure, style: Style) -> go.Figure:
    """The figure as drawn for ``style``: large type for a projector or a slide, as it is for a screen."""
    return fig if style == "screen" else for_projector(fig)


def styled_figure(draw: Callable[[Any], go.Figure]) -> Callable[..., go.Figure]:
    """A section's ``figure`` from ``draw``, which draws its data as a page shows it: ``figure(data, *, style)``
    applies the house style for ``style`` (:func:`styled`), so a section says only what it draws."""

    def figure(data: Any, *, style: Style = "screen") -> go.Figure:
        return styled(draw(data), style)

    return figure


def figure_bars(figure: Callable[..., go.Figure]) -> Callable[[Any], Bars]:
    """A bar section's ``bars``: what its page figure draws (:func:`bars_of`), so the pack cannot draw other
    numbers."""
    return lambda data: bars_of(figure(data))


def labelled(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The table behind a chart, for people: ``frame``'s columns in ``labels``' order, each headed by its label.

    ``labels`` maps a frame column (``council_id``, ``share_no_owner``) to the heading a reader sees; columns
    it does not name are left out. Convert values (dates, flags) with ``frame.assign`` before labelling.
    """
    return pd.DataFrame({label: frame[column] for column, label in labels.items()})


def bars_of(fig: go.Figure) -> Bars:
    """The values a bar figure draws, as native-chart data: the same numbers, categories and colours.

    Sections whose figure is a plain bar chart use this for their ``bars``, so the pack's native chart can only
    ever hold what the page draws (tests/sections check it).
    """
    traces = [t for t in fig.data if t.type == "bar"]
    horizontal = bool(traces) and all((t.orientation or "v") == "h" for t in traces)
    categories: list[str] = []
    for trace in traces:
        for c in trace.y if horizontal else trace.x:
            if str(c) not in categories:
                categories.append(str(c))
    category_axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    categories = axis_ordered(categories, category_axis)
    series = []
    for i, trace in enumerate(traces):
        cats = [str(c) for c in (trace.y if horizontal else trace.x)]
        values = dict(
            zip(cats, (None if v is None else float(v) for v in (trace.x if horizontal else trace.y)), strict=True)
        )
        colour = trace.marker.color
        colours = (colour,) if isinstance(colour, str) else tuple(str(c) for c in colour) if colour is not None else ()
        series.append(
            Series(
                name=str(trace.name or f"Series {i + 1}"),
                values=tuple(values.get(c) for c in categories),
                colours=colours,
            )
        )
    value_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    return Bars(
        categories=tuple(categories),
        series=tuple(series),
        horizontal=horizontal,
        stacked=fig.layout.barmode in ("stack", "relative"),
        number_format=number_format([v for s in series for v in s.values if v is not None], value_axis),
        value_title=str(value_axis.title.text or "") if value_axis.title else "",
        top_down=category_axis.autorange == "reversed" if horizontal else False,
    )


def axis_ordered(categories: list[str], category_axis: Any, label: Callable[[object], str] = str) -> list[str]:
    """``categories`` in the order the figure's category axis puts them when it names one (``categoryarray``:
    the axis, not the trace order, says where each category sits, as traces may each hold only some), any it
    does not name after them; ``label`` turns the axis's values into the categories' text."""
    if category_axis.categoryorder == "array" and category_axis.categoryarray:
        wanted = [label(c) for c in category_axis.categoryarray]
        return [c for c in wanted if c in categories] + [c for c in categories if c not in wanted]
    return categories


def number_format(numbers: Iterable[float], value_axis: Any) -> str:
    """How a native chart writes a bar figure's values: "0%" on a percentage axis, "0" when every value is a
    whole number, else "0.0" (as the figure's labels read)."""
    if str(value_axis.tickformat or "").endswith("%"):
        return "0%"
    return "0" if all(float(v).is_integer() for v in numbers) else "0.0"
