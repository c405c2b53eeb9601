"""The overlap engine's text handling: words (British spelling, hyphenated compounds split), a light stem,
stemmed unigrams and nearby bigrams of content words, the wording shown for a feature, and the text score's
calibration.

Nothing here knows about councils; the TF-IDF weighting itself is scikit-learn's (:mod:`analysis.overlap_build`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from analysis.overlap_settings import BIGRAM_SPAN, STOP_WORDS

# --------------------------------------------------------------------------------------------------
# Text: tokens, light stemming, display forms
# --------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_AMERICAN_IZ = re.compile(r"(?<=[a-z]{3})iz(?=e\b|ed\b|es\b|ing\b|ation\b|ations\b)")
_SPELLINGS = {"behavior": "behaviour", "behaviors": "behaviours", "center": "centre", "program": "programme",
              "programs": "programmes", "labor": "labour"}  # fmt: skip

#: Inflectional endings, then derivational ones; a stem keeps at least :data:`_MIN_STEM` letters.
_INFLECTIONS = (("ising", "ise"), ("ised", "ise"), ("ises", "ise"), ("ies", "y"), ("ied", "y"), ("ings", ""),
                ("ing", ""), ("sses", "ss"), ("es", "e"), ("ed", ""), ("s", ""))  # fmt: skip
_DERIVATIONS = ("itisations", "itisation", "itise", "isational", "isations", "isation", "ational", "ations",
                "ation", "ments", "ment", "ness", "ially", "ial", "ally", "ity", "ise", "ic", "al", "ly", "y",
                "e")  # fmt: skip
_MIN_STEM = 4


def stem(word: str) -> str:
    """A light suffix-stripping stem: enough to join a word's family, never shown to users.

    Deliberately crude and dependency-free (no NLTK): stems are only compared with each other, and
    :func:`_display` maps them back to the commonest real word for ``why``. Not cached here: an index build
    passes one dict to :func:`_terms` for its own words (``analysis/`` keeps nothing between calls).

    >>> [stem(w) for w in ("engage", "engagement", "engaging", "engaged")]
    ['engag', 'engag', 'engag', 'engag']
    >>> stem("priorities") == stem("prioritise") == stem("priority")
    True
    """
    if len(word) <= _MIN_STEM or word.isdigit():
        return word
    for suffix, replacement in _INFLECTIONS:
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= _MIN_STEM - 1:
            word = word[: -len(suffix)] + replacement
            break
    suffix = next((x for x in _DERIVATIONS if word.endswith(x) and len(word) - len(x) >= _MIN_STEM), "")
    word = word[: len(word) - len(suffix)]
    return word[:-1] if word.endswith("e") and len(word) > _MIN_STEM else word  # "engagement" -> "engage" -> "engag"


def _words(text: str) -> list[str]:
    """Lower-case words, hyphenated compounds split ("co-produce" -> "co", "produce"), British spelling."""
    text = _AMERICAN_IZ.sub("is", text.lower().replace("’", "'").replace("‘", "'"))
    words = []
    for word in _WORD.findall(text):
        word = word.removesuffix("'s").replace("'", "")
        words.append(_SPELLINGS.get(word, word))
    return words


def _document(title: str, text: str, sub_points: Iterable[str]) -> str:
    """Headline, full text and sub-points as one text; the headline is not repeated when the text opens with it."""
    title, text = (title or "").strip(), (text or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :]
    return " \n ".join(part for part in (title, text, *(str(p) for p in sub_points or ())) if part.strip())


def _terms(
    text: str, surfaces: Counter[tuple[str, str]] | None = None, stems_of: dict[str, str] | None = None
) -> list[str]:
    """Stemmed unigrams and bigrams of content words; ``surfaces`` collects the words each term came from.

    ``stems_of`` is the caller's word -> stem memo for one build (a corpus repeats its words thousands of
    times); it lives as long as that call.
    """
    words = _words(text)
    content = [(i, w) for i, w in enumerate(words) if w not in STOP_WORDS and len(w) > 1 and not w.isdigit()]
    if stems_of is None:
        stems_of = {}
    stems = [stems_of.get(w) or stems_of.setdefault(w, stem(w)) for _, w in content]
    out = list(stems)
    if surfaces is not None:
        surfaces.update(zip(stems, (w for _, w in content), strict=True))
    for a in range(len(content) - 1):
        (i, _), (j, _) = content[a], content[a + 1]
        if j - i <= BIGRAM_SPAN:
            term = f"{stems[a]} {stems[a + 1]}"
            out.append(term)
            if surfaces is not None:
                surfaces[term, " ".join(words[i : j + 1])] += 1
    return out


def _display(surfaces: Counter[tuple[str, str]], vocabulary: Sequence[str]) -> np.ndarray:
    """Each feature's commonest real wording (ties: alphabetical), for ``why`` and cluster labels."""
    best: dict[str, tuple[int, str]] = {}
    for (term, words), count in surfaces.items():
        if term not in best or (-count, words) < (-best[term][0], best[term][1]):
            best[term] = (count, words)
    return np.array([best[t][1] if t in best else t for t in vocabulary], dtype=object)


def _calibrate(cosine: np.ndarray) -> np.ndarray:
    """Square root of the TF-IDF cosine: the text part's scale.

    Cosines of short, differently worded texts bunch near zero (two wordings of one recommendation typically
    score 0.02-0.2, identical texts 1.0), so blended as they are, any topic overlap swamps them and no
    threshold between "same topic" and "same topic and same words" exists. The square root is monotone (a
    text-only ranking is unchanged) and spreads that band (0.04 -> 0.2, 0.16 -> 0.4) to the scale of the
    topic part.
    """
    return np.sqrt(np.clip(cosine, 0.0, 1.0, out=cosine), out=cosine)
