"""Hostile and broken plans: each becomes problem rows naming file, line and field; never a crash, never code
run, and the other files still load. The fixture texts are generated here from the valid test plan."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from loaders import Source, build_corpus, load_corpus
from loaders.reader import MAX_BYTES
from tests.conftest import FIXTURES

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")


def _edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


# (case, file bytes, expected field, text expected in the message, expected line or None)
CASES: list[tuple[str, Callable[[], bytes], str, str, int | None]] = [
    ("oversized", lambda: b"# " + b"x" * MAX_BYTES + b"\n", "", "the limit is 2,097,152 bytes", None),
    ("billion laughs", lambda: _billion_laughs().encode(), "", "aliases expand to too many nodes", None),
    (
        "python object tag",
        lambda: _edit(
            "text: Run a staff survey", "text: !!python/object/apply:os.system ['touch /tmp/pwned']"
        ).encode(),
        "actions[0].text",
        "only plain YAML is allowed",
        24,
    ),
    ("python name tag", lambda: b"!!python/name:os.system\n", "", "only plain YAML is allowed", 1),
    ("binary", lambda: bytes(range(256)) * 4, "", "binary file, not YAML text", None),
    (
        "latin-1",
        lambda: _edit("Testshire District", "Testshire Caf\u00e9 District").encode("latin-1"),
        "",
        "not valid UTF-8",
        5,
    ),
    ("utf-16", lambda: GOOD.encode("utf-16"), "", "binary file", None),
    ("control character", lambda: _edit("Run a staff", "Run a \x07staff").encode(), "", "#x0007 is not allowed", 24),
    ("list at the top", lambda: b"- id: testshire-2024\n- council: x\n", "", "must be a mapping at the top level", 1),
    ("empty file", lambda: b"", "", "got nothing", 1),
    (
        "list where a mapping belongs",
        lambda: _edit(GOOD[GOOD.index("council:") : GOOD.index("challenge:")], "council:\n  - testshire\n").encode(),
        "council",
        "expected a mapping (key: value pairs), got a list",
        4,
    ),
    (
        "text where a list belongs",
        lambda: _edit('recommendations: ["1"]', "recommendations: one").encode(),
        "actions[0].recommendations",
        "expected a list, got text",
        23,
    ),
    (
        "wrong type: list for text",
        lambda: _edit("timescale: April - June 2024", "timescale: [April, June]").encode(),
        "actions[0].timescale",
        "expected text, got a list",
        26,
    ),
    (
        "wrong type: number for text",
        lambda: _edit('number: "1"', "number: 1").encode(),
        "recommendations[0].number",
        "expected text, got a number (1)",
        18,
    ),
    (
        "wrong type: words for a year",
        lambda: _edit("year: 2024", "year: twenty").encode(),
        "challenge.year",
        "expected a whole number, got text",
        11,
    ),
    (
        "year out of range",
        lambda: _edit("year: 2024", "year: 99999999999999999999").encode(),
        "challenge.year",
        "out of range",
        11,
    ),
    (
        "bad enum",
        lambda: _edit("council_type: non-metropolitan district", "council_type: parish").encode(),
        "council.council_type",
        "'parish' is not allowed here",
        7,
    ),
    (
        "duplicate key",
        lambda: _edit("  region: East Midlands\n", "  region: East Midlands\n  region: North\n").encode(),
        "",
        "duplicate key 'region' (first at line 8)",
        9,
    ),
    (
        "duplicate recommendation number",
        lambda: (GOOD.replace("actions:\n", '  - number: "1"\n    title: Again\nactions:\n')).encode(),
        "recommendations[0].number",
        "duplicate recommendation number '1'",
        18,
    ),
    (
        "duplicate action id",
        lambda: (GOOD + "  - id: a1\n    recommendations: ['1']\n    text: Again\n").encode(),
        "actions[0].id",
        "duplicate action id 'a1'",
        22,
    ),
    (
        "action for a missing recommendation",
        lambda: _edit('recommendations: ["1"]', 'recommendations: ["1", "9"]').encode(),
        "actions[0].recommendations[1]",
        "no recommendation numbered '9'",
        23,
    ),
    (
        "impossible date",
        lambda: _edit("plan_date: 2024-03-01", "plan_date: 2024-13-45").encode(),
        "challenge.plan_date",
        "'2024-13-45' is not a date (month must be in 1..12)",
        12,
    ),
    (
        "absurd year in a date",
        lambda: _edit("plan_date: 2024-03-01", "plan_date: 0024-03-01").encode(),
        "challenge.plan_date",
        "0024-03-01 is not a plausible date",
        12,
    ),
    (
        "far-future date",
        lambda: _edit("      date: 2024-03-01", "      date: 3024-03-01").encode(),
        "challenge.documents[0].date",
        "3024-03-01 is not a plausible date",
        16,
    ),
    (
        "date tag on garbage",
        lambda: _edit("plan_date: 2024-03-01", "plan_date: !!timestamp soon").encode(),
        "challenge.plan_date",
        "'soon' is not a date",
        12,
    ),
    (
        "visit ends before it starts",
        lambda: _edit("  plan_date:", "  onsite_start: 2024-02-02\n  onsite_end: 2024-02-01\n  plan_date:").encode(),
        "challenge.onsite_end",
        "2024-02-01 is before onsite_start (2024-02-02)",
        13,
    ),
    (
        "unknown field",
        lambda: _edit("    text: Run a staff survey\n", "    text: Run a staff survey\n    ownr: HR\n").encode(),
        "actions[0].ownr",
        "unknown field",
        25,
    ),
    ("two documents", lambda: (GOOD + "---\nid: second\n").encode(), "", "expected a single document", 27),
    ("deep nesting", lambda: ("x: " + "[" * 3000 + "]" * 3000 + "\n").encode(), "", "", None),
]


def _load_beside_a_good_plan(tmp_path: Path, data: bytes):
    """The hostile bytes as a file in data/ next to a valid plan, through the same loader the app uses."""
    (tmp_path / "testshire-2024.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "hostile-2024.yaml").write_bytes(data)
    return load_corpus(tmp_path)


@pytest.mark.parametrize(("case", "make", "field", "message", "line"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_a_problem_row_and_the_good_file_loads(
    tmp_path: Path, case: str, make: Callable[[], bytes], field: str, message: str, line: int | None
) -> None:
    """One problem row (or more) names the file, line and field; the valid plan beside it still loads."""
    started = time.perf_counter()
    corpus = _load_beside_a_good_plan(tmp_path, make())
    assert time.perf_counter() - started < 10  # never a hang
    assert list(corpus.councils["council_id"]) == ["testshire"]
    rows = corpus.problems[corpus.problems["file"].str.endswith("hostile-2024.yaml")]
    assert not rows.empty
    assert (rows["severity"] == "error").any()
    if case == "deep nesting":
        return  # refused for depth, or read and refused by the schema: either way a problem, not a crash
    match = rows[rows["message"].str.contains(message, regex=False)]
    assert not match.empty, rows[["line", "field", "message"]].to_string()
    assert match.iloc[0]["field"] == field
    if line is not None:
        assert match.iloc[0]["line"] == line
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize(("case", "make", "field", "message", "line"), CASES[:10], ids=[c[0] for c in CASES[:10]])
def test_hostile_upload_is_refused_without_touching_other_uploads(
    case: str, make: Callable[[], bytes], field: str, message: str, line: int | None
) -> None:
    """The upload path (decode, then validate alone): the same problems, and a good upload beside it loads."""
    from loaders.problems import PlanError
    from loaders.reader import decode

    sources = [Source("upload: good.yaml", GOOD, "testshire-2024")]
    problems = []
    try:
        sources.append(Source("upload: hostile.yaml", decode(make(), name="upload: hostile.yaml"), "hostile-2024"))
    except PlanError as exc:
        problems = exc.problems
    corpus = build_corpus(sources, problems=problems)
    assert list(corpus.challenges["challenge_id"]) == ["testshire-2024"]
    assert corpus.problems["message"].str.contains(message, regex=False).any()


def test_a_bare_exception_never_escapes_for_scalar_tags() -> None:
    """Every standard tag on a value it cannot hold is a problem with a line (the safe constructors raise
    ValueError, TypeError or AttributeError for these, which used to escape the loader)."""
    for tag in ("int", "float", "bool", "timestamp", "binary", "null", "str", "seq", "map", "set", "omap", "pairs"):
        corpus = build_corpus([Source("t.yaml", f"id: !!{tag} 'zz%%'\n")])
        assert len(corpus.problems) >= 1, tag
