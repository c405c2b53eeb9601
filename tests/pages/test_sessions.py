"""Many users, one process: no page mutates the shared cached frames, and uploads never cross sessions."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle

import pandas as pd
import pytest

from loaders import Corpus
from tests.conftest import FIXTURES, ROOT
from tests.pages.conftest import run_page

PAGES = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))
GOOD = (FIXTURES / "testshire-2024.yaml").read_bytes()


def _fingerprint(corpus: Corpus) -> dict[str, tuple[int, str]]:
    """Each frame's identity and a hash of its full contents (values, dtypes, index, column order)."""
    out = {}
    for field in dataclasses.fields(corpus):
        frame = getattr(corpus, field.name)
        if isinstance(frame, pd.DataFrame):
            # A copy: pandas may consolidate a frame's blocks in place when it is indexed (same values, other bytes).
            digest = hashlib.sha256(
                pickle.dumps((list(frame.columns), frame.dtypes.astype(str).tolist(), frame.copy()))
            )
            out[field.name] = (id(frame), digest.hexdigest())
    return out


def _published() -> Corpus:
    from ui.data import published_corpus

    return published_corpus()  # the process-wide cached object the pages share (st.cache_resource)


@pytest.mark.parametrize("with_upload", [False, True], ids=["published only", "with an upload"])
def test_no_page_mutates_the_shared_corpus(with_upload: bool) -> None:
    """Run every page (with and without a session upload, and with a filter set) and hash the cached frames."""
    at = run_page(params={"council": "leeds"})
    shared = _published()
    before = _fingerprint(shared)
    if with_upload:
        at.switch_page("pages/add-plan.py").run()
        at.file_uploader(key="add_plan_file").upload("testshire-2024.yaml", GOOD).run()
        at.button(key="add_plan_add").click().run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    assert _published() is shared
    assert _fingerprint(shared) == before
    assert "uploaded" not in shared.councils.columns and "testshire" not in set(shared.councils["council_id"])


def test_an_upload_in_one_session_is_absent_from_another(corpus) -> None:
    """Two sessions side by side: one uploads; the other sees only the published plans, before and after."""
    alice = run_page("pages/add-plan.py")
    bob = run_page("pages/overview.py")
    alice.file_uploader(key="add_plan_file").upload("testshire-2024.yaml", GOOD).run()
    alice.button(key="add_plan_add").click().run()
    alice.switch_page("pages/overview.py").run()
    bob.run()
    councils = {at: int(next(m.value for m in at.metric if m.label == "Councils")) for at in (alice, bob)}
    assert councils[alice] == len(corpus.councils) + 1
    assert councils[bob] == len(corpus.councils)
    assert not any("not published" in i.value for i in bob.info)
    assert "Testshire District Council (uploaded)" in alice.multiselect(key="filter_councils").options
    assert not [o for o in bob.multiselect(key="filter_councils").options if "Testshire" in o]
    bob.switch_page("pages/add-plan.py").run()
    assert any("None yet" in c.value for c in bob.caption)


def _digest(value: object) -> str:
    """A hash of a remembered result's contents; a drawn section is its data (its declaration holds functions)."""
    from sections import Drawn

    if isinstance(value, Drawn):
        value = value.data
    if isinstance(value, pd.DataFrame):
        value = value.copy()  # see _fingerprint: indexing may consolidate blocks in place
    return hashlib.sha256(pickle.dumps(value)).hexdigest()


def test_no_page_mutates_a_remembered_result() -> None:
    """Results in ui.memo are shared by every session like the corpus: a second tour of every page (filtered and
    not) finds them all, unchanged, where the first left them."""
    from ui import memo

    for params in ({}, {"council": "leeds"}):
        at = run_page(params=params)
        for page in PAGES:
            at.switch_page(page).run()
        before = {id(value): (value, _digest(value)) for value in memo.results()}
        hits = memo.stats()["hits"]
        for page in PAGES:
            at.switch_page(page).run()
            assert not at.exception, (page, at.exception)
        assert memo.stats()["hits"] > hits
        for value, digest in before.values():
            assert _digest(value) == digest, type(value)
