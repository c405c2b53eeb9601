"""Recommendations in running text: labelled ("Recommendation 1 –", "R1:") or numbered under a heading.

Three generic forms are read, in this order, and merged by number:

1. a label: ``Recommendation 3 – text`` / ``Recommendation 3<TAB>text`` (a line or the first cells of a
   table row) or ``R3 text``; a label with no text takes the next paragraph unless that repeats a
   recommendation already found;
2. a numbered list under a heading that mentions recommendations (``4 Recommendations …`` then ``4.1 …``,
   ``4.2 …``; or ``Recommendations`` then ``1. …``, ``2. …``): items must count up from 1 without gaps,
   so numbered paragraphs of a report (``24. Under section 149 …``) are not taken;
3. (in ``assemble``) the text of a table's recommendation column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.importer.cells import clean
from loaders.importer.document import Document, Line, Table
from loaders.importer.findings import Findings
from loaders.importer.similar import alike, similar

LABEL = re.compile(
    r"^(?:recommendation|rec\.?)\s*(\d{1,3}(?:\.\d{1,2})?|[A-Z](?=\s*[:.–—-]\s))\b(\s*[:.–—-]\s*|\s+|$)(.*)$", re.I
)
SHORT = re.compile(r"^R(\d{1,3})\b(\s*[:.–—-]\s*|\s+|$)(.*)$")
ITEM = re.compile(r"^(\d{1,2}(?:\.\d{1,2})?)[.)]?\s+(\S.*)$")
_DASH = re.compile(r"\s[-–—]\s")
_SENTENCE = re.compile(r"(?<=[a-z0-9)’'\"”][.!?])\s+(?=[A-Z‘'\"“])")


@dataclass
class Rec:
    number: str
    title: str
    text: str | None
    where: str
    how: str
    sub_points: list[str] = field(default_factory=list)
    council_theme: str | None = None
    notes: list[dict] = field(default_factory=list)


def headline(paragraph: str) -> tuple[str, str | None]:
    """The first sentence as the title, the whole paragraph as text when it is longer."""
    paragraph = clean(paragraph)
    parts = _SENTENCE.split(paragraph, maxsplit=1)
    title = parts[0]
    dashed = _DASH.split(title, maxsplit=1)
    if len(dashed) == 2 and len(dashed[0].split()) >= 4 and len(paragraph) - len(dashed[0]) > 2 * len(dashed[0]):
        return dashed[0].strip(), paragraph  # "Headline - body of several sentences"
    return title, (paragraph if len(parts) > 1 else None)


def is_heading(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 10 and not text.endswith((".", ":", ";", ",")) and not text[:1].islower()


def _from_labels(doc: Document, findings: Findings) -> list[Rec]:
    found: list[Rec] = []
    pending: Rec | None = None
    for block in doc.blocks:
        candidates: list[tuple[str, str]] = []
        if isinstance(block, Line):
            candidates.append((block.text, block.where))
        else:
            for i, row in enumerate(block.rows):
                cells = [c for c in row if c]
                if cells:
                    candidates.append((" ".join(cells[:2]) if len(cells) >= 2 else cells[0], block.at(i)))
        for text, where in candidates:
            if pending is not None:
                body = clean(text)
                clash = next((r for r in found if alike(r.title, body, 0.75)), None)
                if LABEL.match(body) or SHORT.match(body) or clash or len(body) < 12:
                    why = f"the next paragraph repeats recommendation {clash.number}" if clash else "no text follows"
                    findings.add(f"recommendation {pending.number}: label without text", pending.where, "low", why)
                else:
                    pending.title, pending.text = headline(body)
                    found.append(pending)
                    findings.add(
                        f"recommendation {pending.number}",
                        where,
                        "medium",
                        "label on its own line; text is the next paragraph",
                    )
                pending = None
                if not (LABEL.match(body) or SHORT.match(body)):
                    continue
            match = LABEL.match(text) or SHORT.match(text)
            if not match:
                continue
            number, body = match.group(1), clean(match.group(3) or "")
            separated = bool(match.group(2).strip()) or "\t" in text
            if not separated and body.lower().startswith(
                ("and ", "of ", "in ", "to ", "from ", "which ", "is ", "was ")
            ):
                continue  # running text that mentions a recommendation ("recommendation 4 of the report")
            if not body:
                pending = Rec(number, "", None, where, "label")
                continue
            title, full = headline(body)
            found.append(Rec(number, title, full, where, "label"))
            findings.add(f"recommendation {number}", where, "high", "labelled 'Recommendation N' / 'RN'")
    if pending is not None:
        findings.add(f"recommendation {pending.number}: label without text", pending.where, "low", "no text follows")
    return found


def _from_sections(doc: Document, findings: Findings) -> list[Rec]:
    lines = [b for b in doc.blocks if isinstance(b, Line)]
    found: list[Rec] = []
    for index, line in enumerate(lines):
        text = line.text
        section = ITEM.match(text)
        prefix = section.group(1) if section and "." not in section.group(1) else None
        heading_text = section.group(2) if prefix else text
        if "recommendation" not in heading_text.lower() or not is_heading(heading_text):
            continue
        expected = [f"{prefix}.1", "1"] if prefix else ["1"]
        items: list[Rec] = []
        for later in lines[index + 1 :]:
            match = ITEM.match(later.text) if not later.numbered else None
            number = later.numbered or (match.group(1) if match else None)
            body = later.text if later.numbered else (match.group(2) if match else "")
            if number is None:
                if later.level or (is_heading(later.text) and not items):
                    break
                continue
            if number not in expected:
                if not items:
                    break
                if "." not in number and prefix and number != prefix:
                    break  # the next numbered section
                continue
            title, full = headline(body)
            items.append(Rec(number, title, full, later.where, "section"))
            head, _, tail = number.rpartition(".")
            expected = [f"{head}.{int(tail) + 1}" if head else str(int(tail) + 1)]
        if len(items) >= 2:
            for rec in items:
                findings.add(
                    f"recommendation {rec.number}",
                    rec.where,
                    "medium",
                    f"numbered item under the heading {heading_text!r}",
                )
            found.extend(items)
    return found


def find_recommendations(doc: Document, findings: Findings) -> list[Rec]:
    recs: list[Rec] = []
    for rec in _from_labels(doc, findings) + _from_sections(doc, findings):
        same = next((r for r in recs if r.number == rec.number), None)
        if same is None:
            recs.append(rec)
            continue
        if similar(same.title, rec.title) < 0.98:
            same.notes.append(
                {
                    "kind": "inconsistent",
                    "about": "title",
                    "text": f"The document also words this recommendation as: {rec.text or rec.title!r} ({rec.where}).",
                }
            )
            findings.add(
                f"recommendation {rec.number}: second wording kept as a note",
                rec.where,
                "medium",
                "same number, different words",
            )
    return recs


def table_headings(doc: Document, table_index: int) -> list[str]:
    """The lines just before a table (its heading, and a label line above it), nearest first."""
    out: list[str] = []
    for block in reversed(doc.blocks[:table_index]):
        if isinstance(block, Table) or len(out) == 2:
            break
        out.append(block.text)
    return out
