"""Draft a plan from a council's own document: PDF, Word, web page, spreadsheet or pasted text.

>>> draft = draft_plan("council-plan.pdf")            # doctest: +SKIP
>>> draft.plan["recommendations"][0]["title"], draft.findings.frame().head()  # doctest: +SKIP

``draft_plan`` never raises on the document's content: a file it cannot read (encrypted, a scanned image,
too big, a zip bomb) gives a draft with no content and one finding that says why; only a missing path or
a wrong argument raises.
"""

from __future__ import annotations

from pathlib import Path

from loaders.importer.assemble import find_parts
from loaders.importer.document import MAX_FILE_BYTES, Document, ImportRefused, Progress, no_progress
from loaders.importer.draft import Draft, build, problems_of, to_yaml
from loaders.importer.findings import Finding, Findings
from loaders.importer.formats import read_document

__all__ = ["MAX_FILE_BYTES", "Draft", "Finding", "ImportRefused", "draft_plan"]


def draft_plan(source: str | Path | bytes, *, filename: str | None = None, progress: Progress = no_progress) -> Draft:
    """Read ``source`` (a path, or the file's bytes with ``filename`` naming its format) and draft a plan.

    ``progress(fraction, message)`` is told how far it has got (page by page for a PDF), for a progress bar.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        size = path.stat().st_size
        filename = filename or path.name
        if size > MAX_FILE_BYTES:
            data = b""
            refused: str | None = (
                f"file is {size:,} bytes; the importer reads files up to {MAX_FILE_BYTES:,} bytes (20 MB)"
            )
        else:
            data, refused = path.read_bytes(), None
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data, refused = bytes(source), None
        if len(data) > MAX_FILE_BYTES:
            refused = f"file is {len(data):,} bytes; the importer reads files up to {MAX_FILE_BYTES:,} bytes (20 MB)"
    else:
        raise TypeError("source must be a path or bytes")
    findings = Findings()
    doc = Document([], "unknown")
    if refused is None:
        try:
            doc = read_document(data, filename, progress=lambda f, m: progress(0.85 * f, m))
        except ImportRefused as exc:
            refused = str(exc)
    if refused:
        findings.add("document not read", filename or "upload", "high", refused)
    for warning in doc.warnings:
        findings.add("reading the document", filename or "upload", "medium", warning)
    progress(0.9, "Finding the council, recommendations and actions")
    parts = find_parts(doc, findings, filename)
    plan = build(parts, findings, filename=filename)
    if refused:
        plan["notes"] = [{"kind": "missing", "text": f"The document could not be read: {refused}."}]
    text = to_yaml(plan, source=filename)
    progress(1.0, "Drafted")
    return Draft(plan, text, findings, problems_of(text, plan["id"]), doc.text, doc.kind)
