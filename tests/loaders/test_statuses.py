"""Status normalisation and completeness levels: table-driven, raw text in, one scale out."""

from __future__ import annotations

import pytest

from loaders.completeness import fidelity_summary
from loaders.constants import COMPLETENESS_LEVELS, STATUS_PHRASES, STATUS_SCALE, STATUS_VOCABULARY
from loaders.statuses import status_scale
from tests.helpers import completeness_row


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Completed", "complete"),
        ("completed.", "complete"),
        ("Delivered", "complete"),
        ("Blue", "complete"),
        ("Green", "on track"),
        ("Amber", "at risk"),
        ("RED", "off track"),
        ("In progress/on track", "on track"),
        ("In progress/at risk", "at risk"),
        ("Ongoing work/move to BAU", "business as usual"),
        ("move to business as usual", "business as usual"),
        ("several were now 'business as usual'", "business as usual"),
        ("In progress", "in progress"),
        ("now underway", "in progress"),
        ("already being addressed", "in progress"),
        ("in development", "in progress"),
        ("presently underway", "in progress"),
        ("were making progress", "in progress"),
        ("training was being carried out", "in progress"),
        ("they had worked hard to ensure this was carried out", "complete"),
        ("is now established", "complete"),
        ("hadn't made as much progress due to delays in recruitment", "at risk"),
        ("not complete", "in progress"),
        ("Not started", "not started"),
        ("to be completed by March 2025", "unknown"),
        ("a survey had been sent out to 5,000 residents", "unknown"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_status_scale(raw: str | None, expected: str) -> None:
    assert status_scale(raw) == expected


def test_vocabulary_only_maps_onto_the_scale() -> None:
    assert set(STATUS_VOCABULARY.values()) <= set(STATUS_SCALE)
    assert {level for _, level in STATUS_PHRASES} <= set(STATUS_SCALE)


@pytest.mark.parametrize(
    ("declared", "captured", "actions", "without", "in_source", "expected"),
    [
        (8, 8, 24, 0, True, "full action plan"),
        (15, 12, 21, 0, True, "partial action plan"),  # Leeds: three recommendations missing
        (8, 8, 24, 1, True, "partial action plan"),  # one recommendation has no action
        (None, 5, 5, 0, True, "partial action plan"),  # unknown declared count is never "full"
        (8, 8, 24, 0, False, "recommendations only"),  # actions only from progress papers: no plan
        (None, 0, 1, 0, False, "summary only"),
        (10, 1, 1, 0, True, "partial action plan"),  # New Forest 2024: one row of recommendation 1
        (None, 0, 1, 0, True, "partial action plan"),  # an action the source does not tie to a recommendation
        (7, 7, 0, 7, False, "recommendations only"),
        (None, 18, 0, 18, True, "recommendations only"),
        (11, 0, 0, 0, True, "summary only"),
        (None, 0, 0, 0, True, "summary only"),
    ],
)
def test_completeness(declared, captured, actions, without, in_source, expected) -> None:
    level = completeness_row(declared, captured, actions, without, in_source)
    assert level == expected
    assert level in COMPLETENESS_LEVELS


def test_fidelity_summary() -> None:
    assert fidelity_summary(["heading"] * 18) == "heading"
    assert fidelity_summary(["verbatim", "paraphrase"]) == "mixed"
    assert fidelity_summary([]) is None
