"""Display formatting shared by pages: dates, counts, and escaping text that comes from data files."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from analysis.summary import COUNT_NOT_STATED, of_declared
from analysis.summary import NOT_STATED as NOT_STATED

#: Markdown's punctuation, and a ":" that starts a Streamlit directive or emoji code (":red" in plan text vanished).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$]|:(?=[A-Za-z]))")
#: Where Streamlit's Markdown (GFM) would turn bare text into a link: ``www.``, ``scheme://`` and an e-mail's
#: ``@``. A backslash escape does not stop it (``www\.x`` is still linked, and ``https://x\.y`` keeps the
#: backslash in the link), so a word joiner (U+2060, invisible, never a line break) goes after each trigger.
_AUTOLINK = re.compile(r"www(?=\\?\.)|:(?=//)|@", re.IGNORECASE)  # escaped first: "https\://" keeps its ":"
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Escape text from a data file for st.markdown, so it shows as written and never as markup or a link.

    >>> md_escape("see www.example.org")
    'see www\u2060\\\\.example\\\\.org'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, _MD_SPECIAL.sub(r"\\\1", str(text)))


def md_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell :func:`md_escape`-d, for ``st.table``, which renders each cell as
    Markdown: a plan's ``[x](https://…)`` or bare ``www.…`` in a table would otherwise be a live link."""
    return frame.apply(lambda column: column.map(lambda v: md_escape(v) if isinstance(v, str) else v))


def fmt_date(value: object, *, style: str = "day") -> str:
    """'8 Feb 2023' (day) or 'Feb 2023' (month); an en dash for unknown."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value)
    return value.strftime("%-d %b %Y" if style == "day" else "%b %Y")


def captured_of_declared(captured: int, declared: object) -> str:
    """'12 of 15 declared', or '7 (count not stated)' when the source states no count."""
    text = of_declared(captured, declared)
    return text if declared is None or pd.isna(declared) else f"{text} declared"


#: What a reader sees where a source leaves a value out: never "None", "nan" or "<NA>" (:data:`NOT_STATED`,
#: from analysis.summary, so the brief's analysis and the pages spell it the same).
NOT_STATED_COUNT = COUNT_NOT_STATED


def stated(value: object) -> str:
    """A cell as text, with :data:`NOT_STATED` for a missing one; whole numbers without ".0".

    >>> stated(None), stated(float("nan")), stated(pd.NA), stated(15.0), stated("verbatim"), stated("")
    ('not stated', 'not stated', 'not stated', '15', 'verbatim', 'not stated')
    """
    if value is None or value is pd.NaT or (not isinstance(value, str | list | tuple) and pd.isna(value)):
        return NOT_STATED
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else NOT_STATED


#: How each recommendation-text fidelity reads in a sentence ("9 of 9 declared (paraphrased)").
FIDELITY_LABELS = {
    "verbatim": "verbatim",
    "heading": "headings only",
    "paraphrase": "paraphrased",
    "truncated": "cut off in the source",
    "mixed": "mixed fidelity",
}

#: Badge colour per completeness level (loaders.constants.COMPLETENESS_LEVELS), fullest first.
COMPLETENESS_BADGES = {
    "full action plan": ("green", ":material/task_alt:"),
    "partial action plan": ("blue", ":material/rule:"),
    "recommendations only": ("orange", ":material/format_list_bulleted:"),
    "summary only": ("gray", ":material/short_text:"),
}


def completeness_badge(level: object) -> str:
    """A Markdown badge for a completeness level; levels come from our own vocabulary, never from data text.

    >>> completeness_badge("summary only")
    ':gray-badge[:material/short_text: Summary only]'
    """
    colour, icon = COMPLETENESS_BADGES.get(str(level), ("gray", ":material/help:"))
    return f":{colour}-badge[{icon} {md_escape(str(level).capitalize())}]"


KIND_LABELS = {
    "corporate peer challenge": "Corporate peer challenge",
    "revisit": "Revisit",
    "progress review": "Progress review",
}
