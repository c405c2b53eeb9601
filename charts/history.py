"""A council's peer challenges over time: challenges, action plans, revisits and progress reviews in lanes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.history import lanes
from charts.layout import house_layout
from charts.palette import MISSING_COLOUR
from charts.safe_text import esc_text

#: Marker shape per lane, so kinds differ without relying on colour (the colour is the council's).
LANE_SYMBOLS: dict[str, str] = {
    "Peer challenge": "diamond",
    "Revisit": "circle",
    "Progress review": "square",
    "Progress report": "triangle-up",
    "Support session": "star",
    "Action plan": "triangle-right",
}
CONNECTOR_COLOUR = "#8c959f"


def _label(row: pd.Series) -> str:
    """The text beside a marker: built from numbers and dates only, never from plan text."""
    if pd.notna(row["recommendations"]):
        n = int(row["recommendations"])
        return f"{row['date'].year} · {n} rec{'s' if n != 1 else ''}" if n else str(row["date"].year)
    return row["date"].strftime("%b %Y")


def _hover(row: pd.Series) -> str:
    """The hover: markup of our own around escaped plan text (titles, dates and RAG as written)."""
    when = esc_text(row["date_as_written"] or row["date"].strftime("%d %b %Y"))
    lines = [f"<b>{esc_text(row['title'])}</b>", f"{esc_text(row['lane'])}: {when}"]
    if not row["date_exact"]:
        lines.append("<i>placed at the middle of the period written</i>")
    if row["planned"]:
        lines.append("<i>planned at the time of the source</i>")
    if pd.notna(row["recommendations"]):
        recorded = int(row["recommendations"])
        lines.append(f"{recorded} recommendation{'' if recorded == 1 else 's'} recorded")
    if row["rag"]:
        lines.append(f"RAG: {esc_text(row['rag'])}")
    return "<br>".join(lines)


def timeline_figure(events: pd.DataFrame, *, colour: str, title: str | None = None) -> go.Figure:
    """Events (:func:`analysis.history.timeline` output) along a date axis, one lane per kind.

    Filled markers in the council's ``colour`` are held events, hollow ones (white, coloured rim) planned;
    shapes tell the lanes apart; dotted grey lines join each event to the challenge it follows up. Events with
    no date at all are left out (the table beside the chart lists them).
    """
    dated = events.dropna(subset=["date"]).reset_index(drop=True)
    order = lanes(dated)
    fig = go.Figure()
    at = {row["event_id"]: (row["date"], row["lane"]) for _, row in dated.iterrows()}
    xs: list[object] = []
    ys: list[object] = []
    for _, row in dated.iterrows():
        start = at.get(row["follows"])
        if start is not None:
            xs += [start[0], row["date"], None]
            ys += [esc_text(start[1]), esc_text(row["lane"]), None]
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": CONNECTOR_COLOUR, "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
                showlegend=False,
                name="follows",
            )
        )
    for lane in order:
        rows = dated[dated["lane"] == lane]
        symbol = LANE_SYMBOLS.get(lane, "hexagon")
        fig.add_trace(
            go.Scatter(
                x=rows["date"],
                y=[esc_text(lane)] * len(rows),
                mode="markers+text",
                name=esc_text(lane),
                text=[_label(r) for _, r in rows.iterrows()],
                textposition="top center",
                textfont={"size": 13},
                marker={
                    "size": 18 if lane == "Peer challenge" else 14,
                    "symbol": symbol,
                    "color": ["white" if p else colour for p in rows["planned"]],  # planned: hollow
                    "line": {"color": [colour if p else "white" for p in rows["planned"]], "width": 2},
                },
                hovertext=[_hover(r) for _, r in rows.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
            )
        )
    if len(dated):
        lo, hi = dated["date"].min(), dated["date"].max()
        pad = max((hi - lo) * 0.08, pd.Timedelta(days=120))
        fig.update_xaxes(range=[lo - pad, hi + pad])
    else:
        fig.add_annotation(text="No dated events", showarrow=False, font={"color": MISSING_COLOUR})
    # Lanes are category values (a review kind the plan names gets a lane of its own): escaped, like their ticks.
    lanes_drawn = [esc_text(lane) for lane in order]
    fig.update_yaxes(categoryorder="array", categoryarray=lanes_drawn, autorange="reversed", title=None)
    fig.update_xaxes(title=None, showgrid=True)
    fig.update_layout(
        house_layout(title),
        height=170 + 70 * max(len(order), 1),
        margin={"l": 10, "r": 30, "t": 60 if title else 30, "b": 30},
        hovermode="closest",
    )
    return fig
