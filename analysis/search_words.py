"""Words and queries for :mod:`analysis.search`: the one canonical word form texts and queries meet under, and
the query parser. Split from ``analysis.search`` (which re-exports every public name here) to keep each module
to one job; see that module's docstring for how matching behaves.

Pure: :func:`canonical` keeps nothing between calls. Its callers remember forms: an index build through
:func:`pass_forms` (a table that lasts for the one pass over the corpus), the dashboard's highlighting through
:func:`ui.memo.word_form` (the UI edge's bounded cache). The tokenisers take the form function as ``canon``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: Words ignored outside quoted phrases: every plan says them, so they only slow a query down.
_STOP = (
    "a an and are as at be by for from has have in into is it its of on or that the their this to was were will with"
)
STOP_WORDS: frozenset[str] = frozenset(_STOP.split())

# American spelling -> British; keys and values are already lower case, singular forms.
_OUR = "behavior color favor honor labor neighbor harbor rumor humor endeavor flavor vigor armor odor valor candor"
_RE = "center theater fiber meager somber caliber luster saber specter"
SPELLINGS: dict[str, str] = {
    **{w: w[:-2] + "our" for w in _OUR.split()},
    **{w: w[:-2] + "re" for w in _RE.split()},
    **{w: w[:-3] + "nce" for w in ("defense", "offense", "license", "pretense")},
    "program": "programme", "catalog": "catalogue", "dialog": "dialogue", "analog": "analogue",
    "judgment": "judgement", "acknowledgment": "acknowledgement", "aging": "ageing", "gray": "grey",
    "fulfill": "fulfil", "fulfillment": "fulfilment", "enroll": "enrol", "enrollment": "enrolment",
    "installment": "instalment", "skillful": "skilful", "willful": "wilful", "practise": "practice",
    "maneuver": "manoeuvre", "counselor": "counsellor", "mold": "mould", "plow": "plough",
}  # fmt: skip
#: Verbs that double a final l in British English ("modelled", "travelling", "cancelled").
_DOUBLE_L = "model travel label cancel counsel fuel signal total channel level marshal equal dial label"
for _stem in set(_DOUBLE_L.split()):
    for _ending in ("ed", "ing", "er"):
        SPELLINGS[_stem + _ending] = _stem + "l" + _ending

_KEEP = "news series species means politics economics always perhaps towards afterwards this"
_PLURAL_KEEP = frozenset(_KEEP.split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_IZE = re.compile(r"(?<=[a-z]{3})iz(?=(?:e|es|ed|ing|er|ers|ation|ations|ational)$)")
_YZE = re.compile(r"(?<=[a-z]{2})yz(?=(?:e|es|ed|ing|er|ers)$)")
_QUOTES = re.compile(r"[\"“”„]")


# --------------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------------


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word in _PLURAL_KEEP or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def canonical(word: str) -> str:
    """The form a word is indexed and queried under: lower case, no accents, British spelling, singular.

    Never shown to users (it can be odd, e.g. "sery" for "series"): texts and queries only meet here.

    >>> [canonical(w) for w in ("Organizations", "organisation", "priorities", "Priority", "Council's")]
    ['organisation', 'organisation', 'priority', 'priority', 'council']
    >>> [canonical(w) for w in ("behavior", "centers", "analyzed", "modeling", "programs")]
    ['behaviour', 'centre', 'analysed', 'modelling', 'programme']
    """
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).lower().replace("’", "'")
    word = word.removesuffix("'s").replace("'", "")
    word = _singular(word)
    word = _YZE.sub("ys", _IZE.sub("is", word))
    return SPELLINGS.get(word, word)


#: A word's canonical form: :func:`canonical` itself, or a caller's remembered copy of it.
Canon = Callable[[str], str]


def pass_forms() -> Canon:
    """:func:`canonical` remembered for one pass over many texts (an index build meets each word many times):
    the table belongs to the returned function and is gone with it, so nothing outlives the pass."""
    forms: dict[str, str] = {}

    def form(word: str) -> str:
        found = forms.get(word)
        if found is None:
            found = forms[word] = canonical(word)
        return found

    return form


def word_spans(text: str, canon: Canon = canonical) -> Iterator[tuple[int, int, str]]:
    """(start, end, canonical form) of each word in ``text``: the one tokeniser for indexing and highlighting."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), canon(match.group())


def words(text: str, canon: Canon = canonical) -> list[str]:
    """The canonical words of ``text``, in order (what :func:`word_spans` gives, without the spans)."""
    return [canon(w) for w in _WORD.findall(text)]


# --------------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A parsed query: the phrases that must all occur (a single word is a one-word phrase)."""

    text: str
    phrases: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.phrases

    def fts(self, *, require_all: bool = True) -> str:
        """The FTS5 MATCH expression. Canonical words are letters and digits only, so quoting is safe."""
        parts = ['"' + " ".join(p) + '"' for p in self.phrases]
        return (" AND " if require_all else " OR ").join(parts)


def parse_query(text: str) -> Query:
    """Words and "quoted phrases"; an unclosed quote runs to the end. Stop words count only inside phrases.

    >>> parse_query('the "Corporate Plans" co-produce').phrases
    (('corporate', 'plan'), ('co', 'produce'))
    >>> parse_query("the and").phrases  # nothing but common words: keep them rather than search for nothing
    (('the',), ('and',))
    """
    text = text or ""
    pieces = _QUOTES.split(text)
    phrases: list[tuple[str, ...]] = []
    loose: list[tuple[str, ...]] = []
    for i, piece in enumerate(pieces):
        if i % 2:  # inside quotes
            found = tuple(words(piece))
            if found:
                phrases.append(found)
        else:
            for chunk in piece.split():
                found = tuple(words(chunk))
                if found:
                    loose.append(found)
    kept = [p for p in loose if not (len(p) == 1 and p[0] in STOP_WORDS)]
    chosen = phrases + (kept if kept or phrases else loose)
    return Query(text, tuple(dict.fromkeys(chosen)))
