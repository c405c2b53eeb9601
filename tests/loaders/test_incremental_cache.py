"""The per-file cache (loaders/file_cache.py): an edit re-validates one file, and a load equals an uncached one."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders import cache as load_cache
from loaders import corpus as corpus_module
from loaders import file_cache, load_corpus
from tests.conftest import FIXTURES

FRAMES = ["councils", "challenges", "recommendations", "actions", "steps", "notes", "context", "reviews",
          "authorities", "problems"]  # fmt: skip


def _renamed(text: str, slug: str) -> str:
    return text.replace("testshire", slug).replace("Testshire", slug.title())


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three good plans (different councils) and one that fails validation."""
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "plans"
    folder.mkdir()
    text = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
    for slug in ("testshire", "ashshire", "elmshire"):
        (folder / f"{slug}-2024.yaml").write_text(_renamed(text, slug), encoding="utf-8")
    (folder / "broken-2024.yaml").write_text("id: broken-2024\ncouncil: {id: 5}\n", encoding="utf-8")
    return folder


def _count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    real = corpus_module.load_plan_text
    monkeypatch.setattr(corpus_module, "load_plan_text", lambda text, **k: names.append(k["name"]) or real(text, **k))
    return names


def _touch(file: Path) -> None:
    info = file.stat()
    os.utime(file, ns=(info.st_atime_ns, info.st_mtime_ns + 10_000_000))


def _assert_equal(cached, fresh) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(cached, name), getattr(fresh, name), check_exact=True)
    assert cached.plans == fresh.plans
    assert len(fresh.recommendations) > 0 and len(fresh.problems) > 0


def test_editing_one_file_revalidates_only_that_file(plans: Path, monkeypatch) -> None:
    calls = _count_validations(monkeypatch)
    load_corpus(plans)
    assert len(calls) == 4  # cold: every file
    calls.clear()
    file = plans / "ashshire-2024.yaml"
    title = load_corpus(plans, cache=False).recommendations["title"].iloc[0]
    file.write_text(file.read_text(encoding="utf-8").replace(title, f"Edited {title}", 1), encoding="utf-8")
    _touch(file)
    calls.clear()
    edited = load_corpus(plans)
    assert calls == [str(file)]
    assert edited.recommendations["title"].str.startswith("Edited ").sum() == 1
    _assert_equal(edited, load_corpus(plans, cache=False))


def test_touching_a_file_without_changing_it_validates_nothing(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    calls = _count_validations(monkeypatch)
    _touch(plans / "testshire-2024.yaml")  # the corpus key changes, the bytes do not
    load_corpus(plans)
    assert calls == []


def test_the_result_equals_an_uncached_load_frame_by_frame(plans: Path) -> None:
    fresh = load_corpus(plans, cache=False)
    load_corpus(plans)
    _miss_the_corpus_cache(plans)  # only the per-file entries are left to answer
    _assert_equal(load_corpus(plans), fresh)


def test_adding_a_file_validates_only_it(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    calls = _count_validations(monkeypatch)
    new = plans / "oakshire-2024.yaml"
    new.write_text(_renamed((FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8"), "oakshire"), "utf-8")
    added = load_corpus(plans)
    assert calls == [str(new)]
    assert "oakshire-2024" in added.plans
    _assert_equal(added, load_corpus(plans, cache=False))


def test_deleting_a_file_drops_its_plan_and_its_entry(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    where = file_cache.folder(plans, create=False)
    assert len(list(where.iterdir())) == 4
    calls = _count_validations(monkeypatch)
    (plans / "elmshire-2024.yaml").unlink()
    after = load_corpus(plans)
    assert calls == []
    assert "elmshire-2024" not in after.plans and len(after.plans) == 2
    assert not after.challenges["file"].str.contains("elmshire").any()
    assert len(list(where.iterdir())) == 3  # its entry is pruned
    _assert_equal(after, load_corpus(plans, cache=False))


def test_a_file_with_problems_still_reports_them_from_the_cache(plans: Path, monkeypatch) -> None:
    first = load_corpus(plans)
    broken = first.problems[first.problems["file"].str.endswith("broken-2024.yaml")]
    assert len(broken) > 0 and (broken["severity"] == "error").any()
    _miss_the_corpus_cache(plans)
    calls = _count_validations(monkeypatch)
    again = load_corpus(plans)
    assert calls == []
    pd.testing.assert_frame_equal(again.problems, first.problems)


def _entry(plans: Path, name: str) -> Path:
    return file_cache.folder(plans, create=False) / file_cache._slot(str(plans / name))


def _miss_the_corpus_cache(plans: Path) -> None:
    for manifest in (plans.parent / "cache").glob("*.json"):
        manifest.unlink()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"\x00\xff not json",
        lambda data: data[: len(data) // 2],
        lambda data: json.dumps({**json.loads(data), "key": "0" * 64}).encode(),
        lambda data: json.dumps({**json.loads(data), "plan": '{"id": "NOT VALID"}'}).encode(),
        lambda data: json.dumps({**json.loads(data), "format": "pce-file-cache/0"}).encode(),
        lambda data: json.dumps({**json.loads(data), "problems": [["f", "x", "", "m", "error"]]}).encode(),
    ],
    ids=["garbage", "truncated", "wrong-key", "invalid-plan", "other-format", "bad-problem"],
)
def test_a_damaged_entry_is_a_miss_and_is_rewritten(plans: Path, monkeypatch, damage) -> None:
    fresh = load_corpus(plans, cache=False)
    load_corpus(plans)
    entry = _entry(plans, "testshire-2024.yaml")
    entry.write_bytes(damage(entry.read_bytes()))
    _miss_the_corpus_cache(plans)
    calls = _count_validations(monkeypatch)
    _assert_equal(load_corpus(plans), fresh)
    assert calls == [str(plans / "testshire-2024.yaml")]
    assert json.loads(entry.read_bytes())["key"] != "0" * 64  # rewritten good


def test_a_planted_entry_under_a_wrong_key_is_never_trusted(plans: Path, monkeypatch) -> None:
    """An entry claiming other rows for a file, without the key of that file's text, is ignored."""
    fresh = load_corpus(plans, cache=False)
    load_corpus(plans)
    entry = _entry(plans, "testshire-2024.yaml")
    data = json.loads(entry.read_bytes())
    data["rows"]["recommendations"][0]["title"] = "PLANTED"
    data["key"] = file_cache.key(str(plans / "testshire-2024.yaml"), "testshire-2024", "some other text")
    entry.write_text(json.dumps(data))
    _miss_the_corpus_cache(plans)
    loaded = load_corpus(plans)
    assert "PLANTED" not in set(loaded.recommendations["title"])
    _assert_equal(loaded, fresh)


def test_a_change_to_the_loading_code_revalidates_every_file(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    monkeypatch.setattr(load_cache, "code_fingerprint", lambda: "different code")
    calls = _count_validations(monkeypatch)
    load_corpus(plans)
    assert len(calls) == 4


def test_an_entry_others_can_write_to_is_a_miss(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    os.chmod(_entry(plans, "testshire-2024.yaml"), 0o666)
    _miss_the_corpus_cache(plans)
    calls = _count_validations(monkeypatch)
    load_corpus(plans)
    assert calls == [str(plans / "testshire-2024.yaml")]


def test_a_per_file_folder_others_can_write_to_is_not_used(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    os.chmod(file_cache.folder(plans, create=False), 0o777)
    _miss_the_corpus_cache(plans)
    calls = _count_validations(monkeypatch)
    load_corpus(plans)
    assert len(calls) == 4


def test_clear_removes_the_per_file_entries(plans: Path) -> None:
    load_corpus(plans)
    assert (plans.parent / "cache" / file_cache.SUBFOLDER).is_dir()
    load_cache.clear(plans)
    assert not (plans.parent / "cache" / file_cache.SUBFOLDER).exists()


def test_uploads_built_without_a_root_touch_no_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    text = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
    corpus_module.build_corpus([corpus_module.Source("upload: x.yaml", text, "testshire-2024")])
    assert not (tmp_path / "cache").exists()


def test_copy_of_fixture_folder_equals_uncached(tmp_path: Path, monkeypatch) -> None:
    """The whole fixture corpus (hostile files and all), from per-file entries, equals an uncached load."""
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "fixtures"
    folder.mkdir()
    for file in [*FIXTURES.glob("*.yaml"), *FIXTURES.glob("*.yml")]:
        shutil.copy(file, folder / file.name)
    fresh = load_corpus(folder, cache=False)
    load_corpus(folder)
    _miss_the_corpus_cache(folder)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(load_corpus(folder), name), getattr(fresh, name), check_exact=True)


# ---- from the last corpus (loaders/incremental.py) --------------------------------------------------------


def _count_entry_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The per-file entries read (a load without a cache folder asks with ``where=None``: not counted)."""
    names: list[str] = []
    real = file_cache.get
    monkeypatch.setattr(file_cache, "get", lambda where, name, *a, **k: (where and names.append(name)) or real(
        where, name, *a, **k))  # fmt: skip
    return names


def test_an_edit_starts_from_the_last_corpus_and_reads_only_the_edited_entry(plans: Path, monkeypatch) -> None:
    load_corpus(plans)
    file = plans / "elmshire-2024.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("Run a staff survey", "Run two staff surveys"), "utf-8")
    reads = _count_entry_reads(monkeypatch)
    edited = load_corpus(plans)
    load_cache.flush()
    assert reads == [str(file)]  # the other three files' plans, problems and rows came from the last corpus
    assert (edited.actions["text"] == "Run two staff surveys").sum() == 1
    _assert_equal(edited, load_corpus(plans, cache=False))
    reads.clear()
    assert load_corpus(plans).actions.equals(edited.actions) and reads == []  # the writer thread stored it


def test_an_edit_that_changes_a_columns_dtype_gives_the_dtype_a_fresh_load_gives(plans: Path, monkeypatch) -> None:
    """The first action status makes ``status`` a text column; taking it out again makes it ``object``."""
    load_corpus(plans)
    reads = _count_entry_reads(monkeypatch)
    file = plans / "ashshire-2024.yaml"
    original = file.read_text(encoding="utf-8")
    assert load_corpus(plans).actions["status"].dtype == object
    file.write_text(original.replace("    timescale: April - June 2024\n", "    timescale: April - June 2024\n"
                                     "    status: Completed\n", 1), encoding="utf-8")  # fmt: skip
    with_status = load_corpus(plans)
    load_cache.flush()
    assert reads == [str(file)]  # built from the last corpus, not from every entry
    assert with_status.actions["status"].dtype != object
    _assert_equal(with_status, load_corpus(plans, cache=False))
    file.write_text(original, encoding="utf-8")
    without = load_corpus(plans)
    load_cache.flush()
    assert without.actions["status"].dtype == object
    _assert_equal(without, load_corpus(plans, cache=False))


def test_add_edit_and_delete_in_a_row_each_equal_an_uncached_load(plans: Path) -> None:
    load_corpus(plans)
    fixture = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
    text = _renamed(fixture, "aashire")
    steps = [
        lambda: (plans / "aashire-2024.yaml").write_text(text, encoding="utf-8"),  # first in file order
        lambda: (plans / "zzshire-2024.yaml").write_text(_renamed(fixture, "zzshire"), encoding="utf-8"),  # last
        lambda: (plans / "broken-2024.yaml").write_text(text.replace("aashire", "broken"), encoding="utf-8"),
        lambda: (plans / "testshire-2024.yaml").unlink(),
        lambda: (plans / "dupe-2024.yaml").write_text(text, encoding="utf-8"),  # a second aashire-2024: skipped
        lambda: (plans / "aashire-2024.yaml").unlink(),  # now the duplicate is the one kept
    ]
    for change in steps:
        change()
        loaded = load_corpus(plans)  # no flush: a load may start from an entry one change behind
        _assert_equal(loaded, load_corpus(plans, cache=False))
    load_cache.flush()


def test_deleting_and_restoring_a_revisited_plan_of_the_shipped_data_equals_an_uncached_load(
    tmp_path: Path, monkeypatch
) -> None:
    """Revisits and progress reviews join across files (reviews, reviews_count, follows): the hardest to keep."""
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "plans"
    shutil.copytree(load_cache.ROOT / "data" / "plans", folder)
    lines = [line.strip() for f in folder.glob("*.yaml") for line in f.read_text(encoding="utf-8").splitlines()]
    followed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("follows:")}
    target = next(f for f in sorted(folder.glob("*.yaml")) if f.stem in followed)  # a plan another one follows
    fresh = load_corpus(folder, cache=False)
    load_corpus(folder)
    text = target.read_bytes()
    target.unlink()
    reads = _count_entry_reads(monkeypatch)
    _assert_equal(load_corpus(folder), load_corpus(folder, cache=False))  # a warning: what it followed is gone
    load_cache.flush()
    target.write_bytes(text)
    restored = load_corpus(folder)
    load_cache.flush()
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(restored, name), getattr(fresh, name), check_exact=True)
    assert restored.plans == fresh.plans and len(fresh.reviews) > 0
    assert reads == [str(target)]  # both loads started from the last corpus
