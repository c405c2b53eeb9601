"""load_corpus: promised frames and columns, and bad files become problems while the rest load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders import load_corpus
from tests.conftest import FIXTURES, PLANS, plan_problems

PROMISED = {
    "councils": ["council_id", "name", "ons_code", "council_type", "region"],
    "challenges": [
        "challenge_id", "council_id", "kind", "onsite_start", "onsite_end", "plan_date",
        "recommendations_declared", "source_title",
    ],
    "recommendations": [
        "rec_id", "challenge_id", "council_id", "number", "title", "text", "council_theme", "lga_themes", "topics",
    ],
    "actions": [
        "action_id", "challenge_id", "council_id", "rec_ids", "text", "owner_raw", "owners", "timescale_raw",
        "start", "end", "status", "timescale_flags",
    ],
    "problems": ["file", "line", "field", "message", "severity"],
}  # fmt: skip


@pytest.mark.parametrize(("frame", "columns"), PROMISED.items())
def test_frames_have_promised_columns(corpus, frame: str, columns: list[str]) -> None:
    """The API's frames carry the columns the foundation issue promises analysts."""
    assert set(columns) <= set(getattr(corpus, frame).columns)


def test_column_types(corpus) -> None:
    """Dates are datetimes, lists are lists: analysts can group by month and explode lists."""
    assert pd.api.types.is_datetime64_any_dtype(corpus.actions["start"])
    assert pd.api.types.is_datetime64_any_dtype(corpus.actions["end"])
    assert pd.api.types.is_datetime64_any_dtype(corpus.challenges["plan_date"])
    for column in ("rec_ids", "owners", "timescale_flags"):
        assert corpus.actions[column].map(lambda v: isinstance(v, list)).all(), column
    assert corpus.recommendations["lga_themes"].map(lambda v: isinstance(v, list)).all()


def _copy_plans(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


def test_broken_files_become_problems_and_others_still_load(tmp_path: Path, corpus) -> None:
    """A syntax error, a schema violation and a binary file each give problem rows; the good files load."""
    plans = _copy_plans(tmp_path)
    (plans / "syntax-2024.yaml").write_text("id: syntax-2024\ncouncil: [unclosed\n", encoding="utf-8")
    (plans / "schema-2024.yaml").write_text(
        (FIXTURES / "testshire-2024.yaml")
        .read_text(encoding="utf-8")
        .replace("id: testshire-2024", "id: schema-2024")
        .replace("    text: Run a staff survey\n", "    text: [not, text]\n"),
        encoding="utf-8",
    )
    (plans / "binary-2024.yaml").write_bytes(b"\x89PNG\x00\x00\x00binary")
    loaded = load_corpus(plans)
    assert len(loaded.challenges) == len(corpus.challenges)
    assert len(loaded.recommendations) == len(corpus.recommendations)
    problems = loaded.problems.set_index(loaded.problems["file"].map(lambda f: Path(f).name))
    syntax = problems.loc[["syntax-2024.yaml"]].iloc[0]
    assert syntax["line"] == 2 and "YAML syntax" in syntax["message"]
    schema = problems.loc[["schema-2024.yaml"]].iloc[0]
    assert schema["field"] == "actions[0].text"
    assert schema["message"] == "expected text, got a list"
    assert schema["line"] == 24
    assert "binary" in problems.loc[["binary-2024.yaml"]].iloc[0]["message"]


def test_colliding_ids_across_files_are_reported(tmp_path: Path) -> None:
    """Two files claiming one plan id: the second is skipped and reported, not silently merged."""
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(FIXTURES / "testshire-2024.yaml", plans / "testshire-2024.yaml")
    shutil.copy(FIXTURES / "testshire-2024.yaml", plans / "zz-copy-2024.yaml")
    loaded = load_corpus(plans)
    assert len(loaded.challenges) == 1
    messages = " ".join(loaded.problems["message"])
    assert "already used" in messages
    assert "does not match the file name" in messages


def test_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """Pointing at nothing gives empty frames with their columns, and one problem row."""
    loaded = load_corpus(tmp_path / "nowhere")
    assert loaded.recommendations.empty and "rec_id" in loaded.recommendations.columns
    assert len(loaded.problems) == 1


def test_minimal_fixture_round_trip() -> None:
    """A one-recommendation plan flattens to the rows and ids an analyst would expect."""
    loaded = load_corpus(FIXTURES / "testshire-2024.yaml")
    assert plan_problems(loaded.problems).empty, loaded.problems.to_dict("records")
    action = loaded.actions.iloc[0]
    assert action["action_id"] == "testshire-2024-a1"
    assert action["rec_ids"] == ["testshire-2024-r1"]
    assert action["owner_raw"] == "Chief Executive & Director of Resources"
    assert action["timescale_raw"] == "April - June 2024"
    assert loaded.recommendations.iloc[0]["theme_source"] == "hand-labelled"


def test_every_step_has_its_own_id(corpus) -> None:
    """Leeds' bulleted steps ("•") once shared one id; a step is named by its label only when that is unique."""
    steps = corpus.steps
    assert not steps["step_id"].duplicated().any(), steps[steps["step_id"].duplicated(keep=False)]
    bullets = steps[steps["label"] == "•"]
    assert len(bullets) >= 5
    assert set(bullets["step_id"]) == {f"{a}-{o}" for a, o in zip(bullets["action_id"], bullets["order"], strict=True)}
    lettered = steps[steps["label"].fillna("").str.fullmatch(r"[a-z]")]
    assert not lettered.empty and (lettered["step_id"] == lettered["action_id"] + "-" + lettered["label"]).all()
