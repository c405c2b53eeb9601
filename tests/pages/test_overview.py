"""The Overview page under AppTest, with the shipped data and with broken or empty data."""

from __future__ import annotations

import re
import shutil

import pytest

from analysis.summary import MAX_COUNCIL_BARS, captured_totals
from tests.conftest import FIXTURES, PLANS
from tests.helpers import metric_deltas, metric_values
from tests.pages.conftest import assert_overview_headline, bars_total, plotly_specs, run_page
from ui.format import NOT_STATED, md_escape


def _declared_counts(corpus) -> tuple[int, int]:
    """Captured recommendations of the challenges that state a count, and the sum of those counts, counted from
    the recommendation rows (not from the page's own totals), so the page's "X of Y" is checked against them
    on whatever plans are loaded (tests/test_added_plan.py adds one)."""
    stated = corpus.challenges.dropna(subset=["recommendations_declared"])
    where = int(corpus.recommendations["challenge_id"].isin(set(stated["challenge_id"])).sum())
    return where, int(stated["recommendations_declared"].sum())


def test_overview_shows_every_council_and_the_theme_chart(corpus) -> None:
    """Landing page: no exception, a card per council, totals that match the corpus, one chart."""
    at = run_page()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    for name in corpus.councils["name"]:
        assert md_escape(name) in text  # names are escaped for Markdown ("Southend\-on\-Sea")
    metrics = metric_values(at)
    assert metrics["Councils"] == str(len(corpus.councils)) == str(corpus.challenges["council_id"].nunique())
    totals = captured_totals(corpus.challenges)
    assert metrics["Recommendations"] == str(len(corpus.recommendations))
    deltas = metric_deltas(at)
    where, declared = _declared_counts(corpus)
    assert deltas["Recommendations"] == f"{where} of {declared} declared"
    assert (totals["captured_where_declared"], totals["declared"]) == (where, declared)
    assert metrics["Actions"] == str(len(corpus.actions))
    specs = plotly_specs(at)
    assert len(specs) == 1
    bars = specs[-1]["data"]
    with_recs = corpus.recommendations["council_id"].nunique()
    # a bar per council up to MAX_COUNCIL_BARS, the rest averaged into one grey "Other councils" bar
    assert len(bars) == (with_recs if with_recs <= MAX_COUNCIL_BARS else MAX_COUNCIL_BARS + 1)
    total, slack = bars_total(bars)
    assert total == pytest.approx(len(corpus.recommendations), abs=slack)


def test_overview_reports_captured_of_declared_for_leeds() -> None:
    """Leeds declares 15 recommendations and the source shows 12: the card says so."""
    at = run_page()
    text = " ".join(m.value for m in at.markdown)
    assert "12 of 15 declared" in text


def test_overview_shows_problems_and_still_loads_good_files(tmp_path, monkeypatch) -> None:
    """A broken file is listed as a problem; the other councils still appear."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    (plans / "broken-2024.yaml").write_text("id: [\n", encoding="utf-8")
    monkeypatch.setenv("PCE_PLANS_DIR", str(plans))
    at = run_page()
    assert not at.exception
    assert any("file(s) have problems" in e.label for e in at.expander)
    assert "broken-2024.yaml" in at.dataframe[0].value["file"].iloc[0]


def test_overview_with_no_plans_explains_itself(tmp_path, monkeypatch) -> None:
    """An empty data folder gives a message, not a blank page or a traceback."""
    monkeypatch.setenv("PCE_PLANS_DIR", str(tmp_path))
    at = run_page()
    assert not at.exception
    assert any("No plans are loaded" in i.value for i in at.info)


def test_minimal_fixture_renders(monkeypatch) -> None:
    """A single small plan renders a chart with one council's bars."""
    monkeypatch.setenv("PCE_PLANS_DIR", str(FIXTURES / "testshire-2024.yaml"))
    at = run_page()
    assert not at.exception
    assert len(plotly_specs(at)[0]["data"]) == 1


def test_overview_says_captured_of_declared_including_undeclared_counts(corpus) -> None:
    """The totals line says how many recommendations the sources declare and how many come from elsewhere."""
    at = run_page()
    captions = " ".join(c.value for c in at.caption)
    where, declared = _declared_counts(corpus)
    assert (
        f"Captured {where} of the {declared} recommendations the sources declare ({where / declared:.0%})" in captions
    )
    unstated = corpus.challenges[corpus.challenges["recommendations_declared"].isna()]["challenge_id"]
    others = int(corpus.recommendations["challenge_id"].isin(set(unstated)).sum())
    assert f"plus {others} from {len(unstated)} challenges whose sources state no count" in captions
    assert where + others == len(corpus.recommendations)
    assert f"All {len(corpus.recommendations)} captured recommendations appear in the charts" in captions
    counted = corpus.challenges.dropna(subset=["actions_declared"])
    acts = int(corpus.actions["challenge_id"].isin(set(counted["challenge_id"])).sum())
    sources = f"{len(counted)} source{'' if len(counted) == 1 else 's'}"  # the number and its noun agree
    stated = f"Actions: {acts} captured of the {int(counted['actions_declared'].sum())} that {sources}"
    assert stated + " declare" in captions


def test_overview_shows_each_challenges_completeness(corpus) -> None:
    """One row per challenge with its derived level; each card carries a badge per challenge."""
    at = run_page()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "completeness" in df.value.columns)
    assert len(table) == len(corpus.challenges) == len(list(PLANS.glob("*.yaml")))
    levels = table["completeness"].value_counts().to_dict()
    assert levels == corpus.challenges["completeness"].value_counts().to_dict()
    text = " ".join(m.value for m in at.markdown)
    full = levels.get("full action plan", 0)
    assert (
        f"{full} of {len(table)} challenges {'has' if full == 1 else 'have'} a full action plan in the sources" in text
    )
    # Challenges whose completeness the source documents fix (these stay true when a plan is added):
    by_plan = table.set_index(["council", "year"])["completeness"]
    fixed = [("Bury Council", 2021), ("Leeds City Council", 2022), ("Bury Council", 2018)]
    assert by_plan[fixed].tolist() == ["full action plan", "partial action plan", "recommendations only"]
    assert text.count("-badge[") == len(corpus.challenges)
    assert ":gray-badge[:material/short_text: Summary only]" in text
    newham = table[table["council"] == "London Borough of Newham"].iloc[0]
    assert (newham["recommendations_captured"], newham["recommendations_declared"]) == (0, "11")
    # a source that states no count reads "not stated" in the table, never a blank or a 0
    unstated = int(corpus.challenges["recommendations_declared"].isna().sum())
    assert (table["recommendations_declared"] == "not stated").sum() == unstated
    assert newham["completeness"] == "summary only"


def test_overview_with_only_sparse_councils(corpus) -> None:
    """Summary-only councils still get cards and rows; with no recommendations the chart says why it is empty."""
    at = run_page(params={"council": ["newham", "west-lindsey"]})
    assert_overview_headline(at, councils="2", recommendations="0", declared="0 of 19 declared")
    text = " ".join(m.value for m in at.markdown)
    assert "0 of 2 challenges have a full action plan in the sources; 2 only a summary." in text
    assert "0 of 11 declared" in text and "0 of 8 declared" in text
    assert any("No recommendations match these filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def _in_order(at) -> list:
    """Every element of the page's main area in the order a reader scrolls past them."""

    def walk(node):
        children = getattr(node, "children", None)
        if children is not None and not hasattr(node, "value"):
            for key in sorted(children):
                yield from walk(children[key])
        else:
            yield node

    return list(walk(at.main))


def test_overview_leads_with_the_numbers_and_the_chart_then_the_cards() -> None:
    """The headline figures and the first chart come before the completeness table and the council cards."""
    at = run_page()
    elements = _in_order(at)
    kinds = [e.type for e in elements]
    first_metric, first_chart = kinds.index("metric"), kinds.index("plotly_chart")
    first_card = next(
        i for i, e in enumerate(elements) if e.type == "markdown" and ":material/account_balance:" in e.value
    )
    first_table = next(i for i, e in enumerate(elements) if e.type == "dataframe" and "completeness" in e.value.columns)
    assert first_metric < first_chart < first_table < first_card


FOLLOWED = FIXTURES / "followed"


def test_overview_says_not_stated_and_its_cards_agree_with_themselves_and_history(monkeypatch) -> None:
    """On a fixture corpus: missing values read "not stated" (never None, nan or <NA>); a challenge without its
    action plan is not called a partial plan, and its note says where its one action comes from; the revisit
    filed as its own plan is named as a follow-up, and only the progress report History draws is counted."""
    monkeypatch.setenv("PCE_PLANS_DIR", str(FOLLOWED))
    at = run_page()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "completeness" in df.value.columns)
    rows = table.set_index(["council", "year"])
    noted = rows.loc[("Notedshire Borough Council", 2021)]
    assert noted["recommendations_declared"] == NOT_STATED and noted["actions_declared"] == NOT_STATED
    shown = table.astype(str)
    for bad in ("None", "nan", "<NA>", "NaT"):
        assert not shown.isin([bad]).any().any(), bad
    first = rows.loc[("Followshire District Council", 2019)]
    assert (first["completeness"], first["reviews_count"], first["followed_by"]) == (
        "recommendations only",
        1,
        "Revisit 2022",
    )
    text = " ".join(m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    assert "Partial action plan" not in text
    assert "Progress reviews and reports: 1" in text and "Followed up by: Revisit 2022" in text
    assert "Plan/response: not stated" in text and "1 (count not stated)" in text
    assert "on site not stated" in text
    assert "the action shown is as later progress papers report it" in captions
    assert "so no actions, owners or timescales could be recorded" in captions
    assert not re.search(r"\b(?:None|nan|NaT)\b|<NA>", f"{text} {captions}")
