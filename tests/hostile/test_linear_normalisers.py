"""Every normaliser of plan text runs in linear time: a 100 KB hostile cell costs about 100 times a 1 KB one.

Python's regex engine holds the GIL, so one super-linear pattern on one long cell freezes every session of the
server: an owner cell "Chief" + 25,000 spaces + "Executive" passed the upload check, then held the GIL for ~20 s
when added to a session (``(?:\\s*X\\s*)+`` re-scanned the run of spaces from every position in it). Here each
normaliser meets adversarial strings (runs of spaces, commas, slashes, ampersands, digits, dashes, "and and",
repeated months and quarters, nested brackets, markup, quotes) at 1 KB and at 100 KB, and the 100 KB call must
finish within ``SLOWDOWN`` times the size ratio times the 1 KB time: linear code takes ~100 times as long,
quadratic ~10,000. Time bounds are ratios measured in the same test, never seconds. An overrunning call is
stopped by a timer signal (Python's regex engine checks for signals), so a quadratic regression fails in
seconds instead of hanging for minutes.

The rewritten patterns are also checked against the patterns they replaced, on many random short strings:
the rewrite changed the running time, not the results.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import re
import signal
import time
from collections.abc import Callable

import pandas as pd
import pytest

from analysis import overlap, search
from analysis.overlap_clusters import headline
from analysis.search import build_search_index, parse_query, words
from loaders import Source, build_corpus, owners, timescales
from loaders.identifiers import rec_number
from loaders.merge import merge_corpora
from loaders.owners import canonical_owner, mentioned_owners, owners_for, role_family, split_owners
from loaders.statuses import status_scale
from loaders.themes import classify
from loaders.timescales import parse_timescale
from loaders.upload import check_upload
from tests.conftest import FIXTURES
from ui.highlight import highlight

#: A big input may take this many times (its size / the small size) as long as the small one: linear code
#: stays near 1 (a little more, as a 100 KB string falls out of the CPU caches); quadratic code reaches 100.
SLOWDOWN = 3.0
#: Small-input timings below this are taken as this, so timer noise on a few microseconds cannot fail a test.
FLOOR = 1e-3
SMALL, MIDDLE, BIG = 1_000, 10_000, 100_000
GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
OWNER_LINE = "owner: Chief Executive & Director of Resources"


class _Overrun(BaseException):
    """Raised by the timer inside an overrunning call; a BaseException, so no ``except Exception`` net eats it."""


def _clear_caches() -> None:
    """Memoised normalisers would otherwise time a cache hit, not the work."""
    timescales._interpret_cached.cache_clear()
    # search.canonical and overlap.stem are not memoised any more (analysis/ keeps no caches)


def _timed(fn: Callable[[str], object], text: str) -> float:
    """Seconds for one call, with the cyclic garbage collector paused.

    A full collection walks every object in the test process (corpora, indexes), so one landing inside the
    big call measures the heap, not the normaliser; reference counting still frees everything meanwhile.
    """
    _clear_caches()
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        fn(text)
        return time.perf_counter() - started
    finally:
        if enabled:
            gc.enable()


def _best_time(fn: Callable[[str], object], text: str, runs: int = 3) -> float:
    """The fastest of ``runs`` calls (the minimum is the least disturbed by other work on the machine)."""
    return min(_timed(fn, text) for _ in range(runs))


def _finishes_within(fn: Callable[[str], object], text: str, budget: float, runs: int = 3) -> float | None:
    """The time of the first of ``runs`` calls that finishes within ``budget`` seconds; None if none does.

    Each call is interrupted by a timer once over budget, so a quadratic case costs ``runs * budget``, not its
    full running time. Only the main thread receives signals; pytest runs tests there.
    """

    def overrun(signum: int, frame: object) -> None:
        raise _Overrun

    previous = signal.signal(signal.SIGALRM, overrun)
    try:
        for _ in range(runs):
            signal.setitimer(signal.ITIMER_REAL, budget)
            try:
                return _timed(fn, text)
            except _Overrun:
                continue
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return None
    finally:
        signal.signal(signal.SIGALRM, previous)


def assert_linear(fn: Callable[[str], object], small: str, *bigger: str, floor: float = FLOOR) -> None:
    """Each of ``bigger`` takes at most SLOWDOWN * (its length / len(small)) times ``fn(small)`` (best of three).

    Give a middle size before the big one: a quadratic case then fails there, within a few of its budgets,
    instead of spending three budgets on the big input (minutes when the small one is already slow).
    """
    t_small = _best_time(fn, small)
    for big in bigger:
        limit = SLOWDOWN * len(big) / len(small)
        budget = limit * max(t_small, floor)
        t_big = _finishes_within(fn, big, budget)
        assert t_big is not None, (
            f"{len(big):,} characters took over {budget:.2f} s ({limit:.0f} x {len(small):,} characters' "
            f"{t_small * 1e3:.2f} ms, floor {floor * 1e3:.1f} ms) in each of 3 runs: super-linear"
        )


pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX interval timers")


# --------------------------------------------------------------------------------------------------
# Adversarial strings: each is built to an exact length from a repeated unit, with an optional head and tail
# --------------------------------------------------------------------------------------------------


def _repeat(unit: str, n: int, head: str = "", tail: str = "") -> str:
    body_length = n - len(head) - len(tail)
    return head + (unit * (body_length // len(unit) + 1))[:body_length] + tail


PATTERNS: dict[str, Callable[[int], str]] = {
    "spaces between words": lambda n: _repeat(" ", n, "Chief", "Executive"),
    "spaces alone": lambda n: _repeat(" ", n),
    "commas": lambda n: _repeat(",", n, "Chief", "Executive"),
    "comma space": lambda n: _repeat(", ", n, "Director", "Finance"),
    "slashes": lambda n: _repeat("/", n, "a", "b"),
    "spaced slashes": lambda n: _repeat(" / ", n, "a", "b"),
    "ampersands": lambda n: _repeat("&", n),
    "spaced ampersands": lambda n: _repeat(" & ", n),
    "digits": lambda n: _repeat("1", n),
    "spaced numbers": lambda n: _repeat("12 ", n),
    "dashes": lambda n: _repeat("-", n),
    "spaced en dashes": lambda n: _repeat(" – ", n),
    "and and and": lambda n: _repeat("and ", n),
    "word and word": lambda n: _repeat(" and", n, "x", " x"),
    "month names": lambda n: _repeat("March ", n),
    "months and years": lambda n: _repeat("March 2024 ", n),
    "Q1 Q1 Q1": lambda n: _repeat("Q1 ", n),
    "financial years": lambda n: _repeat("Q1 2024/25 ", n),
    "open brackets": lambda n: _repeat("(", n),
    "nested brackets": lambda n: "(" * (n // 2) + ")" * (n - n // 2),
    "bracketed remarks": lambda n: _repeat("(a) ", n),
    "line breaks and tabs": lambda n: _repeat(" \n\t", n),
    "every separator": lambda n: _repeat(" ,;/& \n\t", n),
    "optional words": lambda n: _repeat("the ", n),
    "titles": lambda n: _repeat("Director of ", n),
    "owner list": lambda n: _repeat("Chief Executive, ", n),
    "quotes": lambda n: _repeat('"', n),
    "quoted phrases": lambda n: _repeat('"staff survey" ', n),
    "unclosed tags": lambda n: _repeat("<p", n),
    "entities": lambda n: _repeat("&amp", n),
    "one long word": lambda n: _repeat("a", n),
    "hyphenated": lambda n: _repeat("co-", n),
}

_REFERENCE = dt.date(2024, 3, 1)
_INDEX = build_search_index(build_corpus([Source("testshire-2024.yaml", GOOD, "testshire-2024")]))


def _overlap_index(text: str) -> object:
    frame = pd.DataFrame(
        {"rec_id": ["r1", "r2"], "council_id": ["a", "b"], "title": [text[:200], "Staff"], "text": [text, "staff"]}
    )
    return overlap.build_index(frame)


NORMALISERS: dict[str, Callable[[str], object]] = {
    "owners_for": lambda s: owners_for(s, has_owner_column=True),
    "split_owners": split_owners,
    "canonical_owner": canonical_owner,
    "role_family": role_family,
    "mentioned_owners": mentioned_owners,
    "parse_timescale": lambda s: parse_timescale(s, _REFERENCE),
    "status_scale": status_scale,
    "rec_number": rec_number,
    "rec_number with a prefix": lambda s: rec_number("Recommendation no." + s),
    "classify text (themes and topics)": classify,
    "classify title (themes and topics)": lambda s: classify("", title=s),
    "search words": words,
    "search canonical": search.canonical,
    "search query": lambda s: parse_query(s).fts(),
    "search index query": _INDEX.search,
    "search highlight": lambda s: highlight(s, "chief executive", max_chars=300),
    "overlap tokens": lambda s: overlap._terms(s),
    "overlap index": _overlap_index,
    "group headline": headline,
}


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("normaliser", NORMALISERS)
def test_every_normaliser_is_linear_on_hostile_text(normaliser: str, pattern: str) -> None:
    make = PATTERNS[pattern]
    small, middle, big = make(SMALL), make(MIDDLE), make(BIG)
    assert (len(small), len(middle), len(big)) == (SMALL, MIDDLE, BIG)
    assert_linear(NORMALISERS[normaliser], small, middle, big)


def test_the_check_catches_a_quadratic_pattern() -> None:
    """The harness must be able to fail: the old owner separator is caught (at 250 and 5,000 characters, where
    it fails in about a second; at 1 KB and 100 KB it would spend three 40 s budgets failing)."""
    make = PATTERNS["spaces between words"]
    with pytest.raises(AssertionError, match="super-linear"):
        assert_linear(lambda s: list(_OLD_SEPARATOR.finditer(s)), make(250), make(5_000))


#: Open-ended suffixes ("X and then ongoing", "X and annually thereafter") are tried at fixed offsets after each
#: date; long runs of them, of their joiners, and of dates padded with spaces (which the cell limit lets
#: through) must stay linear too. The 1 KB unit cells are read in full; the spaced ones at every size.
OPEN_ENDED: dict[str, Callable[[int], str]] = {
    "dates and then ongoing": lambda n: _repeat("July 2023 and then ongoing ", n),
    "and then and then": lambda n: _repeat("and then ", n, "July 2023 "),
    "frequencies thereafter": lambda n: _repeat("annually ", n, "March 2024 and ", " thereafter"),
    "spaced open suffixes": lambda n: _repeat(" ", n, "July 2023 and", "then ongoing"),
    "spaced joiners": lambda n: _repeat(" and  ", n, "Q3 2024/25", " ongoing"),
    "control characters": lambda n: _repeat("\x00\x07\x1b ", n, "June 2020", " onwards"),
}


@pytest.mark.parametrize("pattern", OPEN_ENDED)
def test_open_ended_timescales_are_linear(pattern: str) -> None:
    make = OPEN_ENDED[pattern]
    assert_linear(lambda s: parse_timescale(s, _REFERENCE), make(SMALL), make(MIDDLE), make(BIG))


def test_a_padded_open_ended_cell_is_still_read_as_ongoing_from_its_date() -> None:
    cell = "July 2023 and" + " " * 50_000 + "ongoing"
    ts = parse_timescale(cell)
    assert (ts.start, ts.end, ts.ongoing, ts.raw) == (dt.date(2023, 7, 1), None, True, cell)


# --------------------------------------------------------------------------------------------------
# The reported case, exactly: through the owner parser, and through check_upload and the session merge
# --------------------------------------------------------------------------------------------------


def _spaced_owner(spaces: int) -> str:
    return "Chief" + " " * spaces + "Executive"


@pytest.mark.parametrize("spaces", [10_000, 25_000, 100_000])
def test_chief_executive_padded_with_spaces_is_one_owner_quickly(spaces: int) -> None:
    cell = _spaced_owner(spaces)
    # timed first: a regression must fail on its budget, not hang in an untimed call (100,000 spaces took minutes)
    assert_linear(lambda s: owners_for(s, has_owner_column=True), _spaced_owner(1_000), _spaced_owner(5_000), cell)
    assert split_owners(cell) == ["Chief Executive"]
    assert owners_for(cell, has_owner_column=True) == ["Chief Executive"]
    assert role_family(cell) == "Chief executive"


def _add_to_session(text: str) -> pd.DataFrame:
    """What "Add to my session" does: check the upload, build its corpus, merge it into the published one."""
    check = check_upload("testshire-2024.yaml", text.encode("utf-8"), stem="testshire-2024")
    assert check.ok, check.problems
    base = build_corpus([Source("tests/fixtures/testshire-2024.yaml", GOOD, "testshire-2024")])
    extra = build_corpus([Source("upload: testshire-2024.yaml", check.text or "", "testshire-2024")])
    return merge_corpora(base, extra).actions


def _plan_with_owner(cell: str) -> str:
    assert OWNER_LINE in GOOD
    return GOOD.replace(OWNER_LINE, f'owner: "{cell}"', 1)


@pytest.mark.parametrize("spaces", [25_000, 100_000])
def test_adding_the_padded_owner_plan_to_a_session_is_linear(spaces: int) -> None:
    cell = _spaced_owner(spaces)
    sizes = (1_000, 5_000, spaces)  # timed first, as above
    assert_linear(_add_to_session, *(_plan_with_owner(_spaced_owner(n)) for n in sizes))
    actions = _add_to_session(_plan_with_owner(cell))
    uploaded = actions[actions["uploaded"]]
    assert uploaded["owner_raw"].tolist() == [cell]  # the cell as written, every space kept
    assert uploaded["owners"].map(list).tolist() == [["Chief Executive"]]
    assert uploaded["owner_families"].map(list).tolist() == [["Chief executive"]]


# --------------------------------------------------------------------------------------------------
# Same results as the patterns they replaced
# --------------------------------------------------------------------------------------------------

_OLD_SEPARATOR = re.compile(r"(?:\s*(?:[,;/&\n\t]|\band/or\b|\band\b|\bwith\b)\s*)+", re.IGNORECASE)
_OLD_JOINERS = re.compile(r"^(?:(?:and|then|or)\b\W*)+|(?:\W*\b(?:and|then|or))+$", re.IGNORECASE)
_OLD_PAREN = re.compile(r"\([^()]*\)")


def _old_drop_remarks(owner: str) -> tuple[str, list[str]]:
    """The remark removal that cut out the leftmost innermost "(...)" one at a time (quadratic)."""
    remarks: list[str] = []
    while found := _OLD_PAREN.search(owner):
        remarks.append(found.group()[1:-1].strip())
        owner = owner[: found.start()] + " " + owner[found.end() :]
    if "(" in owner:
        owner, _, rest = owner.partition("(")
        remarks.append(rest.strip())
    owner = owner.replace(")", " ")
    return re.sub(r"\s+", " ", owner).strip(owners._TRIM), [r for r in remarks if r]


def _old_mask_parentheses(text: str) -> str:
    out, depth = [], 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == "\n":
            depth = 0
        out.append("_" if depth else char)
        if char == ")" and depth:
            depth -= 1
    return "".join(out)


def _old_normalise(raw: str) -> str:
    out = []
    for ch in raw:
        if ch in timescales._DASHES:
            out.append("-")
        elif ch in timescales._QUOTES:
            out.append("'")
        else:
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
    return "".join(out)


_PIECES = [
    " ", "  ", ",", ";", "/", "&", "\n", "\t", "\r", "\xa0", "\u2028", "\x0b", "and", "AND", "with", "and/or",
    "andx", "brand", "or", "then", "(", ")", "((", "))", "-", "–", ".", "x", "Chief", "Director of", "HR", "Board",
    "the", "Members", "<p>", "&amp;", "•", "Lead:", "March", "2024", "Q1", "'", "’", "İ", "Σ", "ß",
]  # fmt: skip


def _random_strings(seed: int, count: int = 20_000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_owner_separator_finds_the_same_spans_as_before() -> None:
    for text in _random_strings(1):
        old = [(m.span(), m.group()) for m in _OLD_SEPARATOR.finditer(text)]
        assert [(m.span(), m.group()) for m in owners._SEPARATOR.finditer(text)] == old, repr(text)


def test_remarks_and_masks_are_the_same_as_before() -> None:
    for text in _random_strings(2):
        assert owners._drop_remarks(text) == _old_drop_remarks(text), repr(text)
        assert owners._mask_parentheses(text) == _old_mask_parentheses(text), repr(text)


def test_timescale_joiners_and_normalising_are_the_same_as_before() -> None:
    for text in _random_strings(3):
        for label in (text, f"{text} - {text}"):
            assert [m.span() for m in timescales._JOINERS_RE.finditer(label)] == [
                m.span() for m in _OLD_JOINERS.finditer(label)
            ], repr(label)
        assert timescales._normalise(text) == _old_normalise(text), repr(text)


def test_limits_keep_the_raw_text_and_read_real_cells_whole() -> None:
    """The per-cell limits bound work on junk; they never touch a cell of realistic length."""
    long_note = "Agreed at Cabinet; see minutes. " * 100
    assert parse_timescale(long_note).raw == long_note
    assert parse_timescale(long_note).flags == ("unparsed",)
    padded = "March" + " " * 50_000 + "2025"  # few characters besides the spaces: still read
    assert (parse_timescale(padded).start, parse_timescale(padded).end) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    cell = "Director of Resources & Chief Officer, Human Resources"
    assert (
        split_owners(cell + " " * 10_000)
        == split_owners(cell)
        == ["Director of Resources", "Chief Officer, Human Resources"]
    )
