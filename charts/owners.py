"""Charts of who owns the actions: families per council, one council's named owners, missing owners,
family × theme, and load per financial-year quarter.

Councils are coloured by ``council_colours`` as everywhere else; owner families, which stack, take
``OWNER_FAMILY_COLOURS``. Owner titles are long ("Director of Communities, Housing and Environment"), so
axis labels are wrapped and the full title is always in the hover.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.owner_load import STATED_FAMILIES
from analysis.summary import OTHER_COUNCILS
from charts.axes import count_axis, count_label
from charts.heatmap import count_grid, heatmap_trace
from charts.layout import house_layout, rows_layout
from charts.palette import COUNCIL_PALETTE, MISSING_COLOUR, OWNER_FAMILY_COLOURS
from charts.safe_text import esc_rows, esc_text
from charts.wrap import short_council_name, wrap_label
from loaders.constants import LGA_THEME_SHORT, LGA_THEMES

_MEASURE_TITLES = {
    "actions": "Actions (an action with two owners counts for each)",
    "mentions": "Owner mentions (every owner named on an action)",
    "share": "Share of the council's actions with a stated owner",
}


def family_bars_figure(
    load: pd.DataFrame, *, colours: dict[str, str], measure: str = "actions", title: str | None = None
) -> go.Figure:
    """Horizontal grouped bars: one bar per council for each owner family it names.

    ``load`` is :func:`analysis.owner_load.family_load` output; ``measure`` is ``actions``, ``mentions`` or
    ``share``. Families run in a fixed order (chief executive first) so councils compare at a glance.
    Pass :func:`analysis.owner_load.fold_family_load` output for many councils: its "Other councils" rows
    are drawn last, in grey.
    """
    if measure not in _MEASURE_TITLES:
        raise ValueError(f"measure must be one of {sorted(_MEASURE_TITLES)}, not {measure!r}")
    families = [f for f in STATED_FAMILIES if f in set(load["family"])]
    labels = {f: wrap_label(f, 20, max_lines=2) for f in families}
    fig = go.Figure()
    groups = sorted(load.groupby("council_id", sort=True), key=lambda item: item[0] == OTHER_COUNCILS)
    for council_id, group in groups:
        group = group.set_index("family").reindex(families)
        name = group["council"].dropna().iloc[0] if group["council"].notna().any() else council_id
        fig.add_bar(
            y=[labels[f] for f in families],
            x=group[measure].fillna(0),
            name=esc_text(name),
            orientation="h",
            marker_color=colours.get(council_id, MISSING_COLOUR),
            customdata=esc_rows(
                zip(
                    families,
                    group["actions"].fillna(0).map(count_label),
                    group["mentions"].fillna(0).map(count_label),
                    group["share"].fillna(0),
                    strict=True,
                )
            ),
            hovertemplate=(
                "<b>%{fullData.name}</b><br>%{customdata[0]}<br>%{customdata[1]} action(s), "
                "%{customdata[2]} owner mention(s)"
                + (" per council" if name.endswith("average)") else "")
                + "<br>%{customdata[3]:.0%} of its actions with a stated owner"
                "<extra></extra>"
            ),
        )
    councils = max(1, load["council_id"].nunique())
    fig.update_layout(
        rows_layout(title, len(families), per_row=councils * 20 + 14, top=110, least=320),
        barmode="group",
        xaxis=(
            {"title": _MEASURE_TITLES[measure], "tickformat": ".0%", "rangemode": "tozero"}
            if measure == "share"
            else count_axis(_MEASURE_TITLES[measure], float(load[measure].max()) if len(load) else 0)
        ),
        bargap=0.25,
    )
    return fig


def named_owner_figure(
    named: pd.DataFrame, *, colour: str | None = None, council: str = "", top: int = 20, title: str | None = None
) -> go.Figure:
    """Horizontal bars for one council's named owners, busiest at the top.

    ``named`` is :func:`analysis.owner_load.named_owner_load` output. Actions where the owner is stated are
    solid; actions whose text only names them (when counted) are hatched in the same council colour, so
    accountability and a passing mention are never confused. At most ``top`` owners are drawn. The hover names
    the role the plan gives the owner (``owner_role``: accountable, responsible, ...) beside its family.
    """
    rows = named.head(top)
    colour = colour or COUNCIL_PALETTE[0]
    labels = [wrap_label(o, 30, max_lines=2) for o in rows["owner"]]
    roles = rows["owner_role"].tolist() if "owner_role" in rows.columns else [""] * len(rows)
    kinds = [f"{family}; {role}" if isinstance(role, str) and role else family for family, role in
             zip(rows["family"], roles, strict=True)]  # fmt: skip
    custom = esc_rows(zip(rows["owner"], kinds, rows["actions"], rows["named_in_text"], strict=True))
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=rows["actions"],
        name="Stated owner",
        orientation="h",
        marker={"color": colour},
        customdata=custom,
        text=[str(n) if n else "" for n in rows["actions"]],
        textposition="inside",
        hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>stated owner of %{x} action(s)<extra></extra>",
    )
    if rows["named_in_text"].sum():
        fig.add_bar(
            y=labels,
            x=rows["named_in_text"],
            name="Named in the action text only",
            orientation="h",
            marker={
                "color": "white",
                "line": {"color": colour, "width": 1.5},
                "pattern": {"shape": "/", "fgcolor": colour},
            },
            customdata=custom,
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>named in the text of %{x} more action(s)"
            "<extra></extra>",
        )
    fig.update_layout(
        rows_layout(title, len(rows), per_row=34, top=110, least=300),
        barmode="stack",
        xaxis=count_axis(
            f"Actions ({esc_text(short_council_name(council))})" if council else "Actions",
            float(rows["total"].max()) if len(rows) else 0,
        ),
        showlegend=bool(rows["named_in_text"].sum()),
    )
    return fig


def no_owner_figure(table: pd.DataFrame, *, colours: dict[str, str], title: str | None = None) -> go.Figure:
    """One bar per council: the share of its actions with no stated owner, labelled "15 of 20"."""
    fig = go.Figure(
        go.Bar(
            y=[wrap_label(short_council_name(c), 24, max_lines=2) for c in table["council"]],
            x=table["share_no_owner"],
            orientation="h",
            marker_color=[colours.get(c) for c in table["council_id"]],
            text=[f"{n} of {a}" for n, a in zip(table["no_owner"], table["actions"], strict=True)],
            # a short bar cannot hold its label, and "0 of 21" matters as much as "24 of 24"
            textposition=["inside" if share >= 0.2 else "outside" for share in table["share_no_owner"]],
            customdata=esc_rows(
                zip(
                    table["council"],
                    table["no_owner"],
                    table["actions"],
                    table["no_owner_column"].map({True: "The plan has no owner column.", False: ""}),
                    table["named_in_text"],
                    strict=True,
                )
            ),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} of %{customdata[2]} actions (%{x:.0%}) have "
            "no stated owner<br>%{customdata[4]} of them name someone in the action text<br>%{customdata[3]}"
            "<extra></extra>",
        )
    )
    fig.update_layout(
        rows_layout(title, len(table), per_row=44, top=90, least=200),
        xaxis={"title": "Share of the council's actions with no stated owner", "tickformat": ".0%", "range": [0, 1.05]},
        showlegend=False,
    )
    return fig


def family_theme_heatmap_figure(matrix: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Owner families down, LGA core themes across; each cell counts owned actions answering that theme.

    All five themes are drawn, in the LGA's order, with zeros, so "no owner from this family on this theme"
    shows rather than leaving a hole.
    """
    families = [f for f in STATED_FAMILIES if f in set(matrix["family"])]
    z = count_grid(
        matrix, rows="family", row_order=families, columns="lga_theme", column_order=list(LGA_THEMES), values="actions"
    )
    fig = go.Figure(
        heatmap_trace(
            scale=("Actions", "d"),
            z=z,
            x=[wrap_label(LGA_THEME_SHORT[t], 14, max_lines=2) for t in LGA_THEMES],
            y=[wrap_label(f, 22, max_lines=2) for f in families],
            customdata=esc_rows([[f, t] for t in LGA_THEMES] for f in families),
            text=[[str(v) for v in row] for row in z],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{z} action(s)<extra></extra>",
        )
    )
    fig.update_layout(
        rows_layout(title, len(families), per_row=40, top=130, least=280),
        xaxis={"side": "top", "tickangle": 0, "title": None},
        margin={"t": 80},
    )
    return fig


def _quarter_axis(quarters: list[str]) -> dict:
    return {
        "title": "Due in (financial-year quarter; Q1 = April–June)",
        "type": "category",
        "categoryorder": "array",
        "categoryarray": quarters,
        "tickangle": 0 if len(quarters) <= 8 else -45,
    }


def quarter_load_figure(load: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Stacked columns: owned actions due per quarter, one colour per owner family.

    ``load`` is :func:`analysis.owner_load.quarter_load` output with ``by="family"``. An action with owners in
    two families is in both stacks, so a column can be taller than the actions due; the hover says both.
    """
    quarters = list(dict.fromkeys(load["quarter"]))
    fig = go.Figure()
    for family in [f for f in OWNER_FAMILY_COLOURS if f in set(load["family"])]:
        rows = load[load["family"] == family].set_index("quarter").reindex(quarters)
        fig.add_bar(
            x=quarters,
            y=rows["actions"].fillna(0).astype(int),
            name=esc_text(family),
            marker_color=OWNER_FAMILY_COLOURS[family],
            customdata=rows["quarter_actions"].fillna(0).astype(int),
            hovertemplate="<b>%{fullData.name}</b><br>%{x}: %{y} action(s) due"
            "<br>%{customdata} action(s) due that quarter in all<extra></extra>",
        )
    fig.update_layout(
        house_layout(title),
        barmode="stack",
        height=440,
        xaxis=_quarter_axis(quarters),
        yaxis=count_axis(
            "Actions due (per owner family)", float(load.groupby("quarter")["actions"].sum().max()) if len(load) else 0
        ),
        legend={"traceorder": "normal"},
    )
    return fig


def owner_quarter_heatmap_figure(load: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Named owners down, quarters across: how many actions each owner has due per quarter.

    ``load`` is :func:`analysis.owner_load.quarter_load` output with ``by="owner"`` (owners arrive grouped by
    family). A heatmap rather than stacked columns because one council can name a dozen owners, more than a
    legend can tell apart.
    """
    quarters = list(dict.fromkeys(load["quarter"]))
    owners = list(dict.fromkeys(load["owner"]))
    family = load.drop_duplicates("owner").set_index("owner")["family"].reindex(owners)
    z = count_grid(load, rows="owner", row_order=owners, columns="quarter", column_order=quarters, values="actions")
    fig = go.Figure(
        heatmap_trace(
            scale=("Due", "d"),
            z=z,
            x=quarters,
            y=[wrap_label(o, 30, max_lines=2) for o in owners],
            customdata=esc_rows([[o, family[o]] for _ in quarters] for o in owners),
            text=[[str(v) if v else "" for v in row] for row in z],
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{x}: %{z} action(s) due<extra></extra>",
        )
    )
    fig.update_layout(
        rows_layout(title, len(owners), per_row=36, top=150, least=280),
        xaxis=_quarter_axis(quarters),
    )
    return fig
