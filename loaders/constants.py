"""Domain constants in one place: the LGA core themes and the council vocabulary."""

from __future__ import annotations

#: The five core components of every LGA Corporate Peer Challenge, in the LGA's order.
LGA_THEMES: tuple[str, ...] = (
    "Local priorities and outcomes",
    "Organisational and place leadership",
    "Governance and culture",
    "Financial planning and management",
    "Capacity for improvement",
)

#: Short labels for axes and legends where the full theme name does not fit.
LGA_THEME_SHORT: dict[str, str] = {
    "Local priorities and outcomes": "Priorities & outcomes",
    "Organisational and place leadership": "Leadership",
    "Governance and culture": "Governance & culture",
    "Financial planning and management": "Finance",
    "Capacity for improvement": "Capacity",
}

COUNCIL_TYPES: tuple[str, ...] = (
    "metropolitan district",
    "non-metropolitan district",
    "unitary",
    "county",
    "London borough",
)
#: Bodies that are not councils (combined authorities, fire and rescue, national parks, ...) come from the
#: reference data and rules/organisation_types.yaml: loaders.organisation_types.ORGANISATION_TYPES.

CHALLENGE_KINDS: tuple[str, ...] = ("corporate peer challenge", "revisit", "progress review")

#: Where data files live when load_corpus() is called with no argument.
DEFAULT_PLANS_DIR = "data/plans"

#: How faithful a recommendation's stored text is to the peer team's own wording, most faithful first.
#: verbatim: the recommendation as the source quotes it; heading: only its heading or topic label as published;
#: paraphrase: someone's summary of it (a council news release, a progress review's retelling); truncated: the
#: source's own words, but cut off in the source ("...externally, particul"): shown marked as cut off, and kept
#: out of theme classification, its evaluation and overlap scoring (a fragment is no evidence of anything).
FIDELITY_LEVELS: tuple[str, ...] = ("verbatim", "heading", "paraphrase", "truncated")
#: The fidelity levels an action's text may have: as written, or cut off in the source.
ACTION_FIDELITY_LEVELS: tuple[str, ...] = ("verbatim", "truncated")
#: Text at these levels is not read by the theme classifier nor scored for overlap.
UNREADABLE_FIDELITY: frozenset[str] = frozenset({"truncated"})

#: How much of a peer challenge's response the data holds, derived in loaders/completeness.py, fullest first.
COMPLETENESS_LEVELS: tuple[str, ...] = (
    "full action plan",
    "partial action plan",
    "recommendations only",
    "summary only",
)

#: Kinds of follow-up event recorded in a plan's ``reviews``.
REVIEW_KINDS: tuple[str, ...] = (
    "progress review",
    "revisit",
    "progress report",
    "support session",
)

#: One scale for action and step statuses, most advanced first. Raw status text is always kept beside it.
STATUS_SCALE: tuple[str, ...] = (
    "complete",
    "business as usual",
    "on track",
    "in progress",
    "at risk",
    "off track",
    "not started",
    "unknown",
)

#: Whole status texts (lower-cased, trailing punctuation dropped) and their place on STATUS_SCALE. RAG colours
#: follow the common LGA/council reading: blue done, green on track, amber at risk, red off track.
STATUS_VOCABULARY: dict[str, str] = {
    "completed": "complete",
    "complete": "complete",
    "done": "complete",
    "delivered": "complete",
    "achieved": "complete",
    "finished": "complete",
    "closed": "complete",
    "blue": "complete",
    "green": "on track",
    "amber": "at risk",
    "red": "off track",
    "on track": "on track",
    "in progress/on track": "on track",
    "in progress": "in progress",
    "ongoing": "in progress",
    "underway": "in progress",
    "in progress/at risk": "at risk",
    "at risk": "at risk",
    "delayed": "at risk",
    "off track": "off track",
    "not started": "not started",
    "not yet started": "not started",
    "business as usual": "business as usual",
    "bau": "business as usual",
    "move to bau": "business as usual",
    "move to business as usual": "business as usual",
    "ongoing work/move to bau": "business as usual",
}

#: Phrases searched for, in this order, when the whole text is not in STATUS_VOCABULARY ("is now
#: established", "delayed (recruitment), now progressing"). Negated or future forms come first so that
#: "not complete" or "to be completed" never reads as complete.
STATUS_PHRASES: tuple[tuple[str, str], ...] = (
    ("not started", "not started"),
    ("not yet started", "not started"),
    ("not complete", "in progress"),
    ("incomplete", "in progress"),
    ("to be completed", "unknown"),
    ("partially", "in progress"),
    ("being carried out", "in progress"),
    ("business as usual", "business as usual"),
    ("move to bau", "business as usual"),
    ("at risk", "at risk"),
    ("delayed", "at risk"),
    ("delays", "at risk"),
    ("behind schedule", "at risk"),
    ("off track", "off track"),
    ("on track", "on track"),
    ("completed", "complete"),
    ("delivered", "complete"),
    ("achieved", "complete"),
    ("now established", "complete"),
    ("is in place", "complete"),
    ("carried out", "complete"),
    ("in progress", "in progress"),
    ("progressing", "in progress"),
    ("making progress", "in progress"),
    ("underway", "in progress"),
    ("under way", "in progress"),
    ("in development", "in progress"),
    ("being addressed", "in progress"),
    ("being drafted", "in progress"),
    ("being adopted", "in progress"),
    ("ongoing", "in progress"),
)
