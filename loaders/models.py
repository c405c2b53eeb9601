"""The plan schema: one YAML file per peer challenge, validated by these models.

Raw text as written in the source is always the stored value; normalised values (dates, owner
roles, themes) are derived at load time and sit beside it in the frames, never instead of it.
Unknown fields are rejected (``extra="forbid"``) so a typo is reported rather than silently dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from loaders.constants import ACTION_FIDELITY_LEVELS, COUNCIL_TYPES, FIDELITY_LEVELS, LGA_THEMES, REVIEW_KINDS
from loaders.organisation_types import ORGANISATION_TYPES

SCHEMA_VERSION = 1
#: Largest count a plan may declare (recommendations, actions, RAG ratings). Real plans count tens; the bound
#: keeps a typo (or ``0x`` and 4,000 hex digits, which YAML reads as a number) out of the int64 frames.
MAX_COUNT = 10_000


def _not_true_or_false(value: object) -> object:
    """YAML reads true/false/yes/no as booleans and pydantic would take them as 1 and 0: a count written as
    ``yes`` is reported, not turned into 1 (nothing is coerced silently; the normalised file would lose it)."""
    if isinstance(value, bool):
        raise ValueError(f"should be a whole number, not {str(value).lower()}")
    return value


#: A count a source states (recommendations, actions, RAG ratings): a whole number, or null when not stated.
Count = Annotated[int | None, BeforeValidator(_not_true_or_false)]

#: The reference data's authority types plus rules/organisation_types.yaml (loaders/organisation_types.py): data,
#: not a literal written here, so a type the reference lists validates without a code change.
CouncilType = Literal[ORGANISATION_TYPES]  # type: ignore[valid-type]
ChallengeKind = Literal["corporate peer challenge", "revisit", "progress review"]
LgaTheme = Literal[
    "Local priorities and outcomes",
    "Organisational and place leadership",
    "Governance and culture",
    "Financial planning and management",
    "Capacity for improvement",
]
NoteKind = Literal["missing", "garbled", "ambiguous", "inconsistent", "editorial", "context"]
Fidelity = Literal["verbatim", "heading", "paraphrase", "truncated"]
ActionFidelity = Literal["verbatim", "truncated"]
ReviewKind = Literal["progress review", "revisit", "progress report", "support session"]

assert set(COUNCIL_TYPES) <= set(CouncilType.__args__)
assert set(LgaTheme.__args__) == set(LGA_THEMES)
assert Fidelity.__args__ == FIDELITY_LEVELS
assert ActionFidelity.__args__ == ACTION_FIDELITY_LEVELS
assert ReviewKind.__args__ == REVIEW_KINDS


class Strict(BaseModel):
    """Base: unknown keys are errors, strings are stripped, nothing is coerced silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Note(Strict):
    """A remark about the source: something garbled, missing or ambiguous, kept with the data."""

    kind: NoteKind = Field(description="What sort of gap or problem this is.")
    text: str = Field(min_length=1, description="The note, in plain English.")
    about: str | None = Field(
        default=None, description="Which part of the item it concerns, e.g. 'timescale' or 'owner'."
    )


class Council(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$", description="Slug, e.g. 'leeds'.")
    name: str = Field(min_length=1, description="Official name, e.g. 'Leeds City Council'.")
    ons_code: str | None = Field(
        pattern=r"^[EWSN]\d{8}$",
        description="ONS GSS code, e.g. E08000035; null (with a note) only when it cannot be established.",
    )
    council_type: CouncilType = Field(
        description=(
            "The kind of authority: a council type (metropolitan district, non-metropolitan district, unitary, "
            "county, London borough), another authority type of the reference data (combined authority, ...), or "
            "a body of rules/organisation_types.yaml (fire and rescue authority, national park authority, "
            "national body, city corporation, or other: say what it is in a note). Never a guess."
        )
    )
    region: str = Field(
        min_length=1,
        description=(
            "English region (ONS), e.g. 'Yorkshire and the Humber'; 'not applicable' for a body that is not in "
            "one region (a national organisation)."
        ),
    )


class SourceDocument(Strict):
    """A document the plan was transcribed from."""

    title: str
    date: dt.date | None = None
    date_as_written: str | None = Field(
        default=None, description="The document's date as the source gives it, e.g. 'January 2024' (no exact day)."
    )
    meeting: str | None = Field(default=None, description="Committee or meeting it went to.")
    report_of: str | None = Field(default=None, description="Who presented or authored it.")
    file: str | None = Field(default=None, description="Text extract in shared/seeds, if any.")
    url: str | None = None


class PeerTeamMember(Strict):
    name: str
    role: str | None = None
    organisation: str | None = None


class CouncilTheme(Strict):
    """The council's own grouping of recommendations (e.g. Leeds' five themes)."""

    name: str
    description: str | None = None


class Progress(Strict):
    """A dated statement of progress against a recommendation, from a later document."""

    date: dt.date | None = None
    date_as_written: str | None = Field(default=None, description="The date as the source gives it ('Autumn 2021').")
    source: str = Field(description="Which document reports it.")
    text: str
    status: str | None = Field(default=None, description="Status as written, if the source gives one.")


class Step(Strict):
    """A lettered or bulleted step under an action (King's Lynn's 'a.', 'b.', ...)."""

    label: str | None = Field(default=None, description="As written: 'a', 'b', '•'.")
    text: str
    timescale: str | None = Field(default=None, description="Timescale as written, if the step has its own.")
    owner: str | None = None
    status: str | None = None
    notes: list[Note] = Field(default_factory=list)


class Milestone(Strict):
    label: str
    timescale: str | None = None


class OwnerCell(Strict):
    """One owner column's cell for an action, with the column it sits in.

    Plans often have two owner columns (Accountable and Responsible, Lead and Support, a cabinet member and an
    officer); one ``owner`` string cannot keep them apart, so each cell is written here verbatim beside the
    column's name as the source gives it. The loader normalises both: the owners into canonical names, the role
    into accountable, responsible, lead, support, member, officer, ... (rules/owner_titles.yaml ``roles:``).
    """

    role: str = Field(
        min_length=1,
        description=(
            "The column or label as the source names it, e.g. 'Accountable', 'Responsible', 'Lead', 'Support', "
            "'Cabinet member', 'Officer'."
        ),
    )
    owner: str | None = Field(default=None, description="The cell exactly as written; null when it is empty.")


class Recommendation(Strict):
    number: str = Field(description="As numbered in the source ('1', '4.1'); our own order if unnumbered.")
    title: str = Field(min_length=1, description="Headline: the first sentence or the source's heading.")
    text: str | None = Field(default=None, description="Full text as written, if longer than the title.")
    fidelity: Fidelity = Field(
        default="verbatim",
        description=(
            "How faithful title/text are to the peer team's wording: verbatim (as the source quotes it), "
            "heading (only a heading or topic label), paraphrase (someone's summary, e.g. a news release) or "
            "truncated (the source's words, cut off in the source: shown as cut off, not classified, not matched)."
        ),
    )
    council_theme: str | None = Field(default=None, description="The council's own theme for it.")
    lga_themes: list[LgaTheme] = Field(default_factory=list, description="Hand-labelled LGA core theme(s), best first.")
    topics: list[str] = Field(default_factory=list, description="Hand-labelled topics (optional).")
    sub_points: list[str] = Field(default_factory=list)
    progress: list[Progress] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class Action(Strict):
    """What the council says it will do, answering one or more recommendations."""

    id: str | None = Field(default=None, description="Local id; defaults to a1, a2, ... in file order.")
    number: str | None = Field(default=None, description="As numbered in the source, e.g. '1.1'.")
    recommendations: list[str] = Field(
        description=(
            "Numbers of the recommendations this action answers; empty only when the source does not say "
            "(record why in a note)."
        ),
    )
    text: str = Field(min_length=1)
    owner: str | None = Field(default=None, description="Owner(s) exactly as written; null if none given.")
    owners: list[OwnerCell] = Field(
        default_factory=list,
        description=(
            "Instead of owner, when the plan has several owner columns (Accountable / Responsible, Lead / "
            "Support): one entry per column, the cell exactly as written with the column's name as its role."
        ),
    )
    timescale: str | None = Field(default=None, description="Timescale exactly as written.")
    status: str | None = Field(default=None, description="Status as written, e.g. 'Completed'.")
    steps: list[Step] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    fidelity: ActionFidelity = Field(
        default="verbatim",
        description="verbatim (as written) or truncated (its text is cut off in the source; say how in a note).",
    )

    @field_validator("owners")
    @classmethod
    def _one_owner_form(cls, owners: list[OwnerCell], info: ValidationInfo) -> list[OwnerCell]:
        """``owner`` and ``owners`` say the same thing two ways: with both, which one is as written is unclear.

        A field validator (not a model one) so it names the ``owners`` line and runs in the same pass as the
        action's other problems."""
        if owners and info.data.get("owner") is not None:
            raise ValueError("give owner (one owner cell) or owners (one entry per owner column), not both")
        return owners


class ContextItem(Strict):
    """One entry of a context document: a priority, a strategy, a workstream."""

    title: str
    text: str | None = None
    lead: str | None = Field(default=None, description="Chair or lead as written.")
    drivers: str | None = None
    update: str | None = None
    next_steps: str | None = None
    items: list[str] = Field(default_factory=list)


class ContextSection(Strict):
    title: str
    text: str | None = None
    items: list[ContextItem] = Field(default_factory=list)


class ContextDocument(Strict):
    """A council document that frames the plan (e.g. Leeds' Best City Ambition update)."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    date: dt.date | None = None
    date_as_written: str | None = Field(default=None, description="The document's date as the source gives it.")
    meeting: str | None = None
    report_of: str | None = None
    file: str | None = None
    summary: str | None = None
    sections: list[ContextSection] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class Challenge(Strict):
    kind: ChallengeKind
    year: int = Field(ge=2000, le=2100, description="Year of the on-site visit.")
    onsite_start: dt.date | None = None
    onsite_end: dt.date | None = None
    onsite_as_written: str | None = Field(default=None, description="The visit's dates as the source gives them.")
    report_date: dt.date | None = Field(default=None, description="Date of the peer team's report, if known.")
    plan_date: dt.date | None = Field(default=None, description="Date of the council's action plan / response.")
    report_date_as_written: str | None = Field(
        default=None, description="The report's date as the source gives it, e.g. 'November 2023' (no exact day)."
    )
    plan_date_as_written: str | None = Field(
        default=None, description="The plan's date as the source gives it, e.g. 'January 2024' (no exact day)."
    )
    follows: str | None = Field(default=None, description="id of the earlier challenge this revisits.")
    documents: list[SourceDocument] = Field(min_length=1)
    peer_team: list[PeerTeamMember] = Field(default_factory=list)
    focus_areas: list[str] = Field(default_factory=list)
    council_themes: list[CouncilTheme] = Field(default_factory=list)
    council_priorities: list[str] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    recommendations_declared: Count = Field(default=None, ge=0, le=MAX_COUNT)
    actions_declared: Count = Field(
        default=None, ge=0, le=MAX_COUNT, description="Number of actions the source says the plan has, if it says."
    )
    has_owner_column: bool = Field(
        default=True, description="False when the plan has no owner column at all (owners 'not stated')."
    )
    action_plan_in_source: bool = Field(
        default=True, description="False when the action plan is not part of the source document."
    )
    notes: list[Note] = Field(default_factory=list)

    @field_validator("onsite_end")
    @classmethod
    def _onsite_in_order(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """A field validator, not a model one: it runs (and names onsite_end's own line) even when other
        fields of the challenge are wrong, so it is reported in the same pass as they are."""
        start = info.data.get("onsite_start")
        if start and end and end < start:
            raise ValueError(f"{end.isoformat()} is before onsite_start ({start.isoformat()})")
        return end


class RagCounts(Strict):
    """An aggregate RAG summary as a review states it ("six are rated as green and three are rated as amber")."""

    green: Count = Field(default=None, ge=0, le=MAX_COUNT)
    amber: Count = Field(default=None, ge=0, le=MAX_COUNT)
    red: Count = Field(default=None, ge=0, le=MAX_COUNT)
    other: Count = Field(
        default=None, ge=0, le=MAX_COUNT, description="Any other rating (e.g. blue/complete), if counted."
    )
    of: Literal["recommendations", "actions"] = Field(default="recommendations", description="What the counts count.")


class Review(Strict):
    """A dated follow-up event after the challenge: an LGA progress review, a revisit, a progress report."""

    id: str | None = Field(default=None, description="Local id; defaults to rv1, rv2, ... in file order.")
    kind: ReviewKind
    date: dt.date | None = Field(default=None, description="Only when the source gives an exact day.")
    date_as_written: str | None = Field(default=None, description="The date as the source gives it.")
    planned: bool = Field(
        default=False, description="True when the source only says it is scheduled or sought, not that it happened."
    )
    title: str = Field(min_length=1, description="The document or event, as the source names it.")
    findings: list[str] = Field(default_factory=list, description="Findings or progress statements, as written.")
    rag: RagCounts | None = None
    source: str | None = Field(default=None, description="Title of the document that reports it.")
    url: str | None = None
    notes: list[Note] = Field(default_factory=list)


class Plan(Strict):
    """One peer challenge: the council, the challenge, its recommendations and the council's actions."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = Field(pattern=r"^[a-z0-9-]+-\d{4}$", description="<council>-<year>, the file's stem.")
    council: Council
    challenge: Challenge
    recommendations: list[Recommendation] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    context_documents: list[ContextDocument] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
