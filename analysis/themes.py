"""Theme and topic classification, for analysts: the rules live in :mod:`loaders.themes`, because themes are
assigned when plans load (like owners and timescales); this module keeps ``analysis.themes`` working."""

from loaders.themes import *  # noqa: F403
