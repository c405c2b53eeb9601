"""The Owners page under AppTest: the numbers a user sees, councils left out with the reason, empty states."""

from __future__ import annotations

import shutil

from analysis.coverage import councils_left_out
from tests.conftest import FIXTURES, PLANS
from tests.pages.conftest import assert_explains_nothing_matches, plotly_specs, run_page

KINGS_LYNN, LEEDS = "kings-lynn-and-west-norfolk", "leeds"


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def _spec(at, title_word: str) -> dict:
    """The figure whose hover or axis mentions ``title_word`` (charts carry no title; presentation adds one)."""
    for spec in plotly_specs(at):
        if title_word in str(spec["layout"].get("xaxis", {}).get("title", "")):
            return spec
    raise AssertionError(f"no chart with {title_word!r} on its x axis")


def test_shipped_data_draws_every_chart_and_names_left_out_councils(corpus) -> None:
    """Five charts for the view plus the named-owner heatmap; King's Lynn is left out with the reason."""
    at = run_page("pages/owners.py")
    assert not at.exception
    assert len(plotly_specs(at)) == 6
    captions = _captions(at)
    assert f"{len(corpus.actions)} actions from {corpus.actions['council_id'].nunique()} councils" in captions
    left_out = councils_left_out(corpus.councils, corpus.challenges, corpus.actions, "owners")
    assert len(left_out) > 4  # many: counted by reason in the caption, listed in a table
    assert f"{len(left_out)} councils left out" in captions
    assert "because the plan has no owner column" in captions
    listed = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    reasons = dict(zip(listed["council"], listed["reason"], strict=True))
    assert reasons["Borough Council of King's Lynn and West Norfolk"] == "the plan has no owner column"


def test_no_owner_share_kings_lynn_all_and_leeds_none(corpus) -> None:
    at = run_page("pages/owners.py")
    bars = _spec(at, "no stated owner")["data"][0]
    by_council = dict(zip([c[0] for c in bars["customdata"]], zip(bars["x"], bars["text"], strict=True), strict=True))
    kl_actions = int((corpus.actions["council_id"] == KINGS_LYNN).sum())
    leeds_actions = int((corpus.actions["council_id"] == LEEDS).sum())
    assert by_council["Borough Council of King's Lynn and West Norfolk"] == (1.0, f"{kl_actions} of {kl_actions}")
    assert by_council["Leeds City Council"] == (0.0, f"0 of {leeds_actions}")
    takeaways = [m.value for m in at.markdown]
    assert any(f"states no owner for any of its {kl_actions} actions" in t for t in takeaways)


def test_family_bars_show_actions_then_owner_mentions(corpus) -> None:
    """Leeds names five directors on some actions: one action each, but every director is a mention."""
    leeds = corpus.actions[corpus.actions["council_id"] == LEEDS]
    director_actions = int(leeds["owner_families"].map(lambda f: "Director" in f).sum())
    at = run_page("pages/owners.py", params={"council": LEEDS})
    bars = _spec(at, "Actions (an action")["data"]
    assert [t["name"] for t in bars] == ["Leeds City Council"]
    values = dict(zip(bars[0]["y"], bars[0]["x"], strict=True))
    assert values["Director"] == director_actions

    at.segmented_control(key="owners_measure").set_value("mentions").run()
    bars = _spec(at, "Owner mentions")["data"]
    mentions = dict(zip(bars[0]["y"], bars[0]["x"], strict=True))
    assert mentions["Director"] > values["Director"]  # e.g. 50 director mentions on 21 actions


def test_named_owners_for_the_council_in_the_link(corpus) -> None:
    leeds = corpus.actions[corpus.actions["council_id"] == LEEDS]
    resources = int(leeds["owners"].map(lambda o: "Director of Resources" in o).sum())
    at = run_page("pages/owners.py", params={"owner_council": LEEDS})
    assert at.selectbox(key="owners_council").value == LEEDS
    line = f"Director of Resources is named on {resources} of Leeds City Council’s {len(leeds)} actions"
    assert any(line in m.value for m in at.markdown)
    named = _spec(at, "Actions (Leeds)")["data"][0]
    assert named["customdata"][0][0] == "Director of Resources" and named["x"][0] == resources


def test_kings_lynn_named_owners_empty_until_text_mentions_are_counted() -> None:
    at = run_page("pages/owners.py", params={"owner_council": KINGS_LYNN})
    assert not at.exception
    assert any("states no owner for any action" in i.value and "no owner column" in i.value for i in at.info)
    at.toggle(key="owners_text_mentions").set_value(True).run()
    named = _spec(at, "Actions (King's Lynn")["data"]
    assert [t["name"] for t in named] == ["Stated owner", "Named in the action text only"]
    assert sum(named[0]["x"]) == 0 and sum(named[1]["x"]) > 0


def test_choosing_a_council_puts_it_in_the_url() -> None:
    at = run_page("pages/owners.py")
    at.selectbox(key="owners_council").set_value("bury").run()
    assert not at.exception
    assert at.query_params["owner_council"] in ("bury", ["bury"])
    assert any("of Bury Council’s" in m.value for m in at.markdown)


def test_only_a_council_without_owners_explains_the_empty_charts() -> None:
    at = run_page("pages/owners.py", params={"council": KINGS_LYNN})
    assert not at.exception
    captions = _captions(at)
    assert "Showing 0 councils; 1 council left out" in captions
    infos = " ".join(i.value for i in at.info)
    assert "No action in this view has a stated owner" in infos
    assert "No owned action" not in infos  # one explanation, not three repeating it
    assert len(plotly_specs(at)) == 1  # only the no-owner share, at 100%
    assert _spec(at, "no stated owner")["data"][0]["x"] == [1.0]


def test_filters_that_leave_nothing() -> None:
    assert_explains_nothing_matches("pages/owners.py", "No actions match these filters")


def test_named_owners_show_the_role_each_is_named_under(tmp_path, monkeypatch) -> None:
    """A plan with Accountable / Responsible columns: the named-owner table gains a Role column, the hover says it."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    shutil.copy(FIXTURES / "roleshire-2024.yaml", plans)
    monkeypatch.setenv("PCE_PLANS_DIR", str(plans))
    at = run_page("pages/owners.py", params={"owner_council": "roleshire"})
    assert not at.exception
    table = next(df.value for df in at.dataframe if "Role" in df.value.columns)
    roles = dict(zip(table["Owner"], table["Role"], strict=True))
    assert roles == {
        "Chief Executive": "responsible",  # responsible on one action, no role on the other
        "Leader": "accountable",
        "Director of Resources": "lead",
        "Chief Officer, Human Resources": "support",
    }
    named = _spec(at, "Actions (Roleshire")["data"][0]
    kinds = {row[0]: row[1] for row in named["customdata"]}
    assert kinds["Leader"] == "Political; accountable"
    # a council whose plan names no roles has no Role column
    at = run_page("pages/owners.py", params={"owner_council": LEEDS})
    assert not any("Role" in df.value.columns for df in at.dataframe)
