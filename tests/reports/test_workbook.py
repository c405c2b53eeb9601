"""The XLSX workbook: round-trips through pandas with the view's rows, a README, readable lists, text kept as text."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from analysis.filters import Filters, View, apply_filters
from loaders import Corpus
from reports.workbook import COLUMN_DESCRIPTIONS, SHEETS, readable, workbook_bytes
from tests.figures import report

FRAMES = list(SHEETS)


def view_of(corpus: Corpus, filters: Filters | None = None) -> View:
    return apply_filters(
        filters or Filters(),
        councils=corpus.councils,
        challenges=corpus.challenges,
        recommendations=corpus.recommendations,
        actions=corpus.actions,
        steps=corpus.steps,
    )


def sheets(data: bytes) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(data), sheet_name=None)


def readme_text(data: bytes) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [row for row in book["README"].iter_rows(values_only=True)]


def test_round_trip_has_every_row_and_column(corpus: Corpus) -> None:
    """Every frame comes back from Excel with its rows and columns, after a README sheet."""
    data = workbook_bytes(view_of(corpus))
    out = sheets(data)
    assert list(out) == ["README", *FRAMES]
    for name in FRAMES:
        frame = getattr(corpus, name)
        assert out[name].shape == frame.shape, name
        assert list(out[name].columns) == list(frame.columns)
    assert len(out["recommendations"]) == len(corpus.recommendations) > 0
    assert sorted(out["recommendations"]["rec_id"]) == sorted(corpus.recommendations["rec_id"])


def test_filtered_view_exports_only_what_the_filters_leave(corpus: Corpus) -> None:
    view = view_of(corpus, Filters(councils=("leeds",)))
    data = workbook_bytes(view)
    out = sheets(data)
    assert len(out["recommendations"]) == len(view.recommendations) == 12
    assert set(out["actions"]["council_id"]) == {"leeds"}
    assert len(out["steps"]) == len(view.steps)
    rows = readme_text(data)
    filters_row = next(r for r in rows if r[0] == "Filters applied")
    assert "leeds" in filters_row[1]
    sheet_rows = {r[0]: r[1] for r in rows if r[0] in FRAMES and isinstance(r[1], int)}  # the "Sheets" table
    assert sheet_rows == {name: len(getattr(view, name)) for name in FRAMES}


def test_readme_has_date_sources_and_every_column(corpus: Corpus) -> None:
    made = dt.datetime(2025, 3, 1, 9, 30)
    data = workbook_bytes(view_of(corpus), generated=made)
    rows = readme_text(data)
    assert next(r for r in rows if r[0] == "Generated")[1] == made
    assert next(r for r in rows if r[0] == "Filters applied")[1].startswith("None")
    documents = [r for r in rows if r[1] in set(corpus.challenges["challenge_id"])]
    assert {r[1] for r in documents} == set(corpus.challenges["challenge_id"])  # a source line per challenge
    leeds = next(r for r in documents if r[1] == "leeds-2022")
    assert leeds[3] == dt.datetime(2023, 2, 8) and leeds[4] == "Executive Board"
    described = {(r[0], r[1]): r[2] for r in rows if r[0] in FRAMES and isinstance(r[1], str) and r[2]}
    expected = {(name, c) for name in FRAMES for c in getattr(corpus, name).columns}
    assert expected <= set(described)  # every column is listed
    missing = sorted({c for (_, c) in expected if described[(_, c)] == "(not described yet)"})
    report(f"workbook README: {len(expected) - len(missing)} of {len(expected)} columns described"
           + (f" (not yet: {', '.join(missing)})" if missing else ""))  # fmt: skip
    core = ["rec_id", "title", "lga_theme", "owner_raw", "timescale_raw", "start", "end", "recommendations_declared"]
    assert all(c in COLUMN_DESCRIPTIONS for c in core)


def test_lists_are_readable_and_dates_are_dates(corpus: Corpus) -> None:
    data = workbook_bytes(view_of(corpus))
    book = openpyxl.load_workbook(io.BytesIO(data))
    recs = sheets(data)["recommendations"].set_index("rec_id")
    source = corpus.recommendations.set_index("rec_id")
    several = source[source["lga_themes"].map(len) > 1].index[0]
    assert recs.loc[several, "lga_themes"] == "; ".join(source.loc[several, "lga_themes"])
    actions = book["actions"]
    header = [c.value for c in actions[1]]
    end = header.index("end") + 1
    dated = [actions.cell(row=r, column=end) for r in range(2, actions.max_row + 1) if actions.cell(r, end).value]
    assert dated and all(isinstance(c.value, dt.datetime) and c.number_format == "d mmm yyyy" for c in dated)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["a", "b"], "a; b"),
        ([], ""),
        (None, ""),
        ({"k": ["x", "y"], "empty": []}, "k: x, y"),
        (["x" * 70, "short"], f"• {'x' * 70}\n• short"),  # long items one per line
        ([{"title": "Report", "date": dt.date(2023, 2, 8), "file": None}], "Report, 8 Feb 2023"),
    ],
)
def test_readable(value: object, expected: str) -> None:
    assert readable(value) == expected


def test_hostile_text_stays_text(corpus: Corpus) -> None:
    """Plan text is third-party input: '=HYPERLINK(...)' must not become a formula, control characters go."""
    recs = corpus.recommendations.head(2).assign(
        title=['=HYPERLINK("http://example.com","click")', "bad\x07bell"],
    )
    data = workbook_bytes({"recommendations": recs}, sources=["A test source"])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["recommendations"]
    title = [c.value for c in sheet[1]].index("title") + 1
    first = sheet.cell(row=2, column=title)
    assert first.data_type == "s" and first.value.startswith("=HYPERLINK")
    assert sheet.cell(row=3, column=title).value == "badbell"
    assert any(r[0] == "A test source" for r in readme_text(data))


def test_empty_view_still_has_headers(corpus: Corpus) -> None:
    view = view_of(corpus, Filters(councils=("nowhere",)))
    out = sheets(workbook_bytes(view))
    assert all(out[name].empty for name in FRAMES)
    assert list(out["actions"].columns) == list(corpus.actions.columns)


def test_frames_are_not_changed(corpus: Corpus) -> None:
    before = corpus.recommendations.copy()
    workbook_bytes(view_of(corpus))
    pd.testing.assert_frame_equal(corpus.recommendations, before)
