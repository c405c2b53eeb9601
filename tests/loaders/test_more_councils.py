"""The eleven more councils (issue 9): counts, completeness, fidelity, statuses and reviews as the sources give
them, and no recommendation, action or finding text that the sources do not contain."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SYNTHETIC_ONS_PREFIX

#: The text each new plan was transcribed from (outside the repository, beside it).
SOURCES = ROOT.parent / "shared" / "more-councils"

NEW_COUNCILS = (
    "havering", "new-forest", "newham", "southend-on-sea", "st-helens", "stroud", "surrey-heath", "tendring",
    "tewkesbury", "tower-hamlets", "west-lindsey",
)  # fmt: skip


def _challenge(corpus, challenge_id: str) -> pd.Series:
    return corpus.challenges.set_index("challenge_id").loc[challenge_id]


@pytest.mark.parametrize(
    ("challenge_id", "declared", "captured", "actions", "reviews", "completeness"),
    [
        ("surrey-heath-2023", 9, 9, 0, 1, "recommendations only"),
        ("tower-hamlets-2023", 18, 18, 0, 0, "recommendations only"),
        ("new-forest-2017", 8, 8, 0, 0, "recommendations only"),
        ("new-forest-2024", 10, 1, 1, 2, "partial action plan"),
        ("southend-on-sea-2022", 9, 5, 0, 1, "recommendations only"),
        ("stroud-2022", None, 2, 6, 1, "recommendations only"),  # actions from progress minutes
        ("tewkesbury-2020", 5, 4, 1, 1, "recommendations only"),
        ("tendring-2018", None, 3, 0, 2, "recommendations only"),
        ("havering-2012", 5, 5, 0, 0, "recommendations only"),
        ("havering-2019", None, 0, 0, 0, "summary only"),
        ("havering-2022", None, 5, 0, 0, "recommendations only"),
        ("st-helens-2019", None, 0, 1, 4, "summary only"),
        ("st-helens-2025", 10, 0, 0, 1, "summary only"),
        ("newham-2023", 11, 0, 0, 2, "summary only"),
        ("west-lindsey-2025", 8, 0, 0, 2, "summary only"),
    ],
)
def test_counts_and_completeness_match_the_sources(
    corpus, challenge_id: str, declared: int | None, captured: int, actions: int, reviews: int, completeness: str
) -> None:
    row = _challenge(corpus, challenge_id)
    if declared is None:
        assert pd.isna(row["recommendations_declared"])
    else:
        assert row["recommendations_declared"] == declared
    assert row["recommendations_captured"] == captured
    assert (corpus.recommendations["challenge_id"] == challenge_id).sum() == captured
    assert (corpus.actions["challenge_id"] == challenge_id).sum() == actions
    assert (corpus.reviews["challenge_id"] == challenge_id).sum() == reviews == row["reviews_count"]
    assert row["completeness"] == completeness


@pytest.mark.parametrize(
    ("challenge_id", "completeness"),
    [
        ("kings-lynn-and-west-norfolk-2023", "full action plan"),  # 8 of 8, every one with actions
        ("bury-2021", "full action plan"),
        ("leeds-2022", "partial action plan"),  # 12 of 15
        ("north-west-leicestershire-2024", "recommendations only"),  # action plan not in the source
        ("bury-2018", "recommendations only"),
    ],
)
def test_completeness_of_the_first_five_plans(corpus, challenge_id: str, completeness: str) -> None:
    assert _challenge(corpus, challenge_id)["completeness"] == completeness


def test_every_council_has_type_region_and_ons_code(corpus) -> None:
    councils = corpus.councils.set_index("council_id")
    assert set(NEW_COUNCILS) <= set(councils.index)
    assert len(councils) == corpus.challenges["council_id"].nunique() >= 15
    councils = councils[~councils["ons_code"].str.startswith(SYNTHETIC_ONS_PREFIX)]
    assert councils["ons_code"].str.fullmatch(r"E0[6-9]\d{6}").all()
    # The code's prefix is the council type: E06 unitary, E07 district, E08 metropolitan, E09 London borough.
    prefix = {
        "unitary": "E06", "non-metropolitan district": "E07", "metropolitan district": "E08", "London borough": "E09",
    }  # fmt: skip
    assert (councils["ons_code"].str[:3] == councils["council_type"].map(prefix)).all()
    assert councils.loc[["havering", "newham", "tower-hamlets"], "region"].eq("London").all()
    assert councils.loc["southend-on-sea", "council_type"] == "unitary"
    assert councils.loc["st-helens", "region"] == "North West"


def test_follows_links_later_challenges_of_the_same_council(corpus) -> None:
    follows = corpus.challenges.set_index("challenge_id")["follows"].dropna().to_dict()
    assert follows == {
        "bury-2021": "bury-2018",
        "havering-2019": "havering-2012",
        "havering-2022": "havering-2019",
        "new-forest-2024": "new-forest-2017",
        "st-helens-2025": "st-helens-2019",
    }


def test_fidelity_is_as_the_sources_warrant(corpus) -> None:
    recs = corpus.recommendations
    by_challenge = recs.groupby("challenge_id")["fidelity"].agg(lambda s: sorted(set(s))).to_dict()
    assert by_challenge["tower-hamlets-2023"] == ["heading"]
    assert by_challenge["havering-2012"] == ["heading"]
    assert by_challenge["new-forest-2017"] == ["verbatim"]
    assert by_challenge["tendring-2018"] == ["verbatim"]
    assert by_challenge["surrey-heath-2023"] == ["paraphrase"]
    assert by_challenge["southend-on-sea-2022"] == ["paraphrase"]
    assert by_challenge["tewkesbury-2020"] == ["paraphrase"]
    # The first five plans default to verbatim: every one of their 44 recommendations.
    old = recs[recs["council_id"].isin(("bury", "kings-lynn-and-west-norfolk", "leeds", "north-west-leicestershire"))]
    assert len(old) == 44 and (old["fidelity"] == "verbatim").all()


def test_southend_progress_review_rag_six_green_three_amber(corpus) -> None:
    review = corpus.reviews.set_index("review_id").loc["southend-on-sea-2022-rv1"]
    assert (review["rag_green"], review["rag_amber"], review["rag_red"]) == (6, 3, 0)
    assert pd.isna(review["rag_other"]) and review["rag_of"] == "recommendations"
    assert (
        review["rag_green"] + review["rag_amber"] + review["rag_red"]
        == _challenge(corpus, "southend-on-sea-2022")["recommendations_declared"]
    )
    assert pd.isna(review["date"]) and review["date_as_written"] == "December 2023"
    assert review["date_from"] == pd.Timestamp("2023-12-01")
    # The only RAG counts any source states.
    assert corpus.reviews["rag_green"].notna().sum() == 1


def test_reviews_frame_dates_kinds_and_planned_events(corpus) -> None:
    reviews = corpus.reviews.set_index("review_id")
    surrey = reviews.loc["surrey-heath-2023-rv1"]
    assert surrey["kind"] == "progress review" and surrey["date"] == pd.Timestamp("2024-04-16")
    planned = sorted(reviews.index[reviews["planned"]])
    assert planned == ["new-forest-2024-rv2", "tendring-2018-rv1", "tendring-2018-rv2", "west-lindsey-2025-rv2"]
    st_helens = corpus.reviews[corpus.reviews["challenge_id"] == "st-helens-2019"]
    assert st_helens["kind"].tolist() == ["progress report", "support session", "revisit", "progress report"]
    assert st_helens["date_from"].is_monotonic_increasing
    assert len(reviews.loc["st-helens-2019-rv2", "findings"]) == 5
    newham = reviews.loc["newham-2023-rv2"]
    assert "seven of the eleven recommendations had been completed" in newham["findings"][0]
    # Bury's 2021 revisit is its own plan; it also shows as an event on the 2018 challenge.
    bury = reviews.loc["bury-2018-bury-2021"]
    assert (bury["kind"], bury["review_challenge_id"]) == ("revisit", "bury-2021")
    assert bury["date_as_written"] == "summer 2021"


@pytest.mark.parametrize(
    ("action_id", "status_scale", "completed"),
    [
        ("new-forest-2024-a1", "complete", True),  # "Delivered"
        ("st-helens-2019-a1", "complete", True),  # "completed"
        ("stroud-2022-a1", "in progress", False),  # "had now met and were making progress"
        ("stroud-2022-a6", "at risk", False),  # "hadn't made as much progress due to delays in recruitment ..."
        ("tewkesbury-2020-a9", "unknown", False),  # a progress narrative, not a status word
        ("kings-lynn-and-west-norfolk-2023-o4-1", "complete", True),
        ("bury-2021-a12", "in progress", False),  # "now underway"
    ],
)
def test_shipped_statuses_on_one_scale(corpus, action_id: str, status_scale: str, completed: bool) -> None:
    action = corpus.actions.set_index("action_id").loc[action_id]
    assert action["status_scale"] == status_scale
    assert bool(action["completed"]) is completed
    assert isinstance(action["status"], str) and action["status"]  # the raw text is kept


def test_actions_without_a_recommendation_say_why(corpus) -> None:
    unmapped = corpus.actions[corpus.actions["rec_ids"].map(len) == 0]
    assert sorted(unmapped["challenge_id"].unique()) == ["st-helens-2019", "stroud-2022", "tewkesbury-2020"]
    assert unmapped["notes"].map(lambda notes: any("recommendation" in n for n in notes)).all()


# ---------------------------------------------------------------------------------------------------------
# No text the sources do not contain


def _normalise(text: str) -> str:
    """Whitespace collapsed, curly quotes straightened: line-wrapping and typography are not wording."""
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", text).strip()


def _source_text(council_id: str) -> str:
    path = SOURCES / f"{council_id}.txt"
    if not path.exists():
        pytest.skip(f"source text not available: {path}")
    return _normalise(path.read_text(encoding="utf-8"))


def _strings(corpus, council_id: str) -> list[tuple[str, str]]:
    """Every piece of wording the plans attribute to a source: recommendations, actions, statuses, findings."""
    out: list[tuple[str, str]] = []
    recs = corpus.recommendations[corpus.recommendations["council_id"] == council_id]
    for rec in recs.itertuples():
        out += [(rec.rec_id, rec.title), (rec.rec_id, rec.text)]
    acts = corpus.actions[corpus.actions["council_id"] == council_id]
    for act in acts.itertuples():
        out += [(act.action_id, act.text)] + ([(act.action_id, act.status)] if isinstance(act.status, str) else [])
    reviews = corpus.reviews[corpus.reviews["council_id"] == council_id]
    for review in reviews.itertuples():
        out += [(review.review_id, finding) for finding in review.findings]
    return out


@pytest.mark.parametrize("council_id", NEW_COUNCILS)
def test_no_text_the_sources_do_not_contain(corpus, council_id: str) -> None:
    """Every recommendation title/text, action text/status and review finding is in the council's source.

    Only list punctuation may differ: a trailing ';' or '.' the plan drops, or a leading '...' of an excerpt.
    This holds for paraphrases too: they are the source's paraphrase, copied, never ours.
    """
    source = _source_text(council_id)
    strings = _strings(corpus, council_id)
    assert strings, "every new council has some recommendation, action or finding text"
    missing = [
        (item, text) for item, text in strings if _normalise(text).rstrip(".;").removeprefix("... ") not in source
    ]
    assert not missing, missing


def test_the_check_catches_invented_text(corpus) -> None:
    """The containment check is not vacuous: a reworded title fails it."""
    source = _source_text("surrey-heath")
    assert _normalise("Develop a financially sustainable budget.") in source
    assert _normalise("Develop a financially sound budget.") not in source


def test_sources_folder_matches_new_councils() -> None:
    if not SOURCES.exists():
        pytest.skip("shared/more-councils is not available")
    assert sorted(Path(p).stem for p in SOURCES.glob("*.txt")) == sorted(NEW_COUNCILS)
