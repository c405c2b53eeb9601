"""Colours and the plotly template: one place, so a council has the same colour on every page."""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go
import plotly.io as pio

from loaders.constants import LGA_THEMES
from loaders.owners import OWNER_FAMILIES

#: Council colours, by sorted council id (:func:`council_colours`): Okabe–Ito's first five (colour-blind safe),
#: then colours picked farthest-first in CIELAB so that every pair is at least :data:`DISTINCT_COUNCIL_DELTA_E`
#: apart (CIEDE2000, :mod:`charts.colour_distance`), none near white or the "other" grey, and none of the
#: owner-family, status or theme colours. Eighteen: the shipped councils never wrap round to a reused colour.
COUNCIL_PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#7700AA", "#555500", "#AADD00", "#AA0033",
    "#66DDEE", "#FFBBAA", "#99AAFF", "#005555", "#665566", "#773300", "#999966", "#FF4455", "#AA55FF",
)  # fmt: skip
#: The smallest CIEDE2000 difference between any two council colours (ΔE00 ≥ 20 reads as another colour).
DISTINCT_COUNCIL_DELTA_E = 20.0

#: One colour per LGA core theme (Tol "bright"), kept distinct from nothing in particular but stable.
THEME_COLOURS: dict[str, str] = dict(
    zip(LGA_THEMES, ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#AA3377"), strict=True)
)

MISSING_COLOUR = "#BBBBBB"
#: "Average of <type> councils" series (analysis/averages.py): dark neutrals, apart from the councils' colours and
#: the light grey of a folded "Other councils" bar.
AVERAGE_COLOURS: tuple[str, ...] = ("#333333", "#6B6B6B", "#4D3B2A", "#2F4858")

#: One colour per owner family (Tol "muted", then greys for the two missing-owner families), for charts
#: that stack owner families; councils keep COUNCIL_PALETTE.
OWNER_FAMILY_COLOURS: dict[str, str] = dict(
    zip(
        OWNER_FAMILIES,
        ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
         MISSING_COLOUR, "#DDDDDD"),
        strict=True,
    )
)  # fmt: skip
FONT_FAMILY = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
TEMPLATE_NAME = "peer_challenge"


def council_colours(council_ids: Iterable[str]) -> dict[str, str]:
    """Map every council id to a colour, by sorted id, so the mapping depends only on the corpus."""
    ordered = sorted(set(council_ids))
    return {cid: COUNCIL_PALETTE[i % len(COUNCIL_PALETTE)] for i, cid in enumerate(ordered)}


def _template() -> go.layout.Template:
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.font = {"family": FONT_FAMILY, "size": 14, "color": "#1b1f24"}
    template.layout.title = {"font": {"size": 18}, "x": 0, "xanchor": "left"}
    template.layout.colorway = list(COUNCIL_PALETTE)
    template.layout.legend = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": {"text": ""}}
    template.layout.margin = {"l": 10, "r": 10, "t": 60, "b": 10}
    template.layout.hoverlabel = {"font": {"family": FONT_FAMILY, "size": 13}}
    return template


pio.templates[TEMPLATE_NAME] = _template()


#: Status cells in tables (the brief's page, its HTML and the pack's tables): (background tint, text colour), text-safe
#: and readable in greyscale print (labels carry the meaning).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "overdue": ("#fde2e1", "#b42318"),
    "due": ("#fff1d6", "#9a6700"),
    "ongoing": ("#e3eefa", "#1f5d8c"),
    "later": ("#eef0f3", "#4a5565"),
    "no_date": ("#f4f4f4", "#6b6b6b"),
    "completed": ("#e2f4e8", "#1a7f37"),
}

#: Fill colours for follow-up statuses (analysis.followup.STATUSES), the strong tones of :data:`STATUS_STYLE`,
#: so a status looks the same in a chart and in a table.
STATUS_COLOURS: dict[str, str] = {
    "overdue": "#b42318",
    "due": "#d4a017",
    "ongoing": "#1f5d8c",
    "later": "#8c959f",
    "no_date": "#d0d7de",
    "completed": "#1a7f37",
}
