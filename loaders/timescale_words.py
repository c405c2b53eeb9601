"""The vocabulary timescale cells are read with: month and season names, range and list words, the prefixes
and phrases that make a date a deadline, a start or ongoing, and the words that may sit beside a date.

Data only, so a new form of words is added here (with a test row in tests/loaders/test_timescales.py)
without touching the grammar.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------------
# Vocabulary

DAYS_PER_MONTH = 365.2425 / 12
_FIRST_YEAR, _LAST_YEAR = 1990, 2099  # four-digit numbers outside this are not taken as years

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "febuary": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # first month
_RANGE_SYMS = frozenset({"-", "/"})
_RANGE_WORDS = frozenset({"to", "until", "till", "til", "through", "thru"})
_LIST_SEPARATORS = frozenset({"and", "&", ",", ";", "or"})
_RELATIVE = frozenset({"next", "this", "last", "following", "coming", "current", "previous", "same", "every"})
_CURRENCY = frozenset({"£", "$", "€"})

#: Words before a date that change its meaning (mode) or mark it ongoing; "" = no effect on the dates.
_PREFIXES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("no", "later", "than"), "by"), (("not", "later", "than"), "by"), (("up", "to"), "by"),
    (("prior", "to"), "before"), (("ahead", "of"), "before"),
    (("on", "-", "going"), "ongoing"), (("on", "going"), "ongoing"), (("ongoing",), "ongoing"),
    (("by",), "by"), (("until",), "by"), (("till",), "by"), (("til",), "by"), (("to",), "by"),
    (("deadline",), "by"), (("before",), "before"),
    (("from",), "from"), (("since",), "from"), (("starting",), "from"), (("starts",), "from"),
    (("start",), "from"), (("commencing",), "from"), (("commences",), "from"), (("commence",), "from"),
    (("beginning",), "from"), (("begins",), "from"), (("begin",), "from"), (("started",), "from"),
    (("commenced",), "from"), (("began",), "from"), (("begun",), "from"),
    (("after",), "after"), (("between",), "between"),
    (("in",), ""), (("during",), ""), (("over",), ""), (("throughout",), ""), (("across",), ""),
    (("within",), ""), (("for",), ""), (("at",), ""), (("due",), ""), (("target",), ""), (("the",), ""),
    (("approx",), ""), (("approximately",), ""), (("circa",), ""), (("c",), ""), (("around",), ""),
    (("about",), ""), (("estimated",), ""), (("expected",), ""),
)  # fmt: skip
#: The prefixes by their first word, in the order above, so ``_Parser.expr`` tries only those that can match.
_PREFIXES_BY_WORD: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    first: tuple(p for p in _PREFIXES if p[0][0] == first) for first in dict.fromkeys(w[0] for w, _ in _PREFIXES)
}
#: After a date (optionally behind one of ``_OPEN_JOINERS``): no end, ongoing. "July 2023 and ongoing" is
#: ongoing *from* July 2023, not a period that ends on 31 July (and so overdue) while it goes on.
_OPEN_PHRASES: tuple[tuple[str, ...], ...] = (
    ("and", "beyond"), ("onwards",), ("onward",), ("ongoing",), ("on", "-", "going"), ("on", "going"),
    ("beyond",), ("continuing",), ("continuous",), ("continuously",), ("thereafter",), ("after", "that"),
    ("+",),
)  # fmt: skip
#: What may join a date to an open-ended word: "X – ongoing", "X, ongoing", "X (ongoing)", "X and ongoing",
#: "X & then ongoing", "X then ongoing", "X to ongoing", and "X and <how often> thereafter" ("March 2024 and
#: annually thereafter"). Each is one or two tokens, tried at fixed offsets, so reading them stays linear.
_OPEN_JOINERS: tuple[tuple[str, ...], ...] = (
    ("-",), (",",), ("(",), ("and",), ("&",), ("then",), ("to",), ("until",), ("till",), ("through",),
    ("and", "then"), ("&", "then"), (",", "and"), (",", "then"), ("-", "then"), ("and", "is"),
    ("and", "will", "be"), ("and", "remains"), ("and", "remain"), ("and", "continues"), ("and", "continue"),
)  # fmt: skip
#: How often, between a joiner and "thereafter" / "ongoing": "and annually thereafter", "then quarterly ongoing".
_OPEN_FREQUENCIES = frozenset({
    "annually", "yearly", "quarterly", "monthly", "weekly", "regularly", "periodically", "biannually",
})  # fmt: skip

_ONGOING_WORDS = frozenset({
    "ongoing", "continuous", "continuously", "continuing", "continual", "rolling", "underway", "bau",
    "annually", "quarterly", "monthly", "weekly", "regularly", "recurring",
})  # fmt: skip
_ONGOING_PHRASES: tuple[tuple[str, ...], ...] = (
    ("on", "-", "going"), ("on", "going"), ("in", "progress"), ("under", "way"), ("business", "as", "usual"),
)  # fmt: skip
_DONE_WORDS = frozenset({"completed", "complete", "done", "achieved", "delivered", "finished"})
_NEGATORS = frozenset({"not", "yet", "partially", "partly", "part", "nearly", "almost", "largely", "mostly"})
_FUTURE = frozenset({"be", "to", "will", "being", "when", "once", "should", "must", "until", "awaiting"})
_DEADLINE_NEXT = frozenset({"by", "before", "within", "no", "not", "until", "prior"})
_TENTATIVE_WORDS = frozenset({
    "tbc", "tbd", "tba", "provisional", "provisionally", "tentative", "tentatively", "indicative", "approx",
    "approximately", "circa", "around", "about", "estimated", "expected", "anticipated", "proposed",
})  # fmt: skip
#: Words that may sit beside a date without the cell needing an ``extra_text`` flag.
_FILLER_WORDS = frozenset({
    "and", "the", "of", "in", "during", "over", "throughout", "across", "within", "for", "a", "at", "on",
    "by", "to", "be", "will", "then", "or", "is", "target", "date", "dates", "timescale", "due", "from",
    "until", "as",
})  # fmt: skip

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_QUOTES = "\u2018\u2019\u02bc`\u00b4"
_FOLD = str.maketrans({**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_QUOTES, "'")})
_LABEL_EDGES = "-:;,.()[]/&|*\u2022" + _DASHES
#: Joining words at either end of a label. The trailing branch may only start where a run of non-word
#: characters starts (``(?<!\W)``): otherwise a long run of dashes is re-scanned from every position in it.
#: Matches are the same as without the lookbehind (a match never starts inside such a run).
_JOINERS_RE = re.compile(r"^(?:(?:and|then|or)\b\W*)+|(?<!\W)(?:\W*\b(?:and|then|or))+$", re.IGNORECASE)
