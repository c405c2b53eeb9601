"""Search page under AppTest: the query comes from and goes to the URL, results are grouped and highlighted,
filters apply, empty states explain themselves, and the sidebar box on any page leads here."""

from __future__ import annotations

import pytest

from analysis.search import build_search_index, restrict
from loaders import load_corpus
from tests.conftest import ROOT
from tests.pages.conftest import run_page

PAGE = "pages/search.py"


@pytest.fixture(scope="module")
def index():
    return build_search_index(load_corpus(ROOT / "data" / "plans"))


def _markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def _infos(at) -> list[str]:
    return [i.value for i in at.info]


def test_the_url_query_fills_the_box_and_finds_results(index) -> None:
    """A shared link ?q=... opens the results for that query."""
    at = run_page(PAGE, params={"q": '"performance management"'})
    assert not at.exception
    assert at.text_input(key="q").value == '"performance management"'
    expected = len(index.search('"performance management"'))
    assert any(f"appears {expected} times" in m for m in _markdown(at))
    hits = [m for m in _markdown(at) if ":orange-background[**performance management**]" in m.lower()]
    assert len(hits) == expected


def test_typing_a_query_puts_it_in_the_url() -> None:
    """The box is bound to ``q`` (the browser writes it into the address; tests/e2e/test_search.py sees it),
    and a fresh session opened with that address shows the same results."""
    at = run_page(PAGE)
    assert any("Type words" in i for i in _infos(at))
    box = at.text_input(key="q")
    assert box.proto.query_param_key == "q"
    box.input("scrutiny").run()
    assert not at.exception
    typed = [m for m in _markdown(at) if "“scrutiny” appears" in m]
    assert typed
    shared = run_page(PAGE, params={"q": "scrutiny"})
    assert [m for m in _markdown(shared) if "“scrutiny” appears" in m] == typed


def test_results_are_grouped_by_council_then_challenge(index) -> None:
    at = run_page(PAGE, params={"q": "organisational development"})
    results = index.search("organisational development")
    councils_frame = load_corpus(ROOT / "data" / "plans").councils
    names = dict(zip(councils_frame["council_id"], councils_frame["name"], strict=True))
    councils = [s.value for s in at.main.subheader]
    assert len(councils) == results["council_id"].nunique()
    assert councils[0] == names[results.iloc[0]["council_id"]]
    assert "Bury Council" in councils
    challenge_lines = [m for m in _markdown(at) if m.startswith("**") and " result" in m and "·" in m]
    assert len(challenge_lines) == results["challenge_id"].nunique()


def test_each_result_links_to_its_place_in_the_brief() -> None:
    at = run_page(PAGE, params={"q": '"Team Bury"'})
    linked = [m for m in _markdown(at) if "Recommendation 10" in m]
    assert linked, _markdown(at)
    assert (
        "(brief?brief_council=bury&visit=2022-04-01&open=bury-2018-r10"
        "#recommendation-10-review-the-role-of-the-strategic-team-bury-"
        "partnership-the-outcomes-it-can-deliver-for-bury-and-the-governance-arrangements-required-to-do-this)"
        in linked[0]
    )  # the visit is the brief's own default (summer 2021 revisit + 10 months), so it keeps the #anchor


def test_spelling_variants_show_the_same_results() -> None:
    british = run_page(PAGE, params={"q": "organisation"})
    american = run_page(PAGE, params={"q": "organization"})
    summary = next(m for m in _markdown(british) if "appears" in m)
    assert summary.replace("organisation", "organization") == next(m for m in _markdown(american) if "appears" in m)


def test_sidebar_filters_narrow_the_results(index) -> None:
    at = run_page(PAGE, params={"q": "staff", "council": "leeds"})
    assert not at.exception
    assert [s.value for s in at.main.subheader] == ["Leeds City Council"]
    expected = (index.search("staff")["council_id"] == "leeds").sum()
    assert any(f"appears {expected} times in 1 plan of 1 council" in m for m in _markdown(at))
    assert all("brief_council=leeds" in m and "council=leeds" in m for m in _markdown(at) if "Open in the" in m)


def test_filters_leaving_nothing_say_so() -> None:
    at = run_page(PAGE, params={"q": "MacAlister", "council": "bury"})
    assert not at.exception
    assert any("Nothing matches" in i and "Try removing some filters" in i for i in _infos(at))
    assert not at.main.subheader


def test_nonsense_finds_nothing() -> None:
    at = run_page(PAGE, params={"q": "xyzzy plugh"})
    assert not at.exception
    assert any("Nothing in the plans matches" in i for i in _infos(at))


def test_no_all_word_match_falls_back_to_any_word(index) -> None:
    at = run_page(PAGE, params={"q": "MacAlister xyzzy"})
    assert any("at least one of them" in w.value for w in at.warning)
    assert any("“MacAlister xyzzy” appears once" in m for m in _markdown(at))


def test_kind_pills_narrow_to_recommendations(index) -> None:
    at = run_page(PAGE, params={"q": "performance"})
    at.pills(key="search_kinds").set_value(["recommendation"]).run()
    results = index.search("performance")
    expected = (results["kind"] == "recommendation").sum()
    assert any(f"appears {expected} times" in m for m in _markdown(at))
    assert all(":blue-badge[Recommendation]" in m for m in _markdown(at) if ":blue-badge[" in m)


def test_data_text_is_escaped_in_results(index) -> None:
    at = run_page(PAGE, params={"q": '"Team Bury"'})
    hit = next(m for m in _markdown(at) if "Recommendation 10" in m)
    assert "\\'Team Bury\\'" not in hit  # apostrophes are not markdown: left alone
    assert "do this\\." in hit  # full stops are escaped (a "1." would otherwise start a list)


def test_csv_offers_every_result(index) -> None:
    at = run_page(PAGE, params={"q": "council"})
    total = len(restrict(index.search("council"), _all_view()))
    assert any(f"of {total} results" in c.value for c in at.caption) or total <= 60
    assert at.get("download_button")


def _all_view():
    from tests.helpers import view_of

    return view_of(load_corpus(ROOT / "data" / "plans"))


def test_the_sidebar_box_on_another_page_opens_search_with_the_query() -> None:
    at = run_page("pages/themes.py")
    at.text_input(key="sidebar_search").input("scrutiny").run()
    assert not at.exception
    assert at.title[0].value == "Search"
    assert at.text_input(key="q").value == "scrutiny"
    assert any("“scrutiny” appears" in m for m in _markdown(at))


def test_the_search_page_has_no_second_sidebar_box() -> None:
    at = run_page(PAGE)
    keys = [t.key for t in at.text_input]
    assert "q" in keys and "sidebar_search" not in keys
