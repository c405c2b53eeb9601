"""The briefing pack: a 16:9 PowerPoint file to drop into a briefing for councillors or LGA colleagues.

A title slide; one slide per chosen chart with its title, plain-English takeaway and source line; and, for a
council, its recommendations and what is due by the visit date as readable tables (split across slides when
long). Bar and column charts become *native* PowerPoint charts (data in an embedded workbook), so presenters
can restyle them and the numbers stay editable; anything else (heatmaps, timelines) is a PNG rendered by
kaleido, or, on a server without Chromium, a slide saying what is missing instead of a broken file.

Pure: python-pptx only, no Streamlit. Charts arrive as :class:`PackChart` items (title, figure, takeaway,
source), so any page can add its charts to a pack without this module knowing about it
(see :mod:`reports.pack_charts`).

The work is split by job: :mod:`reports.pack_look` (the look and the slide chrome), :mod:`reports.pack_native`
(bars as native charts), :mod:`reports.pack_tables` (a council's tables); this module puts the slides in order.
Their public names stay importable from here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from analysis.followup import Brief, challenge_label, day
from analysis.summary import COUNT_NOT_STATED
from analysis.takeaways import source_line, visit_takeaway
from analysis.visit_answer import review_rows
from reports.pack_look import (
    ACCENT,
    BODY_BOTTOM,
    BODY_PT,
    BODY_TOP,
    CONTENT_WIDTH,
    FONT,
    MARGIN,
    MUTED,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TABLE_PT,
    add_picture,
    blank_slide,
    chrome,
    note_box,
    rgb,
    takeaway_size,
    text_box,
)
from reports.pack_native import NativeChart, NativeSeries, add_native_chart, from_bars, native_chart
from reports.pack_tables import (
    DUE_STATUSES,
    DUE_WIDTHS,
    MAX_CELL_CHARS,
    RECOMMENDATION_WIDTHS,
    ROW_MIN_HEIGHT,
    STATUS_CODE,
    add_table,
    due_rows,
    paginate,
    recommendation_rows,
)
from sections import Bars, Drawn

__all__ = [
    "BODY_PT",
    "DUE_STATUSES",
    "DUE_WIDTHS",
    "FONT",
    "MAX_CELL_CHARS",
    "RECOMMENDATION_WIDTHS",
    "ROW_MIN_HEIGHT",
    "STATUS_CODE",
    "TABLE_PT",
    "NativeChart",
    "NativeSeries",
    "PackChart",
    "briefing_pack",
    "due_rows",
    "from_bars",
    "native_chart",
    "pack_file_name",
    "paginate",
    "recommendation_rows",
    "takeaway_size",
]


@dataclass(frozen=True)
class PackChart:
    """One chart slide: what any page hands to the pack."""

    title: str
    figure: go.Figure
    takeaway: str = ""
    source: str = ""
    #: A section's own bar values (:class:`sections.Bars`): the native chart is drawn from these, not the figure.
    bars: Bars | None = None

    @classmethod
    def of(cls, drawn: Drawn) -> PackChart:
        """A section as a slide: the same data gives the figure, the takeaway, the source and the bars."""
        return cls(drawn.slide_title, drawn.figure("slide"), drawn.takeaway, drawn.source, drawn.bars)


# --- the pack -----------------------------------------------------------------------------------------------
#: Date, Kind, Review, RAG, Findings (the columns of :func:`analysis.visit_answer.review_rows`).
REVIEW_WIDTHS = (1.5, 1.2, 2.5, 1.8, 5.33)

ImageRenderer = Callable[[list[go.Figure]], list[bytes]]


def _default_renderer() -> tuple[ImageRenderer | None, str]:
    """kaleido through the shared browser, or None and the reason when this server cannot make images."""
    from charts.images import image_export_available, to_images

    ok, reason = image_export_available()
    if not ok:
        return None, reason

    def render(figures: list[go.Figure]) -> list[bytes]:
        return to_images([_untitled(f) for f in figures], "png", scale=2)

    return render, ""


def _untitled(fig: go.Figure) -> go.Figure:
    """The slide carries the title, so the image does not repeat it."""
    out = go.Figure(fig)
    out.update_layout(title=None, width=1280, height=fig.layout.height or 720)
    return out


def briefing_pack(
    charts: Sequence[PackChart] = (),
    *,
    title: str,
    subtitle: str = "",
    details: Sequence[str] = (),
    brief: Brief | None = None,
    generated: dt.date | None = None,
    images: bool | None = None,
) -> bytes:
    """The .pptx as bytes: title slide, a slide per chart, and (with ``brief``) the council's tables.

    ``details`` are lines for the title slide (filters, visit date). ``images``: None renders non-bar charts
    as PNGs when this server can (see :func:`charts.images.image_export_available`); False never does, and
    such charts get a slide saying why. Bar/column charts are always native.
    """
    generated = generated or dt.date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    prs.core_properties.title = title
    prs.core_properties.subject = subtitle or "Peer challenge briefing"
    prs.core_properties.author = "Peer Challenge Explorer"

    _title_slide(prs, title=title, subtitle=subtitle, details=details, generated=generated)

    natives = [from_bars(item.bars) if item.bars else native_chart(item.figure) for item in charts]
    need_images = [item.figure for item, native in zip(charts, natives, strict=True) if native is None]
    pictures: list[bytes] = []
    missing = ""
    if need_images:
        render, missing = _default_renderer() if images is not False else (None, "")
        if images is False:
            missing = "Chart images were not requested for this pack."
        if render is not None:
            try:
                pictures = render(need_images)
            except Exception as exc:  # a browser failing mid-way must not cost the whole pack
                missing = str(exc)
    picture_iter = iter(pictures)
    for item, native in zip(charts, natives, strict=True):
        slide = blank_slide(prs)
        chrome(slide, item.title, item.takeaway, item.source)
        if native is not None:
            add_native_chart(slide, native)
        elif pictures:
            from charts.images import image_size

            add_picture(slide, next(picture_iter), item.figure, image_size(_untitled(item.figure)))
        else:
            note_box(slide, "This chart is not a bar chart, so the pack needs an image of it, and none could be "
                         f"made: {missing} The chart is in the dashboard, where its table and CSV are one "
                         "click away.")  # fmt: skip
    if brief is not None:
        _brief_slides(prs, brief)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _title_slide(prs: Presentation, *, title: str, subtitle: str, details: Sequence[str], generated: dt.date) -> None:
    slide = blank_slide(prs)
    band = slide.shapes.add_shape(1, 0, 0, SLIDE_WIDTH, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = rgb(ACCENT)
    band.line.fill.background()
    text_box(slide, title, left=MARGIN, top=Inches(2.0), width=CONTENT_WIDTH, height=Inches(1.3), size=40, bold=True,
          colour=ACCENT, anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    if subtitle:
        text_box(slide, subtitle, left=MARGIN, top=Inches(3.45), width=CONTENT_WIDTH, height=Inches(0.7), size=22)
    lines = [*details, f"Prepared {day(generated)} with the Peer Challenge Explorer, from the councils' own papers."]
    text_box(slide, "\n".join(lines), left=MARGIN, top=Inches(4.4), width=CONTENT_WIDTH, height=Inches(2.2),
          size=BODY_PT, colour=MUTED)  # fmt: skip


def _table_slides(prs: Presentation, title: str, rows: pd.DataFrame, widths: Sequence[float], *,
                  takeaway: str = "", source: str = "") -> int:  # fmt: skip
    pages = paginate(rows, widths, height=(BODY_BOTTOM - BODY_TOP) / 914400)
    for i, page in enumerate(pages, start=1):
        slide = blank_slide(prs)
        label = f"{title} ({i} of {len(pages)})" if len(pages) > 1 else title
        chrome(slide, label, takeaway, source)
        add_table(slide, page, widths)
    return len(pages)


def _brief_slides(prs: Presentation, b: Brief) -> None:
    source = source_line(b.challenges)
    for label, rows in recommendation_rows(b).items():
        if rows.empty:
            continue
        declared = b.challenges.loc[b.challenges.apply(challenge_label, axis=1) == label, "recommendations_declared"]
        stated = declared.iloc[0] if len(declared) else None
        if pd.isna(stated):  # no count stated: "7 recommendations (count not stated)", never "7 of 0"
            count = f"{len(rows)} recommendation{'' if len(rows) == 1 else 's'} ({COUNT_NOT_STATED})"
        else:
            count = f"{len(rows)} of {int(stated)} recommendations"
        _table_slides(prs, f"Recommendations: {label[0].lower()}{label[1:]}", rows, RECOMMENDATION_WIDTHS,
                      takeaway=f"{count}; statuses judged at the visit on {day(b.visit_date)}",
                      source=source)  # fmt: skip
    _review_slides(prs, b, source)  # what the reviews found, then what is due: the pack ends on the visit's questions
    due = due_rows(b)
    when = day(b.visit_date)
    overdue, coming = due[due[STATUS_CODE] == "overdue"], due[due[STATUS_CODE] != "overdue"]
    if due.empty:
        slide = blank_slide(prs)
        chrome(slide, f"Nothing due or overdue at the visit on {when}", visit_takeaway(b), source)
        note_box(slide, "No action in this council's plan has a deadline on or before the visit date that is not "
                        "recorded as completed.")  # fmt: skip
    # Titles say what the slide lists: overdue actions are not "due by the visit", they are late already.
    if not overdue.empty:
        _table_slides(prs, f"Overdue at the visit on {when}: {_actions(len(overdue))}", overdue, DUE_WIDTHS,
                      takeaway=visit_takeaway(b), source=source)  # fmt: skip
    if not coming.empty:
        _table_slides(prs, f"Due by the visit on {when}: {_actions(len(coming))}", coming, DUE_WIDTHS,
                      takeaway=visit_takeaway(b), source=source)  # fmt: skip


def _actions(n: int) -> str:
    return f"{n} action" if n == 1 else f"{n} actions"


def _review_slides(prs: Presentation, b: Brief, source: str) -> None:
    """The recorded progress reviews, as the brief page lists them (the same rows), or a slide saying none is
    recorded: the visit date is then an estimate, and the adviser should know."""
    reviews = review_rows(b)
    title = f"Recorded progress reviews — {len(reviews)}"
    if reviews.empty:
        slide = blank_slide(prs)
        chrome(slide, title, "No progress review recorded", source)
        note_box(slide, "The plan records no progress review, revisit or progress report: the visit date is an "
                        "estimate.")  # fmt: skip
        return
    cut = MAX_CELL_CHARS - 1
    shown = reviews.assign(Findings=[f if len(f) <= MAX_CELL_CHARS else f[:cut] + "…" for f in reviews["Findings"]])
    _table_slides(prs, title, shown, REVIEW_WIDTHS, takeaway="As the sources record them; findings are quoted, "
                  "not judged", source=source)  # fmt: skip


def pack_file_name(subject: str, generated: dt.date | None = None) -> str:
    """ "briefing-pack-leeds-2025-03-01.pptx" from a council id or a short label."""
    slug = re.sub(r"[^a-z0-9]+", "-", subject.lower()).strip("-") or "all"
    return f"briefing-pack-{slug}-{(generated or dt.date.today()).isoformat()}.pptx"
