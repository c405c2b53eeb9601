"""Owner cells: split into people, one canonical name per post, one role family per title.

The Leeds initial action plan (February 2023) is the only seed with an owner column ("Who is
accountable"), so every one of its cells is pinned here with the exact split, canonical names and
families; King's Lynn and West Norfolk, which has no owner column, supplies the free-text phrasings
that ``mentioned_owners`` must find.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from loaders.owners import (
    CANONICAL_OWNERS,
    NOT_STATED,
    OWNER_FAMILIES,
    canonical_owner,
    family_of_missing,
    mentioned_owners,
    owners_for,
    role_family,
    split_owners,
)

LEEDS_SEED = Path("/work/shared/seeds/leeds-2023-02-cpc-initial-action-plan.txt")

CHE = "Director of Communities, Housing and Environment"
RES = "Director of Resources"
CITY = "Director of City Development"
CHILDREN = "Director of Children and Families"
ADULTS = "Director of Adults and Health"
HR = "Chief Officer, Human Resources"
IDS = "Chief Officer, Integrated Digital Services"
CFO = "Chief Finance Officer (Section 151)"

# (cell as written, owners as written, canonical owners, families) for every Leeds "Who is accountable" cell.
LEEDS_CELLS: list[tuple[str, list[str], list[str], list[str]]] = [
    (
        "Director of Resources & Chief Officer, Human Resources",
        ["Director of Resources", "Chief Officer, Human Resources"],
        [RES, HR],
        ["Director", "HR / people"],
    ),
    (
        "Director Communities, Housing and Environment, with Director of City Development (locality assets), "
        "Director of Children and Families (School Clusters) and Director of Adults and health (Local Care "
        "Partnerships), Director of Resources (Best City Ambition)",
        [
            "Director Communities, Housing and Environment",
            "Director of City Development (locality assets)",
            "Director of Children and Families (School Clusters)",
            "Director of Adults and health (Local Care Partnerships)",
            "Director of Resources (Best City Ambition)",
        ],
        [CHE, CITY, CHILDREN, ADULTS, RES],
        ["Director"] * 5,
    ),
    (
        "Director of Communities, Housing and Environment & Director of Resources",
        [CHE, RES],
        [CHE, RES],
        ["Director", "Director"],
    ),
    ("Director of Resources", [RES], [RES], ["Director"]),
    (
        "Director of Communities, Housing and Environment, with Director of Adults and Health & Director of "
        "Children and Families & Director of City Development",
        [CHE, ADULTS, CHILDREN, CITY],
        [CHE, ADULTS, CHILDREN, CITY],
        ["Director"] * 4,
    ),
    (
        "Director of Resources, Chief Officer IDS & Chief Officer HR & Chief Finance Officer",
        ["Director of Resources", "Chief Officer IDS", "Chief Officer HR", "Chief Finance Officer"],
        [RES, IDS, HR, CFO],
        ["Director", "Chief officer / head of service", "HR / people", "Finance"],
    ),
    (
        "Chief Executive, Director of Resources & Director of City Development (as key link to WYCA)",
        ["Chief Executive", "Director of Resources", "Director of City Development (as key link to WYCA)"],
        ["Chief Executive", RES, CITY],
        ["Chief executive", "Director", "Director"],
    ),
]
LEEDS_IDS = [f"leeds-{i}" for i in range(1, len(LEEDS_CELLS) + 1)]


@pytest.mark.parametrize(("cell", "written", "canonical", "families"), LEEDS_CELLS, ids=LEEDS_IDS)
def test_leeds_cells_split_as_written(cell: str, written: list[str], canonical: list[str], families: list[str]) -> None:
    """Each Leeds cell splits into exactly the people it names, each kept as written."""
    assert split_owners(cell) == written


@pytest.mark.parametrize(("cell", "written", "canonical", "families"), LEEDS_CELLS, ids=LEEDS_IDS)
def test_leeds_cells_canonical_names(cell: str, written: list[str], canonical: list[str], families: list[str]) -> None:
    """Spelling variants of one post ("Director Communities…", "Chief Officer HR") get one name."""
    assert [canonical_owner(owner) for owner in written] == canonical
    assert owners_for(cell, has_owner_column=True) == canonical


@pytest.mark.parametrize(("cell", "written", "canonical", "families"), LEEDS_CELLS, ids=LEEDS_IDS)
def test_leeds_cells_role_families(cell: str, written: list[str], canonical: list[str], families: list[str]) -> None:
    """Families are the same whether computed from the written or the canonical name."""
    assert [role_family(owner) for owner in written] == families
    assert [role_family(owner) for owner in canonical] == families


@pytest.mark.skipif(not LEEDS_SEED.exists(), reason="Leeds seed document not available")
def test_table_covers_every_owner_cell_in_the_leeds_seed() -> None:
    """The table above is every paragraph of the seed's "Who is accountable" column, no more, no less."""
    column = None
    cells: set[str] = set()
    for line in LEEDS_SEED.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if "Who is accountable" in fields:
            column = fields.index("Who is accountable")
        elif column is not None and len(fields) > column:
            cells.update(p.strip() for p in re.findall(r"<p>(.*?)</p>", fields[column]) if p.strip())
    assert cells == {row[0] for row in LEEDS_CELLS}


def test_a_whole_html_cell_splits_by_paragraph_too() -> None:
    """The Leeds cell with two paragraphs (two actions) still yields each owner once per paragraph."""
    cell = (
        "<p>Director of Resources &amp; Chief Officer, Human Resources</p> "
        "<p>Director of Communities, Housing and Environment & Director of Resources</p>"
    )
    assert split_owners(cell) == [RES, HR, CHE, RES]
    assert owners_for(cell, has_owner_column=True) == [RES, HR, CHE]


SPLITS: list[tuple[str, list[str]]] = [
    # Titles that contain separators stay whole.
    (CHE, [CHE]),
    (HR, [HR]),
    (ADULTS, [ADULTS]),
    (CHILDREN, [CHILDREN]),
    ("Director of City Development (locality assets)", ["Director of City Development (locality assets)"]),
    ("Head of Legal, Democratic and Member Services", ["Head of Legal, Democratic and Member Services"]),
    ("Health and Wellbeing Board", ["Health and Wellbeing Board"]),
    ("Overview and Scrutiny Committee", ["Overview and Scrutiny Committee"]),
    ("Chief Officer, Elections and Members", ["Chief Officer, Elections and Members"]),
    ("Director of Communities,\nHousing and Environment", [CHE]),  # a wrapped line is not a new owner
    # Separators inside a remark are not used.
    ("Leader (and other members involved in WYCA), Chief Executive",
     ["Leader (and other members involved in WYCA)", "Chief Executive"]),
    # Each separator the plans use.
    ("Chief Executive; Leader", ["Chief Executive", "Leader"]),
    ("Cabinet/Council", ["Cabinet", "Council"]),
    ("ED's/AD's", ["ED's", "AD's"]),
    ("SLT\nCLT", ["SLT", "CLT"]),
    ("Leader and Cabinet", ["Leader", "Cabinet"]),
    ("Director of Resources with Chief Officer HR", ["Director of Resources", "Chief Officer HR"]),
    ("Monitoring Officer & Section 151 Officer", ["Monitoring Officer", "Section 151 Officer"]),
    ("Leader & Cabinet, & Members", ["Leader", "Cabinet", "Members"]),
    ("Director of Resources, Governance Task Group", ["Director of Resources", "Governance Task Group"]),
    ("Head of Legal and Democratic Services and Monitoring Officer",
     ["Head of Legal and Democratic Services", "Monitoring Officer"]),
    ("• Chief Executive\n• Assistant Directors", ["Chief Executive", "Assistant Directors"]),
    ("Lead officer: Director of Place", ["Director of Place"]),
    # Trimmed, whitespace tidied, nothing empty.
    ("  Chief   Executive ,  ", ["Chief Executive"]),
    ("TBC", ["TBC"]),
    ("", []),
    (" , ; ", []),
    (None, []),
]  # fmt: skip


@pytest.mark.parametrize(("cell", "expected"), SPLITS, ids=[repr(c) for c, _ in SPLITS])
def test_split_owners(cell: str | None, expected: list[str]) -> None:
    """Separators split people, never a title or a parenthesised remark."""
    assert split_owners(cell) == expected


CANONICAL: list[tuple[str, str]] = [
    ("Director Communities, Housing and Environment", CHE),
    ("Director of Communities, Housing & Environment", CHE),
    ("director of communities, housing and environment", CHE),
    ("Director of Adults and health", ADULTS),
    ("Director of City Development (as key link to WYCA)", CITY),
    ("Chief Officer HR", HR),
    ("Chief Officer, Human Resources", HR),
    ("Chief Officer (HR)", HR),
    ("CHIEF OFFICER HR", HR),
    ("Chief Officer IDS", IDS),
    ("CFO", CFO),
    ("Chief Finance Officer", CFO),
    ("S151 Officer", CFO),
    ("S.151 Officer", CFO),
    ("Section 151 Officer", CFO),
    (CFO, CFO),
    ("CEO", "Chief Executive"),
    ("Chief Exec", "Chief Executive"),
    ("Chief Exec.", "Chief Executive"),
    ("SLT", "Senior Leadership Team"),
    ("the Senior Leadership Team", "Senior Leadership Team"),
    ("ADs", "Assistant Directors"),
    ("AD's", "Assistant Directors"),
    ("Assistant Directors", "Assistant Directors"),
    ("ED's", "Executive Directors"),
    ("ED’s", "Executive Directors"),
    ("Executive Directors", "Executive Directors"),
    ("Leader (and other members involved in WYCA)", "Leader"),
    ("(SLT)", "Senior Leadership Team"),
    ("Director of Place", "Director of Place"),  # unknown titles pass through
    ("Director Place", "Director of Place"),
    ("head of legal services", "Head of Legal Services"),
]


@pytest.mark.parametrize(("owner", "expected"), CANONICAL, ids=[o for o, _ in CANONICAL])
def test_canonical_owner(owner: str, expected: str) -> None:
    """Case, punctuation, "&", abbreviations and remarks do not make a different owner."""
    assert canonical_owner(owner) == expected


def test_canonical_table_maps_each_canonical_name_to_itself() -> None:
    """Every canonical name is a key for itself, so canonicalising twice changes nothing."""
    for canonical in set(CANONICAL_OWNERS.values()):
        assert CANONICAL_OWNERS.get(canonical) == canonical
        assert canonical_owner(canonical) == canonical


def test_owner_families_are_in_the_agreed_order() -> None:
    """Charts and legends rely on this exact order."""
    assert OWNER_FAMILIES == (
        "Chief executive", "Director", "Chief officer / head of service", "Finance", "HR / people",
        "Political", "Officer group", "Partner", "Other", "Not stated", "No owner",
    )  # fmt: skip


FAMILIES: list[tuple[str, str]] = [
    ("Chief Executive", "Chief executive"),
    ("Deputy Chief Executive", "Chief executive"),
    ("Head of Paid Service", "Chief executive"),
    ("CEO", "Chief executive"),
    ("Director of Resources", "Director"),
    ("Executive Director of Place", "Director"),
    ("Assistant Director of Housing", "Director"),
    ("Director of Strategy and Partnerships", "Director"),
    ("Chief Officer IDS", "Chief officer / head of service"),
    ("Head of Legal Services", "Chief officer / head of service"),
    ("Service Manager", "Chief officer / head of service"),
    ("Monitoring Officer", "Chief officer / head of service"),
    ("Chief Finance Officer", "Finance"),
    ("Section 151 Officer", "Finance"),
    ("S151 Officer", "Finance"),
    ("Director of Finance", "Finance"),
    ("Finance Director", "Finance"),
    ("Chief Officer HR", "HR / people"),
    ("Director of People", "HR / people"),
    ("Director of People and Inclusion", "HR / people"),
    ("HR", "HR / people"),
    ("Leader", "Political"),
    ("Deputy Leader", "Political"),
    ("Cabinet", "Political"),
    ("Cabinet Member for Finance", "Political"),
    ("Portfolio Holder", "Political"),
    ("Executive portfolio holders", "Political"),
    ("Councillors", "Political"),
    ("Members", "Political"),
    ("Executive Board", "Political"),
    ("SLT", "Officer group"),
    ("CLT", "Officer group"),
    ("Corporate Leadership Team", "Officer group"),
    ("Senior Management Team", "Officer group"),
    ("Officer Working Group", "Officer group"),
    ("Governance Task Group", "Officer group"),
    ("Programme Board", "Officer group"),
    ("Community Anchor Network", "Officer group"),
    ("Assistant Directors", "Officer group"),
    ("ADs", "Officer group"),
    ("ED's", "Officer group"),
    ("Service Managers", "Officer group"),
    ("middle managers", "Officer group"),
    ("NHS", "Partner"),
    ("CCG", "Partner"),
    ("partners", "Partner"),
    ("WYCA", "Partner"),
    ("West Yorkshire Combined Authority", "Partner"),
    ("Third Sector", "Partner"),
    ("Unison", "Partner"),
    ("Communications", "Other"),
    ("not stated", "Not stated"),
    ("", "No owner"),
    ("TBC", "No owner"),
]


@pytest.mark.parametrize(("owner", "family"), FAMILIES, ids=[o or "<empty>" for o, _ in FAMILIES])
def test_role_family(owner: str, family: str) -> None:
    """Each kind of title lands in the family the domain notes give it."""
    assert role_family(owner) == family


def test_plan_without_owner_column_is_not_stated_not_empty() -> None:
    """A plan with no owner column ("not stated") and an empty cell in a plan with one ([]) stay different."""
    assert NOT_STATED == "not stated"
    assert owners_for(None, has_owner_column=False) == [NOT_STATED]
    assert owners_for("", has_owner_column=False) == [NOT_STATED]
    assert owners_for(None, has_owner_column=True) == []
    assert owners_for("", has_owner_column=True) == []
    assert owners_for("TBC", has_owner_column=True) == []
    assert owners_for("n/a", has_owner_column=True) == []
    assert role_family(NOT_STATED) == "Not stated"
    assert family_of_missing(has_owner_column=False) == "Not stated"
    assert family_of_missing(has_owner_column=True) == "No owner"


def test_owners_for_counts_two_spellings_of_one_post_once() -> None:
    """ "Section 151 Officer / CFO" is one person written twice."""
    assert owners_for("Section 151 Officer / CFO", has_owner_column=True) == [CFO]
    assert owners_for("Chief Officer HR, Chief Officer, Human Resources", has_owner_column=True) == [HR]


MENTIONS: list[tuple[str, list[str]]] = [
    # King's Lynn and West Norfolk, which has no owner column.
    ("b. ED's and ADs to hold more directorate meetings to reduce the number of items to come forward to "
     "full SLT.",
     ["Executive Directors", "Assistant Directors", "Senior Leadership Team"]),
    ("a. Held budget briefing sessions in January prior to budget setting – drop in sessions also held by "
     "Section 151 Officer.", [CFO]),
    ("b. Budget development sessions with ED's AD's and Cabinet throughout the budget cycle",
     ["Executive Directors", "Assistant Directors", "Cabinet"]),
    ("a. Conduct a training needs analysis of Assistant Directors and Service Managers",
     ["Assistant Directors", "Service Managers"]),
    ("a. Cabinet report March/April 2023 refers to the Governance Task Group b. Governance Task Group to be "
     "refocused", ["Cabinet", "Governance Task Group"]),
    ("a. Report to Cabinet/Council how the structure supports the challenge of transformation", ["Cabinet"]),
    ("c. Engage with the HR processes Working Group of staff and Unison", ["Working Group", "Unison"]),
    # Leeds action text.
    ("Continue the work of the Leader (and other members involved in WYCA), along with the work of the Chief "
     "Executive", ["Leader", "West Yorkshire Combined Authority", "Chief Executive"]),
    # Word boundaries and capitals.
    ("Empower managers; members of staff; the cabinet office; Leadership programme; uploads", []),
    ("SLT, then SLT again, then Senior Leadership Team", ["Senior Leadership Team"]),
    ("Cabinet Member for Finance to sign off", ["Cabinet Member"]),
    ("Report of the Director of Resources in February 2023", [RES]),
    ("", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), MENTIONS, ids=[t[:40] or "<empty>" for t, _ in MENTIONS])
def test_mentioned_owners(text: str, expected: list[str]) -> None:
    """Owner mentions in prose are found whole-word, canonicalised, in order, once each."""
    assert mentioned_owners(text) == expected


def test_unison_mention_is_a_partner() -> None:
    """A trade union is consulted, not managed: it counts as a partner."""
    assert [role_family(owner) for owner in mentioned_owners("Working group of staff and Unison")] == [
        "Officer group",
        "Partner",
    ]


VOCABULARY = [
    "Director", "of", "Resources", "Communities", "Housing", "Environment", "Chief Officer", "HR", "IDS",
    "Chief Executive", "Leader", "Cabinet", "SLT", "ADs", "ED's", "Section 151 Officer", "Board", "Members",
    "Health", "Group", "Unison", "NHS", "TBC", ", ", " and ", " & ", " with ", "; ", "/", "\n", "(", ")",
    " ", "-", ".", "<p>", "</p>", "&amp;", "’",
]  # fmt: skip
CELLS = st.one_of(st.text(), st.lists(st.sampled_from(VOCABULARY), max_size=25).map("".join))


@settings(max_examples=400, deadline=None, database=None)  # no .hypothesis/ left in the repo
@given(CELLS)
def test_split_owners_never_raises_or_returns_empty_strings(cell: str) -> None:
    """Whatever a cell holds, the result is a list of trimmed, non-empty owners."""
    owners = split_owners(cell)
    assert isinstance(owners, list)
    for owner in owners:
        assert owner
        assert owner == owner.strip()
        assert owner.strip(" ,;/&\n\t") == owner


@settings(max_examples=400, deadline=None, database=None)  # no .hypothesis/ left in the repo
@given(CELLS)
@example(".:.:.")  # tidied to ".", which tidied again to "": a canonical name must be a fixed point
def test_the_other_functions_never_raise_and_stay_in_their_vocabulary(cell: str) -> None:
    """Canonical names are stable, families are always one of OWNER_FAMILIES, mentions are non-empty."""
    for owner in split_owners(cell):
        name = canonical_owner(owner)
        assert canonical_owner(name) == name
        assert role_family(owner) in OWNER_FAMILIES
    assert all(owners_for(cell, has_owner_column=True))
    assert all(mentioned_owners(cell))
