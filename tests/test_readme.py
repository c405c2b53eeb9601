"""The README's Python example is executed, so the documented API cannot drift from the real one."""

import doctest

from tests.conftest import ROOT


def test_readme_examples_run() -> None:
    """Every >>> example in README.md gives the output shown."""
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
