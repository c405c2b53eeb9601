"""Layout pieces every page uses the same way: a chart with its table and CSV one click away, empty states.

Pages stay layout-only; this keeps the "table behind every chart, CSV of exactly what is shown" promise in
one place instead of re-implemented (and drifting) per page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.filters import Filters
from analysis.takeaways import source_line
from loaders.safe_cells import csv_safe_frame
from ui import present
from ui.exports import file_stem, image_downloads
from ui.format import md_escape


def csv_bytes(table: pd.DataFrame) -> bytes:
    """CSV of a display table; list cells become "a; b" so spreadsheets show them readably.

    Plan text is third-party input: text a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``,
    ``@…``, tab, CR) is prefixed with ``'`` by :func:`loaders.safe_cells.csv_safe_frame`, the rule every
    export shares; numbers stay numbers.
    """
    out = table.copy()
    for column in out.columns:
        values = out[column]
        # Only object columns hold lists, and a list column's first filled cell is a list: checking that one
        # cell, not every cell, keeps a national table's download cheap.
        first = values.dropna().head(1) if values.dtype == object else values.head(0)
        if len(first) and isinstance(first.iloc[0], list | tuple):
            out[column] = values.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    return csv_safe_frame(out).to_csv(index=False).encode("utf-8")


def download_csv(table: pd.DataFrame, *, file_name: str, key: str, label: str = "Download CSV") -> None:
    """A CSV button whose file is written only when clicked: a national table costs nothing until wanted."""
    st.download_button(
        label,
        lambda: csv_bytes(table),
        file_name=file_name,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}_csv",
    )


#: Suffix of the session-state key that says whether a table's expander is open (``<key>_table_open``).
TABLE_OPEN = "_table_open"


@contextmanager
def table_expander(label: str, *, key: str, icon: str = ":material/table:", expanded: bool = False) -> Iterator[bool]:
    """An expander whose content is built only once it is open: ``with table_expander(...) as is_open:``.

    At 1,000 plans the closed tables of one page were up to 2.3 MB sent to the browser and half a second of
    its time before the first chart appeared; opening one costs a rerun instead. The open state lives under
    ``<key>_table_open`` for the rest of the session on that page.
    """
    with st.expander(label, icon=icon, expanded=expanded, key=f"{key}{TABLE_OPEN}", on_change="rerun") as box:
        yield bool(box.open)


def table_with_download(
    table: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    column_config: Mapping[str, Any] | None = None,
    height: int | str = "auto",
    figure: go.Figure | None = None,
) -> None:
    """A dataframe and a CSV of exactly its rows and columns (hidden columns are left out of the CSV).

    With ``figure``, PNG and SVG downloads of the chart sit beside the CSV (built only when clicked).
    """
    config = dict(column_config or {})
    shown = table[[c for c in table.columns if not (c in config and config[c] is None)]]
    st.dataframe(shown, hide_index=True, column_config=config, height=height, key=f"{key}_table")
    with st.container(horizontal=True, vertical_alignment="center"):
        download_csv(shown, file_name=file_name, key=key)
        if figure is not None:
            image_downloads(figure, key=key, file_stem=file_stem(file_name))


def expander_table(
    label: str,
    table: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    column_config: Mapping[str, Any] | None = None,
    icon: str = ":material/table:",
    expanded: bool = False,
    figure: go.Figure | None = None,
) -> None:
    """:func:`table_with_download` inside a :func:`table_expander`: sent to the browser only once opened."""
    with table_expander(label, key=key, icon=icon, expanded=expanded) as is_open:
        if is_open:
            table_with_download(table, key=key, file_name=file_name, column_config=column_config, figure=figure)


def chart_with_table(
    fig: go.Figure,
    table: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    column_config: Mapping[str, Any] | None = None,
    caption: str | None = None,
    table_label: str = "Table behind this chart",
    takeaway: str | None = None,
    title: str | None = None,
    sources: pd.DataFrame | None = None,
    source: str | None = None,
    slide_note: str | None = None,
) -> None:
    """A plotly chart, an optional caption, and its table + CSV (and the chart as PNG/SVG) in an expander.

    ``takeaway`` is a plain-English one-liner computed from the data; it leads the chart (and its slide in
    presentation mode, where only the current chart is drawn, large, with a source line from ``sources``,
    the challenges behind the chart — the current filtered view's when not given — or ``source``, a section's
    own source line naming only what the chart draws). ``slide_note`` says on the slide what it leaves out.
    """
    number = present.next_chart()
    if present.presenting():
        if number == present.current_slide():
            if source is None:
                if sources is None:
                    from ui.filters import current_view

                    sources = current_view().challenges
                source = source_line(sources)
            present.draw_slide(fig, key=key, title=title, takeaway=takeaway, source=source, note=slide_note)
        return
    if takeaway:
        st.markdown(f"**{md_escape(takeaway)}**")
    st.plotly_chart(fig, key=f"{key}_chart")
    if caption:
        st.caption(caption)
    expander_table(table_label, table, key=key, file_name=file_name, column_config=column_config, figure=fig)


def empty_state(message: str, *, filters: Filters | None = None) -> None:
    """Say why there is nothing to show, and what to change, instead of a blank chart."""
    hint = " Try removing some filters in the sidebar." if filters is not None and filters.active else ""
    st.info(message + hint, icon=":material/filter_alt_off:")


def filter_caption(filters: Filters) -> None:
    """Under a page title: what the page is currently showing."""
    st.caption(f":material/filter_alt: Showing: {filters.describe()}")
