"""Measured figures (agreement, recall) that tests report in pytest's terminal summary, so they are seen on
every run, not only when a test fails."""

from __future__ import annotations

FIGURES: list[str] = []


def report(line: str) -> None:
    """Queue one line for the "measured figures" section at the end of the test run."""
    FIGURES.append(line.strip())
