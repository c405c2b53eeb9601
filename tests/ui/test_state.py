"""ui.state: the URL wins on a first run, a session keeps its choice across page switches, invalid link values are
dropped with a note, and the URL is written only when it changes."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest


def _picker_app() -> None:
    import datetime as dt

    from ui.state import url_date, url_multiselect, url_optional_date, url_segmented, url_select, url_toggle

    url_select("pick", ["a", "b", "c"], "b", key="pick_key", label="Pick")
    url_segmented("measure", ["count", "share"], "count", key="measure_key", label="Show")
    url_toggle("every", key="every_key", label="Every")
    url_multiselect("many", ["x", "y", "z"], key="many_key", label="Many")
    url_date("when", dt.date(2024, 1, 1), key="when_key", label="When", min_value=dt.date(2000, 1, 1),
             max_value=dt.date(2030, 12, 31))  # fmt: skip
    url_optional_date(
        "due", dt.date(2024, 8, 1), mode_key="mode_key", mode_label="Judge at", modes=("each", "one"),
        key="due_key", label="Due by", min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31),
    )  # fmt: skip


def _run(params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_function(_picker_app, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def _url(at: AppTest, name: str) -> list[str] | None:
    if name not in at.query_params:
        return None
    value = at.query_params[name]
    return value if isinstance(value, list) else [value]


def test_values_in_the_link_win_on_the_first_run() -> None:
    at = _run({"pick": "c", "measure": "share", "every": "1", "many": ["z", "x"], "when": "2025-03-15"})
    assert not at.exception and not at.warning
    assert at.selectbox(key="pick_key").value == "c"
    assert at.segmented_control(key="measure_key").value == "share"
    assert at.toggle(key="every_key").value is True
    assert at.multiselect(key="many_key").value == ["z", "x"]
    assert at.date_input(key="when_key").value == dt.date(2025, 3, 15)


def test_without_a_link_the_defaults_show_and_only_selects_and_dates_are_written() -> None:
    at = _run()
    assert at.selectbox(key="pick_key").value == "b"
    assert _url(at, "pick") == ["b"] and _url(at, "when") == ["2024-01-01"]
    for omitted in ("measure", "every", "many", "due"):  # defaults stay out of a shared link
        assert _url(at, omitted) is None, omitted


@pytest.mark.parametrize(
    ("name", "raw", "note"),
    [
        ("pick", "nope", "The pick in the link (nope) is not one of the choices here, so this page shows b."),
        ("measure", "most", "The show in the link (most) is not one of the choices here"),
        ("every", "maybe", "“Every” in the link (maybe) is not 1 or 0, so it is off."),
        ("when", "2024-13-45", "The date in the link (2024-13-45) is not a date like 2024-08-01"),
        ("many", ["x", "w"], "Not among the many here, so left out: w."),
        ("due", "soon", "The date in the link (soon) is not a date like 2024-08-01, so it is ignored."),
    ],
)
def test_an_invalid_link_value_is_dropped_with_a_note(name: str, raw: str | list[str], note: str) -> None:
    at = _run({name: raw})
    assert not at.exception
    assert [w for w in at.warning if note in w.value.replace("\\", "")], [w.value for w in at.warning]
    assert _url(at, name) != (raw if isinstance(raw, list) else [raw])  # the bad value left the URL


def test_a_change_goes_into_the_url_and_survives_a_page_switch() -> None:
    at = _run()
    at.selectbox(key="pick_key").set_value("a").run()
    at.segmented_control(key="measure_key").set_value("share").run()
    at.toggle(key="every_key").set_value(True).run()
    at.date_input(key="when_key").set_value(dt.date(2026, 2, 3)).run()
    assert _url(at, "pick") == ["a"] and _url(at, "measure") == ["share"] and _url(at, "every") == ["1"]
    assert _url(at, "when") == ["2026-02-03"]
    at.toggle(key="every_key").set_value(False).run()
    assert _url(at, "every") is None  # back to the default: out of the link
    # A page switch drops page params: the session's choice comes back, and into the URL again.
    for name in list(at.query_params):
        del at.query_params[name]
    at.run()
    assert at.selectbox(key="pick_key").value == "a" and at.segmented_control(key="measure_key").value == "share"
    assert at.date_input(key="when_key").value == dt.date(2026, 2, 3)
    assert _url(at, "pick") == ["a"] and _url(at, "when") == ["2026-02-03"]


def test_a_link_beats_the_sessions_earlier_choice() -> None:
    at = _run()
    at.selectbox(key="pick_key").set_value("a").run()
    at.query_params["pick"] = "c"  # a shared link opened in the same session
    at.run()
    assert at.selectbox(key="pick_key").value == "c"


def test_optional_date_mode_follows_the_link() -> None:
    at = _run({"due": "2024-02-29"})
    assert at.segmented_control(key="mode_key").value == "one"
    assert at.date_input(key="due_key").value == dt.date(2024, 2, 29)
    at.segmented_control(key="mode_key").set_value("each").run()
    assert _url(at, "due") is None
    at.segmented_control(key="mode_key").set_value("one").run()
    assert _url(at, "due") == ["2024-02-29"]  # the session's date comes back with the mode


def test_a_date_is_clamped_to_its_bounds() -> None:
    at = _run({"when": "2099-01-01"})
    assert at.date_input(key="when_key").value == dt.date(2030, 12, 31)
    assert _url(at, "when") == ["2030-12-31"]


class _CountingParams(dict):
    """A stand-in for st.query_params that counts writes."""

    writes = 0

    def get_all(self, key: str) -> list[str]:
        value = self.get(key)
        return [] if value is None else value if isinstance(value, list) else [value]

    def __setitem__(self, key: str, value: object) -> None:
        type(self).writes += 1
        super().__setitem__(key, value)


def test_set_param_writes_only_when_the_value_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import state

    fake = _CountingParams()
    _CountingParams.writes = 0
    monkeypatch.setattr(state.st, "query_params", fake)
    for _ in range(3):
        state.set_param("due", "2024-01-01")
        state.set_param("council", ["leeds", "bury"])
    assert _CountingParams.writes == 2
    state.set_param("due", "2024-01-02")
    assert _CountingParams.writes == 3 and fake["due"] == "2024-01-02"
    state.set_param("due", None)
    state.set_param("council", [])
    assert "due" not in fake and "council" not in fake
