"""A web page saved from a council's site (lxml): headings, paragraphs and list items as lines, tables as
tables with row and column spans expanded. Scripts, styles and templates are removed before anything is
read; nothing is rendered or run.
"""

from __future__ import annotations

from lxml import html as lxml_html

from loaders.importer.cells import clean
from loaders.importer.document import Block, Document, ImportRefused, Line, Table
from loaders.importer.formats import decode_text

_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "caption", "blockquote", "pre"}
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head")
MAX_SPAN = 50


def _cell_text(cell) -> str:
    parts: list[str] = []
    items = [el for el in cell.iter() if el.tag in ("p", "li", "div") and not any(c.tag in ("p", "li") for c in el)]
    if not items:
        return clean(cell.text_content())
    for el in items:
        text = clean(el.text_content())
        if text:
            parts.append(f"• {text}" if el.tag == "li" and text[:1] not in "•●○◦▪–-" else text)
    return "\n".join(parts)


def _table(element, number: int) -> Table:
    grid: dict[tuple[int, int], str] = {}
    rows = [
        tr
        for tr in element.iter("tr")
        if tr.getparent() is not None and tr.iterancestors("table").__next__() is element
    ]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = _cell_text(cell)
            try:
                rowspan = min(max(int(cell.get("rowspan", "1")), 1), MAX_SPAN)
                colspan = min(max(int(cell.get("colspan", "1")), 1), MAX_SPAN)
            except ValueError:
                rowspan = colspan = 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dc == 0 else ""
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    out = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    return Table(out, f"table {number}", [f"table {number}, row {i + 1}" for i in range(len(out))])


def read_html(data: bytes) -> Document:
    try:
        root = lxml_html.document_fromstring(decode_text(data))
    except Exception as exc:
        raise ImportRefused(f"the web page cannot be read ({type(exc).__name__})") from None
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    blocks: list[Block] = []
    tables = 0
    line = 0

    def walk(node) -> None:
        nonlocal tables, line
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "table":
                tables += 1
                blocks.append(_table(child, tables))
            elif child.tag in _BLOCKS:
                text = clean(child.text_content())
                if text:
                    line += 1
                    level = int(child.tag[1]) if child.tag[0] == "h" and child.tag[1:].isdigit() else 0
                    blocks.append(Line(text, f"{child.tag} #{line}", level))
                if child.tag == "li" and any(isinstance(c.tag, str) and c.tag in ("ul", "ol") for c in child):
                    pass
            else:
                walk(child)

    body = root.find("body")
    walk(body if body is not None else root)
    return Document(blocks, "html")
