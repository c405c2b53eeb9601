"""Plain text, as pasted from a PDF: paragraphs one per line, table rows flattened with tabs.

A run of tab-separated lines is a table. A short line without tabs between two such lines is a wrapped
piece of the row above (``What do we want to`` / ``achieve?``) and stays in the table as a one-cell row;
deciding what it continues is the table assembler's job, which sees the header too.
"""

from __future__ import annotations

from loaders.importer.cells import clean
from loaders.importer.document import Block, Document, Line, Table

#: A line without tabs this short (in words) between two table rows is read as part of the table.
WRAP_WORDS = 4


def _strip_list_dash(text: str) -> str:
    """A converter's markdown list dash ("- 1. Text") or heading hashes ("### 3.0 Title") are not part of the
    author's words."""
    if text.startswith("#"):
        stripped = text.lstrip("#")
        if stripped.startswith(" "):
            return stripped.strip()
    return text[2:] if text.startswith("- ") else text


def read_text(text: str) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    rows: list[list[str]] = []
    row_where: list[str] = []
    start = 0

    def close() -> None:
        if rows:
            blocks.append(Table([list(r) for r in rows], f"table at line {start}", list(row_where)))
            rows.clear()
            row_where.clear()

    def next_is_row(index: int) -> bool:
        for later in lines[index + 1 : index + 3]:
            if later.strip():
                return "\t" in later
        return False

    for number, raw in enumerate(lines, start=1):
        if "\t" in raw:
            if not rows:
                start = number
            rows.append([cell.strip() for cell in raw.split("\t")])
            row_where.append(f"line {number}")
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        if rows and len(stripped.split()) <= WRAP_WORDS and next_is_row(number - 1):
            rows.append([stripped])
            row_where.append(f"line {number}")
            continue
        close()
        blocks.append(Line(clean(_strip_list_dash(raw.strip())), f"line {number}"))
    close()
    return Document(blocks, "text")
