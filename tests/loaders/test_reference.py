"""The reference data (data/reference/): every row loads, every shipped plan's ONS code resolves, plans are checked
against it, and a hostile CSV becomes problem rows in linear time."""

from __future__ import annotations

import csv
import io
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from loaders import Source, build_corpus, reference
from loaders.reference import (
    AUTHORITIES_FILE,
    AUTHORITY_COLUMNS,
    COUNCIL_REFERENCE_COLUMNS,
    DEFAULT_REFERENCE_DIR,
    LABELS_FILE,
    MAX_ROWS,
    load_reference,
)
from tests.conftest import FIXTURES
from tests.figures import report

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def _raw_rows(name: str) -> list[dict[str, str]]:
    with (DEFAULT_REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _plan(**council: str) -> str:
    text = GOOD
    for key, value in council.items():
        old = next(line for line in text.splitlines() if line.startswith(f"  {key}:"))
        text = text.replace(old, f"  {key}: {value}", 1)
    return text


def _load(text: str):
    return build_corpus([Source("testshire-2024.yaml", text, "testshire-2024")])


def test_all_470_rows_load_with_labels_and_no_problems() -> None:
    ref = load_reference()
    frame = ref.authorities
    assert ref.problems == ()
    assert list(frame.columns) == AUTHORITY_COLUMNS
    assert len(frame) == len(_raw_rows(AUTHORITIES_FILE)) == 470
    assert frame["imd_quintile"].notna().sum() == len(_raw_rows(LABELS_FILE)) == 394
    assert set(frame["imd_quintile"].dropna()) == {1, 2, 3, 4, 5}
    english = frame[(frame["nation"] == "England") & frame["current"]]
    counts = english["authority_type"].value_counts().to_dict()
    assert counts["non-metropolitan district"] == 164 and counts["unitary"] == 63
    assert counts["metropolitan district"] == 36 and counts["London borough"] == 32 and counts["county"] == 21
    leeds = frame.set_index("ons_code").loc["E08000035"]
    assert (leeds["authority_code"], leeds["imd_quintile"], leeds["rurality"]) == ("LDS", 2, "Urban")
    assert leeds["population"] == 798786 and 53 < leeds["lat"] < 54 and -2 < leeds["lon"] < -1


def test_replaced_authorities_name_their_successors() -> None:
    frame = load_reference().authorities
    replaced = frame.dropna(subset=["replaced_by"])
    assert len(replaced) == sum(1 for row in _raw_rows(AUTHORITIES_FILE) if row["replaced-by"])
    names = dict(zip(frame["authority_code"], frame["short_name"], strict=True))
    for row in replaced.itertuples():
        assert row.successor == "; ".join(names[code] for code in row.replaced_by.split(","))


def test_every_shipped_plan_ons_code_resolves(corpus) -> None:
    councils = corpus.councils
    assert councils["authority_code"].notna().all(), councils.loc[councils["authority_code"].isna(), "council_id"]
    assert (councils["reference_type"] == councils["council_type"]).all()
    assert (councils["reference_region"].str.casefold() == councils["region"].str.casefold()).all()
    assert councils[["population", "imd_quintile", "rurality", "lat", "lon"]].notna().all().all()
    assert set(COUNCIL_REFERENCE_COLUMNS) <= set(councils.columns)
    linked = corpus.authorities[corpus.authorities["in_corpus"]]
    assert sorted(linked["council_id"]) == sorted(councils["council_id"])


def test_typed_type_or_region_that_disagrees_is_a_warning() -> None:
    # E08000035 is a metropolitan district in Yorkshire and The Humber; the fixture types another type and region.
    loaded = _load(_plan(ons_code="E08000035"))
    rows = loaded.problems.set_index("field")
    assert rows.loc["council.council_type", "severity"] == "warning"
    assert "'metropolitan district'" in rows.loc["council.council_type", "message"]
    assert "'Yorkshire and The Humber'" in rows.loc["council.region", "message"]
    assert len(loaded.challenges) == 1  # a warning: the plan still loads
    council = loaded.councils.iloc[0]
    assert council["council_type"] == "non-metropolitan district"  # the typed value stays as typed
    assert council["reference_type"] == "metropolitan district"


def test_matching_type_and_region_is_clean() -> None:
    loaded = _load(_plan(ons_code="E08000035", council_type="metropolitan district", region="Yorkshire and the Humber"))
    assert loaded.problems.empty, loaded.problems.to_dict("records")


def test_unknown_ons_code_is_a_problem_row() -> None:
    loaded = _load(GOOD)  # E07000999 is fictional
    (row,) = loaded.problems.to_dict("records")
    assert row["field"] == "council.ons_code" and "E07000999 is not in the reference" in row["message"]
    assert row["file"] == "testshire-2024.yaml"
    assert loaded.councils["authority_code"].isna().all()
    assert not loaded.authorities["in_corpus"].any()


def test_replaced_council_is_shown_with_its_successor() -> None:
    frame = load_reference().authorities
    gone = frame.dropna(subset=["replaced_by", "ons_code"]).iloc[0]
    loaded = _load(_plan(ons_code=gone["ons_code"], council_type=f"'{gone['authority_type']}'", region="x"))
    council = loaded.councils.iloc[0]
    assert council["successor"] == gone["successor"] and not council["current"]
    messages = loaded.problems["message"].tolist()
    assert f"{gone['short_name']} has since been replaced by {gone['successor']}" in messages


# ------------------------------------------------------------------------------------------------------------
# Hostile reference files


HEADER = list(_raw_rows(AUTHORITIES_FILE)[0].keys())


def _row(code: str, **fields: str) -> dict[str, str]:
    base = {key: "" for key in HEADER}
    base.update({
        "local-authority-code": code, "official-name": f"{code} Council", "nice-name": code, "nation": "England",
        "region": "London", "local-authority-type": "LBO", "local-authority-type-name": "London borough",
        "current-authority": "True", "pop-2020": "1000", "lat": "51.5", "long": "-0.1",
    })  # fmt: skip
    base.update(fields)
    return base


def _write(folder: Path, rows: list[dict[str, str]], labels: str = "local-authority-code,label\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / AUTHORITIES_FILE).write_text(out.getvalue(), encoding="utf-8")
    (folder / LABELS_FILE).write_text(labels, encoding="utf-8")
    return folder


def _good(n: int, start: int = 0) -> list[dict[str, str]]:
    """``n`` valid rows with distinct codes AAAA, AAAB, ... from number ``start``."""
    return [_row("A" + "".join(chr(65 + (i // 26**k) % 26) for k in (2, 1, 0))) for i in range(start, start + n)]


HOSTILE = [
    ("formula", _row("FRM", **{"official-name": '=HYPERLINK("http://x")'}), "official-name", "formula"),
    ("markup", _row("MRK", **{"nice-name": "<script>alert(1)</script>"}), "nice-name", "markup"),
    ("control", _row("CTL", **{"official-name": "Bell\x07 Council"}), "official-name", "control character"),
    ("huge text", _row("HUG", **{"alt-names": "x" * 500, "official-name": "y" * 5_000}), "official-name", "5,000"),
    ("bad number", _row("NUM", **{"pop-2020": "lots"}), "pop-2020", "'lots' is not a number"),
    ("infinite", _row("INF", **{"area": "1e999"}), "area", "outside"),
    ("digits", _row("DIG", **{"pop-2020": "9" * 5_000}), "pop-2020", "too long"),
    ("bad code", _row("bad code"), "local-authority-code", "not an authority code"),
    ("bad ons", _row("ONS", **{"gss-code": "E0800003X"}), "gss-code", "not an ONS code"),
    ("bad flag", _row("FLG", **{"current-authority": "yes"}), "current-authority", "True or False"),
]


@pytest.mark.parametrize(("case", "row", "field", "message"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_row_is_a_problem_row_naming_line_and_field(tmp_path, case, row, field, message) -> None:
    folder = _write(tmp_path / case, [*_good(3), row, *_good(2, 3)])
    ref = load_reference(folder)
    (problem,) = [p for p in ref.problems if p.field == field]
    assert message in problem.message and problem.line == 5  # header, three good rows, then this one
    assert problem.file.endswith(AUTHORITIES_FILE)
    assert len(problem.message) < 200  # never echoes the whole value
    optional = field in ("pop-2020", "area")
    assert len(ref.authorities) == 5 + optional  # a bad optional number is blanked, a bad required field skips
    for column in ("name", "short_name"):
        assert not ref.authorities[column].str.contains("<|=|\x07", regex=True).any()


def test_field_beyond_the_csv_limit_and_too_many_rows(tmp_path) -> None:
    rows = [*_good(2), _row("BIG", notes="z" * 200_000), *_good(MAX_ROWS + 5, 2)]
    ref = load_reference(_write(tmp_path / "big", rows))
    messages = [(p.line, p.message) for p in ref.problems]
    assert (4, "row cannot be read as CSV (field larger than field limit (131072))") in messages
    assert any(f"more than {MAX_ROWS:,} rows" in message for _, message in messages)
    assert len(ref.authorities) <= MAX_ROWS


def test_oversized_binary_and_missing_files_are_problems(tmp_path) -> None:
    folder = _write(tmp_path / "odd", _good(2))
    (folder / AUTHORITIES_FILE).write_bytes(b"x" * (3 * 1024 * 1024))
    (folder / LABELS_FILE).unlink()
    ref = load_reference(folder)
    messages = " ".join(p.message for p in ref.problems)
    assert "the limit is" in messages and "cannot read file" in messages
    assert ref.authorities.empty and list(ref.authorities.columns) == AUTHORITY_COLUMNS


def test_bad_labels_are_problem_rows(tmp_path) -> None:
    labels = (
        "local-authority-code,label\nAAAA,London; Emissions: Urban; 2nd IMD quintile; Urban\n"
        "AAAB,London; Emissions: Urban; 9th IMD quintile; Urban\nAAAC,London; Urban\n"
        "AAAD,London; Emissions: Urban; 1st IMD quintile; Metropolis\n"
    )
    ref = load_reference(_write(tmp_path / "labels", _good(4), labels))
    assert [(p.line, p.field) for p in ref.problems] == [(3, "label"), (4, "label"), (5, "label")]
    quintiles = ref.authorities.set_index("authority_code")["imd_quintile"]
    assert quintiles["AAAA"] == 2 and pd.isna(quintiles["AAAB"])


def test_reading_time_is_linear_in_rows(tmp_path) -> None:
    """Ten times the rows (hostile ones among them) costs about ten times the time, not a hundred."""

    def measure(n: int) -> float:
        rows = [row for _, row, *_ in HOSTILE] * (n // 100) + _good(n)  # repeated hostile rows: duplicates too
        folder = _write(tmp_path / str(n), rows[:MAX_ROWS])
        best = float("inf")
        for _ in range(3):
            reference._load.cache_clear()  # measure the read, not the memo
            start = time.perf_counter()
            load_reference(folder)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = measure(300), measure(3_000)
    ratio = large / small
    report(f"reference load: 300 rows {small * 1000:.1f} ms, 3,000 rows {large * 1000:.1f} ms (x{ratio:.1f})")
    assert ratio < 30


def test_a_broken_reference_never_stops_the_plans(tmp_path) -> None:
    folder = tmp_path / "ref"
    shutil.copytree(DEFAULT_REFERENCE_DIR, folder)
    (folder / AUTHORITIES_FILE).write_bytes(b"\x00\x01binary")
    loaded = build_corpus([Source("testshire-2024.yaml", GOOD, "testshire-2024")], reference=load_reference(folder))
    assert len(loaded.challenges) == 1
    assert "binary file" in " ".join(loaded.problems["message"])
