"""The pack's look and its drawing primitives: one font, a few sizes, 16:9, and the title/takeaway/source
chrome every slide shares, so a slide made by any part of the pack sits in the same place.

Pure: python-pptx only.
"""

from __future__ import annotations

import io

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

# --- the look: one font, a few sizes, 16:9 ----------------------------------------------------------------
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
FONT = "Arial"  # on every machine that opens PowerPoint files, so slides look the same everywhere
TITLE_PT, TAKEAWAY_PT, BODY_PT, TABLE_PT, SOURCE_PT = 28, 18, 14, 14, 10  # tables: readable from the back row
INK, MUTED, ACCENT, RULE = "1B1F24", "5B6570", "1F5D8C", "D6DBE1"
MARGIN = Inches(0.5)
BODY_TOP, BODY_BOTTOM = Inches(1.75), Inches(6.8)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper()[:6])


def text_box(slide: Slide, text: str, *, left, top, width, height, size: float, bold: bool = False,
          colour: str = INK, align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:  # fmt: skip
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
        run.font.color.rgb = rgb(colour)


def chrome(slide: Slide, title: str, takeaway: str = "", source: str = "", notes: str = "") -> None:
    """Title, takeaway, source line and speaker notes: the same place on every slide."""
    text_box(slide, title, left=MARGIN, top=Inches(0.35), width=CONTENT_WIDTH, height=Inches(0.75),
          size=TITLE_PT, bold=True, colour=ACCENT, anchor=MSO_ANCHOR.BOTTOM)  # fmt: skip
    rule = slide.shapes.add_connector(1, MARGIN, Inches(1.15), SLIDE_WIDTH - MARGIN, Inches(1.15))
    rule.line.color.rgb, rule.line.width = rgb(RULE), Pt(1.25)
    if takeaway:
        text_box(slide, takeaway, left=MARGIN, top=Inches(1.2), width=CONTENT_WIDTH, height=Inches(0.5),
              size=takeaway_size(takeaway), bold=True)  # fmt: skip
    if source:
        text_box(slide, source, left=MARGIN, top=Inches(6.85), width=CONTENT_WIDTH, height=Inches(0.45),
              size=SOURCE_PT, colour=MUTED)  # fmt: skip
    text = "\n".join(t for t in (takeaway, notes, source) if t)
    if text:
        slide.notes_slide.notes_text_frame.text = text


def takeaway_size(text: str) -> float:
    """The takeaway's font size: full size on one line, smaller on two, so it never runs into the chart below.

    The band between the rule and the chart holds one line at :data:`TAKEAWAY_PT` or two at 15pt or less;
    line lengths are estimated (bold Arial averages about 0.55 em a glyph, erring long).
    """
    width_pt = CONTENT_WIDTH / 12700 - 14  # the text box's inner width in points
    for size, lines in ((TAKEAWAY_PT, 1), (15, 2), (13, 2)):
        if len(text) <= lines * width_pt / (size * 0.55):
            return size
    return 12


def blank_slide(prs: Presentation) -> Slide:
    return prs.slides.add_slide(prs.slide_layouts[6])


def add_picture(slide: Slide, png: bytes, fig: go.Figure, size: tuple[int, int]) -> None:
    """The image as large as the body allows, keeping its proportions, centred."""
    box_w, box_h = CONTENT_WIDTH, BODY_BOTTOM - BODY_TOP
    w, h = size
    scale = min(box_w / w, box_h / h)
    width, height = Emu(int(w * scale)), Emu(int(h * scale))
    left = MARGIN + Emu(int((box_w - width) / 2))
    slide.shapes.add_picture(io.BytesIO(png), left, BODY_TOP, width=width, height=height)


def note_box(slide: Slide, message: str) -> None:
    box = slide.shapes.add_shape(1, MARGIN, Inches(2.6), CONTENT_WIDTH, Inches(1.6))
    box.fill.solid()
    box.fill.fore_color.rgb = rgb("FFF8E6")
    box.line.color.rgb = rgb("9A6700")
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.3)
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = message
    run.font.name, run.font.size = FONT, Pt(BODY_PT + 2)
    run.font.color.rgb = rgb(INK)
