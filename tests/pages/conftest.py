"""AppTest helpers: a fresh app run per test, with caches cleared so tests do not leak into each other."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _clear_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def run_page(page: str | None = None, *, params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run app.py, then switch to ``page`` (e.g. ``pages/themes.py``), with query params set first."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def plotly_specs(at: AppTest) -> list[dict]:
    """The figure JSON of every plotly chart on the page (AppTest has no typed accessor for them)."""
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
