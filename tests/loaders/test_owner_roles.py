"""Owners with roles (issue 19 §1): plans with two owner columns (Accountable / Responsible, Lead / Support, a
cabinet member and an officer) can be written down as they stand, and a labelled single cell is read as roles.

An old file's one ``owner`` string loads exactly as before.
"""

from __future__ import annotations

import json

import pytest

from loaders.problems import PlanError
from loaders.validate import load_plan_text
from tests.conftest import FIXTURES, ROOT

GOOD = (FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8")
OWNER_LINE = "    owner: Chief Executive & Director of Resources\n"


def _with_owner_lines(lines: str) -> str:
    assert OWNER_LINE in GOOD
    return GOOD.replace(OWNER_LINE, lines, 1)


TWO_COLUMNS = (
    "    owners:\n"
    "      - {role: Accountable, owner: Leader of the Council}\n"
    "      - {role: Responsible, owner: Chief Executive}\n"
    "      - {role: Support, owner: null}\n"
)


# --------------------------------------------------------------------------------------------------
# The schema
# --------------------------------------------------------------------------------------------------


def test_two_owner_columns_are_kept_verbatim_with_their_roles() -> None:
    plan, problems = load_plan_text(_with_owner_lines(TWO_COLUMNS), name="t.yaml", stem="testshire-2024")
    assert problems == []
    [action] = plan.actions
    assert action.owner is None
    assert [(cell.role, cell.owner) for cell in action.owners] == [
        ("Accountable", "Leader of the Council"),
        ("Responsible", "Chief Executive"),
        ("Support", None),
    ]


def test_an_old_file_with_one_owner_string_loads_unchanged() -> None:
    plan, problems = load_plan_text(GOOD, name="t.yaml", stem="testshire-2024")
    assert problems == []
    assert plan.actions[0].owner == "Chief Executive & Director of Resources"
    assert plan.actions[0].owners == []


def test_owner_and_owners_together_are_refused_at_the_owners_line() -> None:
    text = _with_owner_lines(OWNER_LINE + TWO_COLUMNS)
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, name="t.yaml", stem="testshire-2024")
    [problem] = caught.value.problems
    assert problem.field == "actions[0].owners"
    assert "not both" in problem.message
    # the line of the owners value (its first entry), not the action's first line
    assert problem.line == text.splitlines().index("      - {role: Accountable, owner: Leader of the Council}") + 1


@pytest.mark.parametrize(
    ("cell", "field"),
    [
        ("      - {owner: Chief Executive}\n", "actions[0].owners[0].role"),
        ("      - {role: '', owner: Chief Executive}\n", "actions[0].owners[0].role"),
        ("      - {role: Lead, owner: Chief Executive, column: 3}\n", "actions[0].owners[0].column"),
    ],
    ids=["no role", "an empty role", "an unknown key"],
)
def test_an_owner_cell_needs_a_role_and_nothing_else(cell: str, field: str) -> None:
    with pytest.raises(PlanError) as caught:
        load_plan_text(_with_owner_lines("    owners:\n" + cell), name="t.yaml", stem="testshire-2024")
    assert [p.field for p in caught.value.problems] == [field]


def test_the_json_schema_and_the_template_show_owner_roles() -> None:
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["OwnerCell"]["properties"]) == {"role", "owner"}
    assert schema["$defs"]["OwnerCell"]["required"] == ["role"]
    template, _ = load_plan_text(
        (ROOT / "docs" / "template-plan.yaml").read_text(encoding="utf-8"), name="t.yaml", stem="testshire-2025"
    )
    assert any(action.owners for action in template.actions)
    assert "Migration" in (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
