"""Cell text: markup left in a cell by a PDF-to-text converter, and lettered or bulleted steps inside it.

Text pasted from a PDF often keeps the converter's paragraph markup inside table cells (``<p>…</p>``,
``<ul><li>…``). ``cell_paragraphs`` turns such a cell into plain paragraphs (never rendering or running
anything: lxml only parses it, and only text nodes are kept). ``split_steps`` finds "a. … b. … c. …" or
bulleted items written in one run of text, accepting a letter only when it continues the sequence so
"e.g." or an initial in a name is not taken for a step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

#: Glyphs that start a bulleted item.
BULLETS = "•●○◦▪■□–-*·"
_MARKUP = re.compile(r"<\s*(p|li|ul|ol|br|div|span)\b[^>]*>", re.I)
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Whitespace collapsed, the converter's bold/italic asterisks removed (they are not the author's words)."""
    text = text.replace("\u00a0", " ").replace("**", "")
    return _SPACE.sub(" ", text).strip()


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def cell_paragraphs(text: str) -> list[str]:
    """The paragraphs of one cell, list items prefixed with their bullet ("• " when the item shows none)."""
    if not has_markup(text):
        return [p for p in (clean(part) for part in text.split("\n")) if p]
    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div")
    except Exception:
        return [clean(re.sub(r"<[^>]{0,200}>", " ", text))]
    out: list[str] = []
    loose: list[str] = []

    def flush() -> None:
        joined = clean(" ".join(loose))
        if joined:
            out.append(joined)
        loose.clear()

    def walk(node) -> None:
        for child in node:
            if not isinstance(child.tag, str) or child.tag in ("script", "style"):
                if child.tail:
                    loose.append(child.tail)
                continue
            if child.tag in ("ul", "ol"):
                flush()
                walk(child)
            elif child.tag == "li":
                flush()
                item = clean(child.text_content())
                if item:
                    out.append(item if item[0] in BULLETS else f"• {item}")
            elif child.tag in ("p", "div", "br"):
                flush()
                if child.tag == "br":
                    pass
                elif len(child) and any(sub.tag in ("ul", "ol", "p") for sub in child if isinstance(sub.tag, str)):
                    if child.text:
                        loose.append(child.text)
                    walk(child)
                    flush()
                else:
                    loose.append(child.text_content())
                    flush()
            else:
                loose.append(child.text_content())
            if child.tail:
                loose.append(child.tail)

    if root.text:
        loose.append(root.text)
    walk(root)
    flush()
    return out


@dataclass(frozen=True)
class StepText:
    label: str | None
    text: str


_LETTER = re.compile(r"(?:(?<=^)|(?<=[\s.;:)]))\(?([a-z]|[ivx]{1,4})[.)](?=\s|[A-Z])")


def split_steps(text: str) -> tuple[str, list[StepText]]:
    """Split ``text`` into the words before the first step and its lettered steps ("a. …b. …" in sequence).

    Returns ``(text, [])`` when fewer than two steps in sequence are found."""
    text = clean(text)
    marks: list[tuple[int, int, str]] = []
    expected = "a"
    for match in _LETTER.finditer(text):
        letter = match.group(1)
        if letter != expected:
            if not marks and letter == "b":  # "Identify … b. Work …": the first step lost its letter
                marks.append((0, 0, ""))
            else:
                continue
        marks.append((match.start(), match.end(), letter))
        expected = chr(ord(letter) + 1)
    if len([m for m in marks if m[2]]) < 2:
        return text, []
    lead = text[: marks[0][0]].strip()
    steps: list[StepText] = []
    for index, (_start, end, letter) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        body = text[end:stop].strip()
        if not letter:
            body = text[:stop].strip()
            lead = ""
        if body:
            steps.append(StepText(letter or None, body))
    return lead, steps


def split_bullets(paragraphs: list[str]) -> tuple[list[str], list[list[StepText]]]:
    """Paragraphs grouped as items, each with the bulleted paragraphs that follow it as its steps.

    A bulleted run after a paragraph elaborates that paragraph; a bulleted run with no paragraph before it
    stands as items of its own."""
    items: list[str] = []
    steps: list[list[StepText]] = []
    item_was_bullet: list[bool] = []
    for paragraph in paragraphs:
        glyph = paragraph[0] if paragraph and paragraph[0] in BULLETS and paragraph[1:2] == " " else None
        if glyph and items and not item_was_bullet[-1]:
            steps[-1].append(StepText(glyph, paragraph[1:].strip()))
        elif glyph:
            items.append(paragraph[1:].strip())
            steps.append([])
            item_was_bullet.append(True)
        else:
            items.append(paragraph)
            steps.append([])
            item_was_bullet.append(False)
    return items, steps
