"""ui.memo hands back the same result for the same frames, and never for a different frame."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

from ui import memo


@pytest.fixture(autouse=True)
def _fresh() -> None:
    memo.clear()


def _count(frame: pd.DataFrame, *, column: str = "a") -> int:
    _count.calls += 1  # type: ignore[attr-defined]
    return int(frame[column].sum())


_count.calls = 0  # type: ignore[attr-defined]


def test_same_frame_same_arguments_computes_once() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
    calls = _count.calls
    assert memo.memo(_count, frame) == 3
    assert memo.memo(_count, frame) == 3
    assert memo.memo(_count, frame, column="b") == 7  # other arguments: another entry
    assert _count.calls - calls == 2
    assert memo.stats() == {"hits": 1, "misses": 2, "entries": 2}


def test_an_equal_but_different_frame_is_recomputed() -> None:
    """Identity, not equality: a filtered view is a new frame and may hold other rows tomorrow."""
    first = pd.DataFrame({"a": [1, 2]})
    assert memo.memo(_count, first) == 3
    second = pd.DataFrame({"a": [10, 2]})
    assert memo.memo(_count, second) == 12


def test_a_dead_frame_never_matches_a_new_one_at_the_same_address() -> None:
    frame = pd.DataFrame({"a": [1]})
    assert memo.memo(_count, frame) == 1
    del frame
    gc.collect()
    for _ in range(50):  # CPython reuses addresses: whatever lands there must not get the old answer
        other = pd.DataFrame({"a": [5]})
        assert memo.memo(_count, other) == 5
        del other


def test_unhashable_arguments_are_computed_without_the_cache() -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    assert memo.memo(lambda f, cols: int(f[cols].sum().sum()), frame, ["a"]) == 3
    assert memo.stats()["entries"] == 0


def test_least_recently_used_entries_go_first(monkeypatch) -> None:
    monkeypatch.setattr(memo, "MAX_ENTRIES", 2)
    frames = [pd.DataFrame({"a": [i]}) for i in range(3)]
    for frame in frames:
        memo.memo(_count, frame)
    assert memo.stats()["entries"] == 2
    calls = _count.calls
    memo.memo(_count, frames[0])  # evicted: computed again
    assert _count.calls == calls + 1


def test_the_overlap_index_is_built_once_per_frame_and_results_are_handed_out_as_copies() -> None:
    from types import SimpleNamespace

    from analysis.overlap import council_overlap

    recs = pd.DataFrame({"rec_id": ["a1", "b1"], "council_id": ["a", "b"], "title": ["staff survey", "staff survey"]})
    corpus = SimpleNamespace(recommendations=recs)
    index = memo.overlap_index(corpus)
    assert memo.overlap_index(corpus) is index
    assert memo.overlap_index(SimpleNamespace(recommendations=recs.copy())) is not index
    first = memo.memo(council_overlap, index)
    first.loc["a", "b"] = -5.0  # a caller changing what it got changes its own copy only
    again = memo.memo(council_overlap, index)
    assert again.loc["a", "b"] > 0
    assert memo.stats()["hits"] >= 2


def test_word_forms_are_remembered_at_the_edge_with_a_bound() -> None:
    """Highlighting's word normaliser is the search's, remembered here (analysis.search_words keeps nothing)."""
    from analysis.search_words import canonical, pass_forms

    words = ["Organizations", "priorities", "behavior", "Council's", "series"]
    assert [memo.word_form(w) for w in words] == [canonical(w) for w in words] == [pass_forms()(w) for w in words]
    assert memo.word_form.cache_info().maxsize == memo.WORD_FORMS
    assert memo.word_form.cache_info().currsize == len(words)
    memo.clear()
    assert memo.word_form.cache_info().currsize == 0
