"""The document's own particulars: title, date, meeting, author, on-site dates, declared counts.

Only what the document states is taken: a date needs its day to become ``date``/``plan_date``; a month
or season stays text in ``onsite_as_written``. Labels are the generic ones of committee papers
("Date:", "Meeting date:", "Report to:", "Report of:", "Title of report:").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from loaders.importer.cells import clean
from loaders.importer.document import Document, Line
from loaders.timescales import parse_timescale

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
DAY_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(\d{{4}})\b")
RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:{_MONTH}\s*)?(?:-|–|to|and)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(\d{{4}})\b"
)
VAGUE = re.compile(rf"\b((?:(?:early|mid|late)[- ])?(?:{_MONTH}|spring|summer|autumn|winter)\s+(\d{{4}}))\b", re.I)
NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
DECLARED = re.compile(
    r"\b(made|makes|make|highlighted|identified|set out|sets out|contains?|includ(?:ed|es)|gave|offered|were)\s+"
    r"(?:(?:a total of|the following|its|their)\s+)?(\d{1,2}|"
    + "|".join(NUMBERS)
    + r")\s+(?:[a-z-]+\s+){0,2}recommendations\b",
    re.I,
)
_LABELS = {
    "date": re.compile(r"^(?:meeting date|date of meeting|date of report|report date|date)\s*[:\t]\s*(.+)$", re.I),
    "meeting": re.compile(r"^(?:meeting|report to|committee|decision maker|to)\s*[:\t]\s*(.+)$", re.I),
    "report_of": re.compile(r"^(?:report of|report by|report author|presented by|from|author)\s*[:\t]\s*(.+)$", re.I),
    "title": re.compile(r"^(?:title of report|report title|title|subject)\s*[:\t]\s*(.+)$", re.I),
}
_ONSITE_CONTEXT = re.compile(r"on-?site|took place|undertook|undertaken|visit|peer challenge|peer review", re.I)


def day_date(text: str) -> dt.date | None:
    match = DAY_DATE.search(text)
    if not match:
        return None
    month = MONTHS.get(match.group(2).lower()[:3] + "") or next(
        (v for k, v in MONTHS.items() if k.startswith(match.group(2).lower()[:3])), None
    )
    try:
        return dt.date(int(match.group(3)), month or 0, int(match.group(1)))
    except ValueError:
        return None


def _period_only(text: str) -> bool:
    """True for a date with no day that reads as one period and nothing else ("January 2024", "Autumn 2023"):
    worth keeping as the plan's date as written. A short cell only, read by the guarded timescale parser."""
    if len(text) > 60:
        return False
    ts = parse_timescale(text)
    return ts.start is not None and ts.end is not None and not ts.flags and not ts.ongoing


def _month(name: str) -> int:
    return next(v for k, v in MONTHS.items() if k.startswith(name.lower()[:3]))


@dataclass
class Meta:
    title: str | None = None
    title_where: str | None = None
    date: dt.date | None = None
    date_as_written: str | None = None  # a labelled date with no day ("Date: January 2024"), kept as written
    date_where: str | None = None
    meeting: str | None = None
    report_of: str | None = None
    onsite_as_written: str | None = None
    onsite_start: dt.date | None = None
    onsite_end: dt.date | None = None
    onsite_where: str | None = None
    year: int | None = None
    declared: int | None = None
    declared_where: str | None = None
    declared_quote: str | None = None
    kind: str = "corporate peer challenge"


def _label_lines(doc: Document) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for block in doc.blocks[:80]:
        if isinstance(block, Line):
            out.append((block.text, block.where))
        else:
            for i, row in enumerate(block.rows[:20]):
                cells = [c for c in row if c]
                if len(cells) >= 2 and len(cells[0]) < 40:
                    out.append((f"{cells[0].rstrip(':')}: {cells[1]}", block.at(i)))
    return out


def find_meta(doc: Document) -> Meta:
    meta = Meta()
    labelled = _label_lines(doc)
    for text, where in labelled:
        for key, pattern in _LABELS.items():
            match = pattern.match(text)
            if not match:
                continue
            value = clean(match.group(1))
            if key == "date" and meta.date is None:
                meta.date, meta.date_where = day_date(value), where
                if meta.date is None and meta.date_as_written is None and _period_only(value):
                    meta.date_as_written = value
            elif key == "title" and meta.title is None:
                meta.title, meta.title_where = value, where
            elif key in ("meeting", "report_of") and getattr(meta, key) is None and value:
                setattr(meta, key, value)
    if meta.title is None:
        for text, where in labelled:
            if len(text) > 8 and ":" not in text and len(text.split()) <= 14 and not text.endswith("."):
                meta.title, meta.title_where = text, where
                break
    if meta.date is None:
        for text, where in labelled[:15]:
            found = None if _ONSITE_CONTEXT.search(text) else day_date(text)
            if found:
                meta.date, meta.date_where = found, where
                break
    full = doc.text
    _find_onsite(doc, meta)
    declared = DECLARED.search(full)
    if declared:
        word = declared.group(2).lower()
        meta.declared = int(word) if word.isdigit() else NUMBERS[word]
        meta.declared_quote = clean(declared.group(0))
    if re.search(r"\bprogress review\b", meta.title or "", re.I):
        meta.kind = "progress review"
    elif len(re.findall(r"\brevisit\b", full, re.I)) >= 2:
        meta.kind = "revisit"
    return meta


_TRIGGER = re.compile(r"\b(took place|undertook|undertaken|received|on-?site|was held|visited|made a)\b", re.I)


def _find_onsite(doc: Document, meta: Meta) -> None:
    """The visit's dates: a day range in a sentence about the visit wins; else the latest month or season
    nearest a verb saying the visit happened ("took place in", "undertook", "received")."""
    best_distance = 10**9
    for block in doc.blocks:
        if not isinstance(block, Line) or not _ONSITE_CONTEXT.search(block.text):
            continue
        if (
            "follow" in block.text.lower()
            and "visit" in block.text.lower()
            and "peer challenge" not in block.text.lower()
        ):
            continue
        span = RANGE.search(block.text)
        if span:
            first_month = span.group(2) or span.group(4)
            try:
                meta.onsite_start = dt.date(int(span.group(5)), _month(first_month), int(span.group(1)))
                meta.onsite_end = dt.date(int(span.group(5)), _month(span.group(4)), int(span.group(3)))
            except ValueError:
                meta.onsite_start = meta.onsite_end = None
            meta.onsite_as_written = clean(span.group(0))
            meta.year = int(span.group(5))
            meta.onsite_where = block.where
            return
        if re.search(r"\bwill\b", block.text) and not re.search(r"\b(took place|undertook|received)\b", block.text):
            continue
        triggers = [m.start() for m in _TRIGGER.finditer(block.text)]
        if not triggers:
            continue
        for vague in VAGUE.finditer(block.text):
            year = int(vague.group(3))
            distance = min(abs(vague.start() - t) for t in triggers)
            if meta.year is None or year > meta.year or (year == meta.year and distance < best_distance):
                meta.onsite_as_written = clean(vague.group(1))
                meta.year = year
                meta.onsite_where = block.where
                best_distance = distance
