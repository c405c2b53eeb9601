"""scripts/load_test.py works end to end: a small run (2 users, 2 pages) finishes with no errors and reports
a time to first chart. The full 20-user run is a benchmark, not a test (see the README)."""

from __future__ import annotations

import pytest

from scripts.load_test import _percentile, run
from tests.e2e.conftest import _require_browser

pytestmark = pytest.mark.browser


def test_small_load_run_has_no_errors_and_times_first_charts() -> None:
    _require_browser()
    figures = run(2, pages={"Overview": "Peer Challenge Explorer", "Themes": "Themes"}, ramp_s=0, timeout_s=300)
    assert figures["errors"] == []
    assert figures["page_visits"] == 4
    assert figures["first_chart"]["n"] >= 2  # Themes always draws charts
    assert 0 < figures["first_chart"]["median_ms"] <= figures["first_chart"]["p95_ms"] < 180_000


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([], 0.5, None), ([5.0], 0.95, 5.0), ([1.0, 2.0, 3.0, 4.0, 100.0], 0.95, 100.0), ([3.0, 1.0, 2.0], 0.5, 2.0)],
)
def test_percentile(values: list[float], q: float, expected: float | None) -> None:
    assert _percentile(values, q) == expected
