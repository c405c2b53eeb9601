"""Charts of action timescales: the Gantt, planned durations, horizons, deadlines by month and what is due.

Every builder takes an :mod:`analysis.timelines` frame and a ``colours`` mapping (council id -> colour from
:func:`charts.palette.council_colours`), so a council has the same colour here as on every other page.
Axis labels are short (wrapped, short council names); full text is on hover.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from analysis.followup import STATUS_LABELS, STATUSES
from analysis.timelines import OTHER_COUNCILS
from charts.bars import council_ranking_figure
from charts.layout import house_layout, rows_layout
from charts.palette import MISSING_COLOUR, STATUS_COLOURS
from charts.safe_text import esc, esc_rows, esc_text
from charts.wrap import short_council_name, wrap_label

#: Marks beside the bars: completed actions, open-ended (ongoing) ends, flagged timescales.
COMPLETED_COLOUR = STATUS_COLOURS["completed"]
FLAG_COLOUR = STATUS_COLOURS["overdue"]
OPEN_ENDED_OPACITY = 0.45
_DAY_MS = 86_400_000
_ROW_PX = 34

BASIS_WORDS = {
    "as written": "dates as written",
    "plan date": "only a deadline is given: drawn from the plan's date",
    "deadline only": "only a deadline is given and no plan date: drawn at the deadline",
    "ongoing": "ongoing, no dates given: drawn from the plan's date",
    "completed": "marked completed, no dates given: drawn at the plan's date",
}


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%-d %b %Y}"


def _span(start: object, end: object, ongoing: bool) -> str:
    s, e = _day(start), _day(end)
    text = f"{s} – {e}" if s and e else f"by {e}" if e else f"from {s}" if s else "no dates"
    return text + (" (ongoing)" if ongoing else "")


#: A Gantt row's label: one line, cut with an ellipsis (two-line labels overlapped on slides and in PNGs);
#: the full text is in the hover and the table.
GANTT_LABEL_CHARS = 52


def _ticks(rows: pd.DataFrame, *, with_council: bool) -> list[str]:
    prefixes = [f"{short_council_name(c)} " for c in rows["council"]] if with_council else [""] * len(rows)
    return [
        wrap_label(f"{p}{i}: {t}", GANTT_LABEL_CHARS, max_lines=1)
        for p, i, t in zip(prefixes, rows["item"], rows["text"], strict=True)
    ]


def _date_lines(fig: go.Figure, lines: Mapping[str, dt.date] | None, *, axis_on_top: bool) -> None:
    """Dashed vertical lines (e.g. the due-by date), drawn as shapes: add_vline annotations misplace on date axes.

    The label goes on the side away from the date ticks, so the two never overlap.
    """
    for i, (label, day) in enumerate((lines or {}).items()):
        x = pd.Timestamp(day)
        fig.add_shape(
            type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line={"dash": "dash", "color": "#444", "width": 1.5}
        )
        fig.add_annotation(
            x=x,
            y=0 if axis_on_top else 1,
            yref="paper",
            yanchor="top" if axis_on_top else "bottom",
            yshift=-(4 + 16 * i) if axis_on_top else 4 + 16 * i,
            text=esc_text(label),
            showarrow=False,
            font={"size": 12, "color": "#444"},
            bgcolor="rgba(255,255,255,0.85)",
        )


def gantt_figure(
    rows: pd.DataFrame,
    *,
    colours: Mapping[str, str],
    lines: Mapping[str, dt.date] | None = None,
    title: str | None = None,
) -> go.Figure:
    """A Gantt-style timeline: one bar per action, one colour (and legend entry) per council.

    ``rows`` is :func:`analysis.timelines.gantt_rows` output (already limited to what should be drawn).
    Open-ended work (ongoing, no end date) is hatched and faded, with an arrow where the drawn bar stops;
    completed actions get a green star; a flagged timescale gets a red outline (the hover explains). Bars
    include their last day, so "May 2024" fills May. ``lines`` adds dashed date lines, e.g. ``{"Due by": d}``.
    """
    fig = go.Figure()
    if rows.empty:
        fig.update_layout(house_layout(title))
        return fig
    with_council = rows["council_id"].nunique() > 1
    # Action ids are the category values of the y axis: drawn as text if a tick ever shows one, so escaped once here.
    rows = rows.assign(action_id=rows["action_id"].map(esc_text))
    ticks = dict(zip(rows["action_id"], _ticks(rows, with_council=with_council), strict=True))
    for council_id, group in rows.groupby("council_id", sort=False):
        colour = colours.get(council_id, MISSING_COLOUR)
        name = esc_text(group["council"].iloc[0])
        drawn = group[group["start_basis"] != "completed"]
        if drawn.empty:
            continue
        width = (drawn["bar_end"] - drawn["bar_start"]).dt.total_seconds() * 1000 + _DAY_MS
        open_ended = drawn["open_ended"].to_numpy()
        custom = [
            [
                name,
                esc(item),
                wrap_label(text, 70, max_lines=6),  # escaped as it wraps: its <br> stays markup
                esc(raw) or "–",
                _span(start, end, going),
                esc_text(BASIS_WORDS.get(basis, basis))
                + ("; open-ended, drawn to the plan's last deadline" if oe else ""),
                esc_text(", ".join(f.replace("_", " ") for f in flags)) or "none",
            ]
            for item, text, raw, start, end, going, basis, oe, flags in zip(
                drawn["item"], drawn["text"], drawn["timescale_raw"], drawn["start"], drawn["end"], drawn["ongoing"],
                drawn["start_basis"], drawn["open_ended"], drawn["flags"], strict=True,
            )
        ]  # fmt: skip
        fig.add_trace(
            go.Bar(
                name=name,
                legendgroup=council_id,
                showlegend=False,
                y=drawn["action_id"],
                x=width,
                base=drawn["bar_start"].dt.strftime("%Y-%m-%d"),
                orientation="h",
                marker={
                    "color": colour,
                    "opacity": [OPEN_ENDED_OPACITY if o else 1.0 for o in open_ended],
                    "pattern": {"shape": ["/" if o else "" for o in open_ended], "fgcolor": "#ffffff", "size": 8},
                    "line": {
                        "color": [FLAG_COLOUR if f else colour for f in drawn["flagged"]],
                        "width": [2.5 if f else 0.5 for f in drawn["flagged"]],
                    },
                },
                customdata=custom,
                hovertemplate="<b>%{customdata[0]}</b> · %{customdata[1]}<br>%{customdata[2]}<br><br>"
                "Timescale as written: <b>%{customdata[3]}</b><br>Read as: %{customdata[4]}<br>"
                "Drawn: %{customdata[5]}<br>Flags: %{customdata[6]}<extra></extra>",
            )
        )
        # The legend key is a plain swatch: the bars' own key would copy the first bar's outline or hatching.
        fig.add_trace(_legend_only(name, symbol="square", colour=colour, group=council_id))
        ends = drawn[drawn["open_ended"]]
        if len(ends):
            fig.add_trace(
                go.Scatter(
                    x=ends["bar_end"],
                    y=ends["action_id"],
                    mode="markers",
                    marker={
                        "symbol": "triangle-right",
                        "size": 12,
                        "color": colour,
                        "line": {"color": "#333", "width": 1},
                    },
                    legendgroup=council_id,
                    showlegend=False,
                    hoverinfo="skip",
                    name="open-ended",
                )
            )
    done = rows[rows["completed"]]
    if len(done):
        at = done["bar_end"].where(done["start_basis"] != "completed", done["bar_start"])
        fig.add_trace(
            go.Scatter(
                x=at,
                y=done["action_id"],
                mode="markers",
                name="Completed",
                marker={"symbol": "star", "size": 15, "color": COMPLETED_COLOUR, "line": {"color": "#fff", "width": 1}},
                customdata=esc_rows(zip(done["council"], done["item"], done["timescale_raw"], strict=True)),
                hovertemplate="<b>%{customdata[0]}</b> · %{customdata[1]}<br>Completed (as written: "
                "%{customdata[2]})<extra></extra>",
            )
        )
    if rows["open_ended"].any():
        fig.add_trace(_legend_only("Ongoing, no end date", symbol="triangle-right", colour="#999"))
    if rows["flagged"].any():
        fig.add_trace(_legend_only("Flagged timescale", symbol="square-open", colour=FLAG_COLOUR))
    axis_on_top = len(rows) > 15
    _date_lines(fig, lines, axis_on_top=axis_on_top)
    order = list(rows["action_id"])
    fig.update_layout(
        house_layout(title),
        barmode="overlay",
        height=max(320, 150 + _ROW_PX * len(rows)),
        bargap=0.25,
        yaxis={
            "title": None,
            "type": "category",
            "categoryorder": "array",
            "categoryarray": order,
            "tickmode": "array",
            "tickvals": order,
            "ticktext": [ticks[a] for a in order],
            "autorange": "reversed",
            "tickfont": {"size": 12},
        },
        xaxis={"type": "date", "title": None, "showgrid": True, "side": "top" if axis_on_top else "bottom"},
        # The legend is pinned to the top of the figure (in pixels, not plot fractions) so that, on a tall chart
        # with the dates along the top, it never slides down onto the date labels.
        legend={"traceorder": "normal", "yref": "container", "y": 1, "yanchor": "top"},
        margin={"t": 130 if axis_on_top else 90, "b": 40 if lines and axis_on_top else 10},
    )
    return fig


def _legend_only(name: str, *, symbol: str, colour: str, group: str | None = None) -> go.Scatter:
    """A legend key for a mark drawn elsewhere (no data of its own)."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        legendgroup=group,
        marker={"symbol": symbol, "size": 12, "color": colour, "line": {"color": colour, "width": 2}},
        hoverinfo="skip",
    )


def durations_figure(durations: pd.DataFrame, *, colours: Mapping[str, str], title: str | None = None) -> go.Figure:
    """Planned duration of each action (months), a box with every action as a point, one per council.

    ``durations`` is :func:`analysis.timelines.planned_durations` output.
    """
    fig = go.Figure()
    for council_id, group in durations.groupby("council_id", sort=False):
        name = esc_text(group["council"].iloc[0])
        fig.add_trace(
            go.Box(
                y=group["duration_months"],
                x=[wrap_label(short_council_name(group["council"].iloc[0]), 16, max_lines=2)] * len(group),
                name=name,
                marker={"color": colours.get(council_id, MISSING_COLOUR), "size": 8, "opacity": 0.8},
                line={"color": colours.get(council_id, MISSING_COLOUR)},
                boxpoints="all",
                jitter=0.45,
                pointpos=0,
                boxmean=False,
                customdata=[
                    [esc(item), label, esc(raw)]
                    for item, label, raw in zip(
                        group["item"],
                        group["label"].map(lambda t: wrap_label(t, 60, max_lines=3)),
                        group["timescale_raw"],
                        strict=True,
                    )
                ],
                hovertemplate="<b>%{fullData.name}</b><br>%{customdata[1]}<br>As written: "
                "%{customdata[2]}<br>%{y:.1f} months<extra></extra>",
            )
        )
    fig.update_layout(
        house_layout(title),
        height=420,
        showlegend=False,
        yaxis={"title": "Planned duration (months)", "rangemode": "tozero"},
        xaxis={"title": None},
    )
    return fig


def horizon_figure(horizons: pd.DataFrame, *, colours: Mapping[str, str], title: str | None = None) -> go.Figure:
    """Months from each plan's date to its last deadline: one bar per challenge in the council's colour."""
    rows = horizons.reset_index(drop=True)
    repeated = rows["council_id"].duplicated(keep=False)
    labels = [
        wrap_label(short_council_name(c) + (f" {y}" if rep else ""), 22, max_lines=2)
        for c, y, rep in zip(rows["council"], rows["year"], repeated, strict=True)
    ]
    fig = council_ranking_figure(
        rows,
        value="horizon_months",
        labels=labels,
        colours=colours,
        xaxis={"title": "Months from the plan's date to its last deadline", "rangemode": "tozero"},
        title=title,
        per_row=46,
        text=[f"{m:.0f} months" for m in rows["horizon_months"]],
        textposition=["outside" if m < 0 else "auto" for m in rows["horizon_months"]],
        customdata=[
            [esc(c), _day(p), _day(e), wrap_label(i, 70, max_lines=3), d, o]
            for c, p, e, i, d, o in zip(
                rows["council"],
                rows["plan_date"],
                rows["last_deadline"],
                rows["last_item"],
                rows["deadlines"],
                rows["open_ended"],
                strict=True,
            )
        ],
        hovertemplate="<b>%{customdata[0]}</b><br>Plan %{customdata[1]} → last deadline %{customdata[2]}: "
        "%{x:.1f} months<br>Last: %{customdata[3]}<br>%{customdata[4]} action(s) with a deadline, "
        "%{customdata[5]} open-ended<extra></extra>",
    )
    low, high = float(min(0.0, rows["horizon_months"].min())), float(max(0.0, rows["horizon_months"].max()))
    if low < 0:  # a plan written after its deadlines: leave room for the label left of the negative bar
        span = high - low or 1.0
        fig.update_xaxes(range=[low - 0.25 * span, high + 0.05 * span])
    return fig


def deadlines_figure(deadlines: pd.DataFrame, *, colours: Mapping[str, str], title: str | None = None) -> go.Figure:
    """Action deadlines per calendar month, stacked by council (one trace per council).

    Councils folded together by :func:`analysis.timelines.fold_deadlines` ("Other councils") are grey, on top.
    """
    fig = go.Figure()
    ordered = deadlines.assign(_other=deadlines["council_id"] == OTHER_COUNCILS)  # "Other councils" stacks last
    for council_id, group in ordered.sort_values(["_other", "council", "month"]).groupby("council_id", sort=False):
        fig.add_trace(
            go.Bar(
                name=esc_text(group["council"].iloc[0]),
                x=group["month"],
                y=group["deadlines"],
                marker_color=colours.get(council_id, MISSING_COLOUR),
                customdata=[
                    [esc_text(group["council"].iloc[0]), wrap_label(", ".join(i), 60, max_lines=4)]
                    for i in group["items"]
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>%{x|%B %Y}: %{y} deadline(s)<br>%{customdata[1]}"
                "<extra></extra>",
            )
        )
    fig.update_layout(
        house_layout(title),
        barmode="stack",
        height=420,
        bargap=0.15,
        xaxis={"type": "date", "title": None, "tickformat": "%b<br>%Y", "ticklabelmode": "period"},
        yaxis={"title": "Actions due that month", "rangemode": "tozero", "tickformat": "d"},
    )
    return fig


def due_by_figure(long: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Where each council's actions stand at its due date: stacked bars, one colour per status.

    ``long`` is :func:`analysis.timelines.due_by_long` output; statuses keep the order of
    :data:`analysis.followup.STATUSES` (most pressing first) and the council brief's colours.
    """
    councils = list(dict.fromkeys(long["council"]))
    dates = long.groupby("council")["due_date"].first()
    labels = {c: wrap_label(short_council_name(c), 22, max_lines=2) + f"<br>by {_day(dates[c])}" for c in councils}
    fig = go.Figure()
    for status in STATUSES:
        part = long[long["status"] == status].set_index("council").reindex(councils)
        if part["actions"].isna().all():
            continue
        counts = part["actions"].fillna(0).astype(int)
        fig.add_trace(
            go.Bar(
                name=STATUS_LABELS[status],
                y=[labels[c] for c in councils],
                x=counts,
                orientation="h",
                marker_color=STATUS_COLOURS[status],
                text=[str(n) if n else "" for n in counts],
                textposition="inside",
                insidetextanchor="middle",
                customdata=[[esc_text(c), STATUS_LABELS[status]] for c in councils],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}: %{x} action(s)<extra></extra>",
            )
        )
    fig.update_layout(
        rows_layout(title, len(councils), per_row=60, top=130, least=260),
        barmode="stack",
        legend={"traceorder": "normal"},
        xaxis={"title": "Actions", "rangemode": "tozero", "tickformat": "d"},
    )
    return fig
