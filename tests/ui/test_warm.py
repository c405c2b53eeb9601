"""The start-up warm-up (ui/warm.py): it fills the very caches the Overlap and Search pages read, and it does
nothing under tests unless asked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import analysis.overlap
import ui.data
import ui.memo
import ui.search
from tests.conftest import FIXTURES
from tests.pages.conftest import _clear_caches, run_page  # noqa: F401 (autouse: a fresh cache per test)
from ui import warm


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-plan fixture corpus the app reads (PCE_PLANS_DIR)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "testshire-2024.yaml", folder)
    monkeypatch.setenv("PCE_PLANS_DIR", str(folder))
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Counts of index builds (search, overlap) from the moment the test asks for it."""
    counts = {"search": 0, "overlap": 0}
    real_search, real_overlap = ui.memo.build_search_index, analysis.overlap.build_index

    def search(*args, **kwargs):
        counts["search"] += 1
        return real_search(*args, **kwargs)

    def overlap(*args, **kwargs):
        counts["overlap"] += 1
        return real_overlap(*args, **kwargs)

    monkeypatch.setattr(ui.memo, "build_search_index", search)  # the shared index (ui.memo.search_index)
    monkeypatch.setattr(ui.search, "build_search_index", search)  # a session's own index of its uploads
    monkeypatch.setattr(analysis.overlap, "build_index", overlap)
    yield counts


@pytest.fixture(autouse=True)
def _fresh_warm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warm, "_thread", None)
    monkeypatch.setattr(warm, "_started_for", None)
    monkeypatch.delenv(warm.ENV, raising=False)


def _visit_both() -> None:
    for page, params in (("pages/overlap.py", None), ("pages/search.py", {"q": "scrutiny"})):
        at = run_page(page, params=params, tables=False)
        assert not at.exception, [e.message for e in at.exception]


def test_without_the_warm_up_the_first_visitor_builds_both_indexes(plans: Path, builds: dict[str, int]) -> None:
    """The control: so the next test's zero means the warm-up, not a test that cannot see a build."""
    _visit_both()
    assert builds == {"search": 1, "overlap": 1}


def test_after_the_warm_up_the_pages_build_nothing(plans: Path, builds: dict[str, int]) -> None:
    steps = warm.warm_now(str(plans))
    assert set(steps) == {"corpus", "search", "overlap"}
    assert builds == {"search": 1, "overlap": 1}
    index = ui.memo.overlap_index(ui.data.published_corpus(str(plans)))  # the one cache edge keeps it
    assert index._neighbours is not None  # the all-pairs pass behind the matrix and the groups is done
    _visit_both()
    assert builds == {"search": 1, "overlap": 1}  # the pages hit what the warm-up built


def test_under_tests_nothing_starts_unless_asked(plans: Path, builds: dict[str, int], monkeypatch) -> None:
    assert warm.warm_indexes() is None
    run_page(tables=False)  # app.py calls warm_indexes on every run
    assert warm._thread is None
    assert builds == {"search": 0, "overlap": 0}
    monkeypatch.setenv(warm.ENV, "1")
    thread = warm.warm_indexes()
    assert thread is not None
    assert warm.wait(60)
    assert builds == {"search": 1, "overlap": 1}
    assert warm.warm_indexes() is None  # once per state of the data files
    monkeypatch.setenv(warm.ENV, "0")
    monkeypatch.setattr(warm, "_started_for", None)
    assert warm.warm_indexes() is None


def test_an_edited_plan_is_warmed_again(plans: Path, builds: dict[str, int], monkeypatch) -> None:
    monkeypatch.setenv(warm.ENV, "1")
    assert warm.warm_indexes() is not None and warm.wait(60)
    plan = next(plans.glob("*.yaml"))
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(ui.memo, "_recent", {})  # past the fingerprint's reuse delay
    assert warm.warm_indexes() is not None and warm.wait(60)
    assert builds == {"search": 2, "overlap": 2}
