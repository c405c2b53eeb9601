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
    from ui import memo

    st.cache_data.clear()
    st.cache_resource.clear()
    memo.clear()
    yield


def run_page(
    page: str | None = None, *, params: dict[str, str | list[str]] | None = None, tables: bool = True
) -> AppTest:
    """Run app.py, then switch to ``page`` (e.g. ``pages/themes.py``), with query params set first.

    With ``tables`` every "Table behind this chart" is opened, as a user reading the tables would (they are
    built only when opened).
    """
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    if tables:
        open_tables(at)
    return at


def open_tables(at: AppTest) -> AppTest:
    """Open every chart's table on the page (their expanders rerun on opening) and rerun."""
    from ui.components import TABLE_OPEN

    closed = [k for k, v in at.session_state._state.filtered_state.items() if k.endswith(TABLE_OPEN) and not v]
    if closed:
        for key in closed:
            at.session_state[key] = True
        at.run()
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


def bars_total(bars: list[dict]) -> tuple[float, float]:
    """What a theme chart's bars add up to, and the rounding slack: an "Other councils (N, average)" bar counts
    N times its (one-decimal) average, so the total is exact to within N x 0.05 per bar."""
    import re

    total, slack = 0.0, 0.0
    for trace in bars:
        folded = re.search(r"\((\d+), average\)$", str(trace.get("name", "")))
        times = int(folded.group(1)) if folded else 1
        total += times * sum(trace["x"])
        slack += 0.05 * times * len(trace["x"]) if folded else 0.0
    return total, slack


#: Filters no council meets (Leeds is not in the East Midlands): a page must explain the empty view, not fail.
NOTHING_MATCHES = {"council": "leeds", "region": "East Midlands"}


def assert_explains_nothing_matches(page: str, says: str) -> AppTest:
    """Run ``page`` with :data:`NOTHING_MATCHES`: no exception, an info box that ``says`` why, and no chart."""
    at = run_page(page, params=NOTHING_MATCHES)
    assert not at.exception
    assert any(says in i.value for i in at.info)
    assert not at.get("plotly_chart")
    return at


def assert_overview_headline(at: AppTest, *, councils: str, recommendations: str, declared: str) -> None:
    """The Overview ran and its headline counts ``councils`` and ``recommendations``, with ``declared`` ("n of m
    declared") under the recommendations."""
    from tests.helpers import metric_deltas, metric_values

    assert not at.exception
    metrics = metric_values(at)
    assert (metrics["Councils"], metrics["Recommendations"]) == (councils, recommendations)
    assert metric_deltas(at)["Recommendations"] == declared
