"""PDF with a text layer (pdfplumber): ruled tables as tables, the rest of each page as lines.

A table that ends one page and starts the next with the same number of columns is one table (the
repeated header is dropped later). A merged cell comes back as ``None`` and is filled from above by the
table assembler. Lines wrapped inside a cell are rejoined with spaces, except before a bullet or a step
letter, which start a new paragraph. Encrypted files and image-only scans are refused with a reason.
"""

from __future__ import annotations

import io
import re
import time

from loaders.importer.cells import BULLETS
from loaders.importer.document import Block, Document, ImportRefused, Line, Progress, Table, no_progress
from loaders.importer.recommendations import LABEL

#: Pages read at most (a long committee pack holds the plan in its first hundred pages).
MAX_PAGES = 200
#: Seconds spent reading pages before the rest is left unread (with a warning): a hostile or huge PDF gives
#: a partial draft instead of a hang.
TIME_BUDGET = 30.0
_STARTS_ITEM = re.compile(rf"^(?:[{re.escape(BULLETS)}]\s|\(?[a-z][.)]\s|\d{{1,2}}(?:\.\d{{1,2}})*[.)]?\s)")


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    out: list[str] = []
    for line in value.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out and not _STARTS_ITEM.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def read_pdf(data: bytes, *, progress: Progress = no_progress) -> Document:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except PDFPasswordIncorrect:
        raise ImportRefused("the PDF is encrypted (password protected): save an unprotected copy first") from None
    except Exception as exc:
        name = type(exc).__name__
        inner = " ".join(type(a).__name__ for a in getattr(exc, "args", ()))
        if (
            "password" in f"{name} {inner} {exc}".lower()
            or "encrypt" in str(exc).lower()
            or b"/Encrypt" in data[-4096:]
        ):
            raise ImportRefused("the PDF is encrypted (password protected): save an unprotected copy first") from None
        raise ImportRefused(f"the PDF cannot be read ({name})") from None
    blocks: list[Block] = []
    warnings: list[str] = []
    chars = 0
    images = 0
    with pdf:
        if len(pages) > MAX_PAGES:
            warnings.append(f"only the first {MAX_PAGES} of {len(pages)} pages were read")
        open_table: Table | None = None
        started = time.perf_counter()
        for number, page in enumerate(pages[:MAX_PAGES], start=1):
            if time.perf_counter() - started > TIME_BUDGET:
                warnings.append(f"stopped after page {number - 1} of {len(pages)}: reading took over {TIME_BUDGET:g} s")
                break
            progress((number - 1) / max(1, min(len(pages), MAX_PAGES)), f"Reading page {number} of {len(pages)}")
            try:
                chars += len(page.chars)
                images += len(page.images)
                found = page.find_tables() if page.rects or page.lines else []
                words = page.extract_words()
            except Exception as exc:
                warnings.append(f"page {number} could not be read ({type(exc).__name__})")
                continue
            boxes = [t.bbox for t in found]
            free = [w for w in words if not any(b[0] <= w["x0"] <= b[2] and b[1] <= w["top"] <= b[3] for b in boxes)]
            tail: list[str | None] | None = None
            if found:
                above = _lines_where(free, lambda top, first=found[0].bbox[1]: top < first)
                tail, free = _tail_row(found[-1], free)
                below = _lines_where(free, lambda top, last=found[-1].bbox[3]: top > last)
            else:
                above, below = _lines_where(free, lambda top: True), []
            for line in above:
                open_table = None
                blocks.append(Line(line, f"page {number}"))
            for t_index, table in enumerate(found, start=1):
                rows = [[_cell(c) for c in row] for row in table.extract()]
                if not rows:
                    continue
                if tail is not None and t_index == len(found):
                    rows.append(tail)
                where = [f"page {number}, table {t_index}, row {i + 1}" for i in range(len(rows))]
                if open_table is not None and t_index == 1 and not above and len(rows[0]) == len(open_table.rows[0]):
                    open_table.rows.extend(rows)
                    open_table.row_where.extend(where)
                else:
                    open_table = Table(rows, f"page {number}, table {t_index}", where)
                    blocks.append(open_table)
            for line in below:
                open_table = None
                blocks.append(Line(line, f"page {number}"))
    if chars == 0:
        if images:
            raise ImportRefused("no text layer: this PDF is an image; OCR is not supported")
        raise ImportRefused("no text layer: the PDF holds no text")
    return Document(blocks, "pdf", pages=len(pages), warnings=warnings)


def _lines_where(words: list[dict], keep) -> list[str]:
    """Paragraphs of the words kept: lines are joined while the gap to the next line is under half a line
    and the next line does not start an item (a bullet, a number, a "Recommendation N" label)."""
    lines: list[list[dict]] = []
    for word in sorted((w for w in words if keep(w["top"])), key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    paragraphs: list[str] = []
    last_bottom = None
    for line in lines:
        text = " ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"]))
        top = min(w["top"] for w in line)
        bottom = max(w["bottom"] for w in line)
        height = max(bottom - top, 1)
        joins = (
            paragraphs
            and last_bottom is not None
            and top - last_bottom < 0.5 * height
            and not _STARTS_ITEM.match(text)
            and not LABEL.match(text)
        )
        if joins:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        last_bottom = bottom
    return paragraphs


def _tail_row(table, words: list[dict]) -> tuple[list[str | None] | None, list[dict]]:
    """The part of a row that runs off the bottom of the page: words under the table's last rule, inside its
    columns, are read as one more row (the row's bottom border is only drawn on the next page)."""
    x0, _, x1, bottom = table.bbox
    below = [w for w in words if w["top"] > bottom and w["x0"] >= x0 - 2 and w["x1"] <= x1 + 2]
    if not below or not table.rows:
        return None, words
    first_gap = min(w["top"] for w in below) - bottom
    if first_gap > 40:
        return None, words
    cells = [c for c in table.rows[0].cells]
    bounds = [(c[0], c[2]) for c in cells if c is not None]
    if len(bounds) != len(cells):
        return None, words
    columns: list[list[dict]] = [[] for _ in bounds]
    for word in below:
        middle = (word["x0"] + word["x1"]) / 2
        for index, (left, right) in enumerate(bounds):
            if left <= middle <= right:
                columns[index].append(word)
                break
    row: list[str | None] = []
    for column in columns:
        lines: list[list[dict]] = []
        for word in sorted(column, key=lambda w: (round(w["top"]), w["x0"])):
            if lines and abs(lines[-1][0]["top"] - word["top"]) < 3:
                lines[-1].append(word)
            else:
                lines.append([word])
        row.append(_cell("\n".join(" ".join(w["text"] for w in line) for line in lines)) or "")
    kept = [w for w in words if w not in below]
    return row, kept
