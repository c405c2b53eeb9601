"""Links into the council brief that land on the right heading.

Streamlit gives every markdown heading an ``id`` made from its text by the ``slugify`` JavaScript package and
scrolls to it when the page address ends in ``#<id>``. :func:`heading_anchor` reproduces that slug in Python
for the brief's own headings ("Recommendation 4.1: ...", and a challenge card's
:func:`~analysis.followup.challenge_label` such as "Revisit 2021"), so a search result can link to
its place. A slug that differed (an exotic character) would only mean the brief opens at its top; the
browser test checks the anchors of every shipped recommendation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from analysis.followup import challenge_label, council_default_visit
from ui.state import BRIEF_COUNCIL_PARAM, BRIEF_OPEN_PARAM, BRIEF_VISIT_PARAM

# slugify's replacements for the letters that do not simply lose an accent (its German-style umlauts too)
_LETTERS = {"&": " and ", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ä": "ae",
            "Ä": "Ae", "ö": "oe", "Ö": "Oe", "ü": "ue", "Ü": "Ue", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
            "€": "E"}  # fmt: skip
_DECAMEL = (
    (re.compile(r"([A-Z]{2})(\d+)"), r"\1 \2"),
    (re.compile(r"([a-z\d])([A-Z])"), r"\1 \2"),
    (re.compile(r"([A-Z])([A-Z](?!s(?![a-z]))[a-z\d]+)"), r"\1 \2"),
)
_CONTRACTION = re.compile(r"([a-z\d])['’]([ts])(?![a-z\d])")
_SEPARATORS = re.compile(r"[^a-z\d]+")


def heading_anchor(text: str) -> str:
    """The ``id`` Streamlit gives a markdown heading with this text (the slugify package's rules).

    >>> heading_anchor("Recommendation 4.1: In light of the Council's priorities – ‘getting the basics right’")
    'recommendation-4-1-in-light-of-the-councils-priorities-getting-the-basics-right'
    >>> heading_anchor("Revisit 2021")
    'revisit-2021'
    """
    text = unicodedata.normalize("NFC", text)
    for old, new in _LETTERS.items():
        text = text.replace(old, new)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text)
    for pattern, replacement in _DECAMEL:
        text = pattern.sub(replacement, text)
    text = _CONTRACTION.sub(r"\1\2", text.lower())
    return _SEPARATORS.sub("-", text).strip("-")


def recommendation_heading(number: object, title: object) -> str:
    """The brief's heading text for a recommendation (pages/brief.py writes it the same way)."""
    return f"Recommendation {number}: {title}"


def brief_url(
    council_id: str,
    *,
    anchor: str = "",
    visit: str = "",
    open_rec: str = "",
    params: Mapping[str, list[str]] | None = None,
) -> str:
    """A relative address of the council brief for ``council_id``, keeping the sidebar filter ``params``.

    Pass the ``visit`` date the brief would choose itself (:func:`brief_visits`): the brief writes any missing
    parameter into the address as it opens, and that rewrite drops the ``#anchor`` before the heading is drawn.
    ``open_rec`` (a rec_id) makes the brief open that recommendation's collapsed section, so the heading the
    anchor points at is visible and the browser can scroll to it.
    """
    pairs = [
        (BRIEF_COUNCIL_PARAM, council_id),
        *([(BRIEF_VISIT_PARAM, visit)] if visit else []),
        *([(BRIEF_OPEN_PARAM, open_rec)] if open_rec else []),
    ]
    query = urlencode([*pairs, *((k, v) for k, vs in (params or {}).items() for v in vs)])
    return f"brief?{query}" + (f"#{anchor}" if anchor else "")


def brief_visits(challenges: Any, council_ids: Iterable[str], *, today: dt.date | None = None) -> dict[str, str]:
    """The visit date (ISO) the council brief opens with for each council: its default, else today."""
    out = {}
    for council_id in council_ids:
        default = council_default_visit(challenges[challenges["council_id"] == council_id])
        out[council_id] = (default.date if default else (today or dt.date.today())).isoformat()
    return out


def result_anchors(results: Any, *, recommendations: Any, challenges: Any) -> list[str]:
    """For each search result row, the brief heading it belongs to: its recommendation, else its challenge."""
    recs = {
        r: recommendation_heading(n, t)
        for r, n, t in zip(recommendations["rec_id"], recommendations["number"], recommendations["title"], strict=True)
    }
    cards = {row["challenge_id"]: challenge_label(row) for row in challenges.to_dict("records")}
    out = []
    for rec_id, challenge_id in zip(results["rec_id"], results["challenge_id"], strict=True):
        heading = recs.get(rec_id) if isinstance(rec_id, str) and rec_id else cards.get(challenge_id)
        out.append(heading_anchor(heading) if heading else "")
    return out


#: Scroll to the heading the address's ``#anchor`` names once the page has stopped growing. Streamlit scrolls
#: when the heading mounts, but on a long brief the charts and tables above it are still being laid out, so the
#: heading ends up thousands of pixels below the window. Polls for up to 15 s and scrolls once: two polls in a
#: row with the same page height. Runs in the page; reads only the address, never page content.
SCROLL_TO_HASH_JS = """<script>
(() => {
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (!id || window.__pceScrolledTo === id) return;
  let last = -1, stable = 0, tries = 0;
  const timer = setInterval(() => {
    const el = document.getElementById(id);
    const main = document.querySelector('[data-testid="stMain"]');
    const height = main ? main.scrollHeight : document.body.scrollHeight;
    stable = el && height === last ? stable + 1 : 0;
    last = height;
    if (stable >= 2 || ++tries > 60) {
      clearInterval(timer);
      if (el) { el.scrollIntoView(true); window.__pceScrolledTo = id; }
    }
  }, 250);
})();
</script>"""


def scroll_to_hash() -> None:
    """Bring the heading named in the address's ``#anchor`` into view once the page has settled."""
    st.html(SCROLL_TO_HASH_JS, unsafe_allow_javascript=True)
