"""Bare addresses in plan text never become links in Streamlit's Markdown (issue 15, item 5).

GFM links ``www.x``, ``https://x`` and ``a@b.c`` on its own, and a backslash before the dot does not stop it
(checked in Chromium: ``www\\.evil\\.example`` was still a link, and ``https://evil\\.example`` a link with the
backslash in it). :func:`ui.format.md_escape` puts a word joiner after each trigger; the browser test
(tests/e2e/test_hostile_browser.py) checks that no page then holds a link to the hostile address.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ui.format import WORD_JOINER, md_cells, md_escape
from ui.highlight import highlight

_ESCAPE = re.compile(r"\\(.)")
#: What GFM's autolink-literal extension looks for (www., a scheme's ://, an e-mail's @).
_TRIGGER = re.compile(r"www\\?\.|https?://|[\w.+-]@[\w-]", re.IGNORECASE)

CASES = [
    "www.evil.example",
    "see www.evil.example/phish now",
    "WWW.EVIL.EXAMPLE",
    "https://evil.example/phish",
    "http://evil.example",
    "ftp://evil.example",
    "write to bob@evil.example",
    "(www.evil.example)",
    "a_www.evil.example",
    "<https://evil.example>",
    "[x](https://evil.example)",
    '<span style="color:red">REDINJ</span>',  # ":red" is a Streamlit directive: unescaped, it vanished
    "Review at noon:today",
]


def _shown(markdown: str) -> str:
    """What a reader sees: backslash escapes resolved, the invisible word joiners gone."""
    return _ESCAPE.sub(r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", CASES)
def test_no_autolink_trigger_survives(text: str) -> None:
    out = md_escape(text)
    assert _TRIGGER.search(out) is None, out
    assert _shown(out) == text  # the reader still sees exactly what the plan says


@pytest.mark.parametrize("text", CASES)
def test_search_highlights_defuse_links_the_same_way(text: str) -> None:
    assert highlight(text, "") == md_escape(text)
    assert _TRIGGER.search(highlight(text, "evil")) is None


def test_plain_text_is_untouched_apart_from_markdown_escapes() -> None:
    assert md_escape("Chief Executive & Director, 2024/25") == "Chief Executive & Director, 2024/25"
    assert WORD_JOINER not in md_escape("wwwx.example lawww review")
    assert md_escape(None) == "" and md_escape(float("nan")) == ""


def test_directives_are_escaped() -> None:
    assert md_escape("color:red") == r"color\:red"


def test_table_cells_are_escaped_for_st_table() -> None:
    """st.table renders each cell as Markdown: text cells are escaped, numbers and missing values kept."""
    frame = pd.DataFrame({"text": ["see www.evil.example", "[x](https://evil.example)"], "n": [1, 2]})
    out = md_cells(frame)
    assert list(out["text"]) == [md_escape(t) for t in frame["text"]]
    assert list(out["n"]) == [1, 2]
    assert frame["text"][0] == "see www.evil.example"  # the caller's frame is untouched
