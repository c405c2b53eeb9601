"""Cutting the overlap engine's results to the councils in view: same scores, honest tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import overlap_view as view
from analysis.overlap import HEADLINE_CHARS, clusters, council_overlap, similar
from analysis.overlap_clusters import headline

MATRIX = pd.DataFrame(
    [[1.0, 0.4, 0.2], [0.4, 1.0, 0.3], [0.2, 0.3, 1.0]], index=["a", "b", "c"], columns=["a", "b", "c"]
)
NAMES = {"a": "Aton", "b": "Bton", "c": "Cton"}


def test_pairs_list_each_unordered_pair_once_most_alike_first() -> None:
    pairs = view.overlap_pairs(MATRIX, NAMES)
    assert list(zip(pairs["council"], pairs["other_council"], pairs["overlap"], strict=True)) == [
        ("Aton", "Bton", 0.4), ("Bton", "Cton", 0.3), ("Aton", "Cton", 0.2),
    ]  # fmt: skip
    assert view.overlap_takeaway(pairs) == "Most alike: Aton and Bton (40% overlap); least alike: Aton and Cton (20%)."
    assert view.overlap_takeaway(pairs.iloc[0:0]) is None


def test_matrix_is_cut_to_councils_in_view_and_capped_by_mean_overlap() -> None:
    assert list(view.overlap_in_view(MATRIX, ["c", "a"]).index) == ["a", "c"]
    capped = view.overlap_in_view(MATRIX, ["a", "b", "c"], limit=2)
    assert list(capped.index) == ["a", "b"]  # c has the lowest mean overlap with the others (0.25)
    assert capped.loc["a", "b"] == 0.4  # scores do not change when cutting


def test_scores_do_not_depend_on_the_view(corpus) -> None:
    full = council_overlap(corpus)
    ids = list(full.index[:2])
    cut = view.overlap_in_view(full, ids)
    assert cut.loc[ids[0], ids[1]] == full.loc[ids[0], ids[1]]


def test_clusters_in_view_drop_groups_left_with_one_council(corpus) -> None:
    every = clusters(corpus)
    assert not every.empty
    first = every[every["cluster_id"] == every["cluster_id"].min()]
    one_council = first["council_id"].iloc[0]
    kept = view.clusters_in_view(
        every, corpus.recommendations.loc[corpus.recommendations["council_id"] == one_council, "rec_id"]
    )
    assert kept.empty
    everything = view.clusters_in_view(every, corpus.recommendations["rec_id"])
    assert len(everything) == len(every)
    assert (everything.groupby("cluster_id")["council_id"].nunique() >= 2).all()
    bars = view.cluster_bars(everything, {}, top=len(everything))
    assert bars["recommendations"].sum() == len(everything)
    takeaway = view.clusters_takeaway(everything)
    assert takeaway.startswith(f"{everything['cluster_id'].nunique()} groups of recommendations recur")


def test_similar_in_view_keeps_only_councils_asked_for_and_brings_actions(corpus) -> None:
    recs = corpus.recommendations
    rec_id = recs.loc[recs["council_id"] == "kings-lynn-and-west-norfolk", "rec_id"].iloc[1]
    everywhere = similar(corpus, rec_id, k=5)
    only = everywhere["council_id"].iloc[0]
    got = view.similar_in_view(corpus, corpus.actions, rec_id, [only], k=5, names={only: "Only"})
    assert set(got["council_id"]) == {only}
    assert got["rank"].tolist() == list(range(1, len(got) + 1))
    assert got["score"].iloc[0] == pytest.approx(everywhere["score"].iloc[0])
    for row in got.itertuples(index=False):
        assert row.actions == view.actions_for(corpus.actions, row.rec_id)["text"].tolist()
    assert view.similar_takeaway(got, {only: "Only"}).startswith("Closest elsewhere: Only, recommendation ")
    assert view.similar_in_view(corpus, corpus.actions, rec_id, [], k=5).empty


def test_actions_for_follows_rec_ids(corpus) -> None:
    actions = corpus.actions
    with_action = actions["rec_ids"].explode().dropna().iloc[0]
    expected = actions[actions["rec_ids"].map(lambda ids: with_action in ids)]
    assert len(view.actions_for(actions, with_action)) == len(expected) > 0
    assert view.actions_for(actions, "no-such-rec").empty


def test_comparison_widens_to_every_other_council_when_one_is_in_view() -> None:
    assert view.comparison_councils("a", ["a", "b"], ["a", "b", "c"]) == (["b"], False)
    assert view.comparison_councils("a", ["a"], ["a", "b", "c"]) == (["b", "c"], True)


def test_cluster_bars_keep_a_dozen_groups_and_fold_quiet_councils() -> None:
    members = pd.DataFrame(
        {
            "cluster_id": [1, 1, 1, 2, 2, 3, 3],
            "label": ["a", "a", "a", "b", "b", "c", "c"],
            "topic": ["t"] * 7,
            "council_id": ["x", "y", "z", "x", "y", "x", "z"],
            "councils": [3, 3, 3, 2, 2, 2, 2],
            "number": [1, 1, 1, 2, 2, 3, 3],
            "headline": ["A", "A", "A", "B", "B", "C", "C"],
        }
    )
    bars = view.cluster_bars(members, {"x": "X"}, top=2, councils=1)
    assert set(bars["cluster_id"]) == {1, 2}
    assert set(bars["council"]) == {"X", "Other councils (2)"}
    assert bars["recommendations"].sum() == 5  # groups 1 and 2 have five members between them


def test_groups_are_numbered_in_display_order_and_named_by_a_member(corpus) -> None:
    """Numbers run 1..n in the order the chart draws the groups; each is named by the headline of its most
    representative member in view (the highest cohesion), cut at a word."""
    every = clusters(corpus)
    assert set(every["headline"]) <= {headline(t) for t in every["title"]}
    shown = view.clusters_in_view(every, corpus.recommendations["rec_id"])
    order = shown.drop_duplicates("cluster_id")
    assert order["number"].tolist() == list(range(1, len(order) + 1))
    for row in order.itertuples(index=False):
        group = shown[shown["number"] == row.number]
        best = group[group["cohesion"] == group["cohesion"].max()]
        assert row.headline in {headline(t) for t in best["title"]}
        assert len(row.headline) <= HEADLINE_CHARS
    bars = view.cluster_bars(shown, {})
    assert bars.drop_duplicates("cluster_id")["number"].tolist() == list(range(1, bars["cluster_id"].nunique() + 1))
    assert f"\u201c{order['headline'].iloc[0]}\u201d" in view.clusters_takeaway(shown)


def test_a_filtered_group_is_renumbered_and_renamed_from_what_is_in_view() -> None:
    members = pd.DataFrame(
        {
            "cluster_id": [1, 1, 1, 2, 2, 2],
            "label": ["staff"] * 3 + ["budget"] * 3,
            "topic": ["people"] * 3 + ["finance"] * 3,
            "size": [3] * 6,
            "councils": [3] * 6,
            "rec_id": ["a-r1", "b-r1", "c-r1", "a-r2", "b-r2", "d-r2"],
            "council_id": ["a", "b", "c", "a", "b", "d"],
            "challenge_id": ["a-1", "b-1", "c-1", "a-1", "b-1", "d-1"],
            "title": ["talk to staff.", "Listen to staff", "Staff survey", "Budget", "Balance the budget", "MTFS"],
            "cohesion": [0.9, 0.6, 0.5, 0.7, 0.8, 0.6],
            "headline": ["Talk to staff"] * 3 + ["Balance the budget"] * 3,
        }
    )
    whole = view.clusters_in_view(members, members["rec_id"])
    assert whole.drop_duplicates("number")[["cluster_id", "headline"]].values.tolist() == [
        [1, "Talk to staff"],
        [2, "Balance the budget"],
    ]
    # Without a-r1, group 1 is down to two councils and drawn second (numbered 2), and has lost its
    # representative, so it is named by the best member left.
    cut = view.clusters_in_view(members, ["b-r1", "c-r1", "a-r2", "b-r2", "d-r2"])
    assert cut.drop_duplicates("number")[["number", "cluster_id", "headline"]].values.tolist() == [
        [1, 2, "Balance the budget"],
        [2, 1, "Listen to staff"],
    ]


def test_a_group_headline_is_one_short_line() -> None:
    assert headline("there are opportunities to engage with staff.") == ("There are opportunities to engage with staff")
    long = "Engage more proactively in partnership working in all settings, ensuring the maximum benefit"
    cut = headline(long)
    assert cut.endswith("\u2026") and len(cut) <= HEADLINE_CHARS
    assert long.startswith(cut[:-1]) and long[len(cut) - 1] == " "  # cut at a word boundary
    # never ends on a joining word before the ellipsis ("... engagement with and…")
    assert headline("There are opportunities to improve engagement with and feedback to staff") == (
        "There are opportunities to improve engagement\u2026"
    )
    assert headline("a\x00b\n\t  c") == "A b c"
    assert headline("x" * 100_000) == "X" + "x" * (HEADLINE_CHARS - 2) + "\u2026"
    assert headline(None) == ""
