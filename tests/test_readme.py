"""The README's Python example is executed, so the documented API cannot drift from the real one."""

import doctest

from tests.conftest import PLANS, ROOT, SHIPPED_PLANS


def test_readme_examples_run() -> None:
    """Every >>> example in README.md gives the output shown (on ``PCE_PLANS_DIR``'s plans when that is set,
    as tests/test_added_plan.py does: the examples must stay true when a plan is added)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    if PLANS != SHIPPED_PLANS:
        text = text.replace('load_corpus("data/plans")', f"load_corpus({str(PLANS)!r})")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, "README.md", str(ROOT / "README.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0
