"""Word (.docx) via python-docx: paragraphs and tables in body order, list numbering, merged cells.

The archive is checked before parsing: a zip bomb (members that inflate far beyond the file) is refused.
"""

from __future__ import annotations

import io
import zipfile

from loaders.importer.document import Block, Document, ImportRefused, Line, Table

#: Largest total uncompressed size of a .docx/.xlsx archive, and the largest inflation ratio of a member.
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_RATIO = 200


def check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportRefused(f"the file is not a valid Office archive ({exc})") from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(
                f"archive member {info.filename[:60]!r} inflates {info.file_size // max(info.compress_size, 1)}-fold: "
                "refused as a possible zip bomb"
            )
    if total > MAX_UNZIPPED:
        raise ImportRefused(f"the archive unpacks to {total:,} bytes; the limit is {MAX_UNZIPPED:,} bytes")


def read_docx(data: bytes) -> Document:
    check_zip(data)
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ImportRefused(f"the Word file cannot be read ({type(exc).__name__})") from None
    blocks: list[Block] = []
    counters: dict[tuple[str, int], int] = {}
    tables = 0
    for index, child in enumerate(document.element.body.iterchildren()):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            level = int(style.split()[-1]) if style.startswith("Heading") and style.split()[-1].isdigit() else 0
            numbered = None
            num = child.find(".//{*}numPr")
            if num is not None and "Bullet" not in style:
                num_id = num.find("{*}numId")
                ilvl = num.find("{*}ilvl")
                key = (
                    num_id.get(num_id.keys()[0]) if num_id is not None else "0",
                    int(ilvl.get(ilvl.keys()[0])) if ilvl is not None else 0,
                )
                counters[key] = counters.get(key, 0) + 1
                numbered = str(counters[key])
            elif "List Number" in style:
                key = ("style", 0)
                counters[key] = counters.get(key, 0) + 1
                numbered = str(counters[key])
            blocks.append(Line(text, f"paragraph {index + 1}", level, numbered))
        elif tag == "tbl":
            tables += 1
            table = DocxTable(child, document)
            rows: list[list[str]] = []
            for row in table.rows:
                cells: list[str] = []
                seen = None
                for cell in row.cells:
                    if cell._tc is seen:
                        continue  # a horizontally merged cell repeats
                    seen = cell._tc
                    parts = []
                    for p in cell.paragraphs:
                        text = p.text.strip()
                        if not text:
                            continue
                        style = (p.style.name if p.style is not None else "") or ""
                        parts.append(f"• {text}" if "Bullet" in style else text)
                    cells.append("\n".join(parts))
                rows.append(cells)
            where = [f"table {tables}, row {i + 1}" for i in range(len(rows))]
            blocks.append(Table(rows, f"table {tables}", where))
    return Document(blocks, "docx")
