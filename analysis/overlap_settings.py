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

#: Default :func:`clusters` threshold. Topics alone give at most TOPIC_WEIGHT (0.4), so above it a group
#: needs shared wording too; below it, groups are whole topics.
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
