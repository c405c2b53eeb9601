"""Plan files -> validated models -> tidy pandas frames.

>>> from loaders import load_corpus
>>> corpus = load_corpus()          # data/plans
>>> corpus.actions.groupby("council_id").size()  # doctest: +SKIP
"""

from loaders.corpus import Corpus, Frames, Source, build_corpus, load_corpus
from loaders.models import Plan
from loaders.problems import PlanError, Problem

__all__ = ["Corpus", "Frames", "Plan", "PlanError", "Problem", "Source", "build_corpus", "load_corpus"]
