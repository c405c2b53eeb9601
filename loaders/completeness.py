"""How complete a challenge's data is, derived from what the plan file holds (never typed by hand).

A reader comparing councils needs to know whether "no actions" means the council planned none or the source
does not show them. The level is computed from counts so it cannot drift from the data:

* **full action plan** — every declared recommendation is captured and each has at least one action, and the
  action plan is part of the source;
* **partial action plan** — some actions are captured, but recommendations or their actions are missing;
* **recommendations only** — recommendations (at any fidelity) but no actions;
* **summary only** — neither: only counts, themes or progress statements.

>>> completeness(declared=8, captured=8, actions=24, recommendations_without_actions=0)
'full action plan'
>>> completeness(declared=10, captured=1, actions=1, recommendations_without_actions=0)
'partial action plan'
>>> completeness(declared=11, captured=0, actions=0, recommendations_without_actions=0)
'summary only'
"""

from __future__ import annotations

from collections.abc import Iterable

from loaders.constants import COMPLETENESS_LEVELS

FULL, PARTIAL, RECOMMENDATIONS_ONLY, SUMMARY_ONLY = COMPLETENESS_LEVELS


def completeness(
    *,
    declared: int | None,
    captured: int,
    actions: int,
    recommendations_without_actions: int,
    action_plan_in_source: bool = True,
) -> str:
    """The completeness level (one of COMPLETENESS_LEVELS) for one challenge's counts.

    An unknown declared count never makes a plan "full": without it nobody can say nothing is missing.
    """
    if actions == 0:
        return RECOMMENDATIONS_ONLY if captured else SUMMARY_ONLY
    all_captured = declared is not None and captured >= declared
    if all_captured and captured and recommendations_without_actions == 0 and action_plan_in_source:
        return FULL
    return PARTIAL


def fidelity_summary(levels: Iterable[str]) -> str | None:
    """One word for a challenge's recommendation texts: the shared fidelity, "mixed", or None when there are none.

    >>> fidelity_summary(["verbatim", "verbatim"]), fidelity_summary(["verbatim", "heading"]), fidelity_summary([])
    ('verbatim', 'mixed', None)
    """
    found = set(levels)
    if not found:
        return None
    return found.pop() if len(found) == 1 else "mixed"
