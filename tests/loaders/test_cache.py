"""The corpus disk cache: reused while nothing changes, never stale when a file or the code changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders import cache as load_cache
from loaders import corpus as corpus_module
from loaders import load_corpus
from tests.conftest import FIXTURES

FRAMES = ["councils", "challenges", "recommendations", "actions", "steps", "notes", "context", "problems"]


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(FIXTURES / "testshire-2024.yaml", folder / "testshire-2024.yaml")
    return folder


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(corpus_module, "build_corpus", fail)


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
    real = corpus_module.build_corpus
    monkeypatch.setattr(corpus_module, "build_corpus", lambda *a, **k: calls.append(1) or real(*a, **k))
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
