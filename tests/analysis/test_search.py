"""Full-text search: known phrases are found in each council, spelling and plural variants meet, nonsense finds
nothing, filters narrow results as the sidebar does, and highlighting never lets data text become markup."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.search import (
    ITEM_COLUMNS,
    RESULT_COLUMNS,
    build_search_index,
    canonical,
    group_order,
    match_spans,
    parse_query,
    restrict,
    search_items,
    search_takeaway,
)
from tests.helpers import view_of
from ui.format import md_escape
from ui.highlight import highlight


@pytest.fixture(scope="module")
def index(corpus):
    return build_search_index(corpus)


def _view(corpus, **filters):
    return view_of(corpus, **filters)


class TestCanonical:
    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("organisation", "Organization"),
            ("organisations", "organization"),
            ("prioritise", "prioritize"),
            ("prioritised", "prioritized"),
            ("priorities", "priority"),
            ("communities", "community"),
            ("behaviour", "behaviors"),
            ("centre", "center"),
            ("programme", "program"),
            ("analyse", "analyze"),
            ("modelling", "modeling"),
            ("defence", "defense"),
            ("council's", "Councils"),
            ("Café", "cafe"),
            ("approaches", "approach"),
        ],
    )
    def test_variants_meet(self, a: str, b: str) -> None:
        assert canonical(a) == canonical(b)

    @pytest.mark.parametrize("word", ["business", "status", "analysis", "news", "size", "citizen"])
    def test_words_that_only_look_like_variants_are_left_alone(self, word: str) -> None:
        assert canonical(word) == word

    def test_different_words_stay_apart(self) -> None:
        assert canonical("organise") != canonical("organisation")
        assert canonical("plan") != canonical("planning")


class TestParseQuery:
    @pytest.mark.parametrize(
        ("text", "phrases"),
        [
            ("scrutiny", (("scrutiny",),)),
            ("Corporate  PLAN", (("corporate",), ("plan",))),
            ('"corporate plan"', (("corporate", "plan"),)),
            ("“corporate plan”", (("corporate", "plan"),)),  # curly quotes from a word processor
            ('"corporate plan', (("corporate", "plan"),)),  # unclosed quote runs to the end
            ("co-produce", (("co", "produce"),)),
            ("the corporate plan", (("corporate",), ("plan",))),
            ('"getting the basics right"', (("getting", "the", "basic", "right"),)),
            ("", ()),
            ("  !!! -- ", ()),
            ("scrutiny scrutiny", (("scrutiny",),)),
        ],
    )
    def test_phrases(self, text: str, phrases: tuple) -> None:
        assert parse_query(text).phrases == phrases

    def test_fts_expression_quotes_every_phrase(self) -> None:
        assert parse_query('a "b c" d OR NEAR').fts() == '"b c" AND "d" AND "near"'


class TestItems:
    def test_every_kind_of_text_is_indexed(self, corpus, index) -> None:
        counts = index.items["kind"].value_counts().to_dict()
        assert list(index.items.columns) == ITEM_COLUMNS
        assert counts["recommendation"] == len(corpus.recommendations)
        assert counts["action"] == len(corpus.actions)
        assert counts["step"] == (corpus.steps["text"].fillna("").str.strip() != "").sum()
        assert counts["note"] == len(corpus.notes)
        assert counts["strength"] == corpus.challenges["strengths"].map(len).sum()
        assert counts["context"] == len(corpus.context)
        assert counts["progress"] == corpus.recommendations["progress"].map(len).sum()

    def test_item_ids_are_unique(self, index) -> None:
        assert index.items["item_id"].is_unique

    def test_a_missing_reviews_frame_is_empty_not_an_error(self, corpus) -> None:
        class Bare:
            pass

        bare = Bare()
        for name in ("challenges", "recommendations", "actions", "steps", "notes", "context"):
            setattr(bare, name, getattr(corpus, name))
        items = search_items(bare)
        assert "review" not in set(items["kind"])
        assert len(items) > 0

    def test_an_empty_corpus_gives_an_empty_index(self) -> None:
        class Empty:
            pass

        index = build_search_index(Empty())
        assert len(index) == 0
        assert index.search("scrutiny").empty
        assert list(index.search("scrutiny").columns) == RESULT_COLUMNS

    def test_building_does_not_modify_the_frames(self, corpus) -> None:
        before = {name: getattr(corpus, name).copy() for name in ("recommendations", "actions", "notes")}
        build_search_index(corpus)
        for name, frame in before.items():
            pd.testing.assert_frame_equal(getattr(corpus, name), frame)


#: A phrase from each council's own plan, and the item it must find (read from data/plans).
KNOWN = [
    ("bury", '"Team Bury"', "bury-2018-r10"),
    ("bury", "commercialisation strategy", "bury-2018-r6"),
    ("kings-lynn-and-west-norfolk", '"talk and listen to staff"', "kings-lynn-and-west-norfolk-2023-r2"),
    ("kings-lynn-and-west-norfolk", "headroom savings", "kings-lynn-and-west-norfolk-2023-r5"),
    ("leeds", '"staff burnout"', "leeds-2022-r2"),
    ("leeds", "MacAlister", "leeds-2022-r8"),
    ("north-west-leicestershire", '"Annual Governance Statement"', "north-west-leicestershire-2024-r2"),
    ("north-west-leicestershire", "housing repairs process mapping", "north-west-leicestershire-2024-r6"),
]


class TestSearch:
    @pytest.mark.parametrize(("council_id", "query", "item_id"), KNOWN, ids=[q for _, q, _ in KNOWN])
    def test_known_phrases_are_found_first_in_their_council(
        self, index, council_id: str, query: str, item_id: str
    ) -> None:
        """Other councils may say the same (the corpus grows); within this council the item leads."""
        results = index.search(query)
        own = results[results["council_id"] == council_id]
        assert own.iloc[0]["item_id"] == item_id

    def test_every_council_is_found_by_words_of_its_own_first_recommendation(self, corpus, index) -> None:
        """Follows whatever data/plans holds: the first three words of each council's first title find it."""
        firsts = corpus.recommendations.sort_values(["council_id", "challenge_id", "order"]).groupby("council_id")
        for council_id, recs in firsts:
            rec = recs.iloc[0]
            phrase = " ".join(re.findall(r"[^\W_]+", rec["title"])[:3])
            results = index.search(f'"{phrase}"')
            assert rec["rec_id"] in set(results["item_id"]), (council_id, phrase)

    @pytest.mark.parametrize("query", ["xyzzy plugh", '"corporate banana"', "qwertyuiop", ""])
    def test_nonsense_finds_nothing(self, index, query: str) -> None:
        assert index.search(query).empty
        assert index.search(query, require_all=False).empty or query == '"corporate banana"'

    def test_a_phrase_must_be_in_order(self, index) -> None:
        assert index.search('"performance management"').shape[0] < index.search("management performance").shape[0]
        assert index.search('"management performance"').empty

    @pytest.mark.parametrize(
        ("british", "american"),
        [
            ("organisation", "organization"),
            ("organisational development", "organizational development"),
            ("priorities", "priority"),
            ("behaviours", "behavior"),
            ("centre", "center"),
            ("programme", "program"),
            ("prioritise", "prioritize"),
        ],
    )
    def test_spelling_and_plural_variants_find_the_same_items(self, index, british: str, american: str) -> None:
        a, b = index.search(british), index.search(american)
        assert len(a) > 0
        assert a["item_id"].tolist() == b["item_id"].tolist()

    def test_case_and_punctuation_do_not_matter(self, index) -> None:
        assert index.search("CO-PRODUCE!")["item_id"].tolist() == index.search("co produce")["item_id"].tolist()
        assert len(index.search("co-produce")) >= 3

    def test_results_are_best_first_and_recommendations_lead(self, index) -> None:
        results = index.search("performance management")
        assert results["score"].is_monotonic_decreasing
        assert (results["score"] > 0).all()
        assert results.iloc[0]["kind"] == "recommendation"
        recs = results[results["kind"] == "recommendation"]
        assert {"bury-2018-r5", "bury-2021-r4.4"} <= set(recs.head(8)["item_id"])

    def test_all_words_must_occur_unless_any_is_asked_for(self, index) -> None:
        every = index.search("scrutiny xyzzy")
        some = index.search("scrutiny xyzzy", require_all=False)
        assert every.empty
        assert len(some) == len(index.search("scrutiny")) > 0

    def test_limit(self, index) -> None:
        assert len(index.search("council", limit=5)) == 5

    def test_the_plural_finds_the_singular_in_the_text(self, index) -> None:
        """Bury 2018 r1 says "priorities"; Leeds r2 says "priorities"; searching "priority" finds both."""
        found = set(index.search("priority")["item_id"])
        assert {"bury-2018-r1", "leeds-2022-r2"} <= found


class TestRestrict:
    def test_council_filter(self, corpus, index) -> None:
        results = index.search("staff")
        narrowed = restrict(results, _view(corpus, councils=("leeds",)))
        assert len(narrowed) > 0
        assert set(narrowed["council_id"]) == {"leeds"}
        assert len(narrowed) == (results["council_id"] == "leeds").sum()

    def test_topic_filter_keeps_only_items_of_matching_recommendations(self, corpus, index) -> None:
        view = _view(corpus, topics=("performance management and data",))
        narrowed = restrict(index.search("performance"), view)
        recs = set(view.recommendations["rec_id"])
        assert len(narrowed) > 0
        assert set(narrowed["kind"]) <= {"recommendation", "action", "step", "progress", "note"}
        rec_rows = narrowed[narrowed["kind"] == "recommendation"]
        assert set(rec_rows["item_id"]) <= recs
        assert "bury-2018-r5" in set(rec_rows["item_id"])

    def test_year_filter_follows_the_challenge(self, corpus, index) -> None:
        narrowed = restrict(index.search("organisational development"), _view(corpus, years=(2021,)))
        assert set(narrowed["challenge_id"]) == {"bury-2021"}

    def test_filters_leaving_nothing(self, corpus, index) -> None:
        view = _view(corpus, councils=("leeds",), years=(1999,))
        assert restrict(index.search("staff"), view).empty


class TestHighlight:
    def test_matches_are_marked(self) -> None:
        out = highlight("Review organisational workforce development", "organizational development")
        assert out == ("Review :orange-background[**organisational**] workforce :orange-background[**development**]")

    def test_a_phrase_is_marked_as_one_span(self) -> None:
        out = highlight(
            "a single, comprehensive corporate performance management framework", '"performance management"'
        )
        assert ":orange-background[**performance management**]" in out
        assert out.count(":orange-background[") == 1

    @pytest.mark.parametrize(
        "text",
        [
            "<script>alert('x')</script> scrutiny",
            '<img src=x onerror="alert(1)"> scrutiny',
            "[link](javascript:alert(1)) scrutiny",
            "**bold** _it_ `code` # heading scrutiny",
            ":red[coloured] scrutiny $x$",
        ],
    )
    def test_data_text_is_escaped(self, text: str) -> None:
        out = highlight(text, "scrutiny")
        plain = out.replace(":orange-background[**", "").replace("**]", "")
        assert plain == md_escape(text)
        assert "<" not in re.sub(r"\\<", "", plain)  # every angle bracket is escaped
        assert re.search(r"(?<!\\)[\[\]()*_`#]", plain) is None  # no unescaped markdown syntax

    def test_matches_inside_markup_are_escaped_too(self) -> None:
        assert highlight("<b>scrutiny</b>", "scrutiny") == r"\<b\>:orange-background[**scrutiny**]\</b\>"

    def test_every_piece_is_escaped_as_the_ui_escapes(self) -> None:
        sample = r"a\b`c*d_e{f}g[h]i(j)k#l+m-n.o!p|q>r~s<t$u"
        assert highlight(sample, "") == md_escape(sample)

    def test_no_query_escapes_only(self) -> None:
        assert highlight("a <b>", "") == r"a \<b\>"

    def test_long_text_is_cut_around_the_first_match(self) -> None:
        text = "word " * 200 + "scrutiny matters " + "word " * 200
        out = highlight(text, "scrutiny", max_chars=120)
        assert out.startswith("…") and out.endswith("…")
        assert ":orange-background[**scrutiny**]" in out
        assert len(out.replace(":orange-background[**scrutiny**]", "scrutiny")) <= 122

    def test_spans_follow_the_original_text(self) -> None:
        text = "Centres, CENTER and centre-based"
        assert [text[a:b] for a, b in match_spans(text, "centre")] == ["Centres", "CENTER", "centre"]


class TestSummaries:
    def test_takeaway_counts_what_the_user_sees(self, corpus, index) -> None:
        results = index.search('"performance management"')
        names = dict(zip(corpus.councils["council_id"], corpus.councils["name"], strict=True))
        line = search_takeaway(results, query="performance management", council_names=names)
        per = results.groupby("council_id").size().sort_values(ascending=False)
        assert line.startswith(f"“performance management” appears {len(results)} times")
        assert f"of {results['council_id'].nunique()} councils" in line
        assert f"({per.iloc[0]})" in line

    def test_takeaway_for_nothing(self) -> None:
        assert search_takeaway(pd.DataFrame(columns=RESULT_COLUMNS), query="x") == "“x” appears nowhere in these plans"

    def test_groups_are_best_first(self, index) -> None:
        results = index.search("performance management")
        order = group_order(results)
        assert order[0][0] == results.iloc[0]["council_id"]
        assert order[0][1][0] == results.iloc[0]["challenge_id"]
        assert sorted(c for c, _ in order) == sorted(results["council_id"].unique())
