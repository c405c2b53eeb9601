"""Download buttons for the exports: chart images, the XLSX workbook and the PowerPoint briefing pack.

Every file is built only when its button is clicked (``data=callable``, ``on_click="ignore"``), so a page
run costs nothing and a click does not rerun the page. Where this server cannot make chart images (no
Chromium), the buttons are replaced by a caption saying what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
import streamlit as st

from analysis.filters import View
from analysis.followup import Brief, challenge_label, day
from charts.images import MIME_TYPES, image_export_available, to_image
from charts.wrap import name_list
from ui.format import md_escape

if TYPE_CHECKING:
    from loaders import Corpus

# reports.* (python-pptx, openpyxl) are imported where used: every page imports this module through
# ui.components, and a page's imports run before ui.entry can redirect a deep link on a fresh server.

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PNG_SCALE = 2


def _image(fig: go.Figure, fmt: str) -> Callable[[], bytes]:
    # SVG is vector: its natural size is the layout size. PNG is for slides, so twice the pixels.
    return lambda: to_image(fig, fmt, scale=PNG_SCALE if fmt == "png" else 1)  # type: ignore[arg-type]


def image_downloads(fig: go.Figure, *, key: str, file_stem: str) -> None:
    """PNG (2x, large type for slides) and SVG buttons for one chart, or a caption saying what is missing."""
    ok, reason = image_export_available()
    if not ok:
        st.caption(f":material/image_not_supported: {md_escape(reason)}")
        return
    for fmt, label, icon in (("png", "PNG (2×)", ":material/image:"), ("svg", "SVG", ":material/draw:")):
        _download(
            label,
            _image(fig, fmt),
            file_name=f"{file_stem}.{fmt}",
            mime=MIME_TYPES[fmt],
            icon=icon,
            key=f"{key}_{fmt}",
            help="The chart as an image with large type, for slides"
            + (" (twice the pixels, sharp on a projector)." if fmt == "png" else "; scales to any size without blur."),
        )


def _download(label: str, data: Any, *, file_name: str, mime: str, **button: Any) -> None:
    """A download button that leaves the page as it is: the file is built on click, with no rerun."""
    st.download_button(label, data, file_name=file_name, mime=mime, on_click="ignore", **button)


def file_stem(file_name: str) -> str:
    return Path(file_name).stem


def workbook_download(view: View, *, key: str = "workbook") -> None:
    """The current view as one XLSX: a README sheet, then councils, challenges, recommendations, actions, steps."""
    from reports.workbook import workbook_bytes

    _download(
        "Download workbook (XLSX)",
        lambda: workbook_bytes(view),
        file_name=f"peer-challenges-{dt.date.today().isoformat()}.xlsx",
        mime=XLSX_MIME,
        icon=":material/table_view:",
        key=key,
        help="One Excel file for the current filters: a README sheet (what each column means, the source "
        "documents, the filters, the date), then a sheet each for councils, challenges, recommendations, "
        "actions and steps.",
    )


def _image_note() -> None:
    ok, reason = image_export_available()
    if not ok:
        st.caption(
            f":material/image_not_supported: Bar charts are native PowerPoint charts; other charts (heatmaps, "
            f"timelines) need images, so they get a note slide instead. {md_escape(reason)}"
        )


def pack_download(view: View, *, colours: Mapping[str, str], full: Corpus | None = None, key: str = "pack") -> None:
    """Choose which pages' charts go in, then download the briefing pack for the current filters.

    ``full`` is the corpus the view was cut from: Overlap scores across every plan, as its page does.
    """
    from reports.pack import briefing_pack, pack_file_name
    from reports.pack_charts import PACK_SECTIONS, pack_charts

    sections = st.multiselect(
        "Charts in the pack",
        list(PACK_SECTIONS),
        default=list(PACK_SECTIONS),
        key=f"{key}_sections",
        help="Each page's charts for the current filters, one slide each with its takeaway and sources.",
    )
    describe = view.filters.describe() if view.filters.active else "All councils"
    names = sorted(view.councils["name"].dropna())

    def build() -> bytes:
        return briefing_pack(
            pack_charts(view, colours=colours, sections=sections, full=full),
            title="Peer challenge briefing",
            subtitle=describe,
            details=_council_lines(names),
        )

    _download(
        "Download briefing pack (PowerPoint)",
        build,
        file_name=pack_file_name("filtered" if view.filters.active else "all-councils"),
        mime=PPTX_MIME,
        icon=":material/slideshow:",
        key=key,
        disabled=view.recommendations.empty,
        help="A 16:9 .pptx: a title slide and one slide per chart with its takeaway and source line. Bar charts "
        "are native PowerPoint charts you can restyle.",
    )
    _image_note()


def _council_lines(names: Sequence[str], limit: int = 8) -> list[str]:
    if not names:
        return []
    return [f"Councils ({len(names)}): {name_list(names, limit)}"]


def council_pack_download(b: Brief, view: View, *, colours: Mapping[str, str], key: str = "brief_pack") -> None:
    """The council brief as a briefing pack: its charts, its recommendations and what is due by the visit."""
    from reports.pack import briefing_pack
    from reports.pack_charts import council_charts

    name = b.council.get("name") or b.council_id
    details = [
        "Peer challenges: " + ", ".join(challenge_label(ch) for _, ch in b.challenges.iterrows()),
        f"Statuses judged at {day(b.as_of)}" + (" (the visit date is in the past)" if b.visit_in_past else ""),
    ]
    if view.filters.active:
        details.append(f"Filters: {view.filters.describe()}")

    def build() -> bytes:
        return briefing_pack(
            council_charts(b, view, colours=colours),
            title=str(name),
            subtitle=f"Briefing for the follow-up visit on {day(b.visit_date)}",
            details=details,
            brief=b,
        )

    _download(
        "Download briefing pack (PowerPoint)",
        build,
        file_name=f"briefing-pack-{b.council_id}-{b.visit_date.isoformat()}.pptx",
        mime=PPTX_MIME,
        icon=":material/slideshow:",
        key=key,
        help="A 16:9 .pptx for this council and visit date: where its actions stand, its themes, its "
        "recommendations and what is due by the visit, as slides you can edit.",
    )
