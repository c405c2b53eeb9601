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

CHALLENGE_KINDS: tuple[str, ...] = ("corporate peer challenge", "revisit", "progress review")

#: Where data files live when load_corpus() is called with no argument.
DEFAULT_PLANS_DIR = "data/plans"
