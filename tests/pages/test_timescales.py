"""The Timescales page under AppTest: charts and numbers from the shipped data, due-by choices, empty states."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.timelines import GANTT_TOP_DEFAULT, gantt_rows
from tests.pages.conftest import assert_explains_nothing_matches, plotly_specs, run_page

PAGE = "pages/timescales.py"
#: Chart order on the page: due-by, Gantt, durations, horizon, deadlines.
DUE, GANTT, DURATIONS, HORIZON, DEADLINES = range(5)


def _gantt_bars(spec: dict) -> list[str]:
    return [y for trace in spec["data"] if trace["type"] == "bar" for y in trace["y"]]


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption).replace("\\", "")


def test_page_draws_every_chart_from_the_shipped_data(corpus) -> None:
    """Five charts; the due-by bars account for every action; the Gantt draws the top N and says how many hide."""
    at = run_page(PAGE)
    assert not at.exception
    specs = plotly_specs(at)
    assert len(specs) == 5
    assert sum(sum(t["x"]) for t in specs[DUE]["data"]) == len(corpus.actions)
    rows = gantt_rows(corpus.actions, corpus.challenges, corpus.councils)
    drawn = rows[rows["start_basis"] != "completed"]  # completed-with-no-date actions are stars, not bars
    bars = _gantt_bars(specs[GANTT])
    assert len(bars) <= GANTT_TOP_DEFAULT
    if len(rows) > GANTT_TOP_DEFAULT:
        hidden = len(rows) - GANTT_TOP_DEFAULT
        assert f"Showing {GANTT_TOP_DEFAULT} of {len(rows)} dated actions; {hidden} hidden" in _captions(at)
    else:
        assert len(bars) == len(drawn)
    deadlines = sum(sum(t["y"]) for t in specs[DEADLINES]["data"])
    assert deadlines == int(corpus.actions["end"].notna().sum())


def test_horizon_chart_shows_leeds_fourteen_months(corpus) -> None:
    """Leeds: action plan 8 Feb 2023, last deadline 31 March 2024 (2023/24) — about 13.7 months, drawn and said
    as 14 whole months everywhere (bar, label, takeaway, table and slide come from the same section data)."""
    at = run_page(PAGE, params={"council": "leeds"})
    spec = plotly_specs(at)[HORIZON]["data"][0]
    assert spec["x"] == [14.0] and spec["text"] == ["14 months"]
    assert any("Leeds City Council gives itself 14 months from plan to last deadline" in m.value for m in at.markdown)


def test_flagged_table_lists_burys_known_problems() -> None:
    at = run_page(PAGE)
    flagged = at.dataframe[-1].value
    by_text = flagged.set_index("timescale_raw")
    assert list(by_text.loc["July 2023 – March 2022", "flags"]) == ["end_before_start"]
    assert list(by_text.loc["shortly", "flags"]) == ["unparsed"]
    assert "could not be read as dates" in by_text.loc["shortly", "explanation"]
    assert by_text.loc["July 2023 – March 2022", "council"] == "Bury Council"
    assert pd.isna(by_text.loc["shortly", "start"])


def test_due_date_in_the_link_judges_every_council_at_it(corpus) -> None:
    """?due=2024-01-01: Leeds had 12 actions with a deadline on or before then (none recorded completed)."""
    at = run_page(PAGE, params={"due": "2024-01-01", "council": "leeds"})
    assert not at.exception
    assert at.date_input(key="ts_due_date").value == dt.date(2024, 1, 1)
    leeds = corpus.actions[corpus.actions["council_id"] == "leeds"]
    expected = int(((leeds["end"] <= pd.Timestamp("2024-01-01")) & ~leeds["completed"]).sum())
    assert expected == 12
    summary = at.dataframe[0].value
    assert summary["Due by then"].tolist() == [expected]
    assert any(f"By 1 Jan 2024, Leeds City Council had {expected} of 21 actions due" in m.value for m in at.markdown)
    # the Gantt draws the date
    assert any(a["text"] == "Due by 1 Jan 2024" for a in plotly_specs(at)[GANTT]["layout"]["annotations"])


def test_choosing_one_date_puts_it_in_the_url() -> None:
    at = run_page(PAGE, params={"council": "kings-lynn-and-west-norfolk"})
    assert "due" not in at.query_params
    at.segmented_control(key="ts_due_mode").set_value("One date for every council").run()
    at.date_input(key="ts_due_date").set_value(dt.date(2024, 8, 1)).run()
    assert not at.exception
    assert at.query_params["due"] == "2024-08-01"


def test_each_council_defaults_to_its_progress_review() -> None:
    """King's Lynn: on site October 2023, so the progress review is about 1 August 2024."""
    at = run_page(PAGE, params={"council": "kings-lynn-and-west-norfolk"})
    summary = at.dataframe[0].value
    assert summary["Judged at"].tolist() == [dt.date(2024, 8, 1)]
    assert summary["Date from"].tolist() == ["progress review"]
    assert any(a["text"] == "Progress review 1 Aug 2024" for a in plotly_specs(at)[GANTT]["layout"]["annotations"])


def test_gantt_for_one_council_draws_all_its_dated_actions(corpus) -> None:
    at = run_page(PAGE)
    at.selectbox(key="ts_gantt_council").set_value("leeds").run()
    rows = gantt_rows(corpus.actions, corpus.challenges, corpus.councils)
    leeds = rows[(rows["council_id"] == "leeds") & (rows["start_basis"] != "completed")]
    assert sorted(_gantt_bars(plotly_specs(at)[GANTT])) == sorted(leeds["action_id"])


def test_filters_that_leave_nothing_show_an_empty_state() -> None:
    assert_explains_nothing_matches(PAGE, "No actions match these filters")


def test_a_council_without_actions_is_left_out_with_the_reason() -> None:
    at = run_page(PAGE, params={"council": "north-west-leicestershire"})
    assert not at.exception
    assert not at.get("plotly_chart")
    assert any("No actions match these filters" in i.value for i in at.info)
    assert "1 council left out: North West Leicestershire District Council (the source has no action plan)" in (
        _captions(at)
    )


def test_left_out_sentence_counts_the_councils_not_drawn(corpus) -> None:
    at = run_page(PAGE)
    rows = gantt_rows(corpus.actions, corpus.challenges, corpus.councils)
    shown = rows["council_id"].nunique()
    left = len(corpus.councils) - shown
    assert f"Showing {shown} councils; {left} councils left out" in _captions(at)
