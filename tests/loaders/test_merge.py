"""Session uploads merge into a private corpus: marked, replacing by id with a warning, base untouched."""

from __future__ import annotations

from loaders import Source, build_corpus
from loaders.merge import merge_corpora
from tests.conftest import FIXTURES, PLANS


def _upload(text: str, name: str = "testshire-2024.yaml"):
    return build_corpus([Source(f"upload: {name}", text, name.removesuffix(".yaml"))])


def test_new_plan_joins_and_is_marked(corpus) -> None:
    before = len(corpus.recommendations)
    extra = _upload((FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8"))
    merged = merge_corpora(corpus, extra)
    assert len(merged.recommendations) == before + len(extra.recommendations)
    assert merged.recommendations["uploaded"].sum() == len(extra.recommendations)
    assert set(merged.councils.loc[merged.councils["uploaded"], "council_id"]) == set(extra.councils["council_id"])
    assert "uploaded" not in corpus.recommendations.columns  # the shared corpus is never touched
    assert len(corpus.recommendations) == before


def test_upload_with_a_published_id_replaces_it_for_the_session(corpus) -> None:
    text = (PLANS / "leeds-2022.yaml").read_text(encoding="utf-8")
    edited = text.replace("recommendations_declared: 15", "recommendations_declared: 16", 1)
    assert edited != text
    merged = merge_corpora(corpus, _upload(edited, "leeds-2022.yaml"))
    leeds = merged.challenges[merged.challenges["challenge_id"] == "leeds-2022"]
    assert len(leeds) == 1 and leeds.iloc[0]["recommendations_declared"] == 16 and leeds.iloc[0]["uploaded"]
    assert len(merged.recommendations) == len(corpus.recommendations)
    assert merged.problems["message"].str.contains("replaces the published plan").any()
    assert corpus.challenges.set_index("challenge_id").loc["leeds-2022", "recommendations_declared"] == 15


def test_broken_upload_is_a_problem_and_the_rest_stands(corpus) -> None:
    merged = merge_corpora(corpus, _upload("id: [broken\n", "broken.yaml"))
    assert len(merged.recommendations) == len(corpus.recommendations)
    assert merged.problems["file"].str.contains("broken.yaml").any()
