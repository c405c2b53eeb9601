"""Every page with filters selecting only sparse councils (issue 9): summary-only councils with no
recommendation text, a council with headings only, and a mix. Pages must explain, never crash."""

from __future__ import annotations

import pytest

from tests.helpers import metric_values
from tests.pages.conftest import assert_overview_headline, plotly_specs, run_page

PAGES = (
    "overview", "themes", "timescales", "owners", "overlap", "brief", "history", "search", "add-plan",
)  # fmt: skip

#: Councils whose sources give no recommendation text at all (summary only).
SUMMARY_ONLY = ["newham", "west-lindsey", "st-helens"]
#: Sparse councils of every kind: headings only, paraphrases, a single action, counts only.
SPARSE_MIX = ["tower-hamlets", "havering", "stroud", "tewkesbury", "newham", "west-lindsey", "st-helens"]


def _page(name: str) -> str | None:
    return None if name == "overview" else f"pages/{name}.py"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("councils", [SUMMARY_ONLY, SPARSE_MIX], ids=["summary-only", "sparse-mix"])
def test_every_page_runs_with_only_sparse_councils(page: str, councils: list[str]) -> None:
    """No exception on any page when the filters leave only sparse councils."""
    at = run_page(_page(page), params={"council": councils})
    assert not at.exception, [e.message for e in at.exception]


def test_themes_shows_a_headings_only_council() -> None:
    """Tower Hamlets' 18 headings are classified and charted like any other recommendations."""
    at = run_page("pages/themes.py", params={"council": "tower-hamlets"})
    assert not at.exception
    specs = plotly_specs(at)
    bars = specs[0]["data"]
    assert len(bars) == 1 and sum(bars[0]["x"]) == 18
    assert len(specs[1]["data"][0]["x"]) == 1  # one council column in the heatmap


def test_themes_with_summary_only_councils_says_why_it_is_empty() -> None:
    at = run_page("pages/themes.py", params={"council": SUMMARY_ONLY})
    assert not at.exception
    assert any("No recommendations match these filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_themes_sparse_mix_counts_every_captured_recommendation(corpus) -> None:
    at = run_page("pages/themes.py", params={"council": SPARSE_MIX})
    assert not at.exception
    expected = corpus.recommendations["council_id"].isin(SPARSE_MIX).sum()
    assert expected == 18 + 10 + 2 + 4
    bars = plotly_specs(at)[0]["data"]
    assert sum(sum(trace["x"]) for trace in bars) == expected
    assert len(bars) == 4  # the three summary-only councils have no bars


def test_overview_sparse_mix_totals(corpus) -> None:
    """Captured of declared over only the sparse councils: 18 of 18 (Tower Hamlets) + 5 of 5 (Havering 2012)
    + 4 of 5 (Tewkesbury) + 0 of 11 + 0 of 8 + 0 of 10, with 7 more from challenges that state no count."""
    at = run_page(params={"council": SPARSE_MIX})
    assert_overview_headline(at, councils="7", recommendations="34", declared="27 of 57 declared")
    captions = " ".join(c.value for c in at.caption)
    assert "plus 7 from 4 challenges whose sources state no count" in captions
    specs = plotly_specs(at)
    assert sum(sum(trace["x"]) for trace in specs[-1]["data"]) == 34


@pytest.mark.parametrize(
    ("council", "recommendations", "actions"),
    [("newham", "0 of 11", "0"), ("tower-hamlets", "18 of 18", "0"), ("stroud", "2 (count not stated)", "6")],
)
def test_brief_for_a_sparse_council(council: str, recommendations: str, actions: str) -> None:
    """The council brief opens for a summary-only, a headings-only and a partial council."""
    at = run_page("pages/brief.py", params={"brief_council": council})
    assert not at.exception
    metrics = metric_values(at)
    assert metrics["Recommendations"] == recommendations
    # The first tile counts the actions whose deadline passed "of" all the council's actions.
    assert metrics["Deadline passed by the visit"].split(" of ")[-1] == actions
