"""The owner-role parser (loaders/owner_roles.py) runs in linear time on hostile cells, like every other normaliser.

Role labels are found by one regex over the whole cell, and bracketed roles by another; both meet the shared
adversarial strings of test_linear_normalisers.py plus strings built for them (runs of colons, of labels, of
bracketed roles, of separators before labels) at 1 KB, 10 KB and 100 KB, and the 100 KB call must stay within
``SLOWDOWN`` times the size ratio of the 1 KB call. The big cells also keep their owners' roles, bounded by
the same character limit as the owner parser.
"""

from __future__ import annotations

import signal
from collections.abc import Callable

import pytest

from loaders.owner_roles import split_roles
from loaders.owners import MAX_OWNER_CELL_CHARS, owner_roles_for, owners_for
from tests.hostile.test_linear_normalisers import BIG, MIDDLE, PATTERNS, SMALL, _repeat, assert_linear

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX interval timers")

ROLE_PATTERNS: dict[str, Callable[[int], str]] = {
    "colons": lambda n: _repeat(":", n, "Lead", "Chief Executive"),
    "spaced colons": lambda n: _repeat(" : ", n),
    "spaces before a colon": lambda n: _repeat(" ", n, "Accountable", ": Chief Executive"),
    "spaces after a separator": lambda n: _repeat(" ", n, ";", "Lead: Chief Executive"),
    "labels": lambda n: _repeat("Accountable: ", n),
    "labels and separators": lambda n: _repeat("; Lead: ", n),
    "label words without colons": lambda n: _repeat("Responsible ", n),
    "dashed labels": lambda n: _repeat("Lead - ", n),
    "role brackets": lambda n: _repeat("(Lead) ", n),
    "owners with roles": lambda n: _repeat("Chief Executive (Responsible), ", n),
    "unclosed role brackets": lambda n: _repeat("(Lead ", n),
    "parentheses and colons": lambda n: _repeat("(:)", n),
    "supported by": lambda n: _repeat("supported by ", n),
}

ROLE_NORMALISERS: dict[str, Callable[[str], object]] = {
    "split_roles": split_roles,
    "owner_roles_for": lambda s: owner_roles_for(s, has_owner_column=True),
    "owner_roles_for (owner columns)": lambda s: owner_roles_for(
        None, has_owner_column=True, cells=[("Accountable", s), (s[:500], "Chief Executive")]
    ),
}


@pytest.mark.parametrize("pattern", [*ROLE_PATTERNS, *PATTERNS])
@pytest.mark.parametrize("normaliser", ROLE_NORMALISERS)
def test_the_role_parser_is_linear_on_hostile_text(normaliser: str, pattern: str) -> None:
    make = ROLE_PATTERNS.get(pattern) or PATTERNS[pattern]
    small, middle, big = make(SMALL), make(MIDDLE), make(BIG)
    assert (len(small), len(middle), len(big)) == (SMALL, MIDDLE, BIG)
    assert_linear(ROLE_NORMALISERS[normaliser], small, middle, big)


@pytest.mark.parametrize("pattern", ROLE_PATTERNS)
def test_the_owner_parser_is_linear_on_labelled_hostile_text(pattern: str) -> None:
    make = ROLE_PATTERNS[pattern]
    assert_linear(lambda s: owners_for(s, has_owner_column=True), make(SMALL), make(MIDDLE), make(BIG))


def test_a_padded_labelled_cell_keeps_both_roles_and_reads_a_bounded_prefix() -> None:
    padded = "Accountable:" + " " * 100_000 + "Leader of the Council;" + " " * 50_000 + "Responsible: Chief Executive"
    assert owner_roles_for(padded, has_owner_column=True) == [
        ("Leader", "accountable"),
        ("Chief Executive", "responsible"),
    ]
    # a cell past the limit is read to the limit only: nothing after it becomes an owner
    long = "Lead: Chief Executive; " + "x" * (2 * MAX_OWNER_CELL_CHARS) + "; Support: Director of Finance"
    [(name, role)] = owner_roles_for(long, has_owner_column=True)  # the filler is glued on: not an owner's start
    assert name.startswith("Chief Executive; X") and role == "lead" and len(name) < MAX_OWNER_CELL_CHARS


def test_control_characters_and_markup_do_not_break_labels() -> None:
    cell = "<p>Accountable:\u00a0Leader of the Council</p><p>Responsible:\x07 Chief Executive\x00\x1f</p>"
    (first, accountable), (second, responsible) = owner_roles_for(cell, has_owner_column=True)
    assert (first, accountable, responsible) == ("Leader", "accountable", "responsible")
    assert "Chief Executive" in second
