"""Deep nesting is refused on the raw text, before PyYAML's C composer (which overflows the C stack near
25,000 levels and kills the whole process) sees it: through the reader, the corpus loader, the upload check
and the command line, flow and block style. Legitimate brackets in quotes, comments and text are not counted.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from loaders import load_corpus
from loaders.nesting import MAX_DEPTH, check_depth, nesting_depth
from loaders.problems import PlanError
from loaders.reader import MAX_BYTES, read_yaml
from loaders.upload import check_upload
from tests.conftest import FIXTURES, ROOT

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
DEPTHS = [10_000, 25_000, 50_000, 500_000]
DEEP = f"nested deeper than {MAX_DEPTH} levels"


def flow(k: int) -> str:
    return "id: " + "[" * k + "]" * k + "\n"


def mixed_flow(k: int) -> str:
    return "id: " + "{a: [" * (k // 2) + "]}" * (k // 2) + "\n"


def dashes(k: int) -> str:
    return "id: x\nlist:\n" + "- " * k + "x\n"


def dash_lines(k: int) -> str:
    """One ``-`` entry per line, each indented one step deeper (the size grows as k squared)."""
    return "id: x\nlist:\n" + "".join(" " * i + "-\n" for i in range(k)) + " " * k + "x\n"


def mappings(k: int) -> str:
    """A key per line, each indented one space deeper than its parent."""
    return "id: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(k)) + " " * k + "v: 1\n"


STYLES = {"flow": flow, "mixed flow": mixed_flow, "block dashes": dashes}
#: Indentation-nested styles cost k*k/2 bytes, so the 2 MB limit caps them near 2,000 levels.
BLOCK_DEPTHS = {"dash lines": (dash_lines, 1_500), "mappings": (mappings, 1_500)}

CASES = [(style, k) for style in STYLES for k in DEPTHS]


def _text(style: str, k: int) -> str:
    return STYLES[style](k)


def _expected(data: bytes) -> str:
    return "the limit is" if len(data) > MAX_BYTES else DEEP


@pytest.mark.parametrize(("style", "k"), CASES)
def test_the_reader_refuses_deep_nesting_with_its_line(style: str, k: int) -> None:
    data = _text(style, k).encode()
    with pytest.raises(PlanError) as caught:
        read_yaml(data, name="deep.yaml")
    problem = caught.value.problems[0]
    assert _expected(data) in problem.message
    if len(data) <= MAX_BYTES:
        assert problem.line == (1 if "flow" in style else 3)


@pytest.mark.parametrize("style", BLOCK_DEPTHS)
def test_indentation_nesting_is_refused(style: str) -> None:
    make, k = BLOCK_DEPTHS[style]
    text = make(k)
    assert len(text.encode()) <= MAX_BYTES
    with pytest.raises(PlanError) as caught:
        read_yaml(text.encode(), name="deep.yaml")
    problem = caught.value.problems[0]
    assert DEEP in problem.message
    assert problem.line == MAX_DEPTH + 2  # the first line too deep (line 1 opens level 1)


@pytest.mark.parametrize(("style", "k"), CASES)
def test_upload_check_reports_deep_nesting(style: str, k: int) -> None:
    data = _text(style, k).encode()
    check = check_upload("deep-2024.yaml", data, stem="deep-2024")
    assert not check.ok
    assert any(_expected(data) in p.message for p in check.errors)
    pasted = check_upload("pasted.yaml", _text(style, k))
    assert any(_expected(data) in p.message for p in pasted.errors)


@pytest.mark.parametrize(("style", "k"), [(s, k) for s in STYLES for k in (25_000, 500_000)])
def test_load_corpus_reports_the_deep_file_and_loads_the_good_one(tmp_path: Path, style: str, k: int) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "testshire-2024.yaml").write_text(GOOD, encoding="utf-8")
    data = _text(style, k).encode()
    (plans / "deep-2024.yaml").write_bytes(data)
    corpus = load_corpus(plans, cache=False)
    assert list(corpus.challenges["challenge_id"]) == ["testshire-2024"]
    rows = corpus.problems[corpus.problems["file"].str.endswith("deep-2024.yaml")]
    assert rows["message"].str.contains(_expected(data), regex=False).any()


@pytest.mark.parametrize("command", ["validate", "normalise"])
@pytest.mark.parametrize(("style", "k"), [("flow", 50_000), ("block dashes", 50_000), ("flow", 500_000)])
def test_the_command_line_exits_1_with_the_message(tmp_path: Path, command: str, style: str, k: int) -> None:
    """Before the fix this was exit code 139 (SIGSEGV)."""
    file = tmp_path / "deep-2024.yaml"
    data = _text(style, k).encode()
    file.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "loaders", command, str(file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert _expected(data) in done.stdout + done.stderr


LEGIT = (
    GOOD.replace("text: Run a staff survey", 'text: "Run a [[[[ staff {{{{ survey"  # a comment [[[[ {{{{').replace(
        "title: Talk", "title: 'Talk [[[[ it''s {{ '\n    # [[[[[[[[[[ in a comment\n    #"
    )
    + "notes:\n  - kind: editorial\n    text: |\n      Block text [[[[[[[[ {{{{{{\n      and more [[[[\n"
)


def test_brackets_in_quotes_comments_and_block_text_are_not_nesting() -> None:
    """A legitimate plan with ``[[[[`` in a quoted string, a comment and a block scalar loads clean."""
    assert "[[[[" in LEGIT and LEGIT.count("[") > 20
    check = check_upload("testshire-2024.yaml", LEGIT.encode(), stem="testshire-2024")
    assert check.ok, check.problems
    assert "[[[[" in check.plan.actions[0].text and "[[[[" in check.plan.recommendations[0].title
    # a hundred quoted strings of brackets are still not nesting
    many = GOOD + "".join(f'# [[[[\nx{i}: "[[[[[[[[[[ {{{{"\n' for i in range(200))
    assert nesting_depth(many) <= 6


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("a: 1\n", 1),
        ("a: [1, [2, {b: [3]}]]\n", 5),
        ("- - - x\n", 3),
        ("a:\n  b:\n    - c\n    - d:\n        e: 1\n", 5),
        ("a:\n- b:\n  - c\n", 4),  # sequences at their key's own indentation
        ("a: 'it''s [[['\nb: \"[[[ \\\" [[[\"\nc: see [1 and [2\n", 1),
        ('a: "[[[\n  [[["\nb: [x]\n', 2),  # a quoted scalar over two lines
        ('{"a":"[[[", "b": [1]}\n', 2),
        ("a: |\n  [[[[ {{{{\n  more\nb: [x]\n", 2),
        ("a: [x, 'y [[', \"z ]]\"] # [[[\n", 2),
    ],
)
def test_depth_is_counted_the_way_yaml_nests(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_shipped_plans_nest_fewer_than_15_levels() -> None:
    for path in sorted((ROOT / "data" / "plans").glob("*.yaml")):
        assert nesting_depth(path.read_text(encoding="utf-8")) < 15, path


def test_an_apostrophe_in_text_does_not_hide_brackets() -> None:
    """A quote only starts a scalar where YAML starts one: ``a:'x`` and ``it's`` are plain text."""
    for prefix in ("id: [a:'x, ", "id: [it's, ", "id: !t'x ", "id: &a'b "):
        with pytest.raises(PlanError, match=DEEP):
            read_yaml((prefix + "[" * 5000 + "]" * 5000 + "]\n").encode(), name="x.yaml")


def test_the_scan_is_linear() -> None:
    """A legitimate plan repeated to 1.6 MB is scanned in time proportional to its size (ratio, not seconds)."""
    small, large = GOOD * 20, GOOD * 2000

    def best(text: str) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            check_depth(text)
            times.append(time.perf_counter() - started)
        return min(times)

    ratio = best(large) / best(small)
    assert ratio < 1_000, ratio  # 100 times the text: linear is ~100 (noisy on a shared machine), quadratic ~10,000
