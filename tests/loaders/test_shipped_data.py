"""The shipped YAML is faithful to the five source documents: counts, gaps and notes a reader can check."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import PLANS, ROOT, shipped_problems


def _challenge(corpus, challenge_id: str) -> pd.Series:
    return corpus.challenges.set_index("challenge_id").loc[challenge_id]


def test_every_shipped_file_validates_without_problems(corpus) -> None:
    problems = shipped_problems(corpus)
    assert problems.empty, problems.to_dict("records")
    assert sorted(p.stem for p in PLANS.glob("*.yaml")) == sorted(corpus.challenges["challenge_id"])


def test_councils_and_ons_codes(corpus) -> None:
    """The shipped councils' codes (a plan added for another council leaves these as they are)."""
    codes = corpus.councils.set_index("council_id")["ons_code"].to_dict()
    assert (
        codes.items()
        >= {
            "leeds": "E08000035",
            "north-west-leicestershire": "E07000134",
            "kings-lynn-and-west-norfolk": "E07000146",
            "bury": "E08000002",
            "havering": "E09000016",
            "newham": "E09000025",
            "tower-hamlets": "E09000030",
            "new-forest": "E07000091",
            "southend-on-sea": "E06000033",
            "st-helens": "E08000013",
            "stroud": "E07000082",
            "surrey-heath": "E07000214",
            "tendring": "E07000076",
            "tewkesbury": "E07000083",
            "west-lindsey": "E07000142",
        }.items()
    )


@pytest.mark.parametrize(
    ("challenge_id", "declared", "captured", "actions"),
    [
        ("leeds-2022", 15, 12, 21),
        ("north-west-leicestershire-2024", 7, 7, 0),
        ("kings-lynn-and-west-norfolk-2023", 8, 8, 24),
        ("bury-2018", 10, 10, 0),
        ("bury-2021", 7, 7, 20),
    ],
)
def test_counts_match_the_documents(corpus, challenge_id: str, declared: int, captured: int, actions: int) -> None:
    row = _challenge(corpus, challenge_id)
    assert row["recommendations_declared"] == declared
    assert row["recommendations_captured"] == captured
    assert (corpus.recommendations["challenge_id"] == challenge_id).sum() == captured
    assert (corpus.actions["challenge_id"] == challenge_id).sum() == actions


def test_bury_has_ten_plus_seven_across_two_challenges(corpus) -> None:
    bury = corpus.recommendations[corpus.recommendations["council_id"] == "bury"]
    assert bury.groupby("challenge_id").size().to_dict() == {"bury-2018": 10, "bury-2021": 7}
    assert _challenge(corpus, "bury-2021")["follows"] == "bury-2018"


def test_leeds_gap_is_recorded_not_filled(corpus) -> None:
    notes = corpus.notes[(corpus.notes["challenge_id"] == "leeds-2022") & (corpus.notes["kind"] == "missing")]
    assert notes["text"].str.contains("15 declared, 12 captured").any()
    themes = set(corpus.recommendations.loc[corpus.recommendations["challenge_id"] == "leeds-2022", "council_theme"])
    assert not any("financ" in theme.lower() for theme in themes)


def test_kings_lynn_objectives_steps_and_no_owner_column(corpus) -> None:
    kl = corpus.actions[corpus.actions["challenge_id"] == "kings-lynn-and-west-norfolk-2023"]
    assert sorted(kl["number"], key=lambda n: [int(p) for p in n.split(".")])[0] == "1.1"
    assert kl["number"].iloc[-1] == "8.1"
    assert kl["steps_count"].sum() == 85
    assert kl["owner_raw"].isna().all()
    assert kl["owners"].map(lambda v: v == ["not stated"]).all()
    assert not _challenge(corpus, "kings-lynn-and-west-norfolk-2023")["has_owner_column"]


def test_north_west_leicestershire_says_its_action_plan_is_absent(corpus) -> None:
    row = _challenge(corpus, "north-west-leicestershire-2024")
    assert not row["action_plan_in_source"]
    assert row["focus_areas"] and any("Housing" in area for area in row["focus_areas"])
    assert len(row["strengths"]) >= 5
    assert len(row["peer_team"]) >= 5


def test_bury_impossible_period_is_kept_and_flagged(corpus) -> None:
    row = corpus.actions[corpus.actions["timescale_raw"] == "July 2023 – March 2022"].iloc[0]
    assert "end_before_start" in row["timescale_flags"]
    assert any("cannot be right" in note for note in row["notes"])


def test_bury_2018_progress_records_the_commercialisation_exception(corpus) -> None:
    b18 = corpus.recommendations[corpus.recommendations["challenge_id"] == "bury-2018"]
    assert b18["progress"].map(len).eq(1).all()
    commercial = b18[b18["title"].str.contains("commercialisation")]
    assert len(commercial) == 1


def test_context_documents(corpus) -> None:
    sizes = corpus.context.groupby("document_id").size().to_dict()
    bca = corpus.context[corpus.context["document_id"] == "leeds-2023-best-city-ambition-update"]
    assert (bca["section"] == "Breakthrough priorities").sum() == 5
    assert sizes["bury-2021-3r-framework"] == 15


#: Plans whose recommendations carry hand-labelled LGA themes: the five seed documents, and Surrey Heath, whose
#: LGA progress review maps each recommendation to a theme heading. The other sources give no such mapping, so
#: their recommendations are classified.
HAND_LABELLED = {
    "bury-2018", "bury-2021", "kings-lynn-and-west-norfolk-2023", "leeds-2022", "north-west-leicestershire-2024",
    "surrey-heath-2023",
}  # fmt: skip


def test_every_recommendation_has_a_theme_hand_labelled_where_the_source_maps_it(corpus) -> None:
    recs = corpus.recommendations
    hand = recs["challenge_id"].isin(HAND_LABELLED)
    assert (recs.loc[hand, "theme_source"] == "hand-labelled").all()
    assert (recs.loc[~hand, "theme_source"] == "classified").all()
    assert recs["lga_themes"].map(len).ge(1).all()


def test_json_schema_in_docs_is_not_stale() -> None:
    """docs/plan.schema.json is generated from the models; regenerate with `make schema` when this fails."""
    generated = subprocess.run(
        [sys.executable, "-m", "loaders", "schema"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(generated) == json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
