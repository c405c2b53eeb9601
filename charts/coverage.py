"""The coverage map: every current English council at its coordinates, coloured by its latest peer challenge.

Drawn as a plain scatter of longitude and latitude (no map tiles, no topojson: it renders offline, in exports
too), with the y axis stretched by 1/cos(latitude) so England keeps its shape. Councils without a challenge are
small grey dots, so the gaps show.
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from charts.palette import MISSING_COLOUR, TEMPLATE_NAME

#: Latitude at which the map's aspect is true (the middle of England).
MID_LATITUDE = 52.8


def _hover(rows: pd.DataFrame) -> list[str]:
    def one(row: pd.Series) -> str:
        latest = (
            "no peer challenge here yet" if pd.isna(row["latest_year"]) else f"latest challenge {row['latest_year']}"
        )
        return f"{html.escape(str(row['name']))}<br>{html.escape(str(row['authority_type']))}, {latest}"

    return [one(row) for _, row in rows.iterrows()]


def figure(table: pd.DataFrame, *, title: str = "Peer challenges across England") -> go.Figure:
    """``table`` is :func:`analysis.national_coverage.coverage_table` (``lat``, ``lon``, ``latest_year``, ...)."""
    placed = table.dropna(subset=["lat", "lon"])
    gaps = placed[~placed["in_corpus"]]
    covered = placed[placed["in_corpus"]]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=gaps["lon"], y=gaps["lat"], mode="markers", name=f"No data yet ({len(gaps)})",
            marker={"size": 6, "color": MISSING_COLOUR, "line": {"width": 0}},
            hovertext=_hover(gaps), hoverinfo="text",
        )
    )  # fmt: skip
    years = covered["latest_year"].astype("float64")
    fig.add_trace(
        go.Scatter(
            x=covered["lon"], y=covered["lat"], mode="markers", name=f"Peer challenge here ({len(covered)})",
            marker={
                "size": 13, "color": years, "colorscale": "Viridis", "line": {"width": 1, "color": "#1b1f24"},
                "colorbar": {"title": {"text": "Latest<br>challenge"}, "tickformat": "d", "thickness": 14},
                "cmin": years.min() if len(years) else None, "cmax": years.max() if len(years) else None,
            },
            hovertext=_hover(covered), hoverinfo="text",
        )
    )  # fmt: skip
    fig.update_layout(
        template=TEMPLATE_NAME, title=title, height=720, showlegend=True,
        xaxis={"visible": False}, yaxis={"visible": False, "scaleanchor": "x",
                                         "scaleratio": 1 / math.cos(math.radians(MID_LATITUDE))},
        plot_bgcolor="#f6f8fa", legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0},
    )  # fmt: skip
    return fig
