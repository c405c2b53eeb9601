"""Search matches marked in Markdown-safe text: the analysis layer says where the matches are
(:func:`analysis.search.snippet`), this edge escapes every piece and marks the matching ones, so no data text
ever becomes markup or a link."""

from __future__ import annotations

from analysis.search import Query, snippet
from ui.format import md_escape
from ui.memo import word_form


def highlight(text: object, query: Query | str, *, max_chars: int | None = None) -> str:
    """``text`` escaped for Markdown with the matches of ``query`` marked bold on an orange background (bold so
    they show without colour); with ``max_chars``, a window around the first match with an ellipsis where cut.

    >>> highlight("Organization <b>design</b>", "organisation")
    ':orange-background[**Organization**] \\\\<b\\\\>design\\\\</b\\\\>'
    """
    cut = snippet(text, query, max_chars=max_chars, canon=word_form)
    marked = (f":orange-background[**{md_escape(piece)}**]" if hit else md_escape(piece) for piece, hit in cut.pieces)
    body = "".join(marked)
    return ("…" if cut.cut_before else "") + body + ("…" if cut.cut_after else "")
