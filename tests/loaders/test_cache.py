"""The corpus disk cache: reused while nothing changes, never stale when a file or the code changes."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pandas as pd
import pytest

from loaders import cache as load_cache
from loaders import corpus as corpus_module
from loaders import load_corpus
from tests.conftest import FIXTURES, PLANS
from tests.helpers import testshire_plans

FRAMES = [
    "councils",
    "challenges",
    "recommendations",
    "actions",
    "steps",
    "notes",
    "context",
    "reviews",
    "authorities",
    "problems",
]


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return testshire_plans(tmp_path, monkeypatch)


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(corpus_module, "_build", fail)  # what build_corpus and a cache miss run


def test_second_load_comes_from_the_cache_with_identical_frames(plans: Path, monkeypatch) -> None:
    first = load_corpus(plans)
    assert list((plans.parent / "cache").glob("*.json"))
    assert not list((plans.parent / "cache").rglob("*.pickle"))
    _no_parsing(monkeypatch)
    second = load_corpus(plans)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    assert second.plans.keys() == first.plans.keys()


def test_editing_a_file_is_picked_up(plans: Path) -> None:
    before = load_corpus(plans)
    file = plans / "testshire-2024.yaml"
    old_title = before.recommendations["title"].iloc[0]
    file.write_text(file.read_text().replace(old_title, "A brand new title", 1))
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10_000_000))
    after = load_corpus(plans)
    assert after.recommendations["title"].iloc[0] == "A brand new title"


def test_adding_or_removing_a_file_is_picked_up(plans: Path) -> None:
    assert len(load_corpus(plans).challenges) == 1
    text = (plans / "testshire-2024.yaml").read_text()
    other = text.replace("testshire", "othershire").replace("Testshire", "Othershire")
    (plans / "othershire-2024.yaml").write_text(other)
    assert len(load_corpus(plans).challenges) == 2
    (plans / "othershire-2024.yaml").unlink()
    assert len(load_corpus(plans).challenges) == 1


def test_a_change_to_the_loading_code_is_a_miss(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    monkeypatch.setattr(load_cache, "code_fingerprint", lambda: "different code")
    calls = []
    real = corpus_module._build  # what build_corpus and a cache miss run
    monkeypatch.setattr(corpus_module, "_build", lambda *a, **k: calls.append(1) or real(*a, **k))
    load_corpus(plans)
    assert calls == [1]


def test_a_corrupt_entry_is_ignored_and_rewritten(plans: Path) -> None:
    load_corpus(plans)
    (entry,) = (plans.parent / "cache").glob("*.json")
    entry.write_bytes(b"not a manifest")
    assert len(load_corpus(plans).recommendations) > 0
    assert entry.read_bytes() != b"not a manifest"


def test_cache_can_be_turned_off(plans: Path, monkeypatch) -> None:
    monkeypatch.setenv("PCE_CACHE_DIR", "off")
    load_corpus(plans)
    assert not (plans.parent / "cache").exists()
    load_cache.clear(plans)  # harmless when off


def test_clear_forgets_the_entry(plans: Path) -> None:
    load_corpus(plans)
    load_cache.clear(plans)
    assert not list((plans.parent / "cache").iterdir())


# ---- the stored format round-trips exactly -----------------------------------------------------------------


@pytest.mark.parametrize("folder", [PLANS, FIXTURES], ids=["shipped", "fixture"])
def test_a_cached_corpus_equals_a_fresh_load_dtypes_included(folder: Path, tmp_path: Path, monkeypatch) -> None:
    """Arrow keeps str, Int64, datetime64[s] and bool; JSON keeps lists, dicts, dates and None in object columns."""
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load_corpus(folder, cache=False)
    load_corpus(folder)
    _no_parsing(monkeypatch)
    cached = load_corpus(folder)
    for name in [*FRAMES, "reviews"]:
        pd.testing.assert_frame_equal(getattr(cached, name), getattr(fresh, name), check_exact=True)
    assert cached.plans == fresh.plans
    for plan_id, plan in fresh.plans.items():  # roundtrip.py writes only what the file set (exclude_unset)
        assert cached.plans[plan_id].model_dump(exclude_unset=True) == plan.model_dump(exclude_unset=True)
    assert cached.challenges["documents"].map(type).eq(list).all()  # lists, not numpy arrays


def test_a_value_the_format_cannot_hold_exactly_is_not_cached(plans: Path, monkeypatch) -> None:
    corpus = load_corpus(plans, cache=False)
    odd = corpus.actions.copy()
    odd["owners"] = [tuple(v) for v in odd["owners"]]  # a tuple would come back as a list
    odd_corpus = dataclasses.replace(corpus, actions=odd)
    with pytest.raises(load_cache.Unsupported):
        load_cache.encode(odd_corpus)
    files = corpus_module.plan_files(plans)
    assert load_cache.put(plans, files, odd_corpus) is False
    assert load_cache.get(plans, files) is None


# ---- issue 15 item 8: a plan edited during a load never pins a stale corpus ----------------------------------


def _edit_while_loading(monkeypatch: pytest.MonkeyPatch, file: Path, new_title: str) -> list[int]:
    """Edit ``file`` right after the load has read it and before the corpus is stored: deterministic, no sleep."""
    edits: list[int] = []
    real = corpus_module.read_sources
    old_title = load_corpus(file, cache=False).recommendations["title"].iloc[0]

    def read_then_edit(paths):
        read = real(paths)
        if not edits:
            file.write_text(file.read_text().replace(old_title, new_title, 1))
            info = file.stat()
            os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns + 10_000_000))
            edits.append(1)
        return read

    monkeypatch.setattr(corpus_module, "read_sources", read_then_edit)
    return edits


def test_a_file_edited_during_a_load_is_reread_on_the_next_load(plans: Path, monkeypatch) -> None:
    file = plans / "testshire-2024.yaml"
    edits = _edit_while_loading(monkeypatch, file, "Edited mid-load")
    during = load_corpus(plans)
    assert edits == [1]
    assert during.recommendations["title"].iloc[0] != "Edited mid-load"  # this load read the file before the edit
    after = load_corpus(plans)
    assert after.recommendations["title"].iloc[0] == "Edited mid-load"
    _no_parsing(monkeypatch)  # ...and the new text is what gets cached
    assert load_corpus(plans).recommendations["title"].iloc[0] == "Edited mid-load"


def test_put_refuses_a_corpus_whose_files_changed_after_the_key_was_taken(plans: Path) -> None:
    files = corpus_module.plan_files(plans)
    key = load_cache.files_fingerprint(files)
    corpus = load_corpus(plans, cache=False)
    file = files[0]
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10_000_000))
    assert load_cache.put(plans, files, corpus, key=key) is False
    assert load_cache.get(plans, files) is None
    assert load_cache.put(plans, files, corpus, key=load_cache.files_fingerprint(files)) is True


def test_a_file_removed_after_listing_does_not_break_the_fingerprint(plans: Path) -> None:
    files = corpus_module.plan_files(plans)
    before = load_cache.files_fingerprint(files)
    files[0].unlink()
    assert load_cache.files_fingerprint(files) != before


def test_the_cache_key_covers_every_module_the_loading_code_runs() -> None:
    """Split modules (loaders.timescale_*, loaders.owner_*, loaders.quarters...) change the frames as much as the
    module they came from: every module of ours that loading a corpus imports is in the code fingerprint."""
    import subprocess
    import sys

    root = Path(load_cache.__file__).resolve().parent.parent
    script = (
        "import sys; from loaders import load_corpus; import loaders.cache; "
        "print('\\n'.join(sorted(m.__file__ for n, m in list(sys.modules.items()) "
        "if n.split('.')[0] in {'loaders', 'analysis'} and getattr(m, '__file__', None))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    loaded = {Path(f).resolve() for f in loaded} - {Path(load_cache.__file__).resolve()}
    fingerprinted = {p.resolve() for p in load_cache._CODE}
    assert {p for p in loaded if p.parent.name == "loaders"} - fingerprinted == set()
    split = {"timescale_grammar.py", "timescale_words.py", "owner_split.py", "owner_table.py", "quarters.py"}
    assert split <= {p.name for p in fingerprinted}
