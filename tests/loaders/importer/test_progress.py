"""The importer says how far it has got, page by page for a PDF, so the page can show a progress bar."""

from __future__ import annotations

import pdfplumber

from loaders.importer import draft_plan
from tests.conftest import FIXTURES


def test_progress_rises_to_one_and_names_the_steps() -> None:
    heard: list[tuple[float, str]] = []
    draft_plan(b"Recommendations\n1. Do the thing\n", filename="plan.txt", progress=lambda f, m: heard.append((f, m)))
    fractions = [f for f, _ in heard]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("recommendations" in m for _, m in heard)


def test_a_pdf_reports_each_page() -> None:
    source = FIXTURES / "import" / "kings-lynn-and-west-norfolk-2023.pdf"
    with pdfplumber.open(source) as pdf:
        pages = len(pdf.pages)
    heard: list[tuple[float, str]] = []
    draft_plan(source, progress=lambda f, m: heard.append((f, m)))
    assert [m for _, m in heard if m.startswith("Reading page")] == [
        f"Reading page {n} of {pages}" for n in range(1, pages + 1)
    ]
    fractions = [f for f, _ in heard]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
