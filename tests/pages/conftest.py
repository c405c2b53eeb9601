"""AppTest helpers: a fresh app run per test, with caches cleared so tests do not leak into each other."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import numpy as np
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


def _decode_typed_arrays(value: Any) -> Any:
    """Plotly 6+ serialises numeric arrays as base64 typed arrays ({"dtype", "bdata"}); give tests plain lists."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {key: _decode_typed_arrays(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode_typed_arrays(item) for item in value]
    return value


def plotly_specs(at: AppTest) -> list[dict]:
    """The figure JSON of every plotly chart on the page (AppTest has no typed accessor for them)."""
    return [_decode_typed_arrays(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]
