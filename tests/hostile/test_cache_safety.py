"""Issue 15 item 7: nothing planted in the corpus cache folder runs, and a bad entry is only ever a miss.

The cache used to be a pickle read before its key was checked, so a file planted in ``PCE_CACHE_DIR`` ran
code on the next load. These tests plant a live pickle payload under every name the old and the new cache
read, corrupt every file of the new format, and make the folder unsafe; each time the load must be exactly
a fresh read, and the payload's marker file must never appear.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import pickle
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather
import pytest

from loaders import cache as load_cache
from loaders import corpus as corpus_module
from loaders import load_corpus
from tests.helpers import testshire_plans

FRAMES = ["councils", "challenges", "recommendations", "actions", "steps", "notes", "context", "reviews", "problems"]
DATA_FILES = [*(f"{name}.arrow" for name in FRAMES), load_cache.OBJECTS, load_cache.PLANS]


class Payload:
    """Unpickling this creates ``marker``: what an attacker's file would do, made harmless and observable."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = testshire_plans(tmp_path, monkeypatch)
    # A second file that fails validation, so the problems frame (nullable Int64 lines) has rows too.
    (folder / "broken-2024.yaml").write_text("id: broken-2024\ncouncil: [unclosed\n", encoding="utf-8")
    return folder


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "PWNED"


@pytest.fixture
def payload(marker: Path, tmp_path: Path) -> bytes:
    """The planted bytes, checked to be live: unpickling them here does create a marker."""
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(Payload(probe)))
    assert probe.exists(), "the payload must really run when unpickled, or these tests prove nothing"
    return pickle.dumps(("any key", Payload(marker)), protocol=pickle.HIGHEST_PROTOCOL)


def _cache(plans: Path) -> Path:
    return plans.parent / "cache"


def _name(plans: Path) -> str:
    return load_cache._name(plans)


def _manifest(plans: Path) -> Path:
    return _cache(plans) / f"{_name(plans)}.json"


def _entry_dir(plans: Path) -> Path:
    return _cache(plans) / json.loads(_manifest(plans).read_text())["data"]


@pytest.fixture
def fresh(plans: Path):
    """What a load must give: every file read, no cache involved (taken before any build is counted)."""
    return load_corpus(plans, cache=False)


def _assert_fresh(fresh, loaded) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(fresh, name), check_exact=True)
    assert loaded.plans == fresh.plans
    assert len(fresh.problems) > 0 and len(fresh.recommendations) > 0  # the comparison has something to compare


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = corpus_module._build  # what build_corpus and a cache miss run
    monkeypatch.setattr(corpus_module, "_build", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def _rewrite(plans: Path, file: str, content: bytes, *, fix_digest: bool) -> None:
    """Replace one data file of the entry; with ``fix_digest`` also edit the manifest to vouch for it."""
    (_entry_dir(plans) / file).write_bytes(content)
    if fix_digest:
        manifest = json.loads(_manifest(plans).read_text())
        manifest["files"][file] = hashlib.sha256(content).hexdigest()
        _manifest(plans).write_text(json.dumps(manifest))


def test_the_cache_module_cannot_unpickle() -> None:
    """No pickle (or marshal/shelve) anywhere in the cache: the format itself cannot run code."""
    tree = ast.parse(Path(load_cache.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"pickle", "_pickle", "cPickle", "dill", "marshal", "shelve", "joblib"}
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not calls & {"eval", "exec", "__import__"}


def test_a_pickle_planted_under_every_name_never_runs(plans, fresh, marker, payload, monkeypatch) -> None:
    """Before any entry exists: the old cache's file, the manifest and every data file are all pickles."""
    folder = _cache(plans)
    folder.mkdir(mode=0o700)
    name = _name(plans)
    (folder / f"{name}.pickle").write_bytes(payload)  # what the old cache read, key or no key
    (folder / f"{name}.json").write_bytes(payload)
    planted = folder / f"{name}-{'0' * 16}"
    planted.mkdir()
    for file in DATA_FILES:
        (planted / file).write_bytes(payload)
    builds = _count_builds(monkeypatch)
    _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]
    assert not marker.exists()
    # The entry is rewritten as plain data, and the planted files are gone.
    assert not (folder / f"{name}.pickle").exists() and not planted.exists()
    _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]  # the second load came from the rewritten entry
    assert not marker.exists()


@pytest.mark.parametrize("fix_digest", [False, True], ids=["digest-mismatch", "manifest-vouches-for-it"])
@pytest.mark.parametrize("file", DATA_FILES)
def test_a_pickle_in_place_of_a_data_file_never_runs(
    plans, fresh, marker, payload, monkeypatch, file, fix_digest
) -> None:
    load_corpus(plans)
    _rewrite(plans, file, payload, fix_digest=fix_digest)
    builds = _count_builds(monkeypatch)
    _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]
    assert not marker.exists()


def _wrong_schema(plans: Path) -> bytes:
    """The councils file with the right key and a valid Arrow layout, but a column renamed and one retyped."""
    table = feather.read_table(_entry_dir(plans) / "councils.arrow")
    frame = table.to_pandas().rename(columns={"name": "nom"})
    buffer = io.BytesIO()
    feather.write_feather(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue()


def _retyped(plans: Path) -> bytes:
    """The challenges file with every column present but ``year`` (int64 in every load) stored as text."""
    frame = feather.read_table(_entry_dir(plans) / "challenges.arrow").to_pandas()
    frame["year"] = frame["year"].astype(str)
    buffer = io.BytesIO()
    feather.write_feather(pa.Table.from_pandas(frame, preserve_index=False), buffer)
    return buffer.getvalue()


def _truncated(plans: Path) -> bytes:
    return (_entry_dir(plans) / "recommendations.arrow").read_bytes()[:-300]


def _short_column(plans: Path) -> bytes:
    """objects.json with one value missing from each of the actions frame's object columns."""
    layout = json.loads((_entry_dir(plans) / load_cache.OBJECTS).read_bytes())
    layout["objects"]["actions"] = {column: values[:-1] for column, values in layout["objects"]["actions"].items()}
    return json.dumps(layout).encode()


CORRUPTIONS = {
    "garbage-arrow": ("actions.arrow", lambda plans: os.urandom(4096)),
    "truncated-arrow": ("recommendations.arrow", _truncated),
    "arrow-wrong-columns": ("councils.arrow", _wrong_schema),
    "arrow-wrong-dtype": ("challenges.arrow", _retyped),
    "objects-garbage": (load_cache.OBJECTS, lambda plans: b"\x00\xff{not json"),
    "objects-short-column": (load_cache.OBJECTS, _short_column),
    "plans-invalid": (load_cache.PLANS, lambda plans: json.dumps({"testshire-2024": {"id": "NOT VALID"}}).encode()),
}


@pytest.mark.parametrize("fix_digest", [False, True], ids=["digest-mismatch", "manifest-vouches-for-it"])
@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_corrupt_file_of_the_new_format_is_a_fresh_read(plans, fresh, monkeypatch, case, fix_digest) -> None:
    load_corpus(plans)
    file, make = CORRUPTIONS[case]
    _rewrite(plans, file, make(plans), fix_digest=fix_digest)
    builds = _count_builds(monkeypatch)
    _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]
    _assert_fresh(fresh, load_corpus(plans))  # rewritten, and good again
    assert builds == [1]


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: {**m, "data": "../../elsewhere"},
        lambda m: {**m, "data": m["data"], "files": {"../../etc/passwd": "0" * 64}},
        lambda m: {**m, "format": "pce-corpus-cache/1"},
        lambda m: [m],
    ],
    ids=["data-outside-the-folder", "file-outside-the-folder", "other-format", "not-a-mapping"],
)
def test_an_edited_manifest_is_a_miss(plans, fresh, monkeypatch, edit) -> None:
    load_corpus(plans)
    _manifest(plans).write_text(json.dumps(edit(json.loads(_manifest(plans).read_text()))))
    builds = _count_builds(monkeypatch)
    _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]


def test_the_key_is_checked_before_any_data_file_is_read(plans, monkeypatch) -> None:
    load_corpus(plans)
    file = plans / "testshire-2024.yaml"
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10_000_000))  # the key changes
    opened: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or real(self))
    assert load_cache.get(plans, corpus_module.plan_files(plans)) is None
    assert not [name for name in opened if name in DATA_FILES]


# ---- the folder itself ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_a_folder_others_can_write_to_is_not_used(plans, fresh, monkeypatch, mode) -> None:
    load_corpus(plans)  # a good entry, then the folder becomes writable by others
    os.chmod(_cache(plans), mode)
    builds = _count_builds(monkeypatch)
    with pytest.warns(load_cache.CacheFolderWarning, match="other users can write to it"):
        _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]


def test_a_new_entry_is_not_written_into_a_world_writable_folder(plans, monkeypatch) -> None:
    _cache(plans).mkdir()
    os.chmod(_cache(plans), 0o777)
    with pytest.warns(load_cache.CacheFolderWarning):
        load_corpus(plans)
    assert list(_cache(plans).iterdir()) == []


def test_a_symlink_to_a_world_writable_folder_is_not_used(plans, monkeypatch, tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    (tmp_path / "link").symlink_to(shared)
    monkeypatch.setenv("PCE_CACHE_DIR", str(tmp_path / "link"))
    with pytest.warns(load_cache.CacheFolderWarning):
        load_corpus(plans)
    assert list(shared.iterdir()) == []


def test_a_folder_owned_by_another_user_is_not_used(plans, fresh, monkeypatch) -> None:
    load_corpus(plans)
    monkeypatch.setattr(load_cache, "current_uid", lambda: os.stat(_cache(plans)).st_uid + 1)
    builds = _count_builds(monkeypatch)
    with pytest.warns(load_cache.CacheFolderWarning, match="belongs to another user"):
        _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="only root can give a folder away")
def test_a_folder_really_chowned_to_another_user_is_not_used(plans, fresh, monkeypatch) -> None:
    load_corpus(plans)
    os.chown(_cache(plans), 54321, 54321)
    builds = _count_builds(monkeypatch)
    with pytest.warns(load_cache.CacheFolderWarning, match="uid 54321"):
        _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]


def test_a_manifest_others_can_write_to_is_a_miss(plans, fresh, monkeypatch) -> None:
    load_corpus(plans)
    os.chmod(_manifest(plans), 0o666)
    builds = _count_builds(monkeypatch)
    _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]


def test_a_safe_folder_is_used_without_a_warning(plans, monkeypatch, recwarn) -> None:
    """The checks must not refuse the normal case: a folder the cache created itself is owner-only."""
    load_corpus(plans)
    assert os.stat(_cache(plans)).st_mode & 0o077 == 0
    builds = _count_builds(monkeypatch)
    load_corpus(plans)
    assert builds == []
    assert not [w for w in recwarn if issubclass(w.category, load_cache.CacheFolderWarning)]


# ---- the index an incremental load starts from (loaders/incremental.py) -----------------------------------


def _index(plans: Path) -> list:
    return json.loads((_entry_dir(plans) / load_cache.INDEX).read_bytes())


def _kept(index: list) -> dict:
    return next(line for line in index if line["kept"])


def _edited(edit):
    def make(plans: Path) -> bytes:
        index = _index(plans)
        edit(index)
        return json.dumps(index).encode()

    return make


INDEX_DAMAGE = {
    "garbage": lambda plans: b"\x00\xff[not json",
    "not-a-list": lambda plans: b'{"a": 1}',
    "a-pickle": lambda plans: pickle.dumps([1, 2, 3]),
    "row-count-off": _edited(lambda index: _kept(index)["counts"].__setitem__(2, _kept(index)["counts"][2] + 5)),
    "negative-count": _edited(lambda index: _kept(index)["counts"].__setitem__(1, -1)),
    "other-plan": _edited(lambda index: _kept(index).__setitem__("plan", "broken-2024")),
    "key-not-hex": _edited(lambda index: _kept(index).__setitem__("key", "../" * 21 + "x")),
    "bad-problem": _edited(lambda index: _kept(index).__setitem__("problems", [["f", "x", "", "m", "fatal"]])),
    "extra-field": _edited(lambda index: _kept(index).__setitem__("run", "code")),
    "councils-not-rows": _edited(lambda index: _kept(index).__setitem__("councils", "a string")),
    "twice": _edited(lambda index: index.append(dict(_kept(index)))),
}


@pytest.mark.parametrize("fix_digest", [False, True], ids=["digest-mismatch", "manifest-vouches-for-it"])
@pytest.mark.parametrize("case", sorted(INDEX_DAMAGE))
def test_a_damaged_index_is_never_trusted_into_an_incremental_load(plans, fresh, monkeypatch, case, fix_digest):
    """After a damaged index the next load after a change is still exactly a fresh read (never a crash)."""
    load_corpus(plans)
    _rewrite(plans, load_cache.INDEX, INDEX_DAMAGE[case](plans), fix_digest=fix_digest)
    file = plans / "testshire-2024.yaml"
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10_000_000))  # the corpus key misses
    builds = _count_builds(monkeypatch)
    _assert_fresh(fresh, load_corpus(plans))
    load_cache.flush()
    assert builds == [1]
    assert _index(plans)[0]["key"] != "x" and load_corpus(plans) is not None  # rewritten good
    _assert_fresh(fresh, load_corpus(plans))
    assert builds == [1]


def test_a_write_cut_short_in_the_writer_thread_leaves_the_last_entry_whole(plans, fresh, monkeypatch) -> None:
    """The writer thread stops before its rename (as when the process ends mid-write): the entry before it is
    still read whole, and loads still equal a fresh read."""
    load_corpus(plans)
    before = _manifest(plans).read_bytes()
    file = plans / "testshire-2024.yaml"
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 10_000_000))  # an incremental load

    def cut(*args, **kwargs):
        raise OSError("the process ended here")

    replace = load_cache.os.replace
    monkeypatch.setattr(load_cache.os, "replace", cut)
    _assert_fresh(fresh, load_corpus(plans))
    assert load_cache.flush(timeout=60)
    monkeypatch.setattr(load_cache.os, "replace", replace)
    assert _manifest(plans).read_bytes() == before
    assert not list(_cache(plans).glob("*.tmp"))  # its temp file is gone too
    _assert_fresh(fresh, load_corpus(plans))
