"""A plan whose source states no recommendations count: every page and copy of the brief says "not stated", and
none says "0 of 0", "of 0 declared" or that the source shows every recommendation (issue 19 §1)."""

from __future__ import annotations

import datetime as dt
import io
import re

from pptx import Presentation

from analysis.followup import brief
from loaders import load_corpus
from reports.brief_html import brief_html
from reports.pack import briefing_pack
from tests.conftest import FIXTURES
from tests.helpers import metric_deltas, metric_values
from tests.pages.conftest import run_page

TODAY = dt.date(2025, 1, 1)
#: What an unknown count must never turn into.
FALSE_TOTALS = re.compile(r"\b0 of 0\b|of 0 declared|shows every recommendation", re.IGNORECASE)


def _plans(tmp_path, monkeypatch):
    """The fixture plan without its ``recommendations_declared``, as the only plan served."""
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "plans"
    folder.mkdir()
    text = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
    text = text.replace("  recommendations_declared: 2\n", "")
    assert "recommendations_declared" not in text
    (folder / "testshire-2024.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("PCE_PLANS_DIR", str(folder))
    return folder


def _page_text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [i.value for i in at.info] + list(metric_values(at).values()) + list(metric_deltas(at).values())
    for frame in [*at.dataframe, *at.table]:
        parts += [str(v) for v in frame.value.astype(str).to_numpy().ravel()]
    return "\n".join(parts)


def test_overview_says_not_stated(tmp_path, monkeypatch) -> None:
    _plans(tmp_path, monkeypatch)
    at = run_page()
    assert not at.exception
    assert metric_values(at)["Recommendations"] == "1"
    assert metric_deltas(at)["Recommendations"] == "count not stated"  # was "0 of 0 declared"
    table = next(df.value for df in at.dataframe if "completeness" in df.value.columns)
    assert table["recommendations_declared"].tolist() == ["not stated"]
    text = _page_text(at)
    assert "Recommendations: 1 (count not stated)" in text  # the council's card
    assert "no source states how many there are" in text
    assert not FALSE_TOTALS.search(text)


def test_brief_page_says_not_stated(tmp_path, monkeypatch) -> None:
    _plans(tmp_path, monkeypatch)
    at = run_page("pages/brief.py", params={"brief_council": "testshire"})
    assert not at.exception
    assert metric_values(at)["Recommendations"] == "1 (count not stated)"
    text = _page_text(at)
    assert "**Recommendations:** 1 captured (count not stated)" in text
    checks = next(t.value for t in at.table if "Check" in t.value.columns).set_index("Check")
    missing = checks.loc["Recommendations missing from the source"]
    assert missing["Count"] == "not stated"
    assert "is unknown" in missing["Detail"]
    assert not FALSE_TOTALS.search(text)


def test_brief_html_and_pack_say_not_stated(tmp_path, monkeypatch) -> None:
    corpus = load_corpus(_plans(tmp_path, monkeypatch))
    b = brief(corpus, "testshire", dt.date(2024, 9, 1), today=TODAY)
    assert b.headline.declared is None and b.headline.captured_of_declared == "1 (count not stated)"
    html = brief_html(b)
    assert "1 (count not stated)" in html and "not stated" in html
    assert not FALSE_TOTALS.search(html)
    prs = Presentation(io.BytesIO(briefing_pack([], title="t", brief=b, images=False)))
    texts = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
    assert any("1 recommendation (count not stated)" in t for t in texts)
    assert not any(FALSE_TOTALS.search(t) for t in texts)
