"""Fitting a native chart to a projector: at most :data:`MAX_SERIES` series, values rounded as the labels show
them, value axes with whole-number steps (counts) or stopping at 100% (shares), and a legend no taller than a
fifth of the slide.

Why here and not in each section: a section draws for a screen and for a slide, but only the pack knows the
slide's size and that PowerPoint's own axis guesses ("0.0, 1.0 …", 120%) and legends (40% of the slide) are
unreadable in front of a room. Pure: no python-pptx, so every rule is checkable with plain numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from charts.palette import MISSING_COLOUR

if TYPE_CHECKING:
    from reports.pack_native import NativeChart

MAX_SERIES = 8  # more series than this and a projected chart is a rainbow nobody can match to its legend
LEGEND_MAX_SHARE = 0.2  # the legend's height, as a share of the slide's height, at most
NICE_STEPS = (1, 2, 5)  # axis steps are these times a power of ten (never below 1 for counts)
AXIS_TICKS = 8  # about this many steps on a value axis
_OTHER = re.compile(r"^Other\b.*?\((\d+)")


def fold_series(chart: NativeChart, limit: int = MAX_SERIES) -> NativeChart:
    """Keep the ``limit - 1`` largest series (in their order) and fold the rest into one "Other" series.

    Stacked bars fold by adding (the bar's length stays the total); side-by-side bars fold into the average of
    the folded series, said in the name, so a folded bar stays comparable with the others. A series already
    named "Other … (n)" is folded in and counts as its n members.
    """
    if len(chart.series) <= limit:
        return chart
    totals = [sum(v or 0 for v in s.values) for s in chart.series]
    others = {i for i, s in enumerate(chart.series) if _OTHER.match(s.name)}
    ranked = sorted((i for i in range(len(chart.series)) if i not in others), key=lambda i: -totals[i])
    keep = set(ranked[: limit - 1])
    folded = [s for i, s in enumerate(chart.series) if i not in keep]
    members = sum(int(m.group(1)) if (m := _OTHER.match(s.name)) else 1 for s in folded)
    columns = list(zip(*(s.values for s in folded), strict=True))
    if chart.stacked:
        values: list[float | None] = [sum(v or 0 for v in col) for col in columns]
        name = f"Other ({members})"
    else:  # an earlier "Other (n, average)" weighs as its n members; an earlier "Other (n)" is their total
        weights = [int(m.group(1)) if (m := _OTHER.match(s.name)) and "average" in s.name else 1 for s in folded]
        values = [sum((v or 0) * w for v, w in zip(col, weights, strict=True)) / members for col in columns]
        name = f"Other ({members}, average)"
    if any(s.name.startswith("Other councils") for s in folded) or all("ouncil" in s.name for s in folded):
        name = name.replace("Other", "Other councils", 1)
    kept = [s for i, s in enumerate(chart.series) if i in keep]
    other = replace(folded[0], name=name, values=values, colours=[MISSING_COLOUR])
    return replace(chart, series=[*kept, other])


def decimals(number_format: str) -> int:
    """How many decimals a value keeps, as its label shows it ("0%" keeps two: 0.37 shows as 37%)."""
    if number_format.endswith("%"):
        return 2 + (len(number_format.split(".")[1]) - 1 if "." in number_format else 0)
    return len(number_format.split(".")[1]) if "." in number_format else 0


def rounded(chart: NativeChart) -> NativeChart:
    """Values as the slide's labels (and the app) show them: a presenter who opens the chart's data sees 14
    months, not 13.7."""
    places = decimals(chart.number_format)

    def shown(v: float | None) -> float | None:
        return None if v is None else float(round(v, places)) + 0.0  # + 0.0 turns -0.0 into 0.0

    return replace(chart, series=[replace(s, values=[shown(v) for v in s.values]) for s in chart.series])


@dataclass(frozen=True)
class Scale:
    """A value axis: from ``minimum`` to ``maximum`` in steps of ``major``."""

    minimum: float
    maximum: float
    major: float


def _nice(span: float, *, floor: float) -> float:
    raw = max(span / AXIS_TICKS, floor)
    power = 10 ** math.floor(math.log10(raw))
    return next((s * power for s in (*NICE_STEPS, 10) if s * power >= raw - 1e-9), 10 * power)


def value_scale(chart: NativeChart) -> Scale:
    """Whole-number steps for counts, months and averages of counts; shares from 0 to at most 100%.

    The top leaves room for a value label outside the longest bar; a share axis never runs past 100% (a bar
    at 100% is the whole, and the label sits beside it).
    """
    columns = list(zip(*(s.values for s in chart.series), strict=True)) or [(0.0,)]
    if chart.stacked:
        highs = [sum(v for v in col if v is not None and v > 0) for col in columns]
        lows = [sum(v for v in col if v is not None and v < 0) for col in columns]
    else:
        highs = [max((v for v in col if v is not None), default=0.0) for col in columns]
        lows = [min((v for v in col if v is not None), default=0.0) for col in columns]
    hi, lo = max(0.0, *highs), min(0.0, *lows)
    if chart.number_format.endswith("%"):
        major = _nice(max(hi - lo, 0.01), floor=0.05)
        top = min(1.0, max(major, math.ceil(hi * 1.08 / major - 1e-9) * major))
        bottom = max(-1.0, math.floor(lo * 1.08 / major + 1e-9) * major) if lo < 0 else 0.0
        return Scale(round(bottom, 4), round(top, 4), round(major, 4))
    major = _nice(max(hi - lo, 1.0), floor=1.0)
    top = max(major, math.ceil(hi * 1.08 / major - 1e-9) * major) if hi > 0 else 0.0
    bottom = math.floor(lo * 1.08 / major + 1e-9) * major if lo < 0 else 0.0
    if top == bottom:
        top = bottom + major
    return Scale(float(bottom), float(top), float(major))


def legend_rows(names: Sequence[str], *, width_in: float, font_pt: float) -> int:
    """How many lines the legend takes across ``width_in`` inches (entries packed left to right)."""
    glyph = font_pt * 0.55 / 72  # inches per character, erring wide
    rows, used = 1, 0.0
    for name in names:
        entry = 0.35 + len(name) * glyph  # the colour key, its gap and the text
        if used and used + entry > width_in:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def legend_height(names: Sequence[str], *, width_in: float, font_pt: float, slide_height_in: float) -> float:
    """The legend's height in inches: its lines at ``font_pt``, capped at :data:`LEGEND_MAX_SHARE` of the slide."""
    line = font_pt * 1.35 / 72
    return min(legend_rows(names, width_in=width_in, font_pt=font_pt) * line + 0.1, slide_height_in * LEGEND_MAX_SHARE)


def label_size(chart: NativeChart, *, plot_w_in: float, plot_h_in: float, sizes: Sequence[float] = (14, 12)) -> float:
    """The largest value-label size whose labels fit their bars (0: no labels), so labels never overlap.

    A horizontal bar must be as thick as a label line; a column as wide as its longest label.
    """
    slots = len(chart.categories) * (1 if chart.stacked else len(chart.series)) or 1
    groups = len(chart.categories) or 1
    along = plot_h_in if chart.horizontal else plot_w_in
    # Gap width 60 (add_native_chart): a category's slot holds its k bars and a gap of 0.6 of a bar.
    thickness = along / groups / ((1 if chart.stacked else max(1, len(chart.series))) + 0.6)
    places = decimals(chart.number_format)
    widest = max((len(f"{v:.{places}f}") for s in chart.series for v in s.values if v is not None), default=1) + (
        1 if chart.number_format.endswith("%") else 0
    )
    for size in sizes:
        need = size * 1.15 / 72 if chart.horizontal else widest * size * 0.6 / 72
        if thickness >= need and slots <= 60:
            return size
    return 0
