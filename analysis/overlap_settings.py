"""The overlap engine's settings in one place: stop-words and council boilerplate, the blend's weights, the
cluster threshold, neighbours kept, block size, and the columns of its results.

Every ``analysis.overlap_*`` module reads them from here; :mod:`analysis.overlap` re-exports them.
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# --------------------------------------------------------------------------------------------------
# Settings (one place)
# --------------------------------------------------------------------------------------------------

_BOILERPLATE_WORDS = """
    council councils council's authority authorities borough district city county lga peer peers challenge
    recommend recommends recommended recommendation recommendations action actions
    ensure ensures ensuring develop develops developed developing deliver delivers delivered delivering
    consider considers considering continue continues continuing need needs needed should could would will
    make making take taking use using undertake put also including include includes
    further new clear clearly better more greater strong stronger strengthen strengthening improve
    improving improved support supporting help helping opportunity opportunities approach approaches
    ongoing regular regularly appropriate relevant key specific particularly especially possible soon
    able way ways areas area set sets level levels across within future current currently recent recently
    work works focus focusing build builds building progress right add adding planned
    """

#: Words every peer challenge report uses whatever it recommends: dropped before scoring. Surface forms,
#: matched before stemming, so "develop" (boilerplate verb) goes but "development" (as in member or
#: organisational development) stays.
BOILERPLATE: frozenset[str] = frozenset(_BOILERPLATE_WORDS.split())

#: The stop-list used: scikit-learn's English stop words plus :data:`BOILERPLATE`.
STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | BOILERPLATE

#: Weight of the text similarity in the blended score; the rest is topic overlap.
TEXT_WEIGHT = 0.6
TOPIC_WEIGHT = 1.0 - TEXT_WEIGHT

#: Share of its topic part a match keeps when the two recommendations share no word (text score 0). Topics
#: say what a recommendation is *about*, not what it asks, so a shared topic alone is weak evidence of the
#: same ask: counted in full, a topic-only match scored up to TOPIC_WEIGHT (0.40), beside a genuine match's
#: 0.48 on recommendations the engine had not seen (issue 19). The topic part is scaled by
#: ``TOPIC_FLOOR + (1 - TOPIC_FLOOR) * min(1, text / TOPIC_EVIDENCE_AT)``, so it counts in full only beside
#: shared wording, and a topic-only match scores at most ``TOPIC_WEIGHT * TOPIC_FLOOR`` (0.20). Chosen from a
#: grid (``scripts/overlap_evidence.py --grid``; docs/overlap.md has it): the highest floor that halves the
#: topic-only maximum while the labelled pairs' recall@3 and MRR drop by less than 0.01. Lower floors cost
#: recall (0.4: 0.765), because a real paraphrase ("Talk and listen to staff" and "internal communication")
#: shares no word and topics are how it is found at all. Not applied when ``text_weight`` is 0 (the
#: topics-alone ablation), where the text is not part of the score.
TOPIC_FLOOR = 0.5

#: Text score (0-1, the calibrated one) at which the topic part counts in full; below it the topic part falls
#: linearly to :data:`TOPIC_FLOOR` at no shared word. 0.2 is a cosine of 0.04: one rare shared phrase, or a few
#: shared words. Higher levels penalise genuine pairs that share a phrase or two (0.4: MRR 0.701, and fewer
#: labelled pairs reach the brief's close-match level); lower ones (0.1) let one common shared word restore
#: the whole topic part.
TOPIC_EVIDENCE_AT = 0.2

#: Default :func:`clusters` threshold. Topics alone give at most TOPIC_WEIGHT * TOPIC_FLOOR (0.2), and a
#: topic in full with a little shared wording about TOPIC_WEIGHT (0.4), so above it a group needs real shared
#: wording; far below it, groups are whole topics.
CLUSTER_THRESHOLD = 0.5

#: Cross-council neighbours kept per recommendation for :func:`clusters`.
NEIGHBOURS = 10

#: Rows scored at once in the all-pairs pass: the largest transient block is BLOCK_ROWS x N float32.
BLOCK_ROWS = 256


#: Shared terms shown in ``why``, and in a cluster's label.
WHY_TERMS = 4
LABEL_TERMS = 3

#: Longest group headline (a representative recommendation's title, cut at a word with an ellipsis): with its
#: number it fits two lines of the recurring-groups chart's axis.
HEADLINE_CHARS = 56

#: Content words at most this many positions apart (stop words between) still form a bigram.
BIGRAM_SPAN = 3

SIMILAR_COLUMNS = [
    "rec_id", "council_id", "challenge_id", "title", "score", "text_score", "topic_score", "shared_topics", "why",
]  # fmt: skip
CLUSTER_COLUMNS = [
    "cluster_id", "label", "topic", "size", "councils", "rec_id", "council_id", "challenge_id", "title", "cohesion",
    "headline",
]  # fmt: skip


class HasRecommendations(Protocol):
    """Anything with a ``recommendations`` frame: a :class:`loaders.Corpus`, or a stand-in in tests."""

    recommendations: pd.DataFrame
