"""Hostile and unreadable documents: a clear reason and a partial draft, never a crash or a hang.

Time bounds are ratios against a small input drafted in the same test, never absolute seconds.
"""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.importer import MAX_FILE_BYTES, draft_plan
from loaders.importer.word import MAX_UNZIPPED


def _why(draft) -> str:
    frame = draft.findings.frame()
    return " | ".join(frame.loc[frame["what"] == "document not read", "why"])


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    from scripts.fuzz_documents import pdf_from_objects

    return pdf_from_objects(objects, trailer_extra)


def _encrypted_pdf() -> bytes:
    pages = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    return _pdf(pages, b"/Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] ")


def _scanned_pdf() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(out, "PDF")
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1 << 20)
            for _ in range(MAX_UNZIPPED // len(chunk) + 2):
                member.write(chunk)
    return out.getvalue()


def test_encrypted_pdf_is_refused_with_a_reason() -> None:
    draft = draft_plan(_encrypted_pdf(), filename="plan.pdf")
    assert "encrypted" in _why(draft)
    assert draft.plan["recommendations"] == [] and draft.yaml  # a partial draft is still given


def test_scanned_pdf_says_no_text_layer() -> None:
    draft = draft_plan(_scanned_pdf(), filename="scan.pdf")
    assert _why(draft) == "no text layer: this PDF is an image; OCR is not supported"


def test_docx_zip_bomb_is_refused_before_parsing() -> None:
    bomb = _zip_bomb()
    assert len(bomb) < MAX_FILE_BYTES // 10
    started = time.perf_counter()
    draft = draft_plan(bomb, filename="plan.docx")
    elapsed = time.perf_counter() - started
    small = time.perf_counter()
    draft_plan(b"Recommendation 1 - Do it\n", filename="small.txt")
    baseline = time.perf_counter() - small
    assert "zip bomb" in _why(draft) or "unpacks to" in _why(draft)
    assert elapsed < 20 * max(baseline, 0.01)  # refused from the archive directory, not by inflating it


def test_file_over_the_limit_is_refused_and_the_limit_stated(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    draft = draft_plan(big)
    assert "20 MB" in _why(draft) and f"{MAX_FILE_BYTES:,}" in _why(draft)


def test_html_scripts_are_never_read_or_run() -> None:
    page = (
        b"<html><head><script>document.write('Recommendation 9 - injected')</script></head><body>"
        b"<h2>Recommendations</h2><p>Recommendation 1 \xe2\x80\x93 Keep <b>this</b></p>"
        b"<script>alert('Recommendation 8 - also injected')</script><style>p{}</style>"
        b'<p onclick="alert(1)">Recommendation 2 \xe2\x80\x93 And this &lt;script&gt;</p></body></html>'
    )
    draft = draft_plan(page, filename="page.html")
    titles = [r["title"] for r in draft.plan["recommendations"]]
    assert titles == ["Keep this", "And this <script>"]  # text as text; the page's scripts are gone
    assert "injected" not in draft.text and "alert" not in draft.yaml


def test_no_recommendations_gives_a_partial_draft_and_says_so() -> None:
    draft = draft_plan(b"Minutes of the meeting.\nNothing else here.\n", filename="minutes.txt")
    whats = list(draft.findings.frame()["what"])
    assert "no recommendations found" in whats and "no action table found" in whats
    assert draft.plan["recommendations"] == []
    assert any(p.severity == "error" for p in draft.problems)  # what is left to fill in is reported


@pytest.mark.parametrize(
    "name, make",
    [
        ("tabs", lambda n: b"\t" * n),
        ("spaces in one line", lambda n: b"Recommendation 1 " + b" " * n + b"x"),
        ("letters", lambda n: b"Ref\tAction\tOwner\n1.1\t" + b"a. b. " * (n // 6) + b"\tx\n"),
        ("numbers", lambda n: b"1.1.1.1 " * (n // 8)),
        ("markup", lambda n: b"A\t<p>" + b"<li>" * (n // 4) + b"\tB\n"),
        ("binary", lambda n: bytes(range(1, 256)) * (n // 255)),
    ],
)
def test_adversarial_text_drafts_in_linear_time(name: str, make) -> None:
    """A 50× larger hostile input takes at most ~50× (plus slack) the time of a small one: no super-linear
    pattern on a long cell (Python's regex engine holds the GIL for the whole server)."""
    small, large = make(4_000), make(200_000)
    draft_plan(small, filename="warm.txt")
    started = time.perf_counter()
    draft_plan(small, filename="small.txt")
    t_small = time.perf_counter() - started
    started = time.perf_counter()
    draft = draft_plan(large, filename="large.txt")
    t_large = time.perf_counter() - started
    assert draft.yaml
    assert t_large < 150 * max(t_small, 0.005), f"{name}: {t_large:.2f}s vs {t_small:.3f}s"


_PIECES = [
    "\t",
    "\n",
    "Recommendation 1 – ",
    "R2 ",
    "1.1 ",
    "a. ",
    "b. ",
    "• ",
    "<p>",
    "</p>",
    "<li>",
    "Ref",
    "Action",
    "Owner",
    "Timescale",
    "Leeds City Council",
    "E08000035",
    "12 March 2024",
    "took place in June 2024",
    "x",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=60))
def test_fuzzed_text_never_crashes_and_gives_yaml(pieces: list[str]) -> None:
    """The hostile-input fuzzing covers the importer: any mix of the importer's own cues drafts without an
    exception, and the draft text reads back as YAML."""
    import yaml

    draft = draft_plan("".join(pieces).encode("utf-8", "surrogatepass"), filename="fuzz.txt")
    assert isinstance(yaml.safe_load(draft.yaml), dict)


def _timed(make) -> float:
    import time

    data, name = make()
    started = time.perf_counter()
    draft_plan(data, filename=name)
    return time.perf_counter() - started


def test_a_far_away_spreadsheet_cell_does_not_make_the_sheet_huge() -> None:
    """One cell at row 4,000 and column 60 of an otherwise small sheet: only the cells the sheet has are read."""
    import openpyxl

    def sheet(far: bool) -> tuple[bytes, str]:
        book = openpyxl.Workbook()
        book.active.append(["Recommendation", "Action", "Owner", "Timescale"])
        for n in range(20):
            book.active.append([f"R{n}", f"Do thing {n}", "Chief Executive", "March 2025"])
        if far:
            book.active.cell(row=4000, column=60, value="far away")
        out = io.BytesIO()
        book.save(out)
        return out.getvalue(), "plan.xlsx"

    _timed(lambda: sheet(False))  # warm the imports
    small = min(_timed(lambda: sheet(False)) for _ in range(3))
    far = min(_timed(lambda: sheet(True)) for _ in range(2))
    assert far < 4 * small + 0.5  # before: every one of 5,000 x 60 positions became a cell object (~15 s)


def test_many_numbered_lines_are_not_compared_all_with_all() -> None:
    """2,000 numbered one-line recommendations: each new one is checked against those found so far cheaply."""

    def doc(n: int) -> tuple[bytes, str]:
        lines = ["Recommendations"] + [
            f"Recommendation {i + 1}: improve service number {i} for residents" for i in range(n)
        ]
        return "\n".join(lines).encode(), "plan.txt"

    small = _timed(lambda: doc(200))
    large = _timed(lambda: doc(2000))
    assert large < 3 * 10 * small + 1.0  # linear in the count, with slack; quadratic would be 100x


def test_text_beyond_the_limit_is_left_out_with_a_warning() -> None:
    from loaders.importer.document import MAX_TEXT_CHARS

    data = ("Recommendations\n" + ("word " * 20 + "\n") * (MAX_TEXT_CHARS // 100 + 10)).encode()
    draft = draft_plan(data, filename="plan.txt")
    warnings = [f.why for f in draft.findings if f.what == "reading the document"]
    assert any(f"only the first {MAX_TEXT_CHARS:,} characters" in w for w in warnings)
    assert len(draft.text) <= MAX_TEXT_CHARS
