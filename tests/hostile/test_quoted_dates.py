"""A date written as a quoted string (every JSON-style plan writes ``"2024-01-01"``) is read by the schema as
a date and written back by the normaliser as ``2024-01-01``: the same value, so it must not be reported as
"value was not carried into the normalised file" (the fuzz sweep found that false error on every JSON plan)."""

from __future__ import annotations

import datetime as dt
import json

import yaml

from loaders.roundtrip import _same, lost_values, normalise_text
from loaders.upload import check_upload
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
AS_JSON = json.dumps(yaml.safe_load(GOOD), default=str, indent=1)


def test_the_json_plan_quotes_its_dates() -> None:
    assert '"plan_date": "' in AS_JSON  # the premise: the dates are text in this file


def test_quoted_iso_dates_are_carried() -> None:
    result = normalise_text(AS_JSON, name="testshire-2024.json", stem="testshire-2024")
    assert not [p for p in result.problems if "not carried" in p.message]
    assert not [p for p in result.problems if p.severity == "error"]
    written = yaml.safe_load(result.text)
    original = yaml.safe_load(AS_JSON)
    assert isinstance(written["challenge"]["plan_date"], dt.date)
    assert written["challenge"]["plan_date"].isoformat() == original["challenge"]["plan_date"]


def test_a_json_upload_can_be_added() -> None:
    check = check_upload("testshire-2024.json", AS_JSON, stem="testshire-2024")
    assert check.ok, check.problems


def test_only_the_same_date_counts_as_carried() -> None:
    day = dt.date(2024, 1, 1)
    assert _same("2024-01-01", day)
    assert not _same("2024-01-02", day)
    assert not _same("1 January 2024", day)
    assert not _same(" 2024-01-01", day)  # text with spaces round it is not that date's text
    assert not _same(day, "2024-01-01")  # a date the file had must come back a date, not text
    assert lost_values({"d": "2024-01-01", "e": "x"}, {"d": day, "e": "y"}) == [("e",)]
