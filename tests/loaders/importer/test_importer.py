"""Drafting from each format, on small documents built in the test: what is found, where, and verbatim."""

from __future__ import annotations

import io

import pytest

from loaders.importer import draft_plan
from loaders.importer.cells import cell_paragraphs, split_steps
from loaders.importer.headers import map_header, role_of

PASTED = """Anyshire District Council
Date: 4th March 2025
Report to: Cabinet
Report of: Chief Executive

The peer challenge took place on 10-12 December 2024. The peer team made three recommendations.

Recommendation 1 – Refresh the council plan. Set clear priorities.
R2: Build capacity for change
Recommendation 3

Strengthen financial planning with members.

Ref\tAction\tLead officer\tSupport\tBy when\tRAG\tCost
1.1\tAgree the plan a. draft it b. consult on it\tChief Executive\tPolicy team\tJune 2025\tGreen\tCabinet minutes
1.2\tPublish the plan and\tDirector of Place\t\tJuly 2025\tAmber\t
\tshare it with partners\t\t\t\t\t
2.1\tRecruit a change lead\tHead of HR\t\tSeptember 2025\t\t
"""


def test_pasted_text_gives_recommendations_actions_and_particulars() -> None:
    draft = draft_plan(PASTED.encode(), filename="anyshire.txt")
    plan = draft.plan
    recs = {r["number"]: r for r in plan["recommendations"]}
    assert list(recs) == ["1", "2", "3"]
    assert recs["1"]["title"] == "Refresh the council plan."
    assert recs["1"]["text"] == "Refresh the council plan. Set clear priorities."
    assert recs["2"]["title"] == "Build capacity for change"
    assert recs["3"]["title"] == "Strengthen financial planning with members."
    challenge = plan["challenge"]
    assert challenge["recommendations_declared"] == 3
    assert str(challenge["onsite_start"]) == "2024-12-10" and str(challenge["onsite_end"]) == "2024-12-12"
    assert challenge["year"] == 2024
    assert str(challenge["plan_date"]) == "2025-03-04"
    assert challenge["documents"][0]["meeting"] == "Cabinet"
    actions = plan["actions"]
    assert [a["number"] for a in actions] == ["1.1", "1.2", "2.1"]
    assert actions[0]["text"] == "Agree the plan"
    assert [s["label"] for s in actions[0]["steps"]] == ["a", "b"]
    assert actions[0]["owner"] == "Chief Executive"
    assert actions[0]["status"] == "Green"
    assert actions[1]["text"] == "Publish the plan and share it with partners"  # wrapped row rejoined
    assert actions[2]["recommendations"] == ["2"]
    # the unmapped "Cost" column is a note, the support column a note with its role
    notes = {(n["about"], n["text"]) for n in actions[0]["notes"]}
    assert ("Cost", "Cabinet minutes") in notes
    assert ("owner (Support)", "Policy team") in notes
    whats = list(draft.findings.frame()["what"])
    assert "column 7 'Cost' -> note" in whats
    assert "column 3 'Lead officer' -> owner:lead" in whats


def test_header_roles_are_generic_vocabulary() -> None:
    assert role_of("Who is accountable") == "owner:accountable"
    assert role_of("Responsible officer") == "owner:responsible"
    assert role_of("Target date") == "timescale"
    assert role_of("RAG status") == "status"
    assert role_of("Progress update") == "progress"
    assert role_of("How we will progress this") == "steps"
    assert role_of("Something else") == "note"
    assert map_header(["A long sentence that is plainly not a header", "x"]) is None


def test_steps_need_a_sequence() -> None:
    lead, steps = split_steps("Do it a. first (e.g. Public Space) b. second c. third")
    assert lead == "Do it" and [s.label for s in steps] == ["a", "b", "c"]
    assert steps[0].text == "first (e.g. Public Space)"
    assert split_steps("see para a. only")[1] == []
    assert cell_paragraphs("<p>One</p><ul><li>• two</li><li>three</li></ul>") == ["One", "• two", "• three"]


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Anyshire District Council action plan", level=1)
    document.add_heading("Recommendations", level=2)
    document.add_paragraph("Improve scrutiny arrangements", style="List Number")
    document.add_paragraph("Invest in digital services", style="List Number")
    table = document.add_table(rows=3, cols=3)
    for c, name in enumerate(["Recommendation", "Action", "Deadline"]):
        table.cell(0, c).text = name
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
    table.cell(1, 1).text = "Review committee terms of reference"
    table.cell(1, 2).text = "May 2025"
    table.cell(2, 1).text = "Train scrutiny chairs"
    table.cell(2, 2).text = "June 2025"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_numbered_list_and_merged_cells() -> None:
    draft = draft_plan(_docx_bytes(), filename="plan.docx")
    assert [r["title"] for r in draft.plan["recommendations"]] == [
        "Improve scrutiny arrangements",
        "Invest in digital services",
    ]
    actions = draft.plan["actions"]
    assert [a["recommendations"] for a in actions] == [["1"], ["1"]]
    assert [a["timescale"] for a in actions] == ["May 2025", "June 2025"]
    assert draft.plan["council"]["id"] == ""  # not on the reference list: left empty, never guessed
    assert "organisation not found" in list(draft.findings.frame()["what"])


def test_csv_and_xlsx_tables() -> None:
    csv_text = "Recommendation,Action,Owner,Timescale\n1,Set a budget,Chief Finance Officer,March 2026\n"
    draft = draft_plan(csv_text.encode(), filename="plan.csv")
    assert draft.plan["actions"][0]["owner"] == "Chief Finance Officer"
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", "Action", "Owner", "Timescale"])
    sheet.append(["1.1", "Set a budget", "Chief Finance Officer", "March 2026"])
    out = io.BytesIO()
    book.save(out)
    draft = draft_plan(out.getvalue(), filename="plan.xlsx")
    assert draft.plan["actions"][0]["timescale"] == "March 2026"
    assert draft.plan["actions"][0]["number"] == "1.1"


@pytest.mark.parametrize("name", ["Leeds City Council", "E08000035"])
def test_organisation_by_name_or_ons_code(name: str) -> None:
    draft = draft_plan(f"Report of the peer challenge for {name}.\n".encode(), filename="x.txt")
    council = draft.plan["council"]
    assert council["ons_code"] == "E08000035"
    assert council["council_type"] == "metropolitan district"


def test_draft_yaml_is_a_plan_file_in_schema_order() -> None:
    draft = draft_plan(PASTED.encode(), filename="anyshire.txt")
    body = [line for line in draft.yaml.splitlines() if not line.startswith("#")]
    top = [line.split(":")[0] for line in body if line and not line.startswith(" ")]
    assert top == ["schema_version", "id", "council", "challenge", "recommendations", "actions"]
    assert all(p.field != "recommendations" for p in draft.problems if p.severity == "error")


def test_lettered_recommendation_labels_need_a_separator() -> None:
    text = (
        "Recommendation A – Review the constitution\nRecommendation B: Refresh the plan\nrecommendation a good idea\n"
    )
    draft = draft_plan(text.encode(), filename="x.txt")
    assert [(r["number"], r["title"]) for r in draft.plan["recommendations"]] == [
        ("A", "Review the constitution"),
        ("B", "Refresh the plan"),
    ]


@pytest.mark.parametrize(
    ("label", "plan_date", "as_written"),
    [("Date: January 2025", None, "January 2025"), ("Date: 4th March 2025", "2025-03-04", None),
     ("Date: to be confirmed", None, None)],
)  # fmt: skip
def test_a_labelled_date_without_a_day_is_kept_as_written(label: str, plan_date, as_written) -> None:
    """A month or season is never made a day: it goes to plan_date_as_written (and the document's date_as_written)."""
    import datetime as dt

    from loaders.models import Challenge

    draft = draft_plan(PASTED.replace("Date: 4th March 2025", label).encode(), filename="anyshire.txt")
    challenge = draft.plan["challenge"]
    got = challenge.get("plan_date")
    assert (got.isoformat() if isinstance(got, dt.date) else got) == plan_date
    assert challenge.get("plan_date_as_written") == as_written
    assert challenge["documents"][0].get("date_as_written") == as_written
    Challenge.model_validate(challenge)  # the drafted challenge fits the schema (the council is left to fill in)
