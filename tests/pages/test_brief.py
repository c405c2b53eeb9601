"""The Council brief page under AppTest, and its HTML export, with shipped, filtered, sparse and hostile data."""

from __future__ import annotations

import datetime as dt
import html
import shutil
import textwrap

import pandas as pd
import pytest

from analysis.followup import ACTION_TABLE_COLUMNS, actions_table, brief, council_default_visit, day, similar_elsewhere
from loaders import load_corpus
from reports.brief_html import brief_html
from tests.conftest import FIXTURES, PLANS, plan_problems
from tests.helpers import metric_values, query_param
from tests.pages.conftest import run_page
from ui.format import md_escape
from ui.print import PRINT_CSS, html_file_name

PAGE = "pages/brief.py"
COUNCILS = ["bury", "kings-lynn-and-west-norfolk", "leeds", "north-west-leicestershire"]
DEFAULT_VISITS = {
    "bury": dt.date(2022, 4, 1),  # summer 2021 revisit + 10 months
    "kings-lynn-and-west-norfolk": dt.date(2024, 8, 1),  # October 2023 + 10 months
    "leeds": dt.date(2023, 9, 1),  # early November 2022 + 10 months
    "north-west-leicestershire": dt.date(2025, 4, 28),  # 28 June 2024 + 10 months
}


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _actions(metrics: dict[str, str]) -> int:
    """The number of actions: the denominator of the "Deadline passed by the visit" tile ("8 of 21")."""
    return int(metrics["Deadline passed by the visit"].split(" of ")[1])


def _passed(metrics: dict[str, str]) -> int:
    """Actions whose deadline has passed by the visit and that the plan leaves open (the first tile)."""
    return int(metrics["Deadline passed by the visit"].split(" of ")[0])


def _not_yet_due(metrics: dict[str, str]) -> int:
    """Actions due after the visit: the 3 months after it plus later."""
    return int(metrics["Due in the 3 months after"]) + int(metrics["Later"])


def _tables_with(at, column: str) -> list[pd.DataFrame]:
    """The page's static tables that have ``column`` (found by heading, not by position on the page)."""
    return [t.value for t in at.table if column in t.value.columns]


def _detail_tables(at) -> list[pd.DataFrame]:
    """The per-recommendation action tables (collapsed detail): exactly the action-table columns, in order."""
    status_first = ["Status"] + [c for c in ACTION_TABLE_COLUMNS if c != "Status"]
    return [t.value for t in at.table if list(t.value.columns) == status_first]


def _expected(corpus, council_id: str, visit: dt.date, today: dt.date) -> dict[str, int | str]:
    """The headline numbers, worked out here straight from the corpus frames (not via analysis.followup)."""
    acts = corpus.actions[corpus.actions["council_id"] == council_id]
    recs = corpus.recommendations[corpus.recommendations["council_id"] == council_id]
    challenges = corpus.challenges[corpus.challenges["council_id"] == council_id]
    as_of = pd.Timestamp(min(visit, today))
    done = acts["completed"] | acts["status"].fillna("").str.strip().str.lower().eq("completed")
    end = acts["end"]
    undated = ~done & end.isna() & acts["start"].isna() & ~acts["ongoing"]
    declared = challenges["recommendations_declared"].sum()
    overdue = int((~done & end.notna() & (end < as_of)).sum())
    due = int((~done & end.notna() & (end >= as_of) & (end <= pd.Timestamp(visit))).sum())
    return {
        "Recommendations": f"{len(recs)} of {int(declared)}",
        "Deadline passed by the visit": f"{overdue + due} of {len(acts)}",
        "Completed (plan says)": int(done.sum()),
        "No date": int(undated.sum()),
    }


# ------------------------------------------------------------------------------------------------------------
# Shipped data


def test_default_is_the_first_council_in_the_view_with_its_progress_review_date(corpus) -> None:
    at = run_page(PAGE)
    assert not at.exception
    first = corpus.councils.sort_values("name")["council_id"].iloc[0]
    expected = council_default_visit(corpus.challenges[corpus.challenges["council_id"] == first])
    assert at.selectbox(key="brief_council_select").value == first
    assert at.date_input(key="brief_visit_date").value == expected.date
    assert query_param(at, "brief_council") == first
    assert query_param(at, "visit") == expected.date.isoformat()
    captions = " ".join(c.value for c in at.caption)
    assert f"Default visit date {day(expected.date)}: " in captions
    assert any("@media print" in h.proto.body for h in at.get("html"))
    assert next(d.proto.label for d in at.get("download_button")) == "Download brief (HTML)"


@pytest.mark.parametrize("council_id", COUNCILS)
def test_each_council_brief_shows_the_numbers_from_the_frames(corpus, council_id) -> None:
    at = run_page(PAGE, params={"brief_council": council_id})
    assert not at.exception
    visit = DEFAULT_VISITS[council_id]
    assert at.date_input(key="brief_visit_date").value == visit
    metrics = metric_values(at)
    expected = _expected(corpus, council_id, visit, dt.date.today())
    for label, value in expected.items():
        assert metrics[label] == str(value), label
    passed, actions = (int(x) for x in metrics["Deadline passed by the visit"].split(" of "))
    rest = ["Due in the 3 months after", "Ongoing", "Later", "Completed (plan says)", "No date"]
    assert (
        passed + sum(int(metrics[s]) for s in rest) == actions == len(corpus.actions.query("council_id == @council_id"))
    )
    text = _markdown(at)
    for rec in corpus.recommendations[corpus.recommendations["council_id"] == council_id].itertuples():
        assert f"Recommendation {rec.number.replace('.', chr(92) + '.')}:" in text, rec.rec_id
    # One actions table per group of recommendations that has actions (in the collapsed detail), each action
    # once; the checks table; and the overdue list with one row per action counted in the first tile.
    b = brief(corpus, council_id, visit, dt.date.today())
    groups_with_actions = sum(1 for gs in b.groups.values() for g in gs if g.action_ids)
    detail = _detail_tables(at)
    assert len(detail) == groups_with_actions
    assert sum(len(t) for t in detail) >= actions
    (checks,) = _tables_with(at, "Check")
    assert list(checks["Check"]) == list(b.checks["check"])
    overdue = _tables_with(at, "Overdue at the visit")
    assert sum(len(t) for t in overdue) == passed
    headers = [h.value for h in at.subheader]
    assert any(h.startswith("Deadline passed by the visit (") and h.endswith(f"— {passed}") for h in headers)
    report(council_id, metrics)


def report(council_id: str, metrics: dict[str, str]) -> None:
    from tests.figures import report as add

    add(
        f"brief {council_id}: {_actions(metrics)} actions — {_passed(metrics)} deadline passed by the visit, "
        f"{metrics['Due in the 3 months after']} due in the 3 months after, {metrics['Ongoing']} ongoing, "
        f"{metrics['Later']} later, {metrics['No date']} no date, {metrics['Completed (plan says)']} completed; "
        f"{metrics['Gaps: no owner or no date']} with no owner or no date"
    )


@pytest.mark.parametrize("council_id", sorted(load_corpus(PLANS).councils["council_id"]))
def test_every_council_in_the_data_gets_a_brief(council_id) -> None:
    """Whatever plans are in data/plans (some sparse: headings only, no actions), each brief renders."""
    at = run_page(PAGE, params={"brief_council": council_id})
    assert not at.exception
    metrics = metric_values(at)
    rest = ["Due in the 3 months after", "Ongoing", "Later", "Completed (plan says)", "No date"]
    assert _passed(metrics) + sum(int(metrics[s]) for s in rest) == _actions(metrics)
    assert sum(len(t) for t in _tables_with(at, "Overdue at the visit")) == _passed(metrics)


def test_bury_shows_both_challenges_latest_first_with_the_follows_link_and_dated_progress() -> None:
    at = run_page(PAGE, params={"brief_council": "bury"})
    text = _markdown(at)
    assert text.index("#### Revisit 2021") < text.index("#### Corporate peer challenge 2018")
    assert "Follows the **Corporate peer challenge 2018** (below)" in text
    assert "**13 Oct 2021** — " in text  # progress entries carry their date
    assert any("action plan is not in the source" in w.value for w in at.warning)
    # The flagged "July 2023 – March 2022" range is shown as written next to the dates read from it.
    rows = pd.concat(_detail_tables(at))
    flagged = rows[rows["Timescale as written"] == "July 2023 – March 2022"].iloc[0]
    assert flagged["Dates (normalised)"] == "1 Jul 2023 – 31 Mar 2022"
    assert flagged["Flags"] == "end before start"
    assert flagged["Status"].startswith("Overdue")


def test_north_west_leicestershire_says_its_action_plan_is_missing() -> None:
    at = run_page(PAGE, params={"brief_council": "north-west-leicestershire"})
    assert not at.exception
    assert metric_values(at)["Deadline passed by the visit"] == "0 of 0"
    warnings = " ".join(w.value for w in at.warning)
    assert "action plan is not in the source" in warnings
    assert "Cllr Abi Brown" in _markdown(at)  # the peer team is listed
    assert "Regeneration and Housing" in _markdown(at)  # and the extra focus area


def test_visit_date_from_the_url_changes_the_statuses() -> None:
    """Bury at 1 Nov 2021: nothing dated is due yet; at the default (1 Apr 2022) two deadlines have passed."""
    at = run_page(PAGE, params={"brief_council": "bury", "visit": "2021-11-01"})
    assert not at.exception
    metrics = metric_values(at)
    assert (_passed(metrics), _not_yet_due(metrics)) == (0, 4)
    assert at.date_input(key="brief_visit_date").value == dt.date(2021, 11, 1)
    assert any(b.label == "Use the default visit date" for b in at.button)
    at.button(key="brief_reset_visit").click().run()
    assert query_param(at, "visit") == "2022-04-01"
    assert _passed(metric_values(at)) == 2


def test_changing_council_and_date_updates_the_url() -> None:
    at = run_page(PAGE, params={"brief_council": "leeds", "visit": "2023-05-01"})
    at.selectbox(key="brief_council_select").set_value("bury").run()
    assert not at.exception
    assert query_param(at, "brief_council") == "bury"
    assert query_param(at, "visit") == "2022-04-01"  # a new council starts at its own default date
    at.date_input(key="brief_visit_date").set_value(dt.date(2022, 7, 1)).run()
    assert query_param(at, "visit") == "2022-07-01"
    assert _passed(metric_values(at)) == 4  # + "by April 2022" and "January – June 2022"


def test_a_future_visit_shows_what_falls_due_before_it(monkeypatch) -> None:
    """Visit in the future: statuses are judged today, and the first tile counts what falls due by the visit."""
    far = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    at = run_page(PAGE, params={"brief_council": "leeds", "visit": far})
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "The visit is ahead" in captions
    assert f"falls due by {day(dt.date.fromisoformat(far))}" in captions
    metrics = metric_values(at)
    rest = ["Due in the 3 months after", "Ongoing", "Later", "Completed (plan says)", "No date"]
    assert _passed(metrics) + sum(int(metrics[s]) for s in rest) == _actions(metrics)


def test_bad_visit_date_in_the_link_falls_back_to_the_default() -> None:
    at = run_page(PAGE, params={"brief_council": "leeds", "visit": "next tuesday"})
    assert not at.exception
    assert any("not a date like" in w.value for w in at.warning)
    assert at.date_input(key="brief_visit_date").value == DEFAULT_VISITS["leeds"]


def test_filters_that_leave_nothing_explain_themselves() -> None:
    at = run_page(PAGE, params={"council": "leeds", "region": "East Midlands"})
    assert not at.exception
    assert any("No councils match these filters" in i.value for i in at.info)
    assert not at.metric


def test_council_outside_the_filters_falls_back_to_the_view(corpus) -> None:
    at = run_page(PAGE, params={"brief_council": "leeds", "region": "North West"})
    assert not at.exception
    north_west = corpus.councils[corpus.councils["region"] == "North West"].sort_values("name")
    assert at.selectbox(key="brief_council_select").value == north_west["council_id"].iloc[0]
    assert any("not in the filtered view" in w.value for w in at.warning)


def test_a_theme_filter_narrows_the_brief_and_says_so(corpus) -> None:
    theme = "Financial planning and management"
    at = run_page(PAGE, params={"brief_council": "bury", "theme": theme})
    assert not at.exception
    recs = corpus.recommendations
    wanted = recs[(recs["council_id"] == "bury") & recs["lga_themes"].map(lambda t: theme in t)]
    assert metric_values(at)["Recommendations"].startswith(f"{len(wanted)} of ")
    assert any("narrow this brief" in c.value for c in at.caption)


def test_similar_recommendations_are_shown() -> None:
    at = run_page(PAGE, params={"brief_council": "leeds"})
    assert "Most similar in other councils" in _markdown(at)


# ------------------------------------------------------------------------------------------------------------
# Sparse and hostile plans

SPARSE = """\
id: sparseshire-2025
council: {id: sparseshire, name: Sparseshire Council, ons_code: E07000998, council_type: unitary, region: East Midlands}
challenge:
  kind: corporate peer challenge
  year: 2025
  documents: [{title: Feedback letter}]
recommendations:
  - {number: "1", title: Agree a plan}
  - {number: "2", title: Publish the plan}
"""

EMPTY = """\
id: emptyshire-2023
council: {id: emptyshire, name: Emptyshire Council, ons_code: E07000996, council_type: unitary, region: East Midlands}
challenge: {kind: corporate peer challenge, year: 2023, documents: [{title: Press release}]}
"""

HOSTILE_TEXT = "<script>alert('x')</script>"
HOSTILE = textwrap.dedent(
    """\
    id: hostile-2024
    council:
      id: hostile
      name: "Evil & <b>Co</b> Council"
      ons_code: E07000997
      council_type: unitary
      region: East Midlands
    challenge:
      kind: corporate peer challenge
      year: 2024
      onsite_as_written: "<i>June</i> 2024"
      peer_team: [{name: "<svg onload=alert(1)>", role: "Peer"}]
      focus_areas: ["**bold** [link](javascript:alert(1))"]
      documents: [{title: "<img src=x onerror=alert(1)>"}]
      notes: [{kind: missing, text: "<iframe src=evil></iframe>"}]
    recommendations:
      - number: "1"
        title: "<script>alert('x')</script> & more"
        text: "Full text with <b>tags</b> and *stars*"
        progress: [{date: 2024-12-01, source: "<u>report</u>", text: "<marquee>done</marquee>"}]
        notes: [{kind: garbled, text: "</td></tr></table><h1>broken</h1>"}]
    actions:
      - recommendations: ["1"]
        text: "</td><script>alert(2)</script>"
        owner: "<b>Chief Executive</b>"
        timescale: "<i>by July 2024</i>"
    """
)


def _brief_with_plan(tmp_path, monkeypatch, name: str, text: str):
    """The brief of the council in plan ``name`` (holding ``text``), served beside the shipped plans; the plan
    must load without problems and the page without an exception."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    (plans / name).write_text(text, encoding="utf-8")
    assert plan_problems(load_corpus(plans).problems).empty
    monkeypatch.setenv("PCE_PLANS_DIR", str(plans))
    at = run_page(PAGE, params={"brief_council": name.rsplit("-", 1)[0]})
    assert not at.exception
    return at


def test_sparse_plan_with_headings_only(tmp_path, monkeypatch) -> None:
    """A plan with recommendations only (no dates, no actions, no declared count) still gets a brief."""
    at = _brief_with_plan(tmp_path, monkeypatch, "sparseshire-2025.yaml", SPARSE)
    metrics = metric_values(at)
    assert metrics["Recommendations"] == "2 (count not stated)"  # no declared count: says so, never "2 of 0"
    assert metrics["Deadline passed by the visit"] == "0 of 0"
    assert at.date_input(key="brief_visit_date").value == dt.date(2026, 5, 1)  # mid-2025 + 10 months
    assert "No action in the plan answers this recommendation." in [w.value for w in at.warning]
    for council_id in COUNCILS:  # and every other council still renders next to it
        assert not run_page(PAGE, params={"brief_council": council_id}).exception


def test_plan_with_no_recommendations_at_all(tmp_path, monkeypatch) -> None:
    at = _brief_with_plan(tmp_path, monkeypatch, "emptyshire-2023.yaml", EMPTY)
    assert metric_values(at)["Recommendations"] == "0 (count not stated)"
    assert "No recommendations are recorded for this challenge." in [c.value for c in at.caption]


def test_presentation_mode_does_not_break_the_brief() -> None:
    assert not run_page(PAGE, params={"brief_council": "leeds", "present": "1"}).exception


def test_hostile_text_is_shown_as_text_on_the_page(tmp_path, monkeypatch) -> None:
    at = _brief_with_plan(tmp_path, monkeypatch, "hostile-2024.yaml", HOSTILE)
    text = _markdown(at)
    assert text.count("<") == text.count("\\<")  # every "<" from the data is escaped for markdown
    for escaped in (r"\<script\>alert", r"\<svg onload=alert\(1\)\>", r"\<img src=x onerror=alert\(1\)\>"):
        assert escaped in text
    cells = pd.concat(_detail_tables(at))
    # st.table renders cells as Markdown: the cell arrives Markdown-escaped, so it shows as the text written
    assert cells["Action"].iloc[0] == md_escape("</td><script>alert(2)</script>")


# ------------------------------------------------------------------------------------------------------------
# The HTML export (pure)


@pytest.mark.parametrize("council_id", COUNCILS)
def test_html_brief_contains_every_recommendation_and_action(corpus, council_id) -> None:
    b = brief(corpus, council_id, today=dt.date(2026, 11, 24))
    names = dict(zip(corpus.councils["council_id"], corpus.councils["name"], strict=True))
    doc = brief_html(b, similar=similar_elsewhere(corpus, b.recommendations["rec_id"]), council_names=names)
    assert doc.startswith("<!doctype html>")
    for rec in b.recommendations.itertuples():
        assert f"Recommendation {html.escape(rec.number)}: {html.escape(rec.title)}</h4>" in doc, rec.rec_id
    for act in b.actions.itertuples():
        assert f"<td>{html.escape(act.text)}</td>" in doc, act.action_id
    # Self-contained: no scripts, stylesheets or images fetched from anywhere.
    assert "<script" not in doc and "<link" not in doc and 'src="' not in doc
    assert html_file_name(b) == f"brief-{council_id}-{b.visit_date.isoformat()}.html"


def test_html_brief_escapes_hostile_text(tmp_path) -> None:
    (tmp_path / "hostile-2024.yaml").write_text(HOSTILE, encoding="utf-8")
    data = load_corpus(tmp_path)
    assert plan_problems(data.problems).empty
    b = brief(data, "hostile", dt.date(2024, 8, 1), dt.date(2026, 11, 24))
    doc = brief_html(b, similar=None, council_names={"hostile": "Evil & <b>Co</b> Council"})
    for raw in ["<script>", "<svg", "<img", "<iframe", "<marquee>", "<b>Co</b>", "<h1>broken", "<u>report"]:
        assert raw not in doc, raw
    assert html.escape(HOSTILE_TEXT) in doc
    assert "&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in doc
    assert "&lt;b&gt;Chief Executive&lt;/b&gt;" in doc
    assert "similarity engine not available" in doc
    assert "Overdue" in doc  # "by July 2024" read through the tags, overdue at 1 Aug 2024


def test_print_css_hides_the_chrome_and_lets_the_page_flow() -> None:
    for selector in ('[data-testid="stSidebar"]', 'header[data-testid="stHeader"]', ".stDownloadButton", ".stButton"):
        assert selector in PRINT_CSS
    assert "overflow: visible" in PRINT_CSS and "@media print" in PRINT_CSS


def test_the_html_renderer_is_pure() -> None:
    """reports/ renders from analysis results only: usable from a script or notebook, no Streamlit."""
    import ast

    from tests.conftest import ROOT

    for path in sorted((ROOT / "reports").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {"streamlit", "ui"} & imported, path.name


# ------------------------------------------------------------------------------------------------------------
# Owners with roles (issue 19 §1)

ROLES_PLAN = (FIXTURES / "roleshire-2024.yaml").read_text(encoding="utf-8")


def test_the_brief_shows_each_owner_with_its_role(tmp_path) -> None:
    (tmp_path / "roleshire-2024.yaml").write_text(ROLES_PLAN, encoding="utf-8")
    data = load_corpus(tmp_path)
    assert plan_problems(data.problems).empty
    b = brief(data, "roleshire", dt.date(2024, 8, 1), dt.date(2026, 11, 24))
    owners = actions_table(b)["owner"].tolist()
    assert owners == [
        "Leader (accountable); Chief Executive (responsible)",
        "Director of Resources (lead); Chief Officer, Human Resources (support)",
        "Chief Executive",  # no role given: the cell as written, as before
    ]
    doc = brief_html(b, similar=None, council_names={"roleshire": "Roleshire District Council"})
    assert "<td>Leader (accountable); Chief Executive (responsible)</td>" in doc


def test_the_brief_page_shows_owner_roles(tmp_path, monkeypatch) -> None:
    at = _brief_with_plan(tmp_path, monkeypatch, "roleshire-2024.yaml", ROLES_PLAN)
    cells = pd.concat(_detail_tables(at))
    assert md_escape("Leader (accountable); Chief Executive (responsible)") in cells["Owner"].tolist()
