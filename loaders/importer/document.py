"""The importer's intermediate form: a document as lines and tables, each knowing where it came from.

Every extractor (plain text, PDF, DOCX, HTML, spreadsheet) produces the same ``Document`` so the structure
detection that follows never needs to know the file format. ``where`` strings are what a person checking
the draft needs to find the spot in the original: ``line 12``, ``page 3``, ``table 2, row 4``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: Told how far reading has got: ``progress(fraction, message)`` with fraction in 0..1 (the page's progress bar).
Progress = Callable[[float, str], None]


def no_progress(fraction: float, message: str) -> None:
    """The default :data:`Progress`: nobody is watching."""


#: Largest file the importer reads, in bytes. Council action plans are rarely over 5 MB; beyond this a file
#: is refused with a message rather than parsed (parsing time and memory grow with size).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest amount of text kept from one document, in characters (a 40-page plan is ~150,000).
MAX_TEXT_CHARS = 3_000_000


class ImportRefused(Exception):
    """The file cannot be drafted from at all (too big, encrypted, no text layer, hostile); says why."""


@dataclass
class Line:
    """A paragraph or line of running text (a heading, a numbered item, a sentence)."""

    text: str
    where: str
    level: int = 0  # heading level when the format says (1 = top), else 0
    numbered: str | None = None  # list number given by the format itself (DOCX numbering), if any


@dataclass
class Table:
    """A table as rows of cell texts. A cell may hold several paragraphs, separated by newlines."""

    rows: list[list[str]]
    where: str
    row_where: list[str] = field(default_factory=list)

    def at(self, index: int) -> str:
        return self.row_where[index] if index < len(self.row_where) else f"{self.where}, row {index + 1}"


Block = Line | Table


@dataclass
class Document:
    """Blocks in reading order, plus the full text (for organisation and date search) and the format."""

    blocks: list[Block]
    kind: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Line):
                parts.append(block.text)
            else:
                parts.extend("\t".join(c or "" for c in row) for row in block.rows)
        return "\n".join(parts)
