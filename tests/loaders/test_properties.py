"""Property tests: the guarded loader and the timescale parser, fed arbitrary input, never crash or lose data.

Bounded (max_examples, no shrinking database on disk) so the suite stays fast.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pandas as pd
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loaders import Source, build_corpus
from loaders.problems import PlanError
from loaders.reader import read_yaml
from loaders.roundtrip import lost_values, normalise_text
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES, plan_problems

GOOD_TEXT = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
GOOD = yaml.safe_load(GOOD_TEXT)
SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    text,
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(text, children, max_size=4)),
    max_leaves=20,
)
_TOKENS = [*"abc:-[]{}&*!|>#'\"\n ,?%@`\t0129.\\", "!!python/", "<<", "---", "id", "council"]
yamlish = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


def _paths(tree: Any, loc: tuple = ()) -> list[tuple]:
    """Every location in a parsed plan (so a mutation can hit any field, at any depth)."""
    out = [loc] if loc else []
    if isinstance(tree, dict):
        for key, value in tree.items():
            out += _paths(value, (*loc, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            out += _paths(value, (*loc, index))
    return out


PATHS = _paths(GOOD)


def _set(tree: Any, loc: tuple, value: Any) -> Any:
    out = copy.deepcopy(tree)
    node = out
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value
    return out


def _load(source_text: str):
    """The corpus built from one source; the property is that this never raises."""
    return build_corpus([Source("prop-2024.yaml", source_text, "testshire-2024")])


def _check(source_text: str) -> list:
    """Parse, validate and cross-check one plan (what build_corpus does per file, without the frames):
    the problems, empty when it loads. Anything but PlanError escaping is the failure these tests look for."""
    try:
        load_plan_text(source_text, name="prop-2024.yaml")
    except PlanError as exc:
        assert exc.problems and all(p.file == "prop-2024.yaml" for p in exc.problems)
        return exc.problems
    return []


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_parse_or_raise_plan_error(data: bytes) -> None:
    try:
        read_yaml(data, name="x.yaml")
    except PlanError as exc:
        assert exc.problems and all(p.file == "x.yaml" for p in exc.problems)


@SETTINGS
@given(source=yamlish)
def test_arbitrary_yaml_like_text_is_a_problem_never_a_crash(source: str) -> None:
    assert _check(source)


@SETTINGS
@given(tree=trees)
def test_arbitrary_yaml_documents_never_crash(tree: Any) -> None:
    assert _check(yaml.safe_dump(tree, allow_unicode=True))


@SETTINGS
@given(loc=st.sampled_from(PATHS), value=trees)
def test_any_field_replaced_by_anything_loads_or_is_reported(loc: tuple, value: Any) -> None:
    """Swap any field of a valid plan for an arbitrary value: the plan loads, or problems say why; when it
    loads, the normalised download still carries every value."""
    source = yaml.safe_dump(_set(GOOD, loc, value), allow_unicode=True, sort_keys=False)
    problems = _check(source)
    assert all(p.line is None or 1 <= p.line <= source.count("\n") + 1 for p in problems)
    if not problems:
        result = normalise_text(source, name="prop-2024.yaml")
        assert lost_values(yaml.safe_load(source), yaml.safe_load(result.text)) == []


@settings(SETTINGS, max_examples=60)
@given(timescale=text, owner=text, reference=st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)))
@example(timescale="June 2024\x85and ongoing", owner="\x85", reference=dt.date(2024, 1, 1))
def test_any_timescale_and_owner_text_loads_and_reads_sanely(timescale: str, owner: str, reference: dt.date) -> None:
    """Whatever a council writes in the timescale and owner cells, the plan loads; the parsed span is ordered,
    the raw text is kept (trimmed) in the frames, and the normalised file carries it exactly as written."""
    plan = _set(_set(GOOD, ("actions", 0, "timescale"), timescale), ("actions", 0, "owner"), owner)
    plan = _set(plan, ("challenge", "plan_date"), reference)
    source = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
    # What the file says: PyYAML's dumper writes a NEL (U+0085) raw inside a quoted scalar, where YAML reads it as
    # a line break and folds it, so the written cell can differ from the Python string that was dumped.
    written = yaml.safe_load(source)["actions"][0]["timescale"]
    corpus = _load(source)
    assert plan_problems(corpus.problems).empty, corpus.problems.to_dict("records")
    row = corpus.actions.iloc[0]
    kept = corpus.plans["testshire-2024"].actions[0].timescale  # as validated (pydantic trims whitespace)
    assert kept.strip() == written.strip()
    assert row["timescale_raw"] == kept
    if not (pd.isna(row["start"]) or pd.isna(row["end"])):
        assert row["start"] <= row["end"]
    result = normalise_text(source, name="prop-2024.yaml")
    # The normalised file keeps the cell exactly as written, surrounding whitespace included (nothing the user
    # wrote is changed); the frames and the validated plan carry it trimmed.
    assert yaml.safe_load(result.text)["actions"][0]["timescale"] == written
