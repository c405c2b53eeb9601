"""Huge and odd integers (YAML reads ``0x…``, ``1_000…`` and ``59:59:59`` as whole numbers) are problem rows that
name file, line and field, never an exception: counts are bounded in the schema, echoed values are cut short
(Python refuses to print an int of more than 4,300 digits), and anything unforeseen in one file becomes an
"internal error" row for that file while the others load."""

from __future__ import annotations

import pytest

import loaders.corpus
import loaders.upload
from loaders import Source, build_corpus, load_corpus
from loaders.models import MAX_COUNT
from loaders.problems import MAX_SHOWN
from loaders.upload import check_upload
from tests.conftest import FIXTURES, PLANS, plan_problems
from tests.pages.conftest import _clear_caches  # noqa: F401  (a fixture: fresh caches per test)

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
HEX = "0x" + "f" * 4000  # 4,817 decimal digits
HUGE = "9" * 5000
TITLE = "title: Talk and listen to staff"
REVIEW = "reviews:\n  - kind: revisit\n    title: Revisit\n    rag: {green: %s}\n"


def _edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(start))


# (case, text, field, words in the message)
CASES = [
    ("declared 23 digits", _edit("recommendations_declared: 2", "recommendations_declared: 99999999999999999999999"),
     "challenge.recommendations_declared", "out of range"),
    ("declared hex", _edit("recommendations_declared: 2", f"recommendations_declared: {HEX}"),
     "challenge.recommendations_declared", "a number of about 4,817 digits is out of range"),
    ("declared one too many", _edit("recommendations_declared: 2", f"recommendations_declared: {MAX_COUNT + 1}"),
     "challenge.recommendations_declared", "less than or equal to 10000"),
    ("actions declared", _edit("recommendations_declared: 2", "actions_declared: 1_000_000_000_000"),
     "challenge.actions_declared", "out of range"),
    ("negative count", _edit("recommendations_declared: 2", "recommendations_declared: -1"),
     "challenge.recommendations_declared", "out of range"),
    ("declared as yes", _edit("recommendations_declared: 2", "recommendations_declared: yes"),
     "challenge.recommendations_declared", "whole number, not true"),
    ("declared as false", _edit("recommendations_declared: 2", "recommendations_declared: false"),
     "challenge.recommendations_declared", "whole number, not false"),
    ("RAG count", GOOD + REVIEW % "99999999999999999999999", "reviews[0].rag.green", "out of range"),
    ("RAG as true", GOOD + REVIEW % "true", "reviews[0].rag.green", "whole number, not true"),
    ("RAG hex", GOOD + REVIEW % HEX, "reviews[0].rag.green", "out of range"),
    ("hex title", _edit(TITLE, f"title: {HEX}"), "recommendations[0].title", "put it in quotes"),
    ("sexagesimal title", _edit(TITLE, "title: 59:59:59"), "recommendations[0].title", "a number (215999)"),
    ("long sexagesimal", _edit(TITLE, "title: " + ":".join(["59"] * 3000)), "recommendations[0].title",
     "digits"),
    ("underscored title", _edit(TITLE, "title: 1_" + "000_" * 2000 + "000"), "recommendations[0].title",
     "too long to read"),
    ("5000-digit year", _edit("year: 2024", f"year: {HUGE}"), "challenge.year", "too long to read"),
    ("hex number", _edit('number: "1"', f"number: {HEX}"), "recommendations[0].number", "expected text"),
    ("hex theme", _edit("[Capacity for improvement]", f"[{HEX}]"), "recommendations[0].lga_themes[0]",
     "is not allowed here"),
    ("hex key", GOOD + f"? {HEX}\n: 1\n", "", "digits"),
    ("hex unknown value", GOOD + f"extra: {HEX}\n", "extra", "unknown field"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_check_upload_reports_odd_integers_without_raising(case: str, text: str, field: str, words: str) -> None:
    check = check_upload("testshire-2024.yaml", text.encode(), stem="testshire-2024")
    assert not check.ok
    match = [p for p in check.errors if words in p.message or words in p.field]
    assert match, [str(p) for p in check.problems]
    if field:
        assert match[0].field.endswith(field) or match[0].field == field
        assert match[0].line is not None
    for problem in check.problems:  # nothing is echoed in full
        assert len(problem.message) < 300 and len(problem.field) <= 2 * MAX_SHOWN, problem


@pytest.mark.parametrize(("case", "text", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_load_corpus_reports_the_bad_file_and_loads_the_good_one(tmp_path, case, text, field, words) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "testshire-2024.yaml").write_text(GOOD, encoding="utf-8")
    (plans / "hostile-2024.yaml").write_text(text.replace("testshire", "hostile"), encoding="utf-8")
    corpus = load_corpus(plans, cache=False)
    assert list(corpus.challenges["challenge_id"]) == ["testshire-2024"]
    assert corpus.challenges["recommendations_declared"].tolist() == [2]
    rows = corpus.problems[corpus.problems["file"].str.endswith("hostile-2024.yaml")]
    assert (rows["severity"] == "error").any()
    said = rows["message"] + " " + rows["field"]
    assert said.str.contains(words, regex=False).any(), rows.to_string()


def test_the_bound_is_reported_on_its_line() -> None:
    text = _edit("recommendations_declared: 2", f"recommendations_declared: {HEX}")
    (problem,) = check_upload("testshire-2024.yaml", text).errors
    assert problem.line == _line(text, "recommendations_declared")
    assert problem.message.startswith("a number of about 4,817 digits is out of range")
    assert check_upload(
        "testshire-2024.yaml", _edit("recommendations_declared: 2", f"recommendations_declared: {MAX_COUNT}")
    ).ok


class Boom(Exception):
    """An exception nobody foresaw."""


def test_an_unexpected_exception_in_one_file_is_a_row_for_that_file(monkeypatch) -> None:
    real = loaders.corpus.load_plan_text

    def flaky(text: str, *, name: str, stem: str | None = None):
        if name == "bad.yaml":
            raise Boom("anything")
        return real(text, name=name, stem=stem)

    monkeypatch.setattr(loaders.corpus, "load_plan_text", flaky)
    corpus = build_corpus([Source("bad.yaml", GOOD, "testshire-2024"), Source("good.yaml", GOOD, "testshire-2024")])
    assert list(corpus.challenges["file"]) == ["good.yaml"]
    (row,) = plan_problems(corpus.problems).itertuples()
    assert (row.file, row.severity) == ("bad.yaml", "error")
    assert row.message.startswith("internal error while reading this file (Boom)")


def test_a_plan_whose_rows_cannot_be_built_is_dropped_alone(monkeypatch) -> None:
    """Frames are built for all plans at once; if one plan's rows fail, only that plan is left out."""
    real = loaders.corpus.plan_rows

    def flaky(plan, *, file: str, rows) -> None:
        if file == "bad.yaml":
            raise OverflowError("Python int too large to convert to C long")
        real(plan, file=file, rows=rows)

    monkeypatch.setattr(loaders.corpus, "plan_rows", flaky)
    other = GOOD.replace("testshire", "otherton")
    corpus = build_corpus([Source("bad.yaml", GOOD, "testshire-2024"), Source("good.yaml", other, "otherton-2024")])
    assert list(corpus.challenges["challenge_id"]) == ["otherton-2024"]
    assert (
        corpus.problems["message"]
        .str.contains("internal error while reading this file (OverflowError)", regex=False)
        .any()
    )


def test_check_upload_never_raises(monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise Boom("anything")

    monkeypatch.setattr(loaders.upload, "normalise_text", boom)
    check = check_upload("x.yaml", GOOD)
    assert not check.ok and check.text == GOOD
    assert [p.message for p in check.errors] == ["internal error while reading this file (Boom); please report it"]
    assert loaders.upload.normalised_bytes("x.yaml", GOOD) == GOOD.encode()


def test_overview_renders_with_a_hostile_upload_in_the_session(tmp_path, monkeypatch) -> None:
    """The upload cannot be added through the page (it has errors), but even if a session holds one, every
    page still renders and lists it as a problem."""
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP

    monkeypatch.setenv("PCE_PLANS_DIR", str(PLANS))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_uploaded_plans"] = {
        "hostile-2024.yaml": _edit("recommendations_declared: 2", f"recommendations_declared: {HEX}").replace(
            "testshire", "hostile"
        ),
        "hexy-2024.yaml": _edit(TITLE, f"title: {HEX}").replace("testshire", "hexy"),
        "rag-2024.yaml": (GOOD + REVIEW % "99999999999999999999999").replace("testshire", "rag"),
    }
    at.run()
    assert not at.exception
    text = " ".join(e.label for e in at.expander)
    assert "file(s) have problems" in text
    files = set(at.dataframe[0].value["file"])
    assert {"upload: hostile-2024.yaml", "upload: hexy-2024.yaml", "upload: rag-2024.yaml"} <= files
    at.switch_page("pages/add-plan.py").run()
    assert not at.exception
    assert sum("not loaded" in m.value for m in at.markdown) == 3  # listed, so the user can remove them


SEXAGESIMAL = ":".join(["59"] * 6000)  # about 10,700 digits: over Python's 4,300-digit limit for str()
UNKNOWN_INTS = {
    "hex": HEX,
    "negative hex": "-" + HEX,
    "sexagesimal": SEXAGESIMAL,
    "negative sexagesimal": "-" + SEXAGESIMAL,
    "binary": "0b" + "1" * 20_000,
    "octal": "0" + "7" * 20_000,
    "in a list": f"[{HEX}, {SEXAGESIMAL}]",
    "as a key": f"\n  ? {HEX}\n  : {SEXAGESIMAL}",
}


@pytest.mark.parametrize("written", list(UNKNOWN_INTS.values()), ids=list(UNKNOWN_INTS))
def test_a_huge_integer_in_an_unknown_field_is_carried_into_the_normalised_file(written: str) -> None:
    """Unknown fields are kept in the normalised file: any integer YAML can read must be written back (in hex
    when Python will not write it in decimal), and read back as the same number, or the upload check raised."""
    import yaml

    check = check_upload("testshire-2024.yaml", GOOD + f"extra: {written}\n", stem="testshire-2024")
    assert [p.field for p in check.errors] == ["extra"] and "unknown field" in check.errors[0].message
    assert check.normalised is not None
    assert yaml.safe_load(check.normalised)["extra"] == yaml.safe_load(f"extra: {written}")["extra"]
