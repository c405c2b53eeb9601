"""Which reader a file needs, from its first bytes (and, failing that, its name)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from loaders.importer.document import Document, ImportRefused, Progress, no_progress
from loaders.importer.text import read_text


def sniff(data: bytes, filename: str | None) -> str:
    suffix = Path(filename or "").suffix.lower()
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise ImportRefused(f"the file looks like a zip archive but cannot be opened ({exc})") from None
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise ImportRefused("a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused("an old binary Office file (.doc/.xls): save it as .docx or .xlsx first")
    lowered = head[:512].lower()
    if suffix in (".html", ".htm") or lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    if suffix == ".csv":
        return "csv"
    return "text"


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_document(data: bytes, filename: str | None, *, progress: Progress = no_progress) -> Document:
    """The document's lines and tables; ``progress`` hears page by page for a PDF (the slow format)."""
    kind = sniff(data, filename)
    if kind == "pdf":
        from loaders.importer.pdf import read_pdf

        return read_pdf(data, progress=progress)
    if kind == "docx":
        from loaders.importer.word import read_docx

        return read_docx(data)
    if kind == "html":
        from loaders.importer.web import read_html

        return read_html(data)
    if kind in ("xlsx", "csv"):
        from loaders.importer.sheet import read_sheet

        return read_sheet(data, kind)
    if b"\x00" in data[:4096]:
        raise ImportRefused("binary data that is not a PDF, Word, Excel or web page")
    return read_text(decode_text(data))
