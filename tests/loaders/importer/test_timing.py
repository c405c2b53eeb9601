"""A long PDF drafts in time proportional to its pages: the 39-page fixture against the 13-page one."""

from __future__ import annotations

import time

import pdfplumber

from loaders.importer import draft_plan
from tests.conftest import FIXTURES
from tests.figures import report

IMPORT = FIXTURES / "import"


def _pages(name: str) -> int:
    with pdfplumber.open(IMPORT / name) as pdf:
        return len(pdf.pages)


def test_long_pdf_time_is_linear_in_pages() -> None:
    small, long = "kings-lynn-and-west-norfolk-2023.pdf", "long-plan.pdf"
    draft_plan(IMPORT / "leeds-2022.html")  # warm the imports
    started = time.perf_counter()
    draft_plan(IMPORT / small)
    t_small = time.perf_counter() - started
    started = time.perf_counter()
    draft = draft_plan(IMPORT / long)
    t_long = time.perf_counter() - started
    pages_small, pages_long = _pages(small), _pages(long)
    assert pages_long >= 3 * pages_small - 1
    report(f"importer: {pages_long}-page PDF drafted in {t_long:.1f} s; {pages_small}-page in {t_small:.1f} s")
    assert len(draft.plan["actions"]) == 72  # every row of the 24-action plan three times over
    assert not [f for f in draft.findings if f.what == "reading the document"]  # no page left unread
    assert t_long < 2 * (pages_long / pages_small) * t_small
