"""Text cut off in the source (fidelity ``truncated``, issue 19 §1): shown marked as cut off in the brief, its
HTML copy, the pack and the action tables; never given a theme or topics by the classifier (nor evidence); kept
out of overlap scoring; and an action may be recorded as truncated. Files without the field load as before."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from pptx import Presentation

from analysis import overlap
from analysis.brief_text import CUT_OFF_MARK, recommendation_text
from analysis.followup import action_rows, brief
from analysis.visit_answer import overdue_rows
from loaders import Source, build_corpus
from loaders.frames import NOT_CLASSIFIED
from loaders.problems import PlanError
from loaders.validate import load_plan_text
from reports.brief_html import brief_html
from reports.pack import briefing_pack
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
TODAY = dt.date(2025, 1, 1)

#: Two councils told the same thing about their medium term financial strategy; one row of the second council's
#: plan is cut off in the source, and so is one of its actions.
PLAN = """\
id: {council}-2024
council: {{id: {council}, name: {name}, ons_code: {ons}, council_type: unitary, region: East Midlands}}
challenge:
  kind: corporate peer challenge
  year: 2024
  plan_date: 2024-03-01
  documents: [{{title: Action plan}}]
recommendations:
  - number: "1"
    title: Refresh the medium term financial strategy and close the budget gap with a savings plan
  - number: "2"
    title: {second}
    fidelity: {fidelity}
actions:
  - recommendations: ["2"]
    text: Develop the engagement strategy with residents and partners, externally, particul
    fidelity: {action_fidelity}
    timescale: March 2024
"""
SAME = "Refresh the medium term financial strategy and close the budget gap with a savings plan"


def _plan(council: str, name: str, ons: str, second: str, fidelity: str = "verbatim", action: str = "verbatim") -> str:
    return PLAN.format(council=council, name=name, ons=ons, second=second, fidelity=fidelity, action_fidelity=action)


def _corpus(fidelity: str = "truncated", second: str = "Develop g"):
    sources = [
        Source(
            "ashby-2024.yaml", _plan("ashby", "Ashby Council", "E06000901", "Improve staff engagement"), "ashby-2024"
        ),
        Source(
            "brant-2024.yaml", _plan("brant", "Brant Council", "E06000902", second, fidelity, fidelity), "brant-2024"
        ),
    ]
    corpus = build_corpus(sources)
    assert corpus.problems[corpus.problems["severity"] == "error"].empty, corpus.problems
    return corpus


def _rec(corpus, rec_id: str):
    return corpus.recommendations.set_index("rec_id").loc[rec_id]


def test_a_truncated_fragment_gets_no_theme_no_topics_and_no_evidence() -> None:
    rec = _rec(_corpus(), "brant-2024-r2")
    assert rec["fidelity"] == "truncated"
    assert (rec["lga_themes"], rec["topics"], rec["evidence"]) == ([], [], {}) and pd.isna(rec["lga_theme"])
    assert (rec["theme_source"], rec["topic_source"]) == (NOT_CLASSIFIED, NOT_CLASSIFIED)
    # the same words at full fidelity are classified (so the test shows the rule, not an empty classifier)
    verbatim = _rec(_corpus("verbatim"), "brant-2024-r2")
    assert verbatim["lga_themes"] and verbatim["theme_source"] == "classified"


def test_a_hand_label_on_a_truncated_recommendation_is_kept() -> None:
    """A person who read the whole source may still label it: the hand label wins, as it always does."""
    text = GOOD.replace("    lga_themes: [Capacity for improvement]\n", "    lga_themes: [Capacity for improvement]\n"
                        "    fidelity: truncated\n")  # fmt: skip
    corpus = build_corpus([Source("testshire-2024.yaml", text, "testshire-2024")])
    rec = corpus.recommendations.iloc[0]
    assert (rec["fidelity"], rec["lga_theme"], rec["theme_source"]) == ("truncated", "Capacity for improvement",
                                                                        "hand-labelled")  # fmt: skip
    assert rec["topic_source"] == NOT_CLASSIFIED and rec["topics"] == []


def test_truncated_text_is_kept_out_of_overlap_scoring() -> None:
    """The same wording in two councils matches when it is whole, and never when one copy is cut off."""
    whole = overlap.similar(_corpus("verbatim", SAME), "ashby-2024-r1", k=5)
    assert "brant-2024-r2" in set(whole["rec_id"])
    cut = _corpus("truncated", SAME)
    assert "brant-2024-r2" not in set(overlap.similar(cut, "ashby-2024-r1", k=5)["rec_id"])
    assert overlap.similar(cut, "brant-2024-r2", k=5).empty
    assert cut.recommendations.set_index("rec_id").loc["brant-2024-r2", "title"] == SAME  # the text is kept as written
    # the council matrix averages over the recommendations it scores: Brant's fragment does not pull it down
    matrix = overlap.council_overlap(cut)
    alone = build_corpus([s for s in _sources_without_fragment()])
    assert matrix.loc["ashby", "brant"] == pytest.approx(overlap.council_overlap(alone).loc["ashby", "brant"])


def _sources_without_fragment() -> list[Source]:
    brant = (
        _plan("brant", "Brant Council", "E06000902", "x")
        .replace('  - number: "2"\n    title: x\n    fidelity: verbatim\n', "")
        .replace('recommendations: ["2"]', 'recommendations: ["1"]')
    )
    return [
        Source(
            "ashby-2024.yaml", _plan("ashby", "Ashby Council", "E06000901", "Improve staff engagement"), "ashby-2024"
        ),
        Source("brant-2024.yaml", brant, "brant-2024"),
    ]


def test_truncated_text_is_shown_marked_as_cut_off_everywhere() -> None:
    corpus = _corpus()
    b = brief(corpus, "brant", dt.date(2024, 9, 1), today=TODAY)
    shown = recommendation_text(b.recommendations.set_index("rec_id").loc["brant-2024-r2"])
    assert shown.title == "Develop g" + CUT_OFF_MARK == "Develop g\u2026 (cut off in the source)"
    assert shown.themes == "not classified (cut off in the source)"
    whole = recommendation_text(b.recommendations.set_index("rec_id").loc["brant-2024-r1"])
    assert whole.title == SAME and CUT_OFF_MARK not in whole.title
    cut_action = "Develop the engagement strategy with residents and partners, externally, particul" + CUT_OFF_MARK
    assert action_rows(b, b.actions["action_id"])["Action"].tolist() == [cut_action]
    assert overdue_rows(b)["Action"].tolist() == [cut_action]  # March 2024 passed by the visit
    html = brief_html(b)
    assert "Develop g\u2026 (cut off in the source)" in html and cut_action in html
    prs = Presentation(io.BytesIO(briefing_pack([], title="t", brief=b, images=False)))
    cells = [c.text for slide in prs.slides for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells]
    assert "Develop g\u2026 (cut off in the source)" in cells


def test_an_action_may_be_recorded_as_truncated_and_old_files_load_unchanged() -> None:
    corpus = build_corpus([Source("testshire-2024.yaml", GOOD, "testshire-2024")])
    assert corpus.actions["fidelity"].tolist() == ["verbatim"]  # no field: as written, as before
    assert corpus.recommendations["fidelity"].tolist() == ["verbatim"]
    assert _corpus().actions.set_index("challenge_id").loc["brant-2024", "fidelity"] == "truncated"


@pytest.mark.parametrize("field", ["recommendation", "action"])
def test_an_unknown_fidelity_is_an_error_naming_the_levels(field: str) -> None:
    text = GOOD.replace("    text: Run a staff survey\n", "    text: Run a staff survey\n    fidelity: cut\n")
    if field == "recommendation":
        text = GOOD.replace(
            "    title: Talk and listen to staff\n", "    title: Talk and listen to staff\n    fidelity: cut\n"
        )
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, name="t.yaml", stem="testshire-2024")
    (problem,) = caught.value.problems
    assert problem.field.endswith("fidelity") and "truncated" in problem.message
