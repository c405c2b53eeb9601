"""The brief's first screen under AppTest: the answer tiles and lists, recorded reviews, close matches."""

from __future__ import annotations

import datetime as dt
import shutil

from tests.conftest import PLANS, ROOT
from tests.helpers import metric_values
from tests.pages.conftest import run_page

PAGE = "pages/brief.py"


def test_leeds_first_screen_answers_where_it_stands() -> None:
    at = run_page(PAGE, params={"brief_council": "leeds", "visit": "2023-09-01"}, tables=False)
    assert not at.exception
    metrics = metric_values(at)
    assert metrics["Deadline passed by the visit"] == "8 of 21"
    assert metrics["Due in the 3 months after"] == "0"
    headers = [h.value for h in at.subheader]
    assert headers[0].startswith("Deadline passed by the visit (1 Sep 2023) and not marked complete — 8")
    assert "What similar councils did" in headers
    shown = [e.label for e in at.expander if "→" in e.label]  # one expandable row per close match
    assert shown and all(float(lab.replace("\\", "").rsplit("(", 1)[1].split(",")[0]) >= 0.41 for lab in shown)
    assert not [e for e in at.expander if e.proto.expanded and "Recommendation" in e.label]  # detail collapsed


def test_a_plan_with_a_recorded_review_defaults_to_it_and_shows_it(tmp_path, monkeypatch) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    shutil.copy(ROOT / "tests" / "fixtures" / "reviewed" / "reviewshire-2022.yaml", plans)
    monkeypatch.setenv("PCE_PLANS_DIR", str(plans))
    at = run_page(PAGE, params={"brief_council": "reviewshire"}, tables=False)
    assert not at.exception
    assert at.date_input(key="brief_visit_date").value == dt.date(2023, 2, 14)
    assert "Recorded progress reviews — 1" in [h.value for h in at.subheader]
    assert metric_values(at)["Deadline passed by the visit"] == "0 of 3"  # every deadline is after the review
