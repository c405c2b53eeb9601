"""What the dashboard says speaks to a policy analyst: no file paths, module names or developer terms in the text
a page shows, and no "council(s)" where the count is known (plurals agree with their numbers)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Words that belong to the code, not to the reader. (A pointer to a documentation file such as docs/schema.md,
#: on the pages for people who maintain the data, is documentation, not code: allowed.)
DEVELOPER = re.compile(r"\b\w+\.py\b|\b(?:analysis|loaders|sections|charts|reports)/|TF-IDF|\bdataframe\b|\(s\)")
#: Calls whose first argument (or ``help``/``label``/``caption`` keyword) is shown on a page.
SHOWN = {"caption", "markdown", "write", "info", "warning", "error", "success", "title", "header", "subheader", "toast"}
SHOWN_KEYWORDS = {"help", "label", "caption", "placeholder"}


def _text(node: ast.AST) -> str:
    """A string or f-string's literal parts (the {…} holes become "…")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _text(node.left) + _text(node.right)
    if isinstance(node, ast.IfExp):  # f"…" + (f"… {n} source(s) declare." if n else ""): both branches can show
        return _text(node.body) + " " + _text(node.orelse)
    return ""


def shown_strings(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = list(node.args[:1]) if name in SHOWN else []
        args += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        found += [(a.lineno, _text(a)) for a in args if _text(a)]
    return found


FILES = [p for d in ("pages", "sections", "ui") for p in sorted((ROOT / d).rglob("*.py"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shown_text_has_no_developer_words(path: Path) -> None:
    bad = [(line, text) for line, text in shown_strings(path) if DEVELOPER.search(text)]
    assert not bad, bad


def test_the_check_finds_what_it_should(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        'st.caption("topics from our taxonomy (docs in analysis/themes.py)")\n'
        'st.caption(f"{n} actions from {m} council(s)")\n'
        'st.caption("Counted. " + (f"{k} source(s) declare." if k else ""))\n'
        'st.button("Go", help="Similarity blends shared wording (TF-IDF)")\n'
        'st.caption("Fine words for a reader.")\n',
        encoding="utf-8",
    )
    assert [line for line, text in shown_strings(page) if DEVELOPER.search(text)] == [1, 2, 3, 4]
