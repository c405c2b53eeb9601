"""A council's tables for the pack: its recommendations and what is due by the visit, as rows, split into
slide-sized pages, and drawn as PowerPoint tables.

Pure: python-pptx only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd
from pptx.slide import Slide
from pptx.util import Inches, Pt

from analysis.brief_text import as_shown
from analysis.followup import STATUS_LABELS, STATUSES, Brief, actions_table, challenge_label, day
from charts.palette import STATUS_COLOURS
from reports.pack_look import ACCENT, BODY_TOP, CONTENT_WIDTH, FONT, INK, MARGIN, TABLE_PT, rgb

MAX_CELL_CHARS = 600  # longer cells are shortened (the HTML brief and the dashboard keep the full text)
ROW_MIN_HEIGHT = 0.3  # inches: the height every table row starts at
RECOMMENDATION_WIDTHS = (0.6, 5.83, 2.3, 1.1, 2.5)
DUE_WIDTHS = (0.8, 0.7, 5.43, 2.3, 1.5, 1.6)
#: The hidden column holding a row's status code (analysis.followup.STATUSES): it colours the status cell with
#: the app's status colours (charts.palette.STATUS_COLOURS) and is never drawn.
STATUS_CODE = "_status"
#: The columns whose cells take their row's status colour.
STATUS_COLUMNS = ("Status", "Where its actions stand")


def _shorten(text: str, limit: int = MAX_CELL_CHARS) -> str:
    text = re.sub(r"[ \t]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def shown(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns a slide shows: not the hidden :data:`STATUS_CODE` that colours a row's status cell."""
    return rows[[c for c in rows.columns if c != STATUS_CODE]]


def recommendation_rows(b: Brief) -> dict[str, pd.DataFrame]:
    """Per challenge (latest first): No., Recommendation, LGA theme, Actions, Where its actions stand (and the
    hidden :data:`STATUS_CODE` of its most pressing status, which colours that cell)."""
    out: dict[str, pd.DataFrame] = {}
    acts = b.actions
    if acts.empty or "visit_status" not in acts:  # no actions at all: every recommendation stands alone
        acts = pd.DataFrame({"rec_ids": pd.Series(dtype=object), "visit_status": pd.Series(dtype=str)})
    for _, ch in b.challenges.iterrows():
        recs = b.recommendations[b.recommendations["challenge_id"] == ch["challenge_id"]]
        plan_missing = not bool(ch.get("action_plan_in_source", True))
        rows = []
        for rec in recs.itertuples(index=False):
            answers = acts["rec_ids"].map(lambda ids, r=rec.rec_id: r in (ids if ids is not None else []))
            answering = acts.loc[answers.astype(bool)]
            counts = answering["visit_status"].value_counts()
            stand = ", ".join(f"{int(counts[s])} {STATUS_LABELS[s].lower()}" for s in STATUSES if s in counts)
            if answering.empty:
                stand = "action plan not in the source" if plan_missing else "no action in the plan"
            # The cell is coloured by its most pressing status (overdue before due before ongoing ...).
            worst = next((s for s in STATUSES if s in counts), "")
            rows.append(
                {
                    "No.": str(rec.number),
                    "Recommendation": as_shown(_shorten(str(rec.title)), getattr(rec, "fidelity", None)),
                    "LGA theme": str(rec.lga_theme) if isinstance(rec.lga_theme, str) else "–",
                    "Actions": str(len(answering)),
                    "Where its actions stand": stand,
                    STATUS_CODE: worst,
                }
            )
        out[challenge_label(ch)] = pd.DataFrame(
            rows, columns=["No.", "Recommendation", "LGA theme", "Actions", "Where its actions stand", STATUS_CODE]
        )
    return out


DUE_STATUSES = ("overdue", "due")


def due_rows(b: Brief) -> pd.DataFrame:
    """Actions whose deadline falls by the visit date and are not recorded as completed, most overdue first
    (with the hidden :data:`STATUS_CODE`, "overdue" or "due", which colours the Status cell and splits the
    overdue slides from the due ones)."""
    table = actions_table(b)
    if table.empty:
        return pd.DataFrame(columns=["Rec.", "No.", "Action", "Owner", "Deadline", "Status", STATUS_CODE])
    codes = b.actions["visit_status"].tolist()
    table = table.assign(_code=codes, _late=table["days_overdue"].fillna(-1))
    table = table[table["_code"].isin(DUE_STATUSES)].sort_values(["_late", "end"], ascending=[False, True])
    status = [
        f"Overdue ({int(d)} day{'s' if int(d) != 1 else ''})" if c == "overdue" and d >= 0 else STATUS_LABELS[c]
        for c, d in zip(table["_code"], table["_late"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Rec.": table["recommendations"].astype(str),
            "No.": table["number"].astype(str),
            "Action": [_shorten(str(t)) for t in table["action"]],
            "Owner": [_shorten(str(o), 120) for o in table["owner"]],
            "Deadline": [day(e) or (t or "–") for e, t in zip(table["end"], table["timescale_raw"], strict=True)],
            "Status": status,
            STATUS_CODE: table["_code"].tolist(),
        },
        columns=["Rec.", "No.", "Action", "Owner", "Deadline", "Status", STATUS_CODE],
    )


def paginate(rows: pd.DataFrame, widths: Sequence[float], *, font_pt: float = TABLE_PT, height: float = 4.6) -> list:
    """Split rows into slide-sized pages by estimated text height (``widths`` and ``height`` in inches).

    PowerPoint grows a table row to fit its text, so a long table would run off the slide; estimating lines
    per cell (average glyph width about half the font size) keeps each page on its slide.
    """
    line = font_pt * 1.2 / 72  # inches per text line
    padding = 0.08  # cell margins, top and bottom
    chars_per_inch = 72 / (font_pt * 0.46)  # Arial averages about 0.42 em a glyph: this errs on the safe side

    def row_height(values: Sequence[object]) -> float:
        lines = 1
        for value, width in zip(values, widths, strict=True):
            per_line = max(4, int((width - 0.15) * chars_per_inch))
            count = sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
            lines = max(lines, count)
        return max(ROW_MIN_HEIGHT, lines * line + padding)

    rows_shown = shown(rows)
    header = row_height(list(rows_shown.columns))
    pages: list[pd.DataFrame] = []
    start, used = 0, header
    for i, values in enumerate(rows_shown.itertuples(index=False, name=None)):
        h = row_height(values)
        if i > start and used + h > height:
            pages.append(rows.iloc[start:i])
            start, used = i, header
        used += h
    if len(rows) > start or not pages:
        pages.append(rows.iloc[start:])
    return pages


# --- drawing ----------------------------------------------------------------------------------------------
def add_table(slide: Slide, rows: pd.DataFrame, widths: Sequence[float], *, top=BODY_TOP) -> None:
    """The rows as a PowerPoint table at :data:`TABLE_PT`, status cells filled with the app's status colours."""
    codes = list(rows[STATUS_CODE]) if STATUS_CODE in rows else [""] * len(rows)
    rows = shown(rows)
    shape = slide.shapes.add_table(len(rows) + 1, len(rows.columns), MARGIN, top, CONTENT_WIDTH, Inches(0.4))
    table = shape.table
    for i, width in enumerate(widths):
        table.columns[i].width = Inches(width)
    for r in range(len(rows) + 1):
        table.rows[r].height = Inches(ROW_MIN_HEIGHT)
    for c, name in enumerate(rows.columns):
        _cell(table.cell(0, c), str(name), bold=True, fill=ACCENT, colour="FFFFFF")
    for r, (values, code) in enumerate(zip(rows.itertuples(index=False, name=None), codes, strict=True), start=1):
        fill = "FFFFFF" if r % 2 else "F2F5F8"
        for c, value in enumerate(values):
            if rows.columns[c] in STATUS_COLUMNS and code in STATUS_COLOURS:
                colour = STATUS_COLOURS[code]
                _cell(table.cell(r, c), str(value), fill=colour, colour=text_on(colour), bold=True)
            else:
                _cell(table.cell(r, c), str(value), fill=fill)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(fill: str) -> str:
    """White or ink, whichever reads better on ``fill`` (the higher WCAG contrast ratio)."""
    lum = _luminance(fill)
    white, ink = 1.05 / (lum + 0.05), (lum + 0.05) / (_luminance(INK) + 0.05)
    return "FFFFFF" if white >= ink else INK


def _cell(cell, text: str, *, bold: bool = False, fill: str = "FFFFFF", colour: str = INK) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(fill)
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    frame = cell.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = ""
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.name, run.font.size, run.font.bold = FONT, Pt(TABLE_PT), bold
    run.font.color.rgb = rgb(colour)
