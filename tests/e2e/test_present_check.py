"""Presentation mode in Chromium at projector sizes: scripts/present_check.py over every page and slide."""

from __future__ import annotations

from scripts.present_check import check, table

#: Known and open (issue 17): the recurring-groups slide's machine word-list labels still overlap. Only label
#: overlap is excused there; width, fit and blank-slide checks still apply to it.
KNOWN_OVERLAP = {("Overlap", "Recommendations that recur")}


def _excused(slide) -> bool:
    known = any(slide.page == page and slide.title.startswith(title) for page, title in KNOWN_OVERLAP)
    return known and all("overlap" in problem for problem in slide.problems)


def test_every_slide_fills_the_screen_and_nothing_overlaps(browser, app_url) -> None:
    slides = check(app_url, browser)
    print(table(slides))
    assert len(slides) >= 20  # every page, both sizes: a walk that stops early must not pass
    failed = [s for s in slides if not s.ok and not _excused(s)]
    assert not failed, table(failed)
