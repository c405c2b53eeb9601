"""analysis.peers.similar_councils: like with like, symmetric, explained, and answered for councils without a plan."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.peers import COUNCIL_KINDS, UnknownCouncil, english_councils, similar_councils
from loaders import load_corpus
from tests.conftest import FIXTURES


def _authority(corpus, code: str) -> pd.Series:
    return corpus.authorities.set_index("authority_code").loc[code]


def test_leeds_five_similar_councils_are_metropolitan_districts(corpus) -> None:
    peers = similar_councils(corpus, "leeds")
    assert len(peers) == 5
    assert (peers["authority_type"] == "metropolitan district").all()
    assert "LDS" not in set(peers["authority_code"])  # never itself
    assert peers["distance"].is_monotonic_increasing
    types = corpus.authorities.set_index("ons_code").loc[peers["ons_code"], "authority_type"]
    assert set(types) == {"metropolitan district"}


def test_every_english_council_is_ranked(corpus) -> None:
    pool = english_councils(corpus.authorities)
    metropolitan = (pool["authority_type"] == "metropolitan district").sum()
    assert len(similar_councils(corpus, "leeds", k=None)) == metropolitan - 1 == 35
    everyone = similar_councils(corpus, "leeds", k=None, same_type=False)
    assert len(everyone) == len(pool) - 1 == 315  # 164 + 63 + 36 + 32 + 21 councils, less Leeds
    assert set(everyone["authority_type"]) == set(COUNCIL_KINDS)
    # the nearest of another type is still further than a like-for-like council at the same distance otherwise
    assert everyone["authority_type"].head(5).eq("metropolitan district").all()


def test_council_without_a_plan_gets_an_answer(corpus) -> None:
    code = next(
        c
        for c in english_councils(corpus.authorities)["authority_code"]
        if c not in set(corpus.councils["authority_code"])
    )
    peers = similar_councils(corpus, code, k=3)
    assert len(peers) == 3
    in_corpus = peers[peers["in_corpus"]]
    assert in_corpus["council_id"].notna().all() and peers.loc[~peers["in_corpus"], "council_id"].isna().all()


@pytest.mark.parametrize(("same_type", "use_region"), [(True, False), (False, False), (False, True)])
def test_distances_are_symmetric(corpus, same_type, use_region) -> None:
    peers = similar_councils(corpus, "leeds", k=8, same_type=same_type, use_region=use_region)
    for row in peers.itertuples():
        back = similar_councils(corpus, row.authority_code, k=None, same_type=same_type, use_region=use_region)
        assert back.set_index("authority_code").loc["LDS", "distance"] == pytest.approx(row.distance)


def test_why_names_the_shared_attributes(corpus) -> None:
    leeds = _authority(corpus, "LDS")
    peers = similar_councils(corpus, "leeds", k=10, same_type=False, use_region=True)
    for row in peers.itertuples():
        assert row.why.startswith(row.authority_type)
        assert "population 0.8 m vs " in row.why
        quintile = f"both IMD quintile {leeds['imd_quintile']}"
        assert (quintile in row.why) == (row.imd_quintile == leeds["imd_quintile"]), row.why
        rurality = row.rurality.lower()
        assert (f", {rurality}," in row.why) == (row.rurality == leeds["rurality"]), row.why
        assert (f"both {leeds['region']}" in row.why) == (row.region == leeds["region"]), row.why
    first = similar_councils(corpus, "leeds").iloc[0]
    assert first["why"].startswith("metropolitan district, population 0.8 m vs ")


def test_closer_in_size_and_deprivation_ranks_first(corpus) -> None:
    """The distance is what the docstring says: a doubling of population is 1, a quintile step 0.5."""
    peers = similar_councils(corpus, "leeds", k=None).set_index("authority_code")
    leeds = _authority(corpus, "LDS")
    for code, row in peers.iterrows():
        expected = abs(math.log10(row["population"]) - math.log10(leeds["population"])) / math.log10(2)
        expected += 0.5 * abs(row["imd_quintile"] - leeds["imd_quintile"])
        expected += 0.0 if row["rurality"] == leeds["rurality"] else 0.5  # metropolitan districts: urban or next step
        assert row["distance"] == pytest.approx(expected, abs=0.002), code


def test_unknown_council_raises_a_clear_error(corpus) -> None:
    with pytest.raises(UnknownCouncil, match="'nowhere' is not in the reference data"):
        similar_councils(corpus, "nowhere")
    fictional = load_corpus(FIXTURES / "testshire-2024.yaml", cache=False)  # ONS code E07000999 is not real
    with pytest.raises(UnknownCouncil, match="'testshire'"):
        similar_councils(fictional, "testshire")


def test_pure_the_corpus_is_not_changed(corpus) -> None:
    before = corpus.authorities.copy()
    similar_councils(corpus, "leeds", same_type=False, use_region=True)
    pd.testing.assert_frame_equal(before, corpus.authorities)
