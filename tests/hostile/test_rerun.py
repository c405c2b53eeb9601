"""*Add a plan* checks an upload once, not on every rerun: each widget click reruns the page, and a large upload
was parsed and validated again every time (seconds per click, holding the server's GIL)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

import ui.data
import ui.memo
from tests.conftest import FIXTURES
from tests.pages.conftest import APP, _clear_caches  # noqa: F401  (fixture: fresh caches per test)

GOOD = (FIXTURES / "testshire-2024.yaml").read_bytes()


def test_the_same_upload_is_checked_once_across_reruns(monkeypatch) -> None:
    calls: list[str] = []
    real = ui.memo.check_upload

    def counting(name, data, **kwargs):
        calls.append(name)
        return real(name, data, **kwargs)

    monkeypatch.setattr(ui.memo, "check_upload", counting)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/add-plan.py").run()
    at.file_uploader(key="add_plan_file").upload("testshire-2024.yaml", GOOD, "application/yaml").run()
    assert not at.exception and at.success
    assert calls == ["testshire-2024.yaml"]
    for _ in range(3):  # reruns, as widget clicks cause
        at.run()
    assert not at.exception and at.success
    assert calls == ["testshire-2024.yaml"]
    changed = GOOD.replace(b"Run a staff survey", b"Run two staff surveys")
    at.file_uploader(key="add_plan_file").upload("testshire-2024.yaml", changed, "application/yaml").run()
    assert calls == ["testshire-2024.yaml", "testshire-2024.yaml"]  # new bytes: checked again


def test_checked_upload_keys_on_the_bytes_name_and_published_ids(monkeypatch) -> None:
    calls: list[str] = []
    real = ui.memo.check_upload
    monkeypatch.setattr(ui.memo, "check_upload", lambda name, data, **kw: calls.append(name) or real(name, data, **kw))
    first = ui.data.checked_upload("a.yaml", GOOD, published=set(), stem="a")
    assert ui.data.checked_upload("a.yaml", bytes(GOOD), published=set(), stem="a") is first
    ui.data.checked_upload("b.yaml", GOOD, published=set(), stem="a")
    ui.data.checked_upload("a.yaml", GOOD, published={"testshire-2024"}, stem="a")
    ui.data.checked_upload("a.yaml", GOOD.decode(), published=set(), stem="a")  # text, not bytes: its own check
    assert calls == ["a.yaml", "b.yaml", "a.yaml", "a.yaml"]
