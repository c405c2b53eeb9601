"""Presentation mode in Chromium at projector sizes: scripts/present_check.py over every page and slide."""

from __future__ import annotations

from scripts.present_check import check, table


def test_every_slide_fills_the_screen_and_nothing_overlaps(browser, app_url) -> None:
    slides = check(app_url, browser)
    print(table(slides))
    assert len(slides) >= 20  # every page, both sizes: a walk that stops early must not pass
    failed = [s for s in slides if not s.ok]
    assert not failed, table(failed)
