"""The Overlap page under AppTest: the matrix, recurring groups and side-by-side matches users see."""

from __future__ import annotations

import math

import pytest

from analysis.overlap import clusters, council_overlap, similar
from analysis.overlap_clusters import headline
from analysis.overlap_view import clusters_in_view, match_evidence
from charts.wrap import wrap_label
from tests.pages.conftest import assert_explains_nothing_matches, plotly_specs, run_page
from ui.format import md_escape


def test_overlap_page_draws_matrix_groups_and_matches(corpus) -> None:
    at = run_page("pages/overlap.py")
    assert not at.exception
    specs = plotly_specs(at)
    assert len(specs) == 3
    heat = specs[0]["data"][0]
    matrix = council_overlap(corpus)
    assert len(heat["y"]) == len(matrix)
    assert all(heat["z"][i][i] is None or math.isnan(heat["z"][i][i]) for i in range(len(matrix)))  # blank diagonal
    assert heat["z"][0][1] == pytest.approx(matrix.iloc[0, 1])
    groups = clusters_in_view(clusters(corpus), corpus.recommendations["rec_id"])
    assert sum(sum(trace["x"]) for trace in specs[1]["data"]) == (groups["number"] <= 12).sum()
    rec_id = at.selectbox(key="overlap_rec").value
    assert at.query_params["rec"] in (rec_id, [rec_id])
    expected = similar(corpus, rec_id, k=5)
    assert specs[2]["data"][0]["x"] == pytest.approx(expected["score"].tolist())
    assert any("a shared topic counts in full only beside shared words" in c.value for c in at.caption)
    # each card says what its match rests on: shared words, or plainly none (topic only)
    cards = [c.value for c in at.caption if c.value.startswith(md_escape("#"))]
    assert len(cards) == len(expected)
    for rank, (card, row) in enumerate(zip(cards, expected.itertuples(index=False), strict=True), start=1):
        evidence = match_evidence(row.why, row.shared_topics)
        assert card == md_escape(f"#{rank} · score {row.score:.2f} · {evidence}")


def test_a_link_to_a_recommendation_opens_it(corpus) -> None:
    rec_id = corpus.recommendations.loc[corpus.recommendations["council_id"] == "leeds", "rec_id"].iloc[2]
    at = run_page("pages/overlap.py", params={"rec": rec_id})
    assert not at.exception
    assert at.selectbox(key="overlap_rec").value == rec_id
    shown = at.dataframe[-1].value
    leeds = corpus.councils.set_index("council_id").loc["leeds", "name"]
    assert leeds not in set(shown["Council"])
    assert shown["Recommendation"].tolist() == similar(corpus, rec_id, k=5)["title"].tolist()


def test_one_council_in_view_explains_why_there_is_no_matrix(corpus) -> None:
    at = run_page("pages/overlap.py", params={"council": "leeds"})
    assert not at.exception
    assert any("choose at least two councils" in i.value for i in at.info)
    specs = plotly_specs(at)
    assert len(specs) == 1  # no matrix, no groups; matches widen to every other council
    assert any("matches come from every other council" in c.value for c in at.caption)
    rec_id = at.selectbox(key="overlap_rec").value
    assert rec_id.startswith("leeds-")
    assert specs[0]["data"][0]["x"] == pytest.approx(similar(corpus, rec_id, k=5)["score"].tolist())


def test_overlap_with_filters_that_leave_nothing() -> None:
    assert_explains_nothing_matches("pages/overlap.py", "No recommendations match these filters")


def test_unknown_recommendation_in_link_warns_and_falls_back() -> None:
    at = run_page("pages/overlap.py", params={"rec": "no-such-rec"}, tables=False)  # the notice is for the first view
    assert not at.exception
    assert any("not in the filtered view" in w.value for w in at.warning)


def test_recurring_groups_are_numbered_in_order_and_named_by_a_recommendation(corpus) -> None:
    """The chart, its table and the list under it number the groups 1, 2, 3, ... top to bottom, and name each
    by the headline of one of its own recommendations, not by a list of machine-picked words."""
    at = run_page("pages/overlap.py")
    assert not at.exception
    groups = clusters_in_view(clusters(corpus), corpus.recommendations["rec_id"])
    order = groups.drop_duplicates("number")
    assert len(order) >= 2
    axis = plotly_specs(at)[1]["layout"]["yaxis"]["categoryarray"]
    assert [int(label.split(".")[0]) for label in axis] == list(range(1, len(axis) + 1))
    for label, row in zip(axis, order.itertuples(index=False), strict=False):
        assert label == wrap_label(f"{row.number}. {row.headline}", 34, max_lines=2)
        titles = groups.loc[groups["number"] == row.number, "title"]
        assert row.headline in {headline(t) for t in titles}
    expanders = [e.label for e in at.expander if e.label.startswith("Group ")]
    assert expanders == [
        f"Group {r.number}: {md_escape(r.headline)} \u2014 {r.councils} councils, {r.size} recommendations"
        for r in order.head(len(expanders)).itertuples(index=False)
    ]
    assert any(c.value.startswith("Shared words: ") for c in at.caption)
    table = next(df.value for df in at.dataframe if "Group name" in df.value.columns)
    assert table["Group"].drop_duplicates().tolist() == list(range(1, len(order) + 1))
    assert table.drop_duplicates("Group")["Group name"].tolist() == order["headline"].tolist()
