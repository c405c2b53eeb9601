"""Owners with roles (issue 19 §1): plans with two owner columns (Accountable / Responsible, Lead / Support, a
cabinet member and an officer) can be written down as they stand, and a labelled single cell is read as roles.

An old file's one ``owner`` string loads exactly as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.owner_load import named_owner_load, owner_rows
from loaders import Source, build_corpus, export
from loaders.owner_table import _load_owner_roles
from loaders.owners import (
    NOT_STATED,
    OWNER_ROLES,
    ROLE_LABELS,
    owner_roles_for,
    owners_for,
    role_family,
    role_of,
    split_owners,
)
from loaders.problems import PlanError
from loaders.rules import RuleError
from loaders.validate import load_plan_text
from tests.conftest import ROOT
from tests.helpers import FIXTURE_PLAN, fixture_plan_with

GOOD = FIXTURE_PLAN
OWNER_LINE = "    owner: Chief Executive & Director of Resources\n"


def _with_owner_lines(lines: str) -> str:
    return fixture_plan_with(OWNER_LINE, lines)


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


# --------------------------------------------------------------------------------------------------
# The parser: labelled cells
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Accountable: Leader of the Council; Responsible: Chief Executive",
            [("Leader", "accountable"), ("Chief Executive", "responsible")],
        ),
        (
            "Lead: Director of Resources / Support: Chief Officer HR",
            [("Director of Resources", "lead"), ("Chief Officer, Human Resources", "support")],
        ),
        ("Chief Executive (Responsible)", [("Chief Executive", "responsible")]),
        (
            "Director of Finance (lead), Head of HR (Support)",
            [("Director of Finance", "lead"), ("Head of HR", "support")],
        ),
        (
            "Cabinet Member: Cllr Jane Smith\nLead officer - Director of Place",
            [("Cllr Jane Smith", "member"), ("Director of Place", "lead")],
        ),
        (  # two columns run together, no separator between them
            "Leader of the Council Responsible: Chief Executive",
            [("Leader", None), ("Chief Executive", "responsible")],
        ),
        (
            "Director of Finance, supported by Head of HR",
            [("Director of Finance", None), ("Head of HR", "support")],
        ),
        (  # one label over two owners: both hold it
            "Responsible: Chief Executive & Director of Resources",
            [("Chief Executive", "responsible"), ("Director of Resources", "responsible")],
        ),
        (  # one post under two labels is one owner with both roles
            "Accountable: Chief Executive; Responsible: Chief Exec",
            [("Chief Executive", "accountable, responsible")],
        ),
        ("Accountable: TBC; Responsible: CEO", [("Chief Executive", "responsible")]),
    ],
    ids=[
        "accountable and responsible", "lead / support", "bracketed role", "bracketed roles after each owner",
        "member and officer on two lines", "columns run together", "supported by", "one label, two owners",
        "one owner, two labels", "a placeholder under a label",
    ],
)  # fmt: skip
def test_labelled_cells_give_each_owner_its_role(cell: str, expected: list[tuple[str, str | None]]) -> None:
    assert owner_roles_for(cell, has_owner_column=True) == expected
    assert owners_for(cell, has_owner_column=True) == [name for name, _ in expected]


@pytest.mark.parametrize(
    "cell",
    [
        "Service Lead: Housing",  # "Lead" ends a job title: only a label after a separator
        "Director (lead: housing)",  # a label inside brackets is a remark
        "Chief Officer (HR)",  # a bracket that is not a role
        "Director of City Development (as key link to WYCA)",
        "Lead Member for Housing",
        "Director of Resources & Chief Officer, Human Resources",
    ],
)
def test_cells_without_role_labels_read_as_before(cell: str) -> None:
    assert all(role is None for _, role in owner_roles_for(cell, has_owner_column=True))
    assert len(owners_for(cell, has_owner_column=True)) == len(split_owners(cell))


def test_the_labelled_cell_of_the_issue_no_longer_loses_the_chief_executive() -> None:
    """Was: one owner "Leader of the Council; Responsible: Chief Executive", family Political."""
    cell = "Accountable: Leader of the Council; Responsible: Chief Executive"
    assert [role_family(name) for name in owners_for(cell, has_owner_column=True)] == ["Political", "Chief executive"]


def test_owner_columns_read_each_cell_with_its_column_as_role() -> None:
    cells = [("Accountable", "Leader of the Council"), ("Responsible Officer", "Chief Executive"), ("Support", None)]
    assert owner_roles_for(None, has_owner_column=True, cells=cells) == [
        ("Leader", "accountable"),
        ("Chief Executive", "responsible"),
    ]
    # a column the table does not know keeps its name; a bracketed role in a cell is more specific than its column
    cells = [("Delivery partner", "NHS"), ("Officers", "Head of HR (Lead), Head of Finance")]
    assert owner_roles_for(None, has_owner_column=True, cells=cells) == [
        ("NHS", "delivery partner"),
        ("Head of HR", "lead"),
        ("Head of Finance", "officer"),
    ]
    # every cell empty: no owner, or "not stated" when the plan has no owner column
    empty = [("Accountable", None), ("Responsible", "TBC")]
    assert owner_roles_for(None, has_owner_column=True, cells=empty) == []
    assert owner_roles_for(None, has_owner_column=False, cells=empty) == [(NOT_STATED, None)]


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Accountable", "accountable"), ("Accountable Officer", "accountable"), ("responsible", "responsible"),
        ("Lead", "lead"), ("Lead Officer", "lead"), ("Support", "support"), ("Supporting", "support"),
        ("Cabinet Member", "member"), ("Portfolio Holder", "member"), ("Lead Member", "member"),
        ("Officer", "officer"), ("Officer lead", "officer"), ("Consulted", "consulted"),
        ("Delivery Partner", "delivery partner"), ("  Sponsor: ", "sponsor"),
    ],
)  # fmt: skip
def test_role_labels_are_normalised_and_unknown_ones_kept_as_named(label: str, role: str) -> None:
    assert role_of(label) == role


def test_every_role_in_the_table_is_one_of_the_roles() -> None:
    assert set(ROLE_LABELS.values()) <= set(OWNER_ROLES)
    assert {"accountable", "responsible", "lead", "support", "member", "officer"} <= set(ROLE_LABELS.values())


def test_a_role_table_with_an_unknown_role_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "owner_titles.yaml"
    path.write_text("owners:\n  'CEO': 'CEO'\nroles:\n  'Lead': 'lead'\n  'Sponsor': 'sponsorship'\n", "utf-8")
    with pytest.raises(RuleError) as caught:
        _load_owner_roles(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (5, "roles.Sponsor")
    assert "not a role" in problem.message


# --------------------------------------------------------------------------------------------------
# The frames
# --------------------------------------------------------------------------------------------------


def _actions(text: str) -> pd.DataFrame:
    corpus = build_corpus([Source("testshire-2024.yaml", text, "testshire-2024")])
    assert corpus.problems[corpus.problems["severity"] == "error"].empty
    return corpus.actions


def test_the_actions_frame_gives_each_owner_its_role_beside_the_cells_as_written() -> None:
    [action] = _actions(_with_owner_lines(TWO_COLUMNS)).to_dict("records")
    assert action["owner_raw"] == "Accountable: Leader of the Council; Responsible: Chief Executive"
    assert action["owners"] == ["Leader", "Chief Executive"]
    assert action["owner_roles"] == ["accountable", "responsible"]
    assert action["owner_families"] == ["Political", "Chief executive"]


def test_a_labelled_single_cell_gives_the_same_frame_row() -> None:
    cell = "    owner: 'Accountable: Leader of the Council; Responsible: Chief Executive'\n"
    [action] = _actions(_with_owner_lines(cell)).to_dict("records")
    assert action["owners"] == ["Leader", "Chief Executive"]
    assert action["owner_roles"] == ["accountable", "responsible"]


def test_an_old_owner_cell_has_no_roles_and_the_same_owners() -> None:
    [action] = _actions(GOOD).to_dict("records")
    assert action["owner_raw"] == "Chief Executive & Director of Resources"
    assert action["owners"] == ["Chief Executive", "Director of Resources"]
    assert action["owner_roles"] == ["not stated", "not stated"]
    assert "owner_roles" in list(_actions(GOOD).columns)[-2:]  # extended at the end (beside fidelity), nothing renamed


def test_owner_rows_and_named_owners_carry_the_role() -> None:
    actions = _actions(_with_owner_lines(TWO_COLUMNS))
    rows = owner_rows(actions)
    assert rows[["owner", "family", "owner_role"]].values.tolist() == [
        ["Leader", "Political", "accountable"],
        ["Chief Executive", "Chief executive", "responsible"],
    ]
    named = named_owner_load(actions, "testshire").set_index("owner")
    assert named.loc["Chief Executive", "owner_role"] == "responsible"
    assert named_owner_load(_actions(GOOD), "testshire")["owner_role"].tolist() == ["", ""]


def test_owner_rows_without_a_roles_column_still_work() -> None:
    """Frames built by hand (tests, notebooks) may not have owner_roles: every role is then unknown."""
    actions = _actions(GOOD).drop(columns="owner_roles")
    assert owner_rows(actions)["owner_role"].tolist() == ["not stated", "not stated"]


def test_roles_line_up_with_owners_in_a_flat_export() -> None:
    """An owner with no role is "not stated" (not null), so a CSV's 'A; B' owners and roles still pair up."""
    cell = "    owner: 'Chief Executive; Responsible: Director of Finance'\n"
    actions = _actions(_with_owner_lines(cell))
    assert actions["owner_roles"].tolist() == [["not stated", "responsible"]]
    flat = export._flat(actions)
    assert (flat["owners"].iloc[0], flat["owner_roles"].iloc[0]) == (
        "Chief Executive; Director of Finance",
        "not stated; responsible",
    )
