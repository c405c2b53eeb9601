"""Printing a page cleanly, and handing over a brief as a self-contained HTML file.

Streamlit draws its app inside a fixed-height, scrolling container, so a browser's Print would cut the page
after one sheet and include the sidebar, toolbar and buttons. :data:`PRINT_CSS` undoes that for print media
only: the screen view is unchanged. The HTML download is rendered by the pure :mod:`reports.brief_html`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from analysis.followup import Brief

#: Print rules: hide Streamlit's chrome, widgets and buttons; let the page flow over as many sheets as it needs.
PRINT_CSS = """
<style>
@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarCollapseButton"],
  header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stBottom"], footer,
  .stButton, .stDownloadButton, [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stElementToolbar"], .st-key-brief_controls, .st-key-brief_screen_only,
  [data-testid="stHeaderActionElements"] { display: none !important; }
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stAppScrollToBottomContainer"], section.main {
    position: static !important; overflow: visible !important; height: auto !important; max-height: none !important;
  }
  [data-testid="stMainBlockContainer"], .block-container { max-width: 100% !important; padding: 0 !important; }
  /* Only small things stay whole: a bordered container or a long table kept whole is pushed to the next sheet
     and leaves a blank one behind it. */
  [data-testid="stMetric"], [class*="st-key-brief_tile_"], tr { break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; }
  h1 { font-size: 1.9rem !important; } h2 { font-size: 1.5rem !important; } h3 { font-size: 1.25rem !important; }
  [data-testid="stMetricValue"] { font-size: 1.4rem !important; }
  [data-testid="stMetricLabel"] p { font-size: 0.75rem !important; }
  [data-testid="stTooltipIcon"] { display: none !important; }
  body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit !important; text-decoration: none !important; }
  /* No clipped right edges: everything fits the printable width; tables wrap instead of scrolling. */
  [data-testid="stMain"] *, .stApp * { max-width: 100% !important; box-sizing: border-box; }
  [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; gap: 0.4rem !important; }
  [data-testid="stColumn"] { min-width: 23% !important; }
  /* display: table, not Streamlit's inline-table: an inline box is one line, and a line never splits. */
  table { display: table !important; width: 100% !important; table-layout: auto; border-collapse: collapse; }
  td, th { overflow-wrap: anywhere; word-break: normal; white-space: normal !important; font-size: 8.5pt; }
  /* The table's scroll box (overflow: auto) cannot split across sheets: a table taller than the rest of a sheet
     jumped to the next one and left a blank sheet behind. Visible overflow lets its rows flow on. */
  [data-testid="stTable"], [data-testid="stTable"] div, [data-testid="stTableStyledTable"], .stTable {
    overflow: visible !important; max-height: none !important; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  /* Headings whole: never split a word, keep the heading with what follows. */
  h1, h2, h3, h4, h5, summary { hyphens: none !important; overflow-wrap: normal !important;
    word-break: keep-all !important; break-after: avoid; page-break-after: avoid; }
  /* No blank sheets: nothing forces a break or a fixed height. */
  [data-testid="stVerticalBlock"], [data-testid="stElementContainer"] { min-height: 0 !important;
    height: auto !important; break-before: auto !important; break-after: auto !important; }
  [data-testid="stElementContainer"]:has(> iframe[height="0"]), .stHtml:empty { display: none !important; }
  /* Expanders print open: a printed brief carries every recommendation's detail. Streamlit keeps a closed
     expander's content in the page (inert), so showing the details slot is enough; the chevron goes. */
  [data-testid="stExpander"] details::details-content { content-visibility: visible !important;
    display: block !important; height: auto !important; overflow: visible !important; }
  [data-testid="stExpanderDetails"] { display: block !important; visibility: visible !important;
    height: auto !important; max-height: none !important; overflow: visible !important; }
  [data-testid="stExpanderToggleIcon"] { display: none !important; }
  /* A data grid's resize handle sits 10 px outside its grid: past the right edge on a full-width grid. */
  [style*="se-resize"] { display: none !important; }
  [data-testid="stExpander"] summary, [data-testid="stExpander"] summary * { min-width: 0 !important;
    white-space: normal !important; overflow-wrap: anywhere !important; }
  [data-testid="stExpander"] summary { padding-right: 0.25rem !important; }
  [data-testid="stExpander"] details { border-width: 1px !important; }
}
/* Phones: the answer tables keep status and action in view (they are the first columns); text wraps. */
@media (max-width: 640px) {
  .st-key-brief_answer table td, .st-key-brief_answer table th { white-space: normal; font-size: 0.8rem;
    overflow-wrap: anywhere; }
  .st-key-brief_answer [data-testid="stTable"] { overflow-x: auto; }
}
.st-key-brief_print_only { display: none; }
@media print { .st-key-brief_print_only { display: block !important; } }
</style>
"""


def print_styles() -> None:
    """Add the print stylesheet to the current page (no visible element on screen)."""
    st.html(PRINT_CSS)


def html_file_name(b: Brief) -> str:
    """ "brief-leeds-2023-09-01.html": council and visit date, so saved briefs sort and never collide."""
    return f"brief-{b.council_id}-{b.visit_date.isoformat()}.html"


def brief_download(
    b: Brief,
    *,
    similar: Mapping[str, pd.DataFrame] | None,
    council_names: Mapping[str, str],
    rec_titles: Mapping[str, str],
    filters_text: str,
    key: str,
) -> None:
    """A download button for the brief as one HTML file, built only when clicked."""
    from reports.brief_html import brief_html

    def build() -> str:
        return brief_html(
            b,
            similar=similar,
            council_names=council_names,
            rec_titles=rec_titles,
            filters_text=filters_text,
            generated=dt.date.today(),
        )

    st.download_button(
        "Download brief (HTML)",
        build,
        file_name=html_file_name(b),
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        key=key,
        help="One self-contained file with everything on this page, notes included: open it in a browser, "
        "print it or save it as PDF.",
    )


def visit_workbook_download(b: Brief, view: object, *, key: str) -> None:
    """The visit pack as XLSX: "Status at the visit" first, then this council's frames; the visit date is the
    brief's (from the URL), so the file agrees with the page, the HTML and the PowerPoint."""
    from types import SimpleNamespace

    from analysis.visit_answer import VISIT_SHEET, visit_sheet
    from reports.workbook import workbook_bytes

    def build() -> bytes:
        frames = {}
        for name in ("councils", "challenges", "recommendations", "actions", "steps"):
            frame = getattr(view, name)
            frames[name] = frame[frame["council_id"] == b.council_id] if "council_id" in frame else frame
        return workbook_bytes(
            SimpleNamespace(**frames),
            filters=f"One council ({b.council_id}); visit date {b.visit_date.isoformat()}",
            extra={VISIT_SHEET: visit_sheet(b)},
        )

    st.download_button(
        "Download visit workbook (XLSX)",
        build,
        file_name=f"visit-{b.council_id}-{b.visit_date.isoformat()}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table_view:",
        key=key,
        help="A 'Status at the visit' sheet (one row per action and step, and per recorded review), then the plan.",
    )
