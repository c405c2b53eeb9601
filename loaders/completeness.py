"""How complete a challenge's data is, derived from what the plan file holds (never typed by hand).

A reader comparing councils needs to know whether "no actions" means the council planned none or the source
does not show them. The level is computed from counts so it cannot drift from the data:

* **full action plan** — every declared recommendation is captured and each has at least one action, and the
  action plan is part of the source;
* **partial action plan** — the action plan is part of the source and some actions are captured, but
  recommendations or their actions are missing;
* **recommendations only** — recommendations (at any fidelity) but no action plan: no actions, or only actions
  that later progress papers report (the action plan itself is not in the source);
* **summary only** — neither: only counts, themes or progress statements.

One rule for the level and the note beside it (:func:`plan_note`): a level that names an action plan needs the
action plan in the source. Actions known only from progress minutes or reports are progress statements, so a
challenge whose plan is not in the source is never "partial action plan" however many such actions it has, and
its note says where those actions come from, not that there are none.

>>> completeness(declared=8, captured=8, actions=24, recommendations_without_actions=0)
'full action plan'
>>> completeness(declared=10, captured=1, actions=1, recommendations_without_actions=0)
'partial action plan'
>>> completeness(declared=11, captured=0, actions=0, recommendations_without_actions=0)
'summary only'
>>> completeness(declared=None, captured=2, actions=6, recommendations_without_actions=1, action_plan_in_source=False)
'recommendations only'
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

    An unknown declared count never makes a plan "full": without it nobody can say nothing is missing. Without
    the action plan in the source, actions do not make a plan (they come from progress papers): the level is
    what the recommendations alone give.
    """
    if actions == 0 or not action_plan_in_source:
        return RECOMMENDATIONS_ONLY if captured else SUMMARY_ONLY
    all_captured = declared is not None and captured >= declared
    if all_captured and captured and recommendations_without_actions == 0 and action_plan_in_source:
        return FULL
    return PARTIAL


def plan_note(*, actions: int, action_plan_in_source: bool) -> str | None:
    """What a reader must be told beside a challenge's completeness level about its action plan, or None.

    From the same two facts :func:`completeness` reads, so the note and the level cannot disagree: with the plan
    in the source there is nothing to add; without it, either nothing of the plan is known, or the actions shown
    are as later progress papers report them.

    >>> plan_note(actions=0, action_plan_in_source=False)
    'The action plan is not in the source document, so no actions, owners or timescales could be recorded.'
    >>> plan_note(actions=6, action_plan_in_source=False)
    'The action plan is not in the source document; the 6 actions shown are as later progress papers report them.'
    >>> plan_note(actions=1, action_plan_in_source=True) is None
    True
    """
    if action_plan_in_source:
        return None
    if not actions:
        return "The action plan is not in the source document, so no actions, owners or timescales could be recorded."
    shown = (
        "the action shown is as later progress papers report it"
        if actions == 1
        else (f"the {actions} actions shown are as later progress papers report them")
    )
    return f"The action plan is not in the source document; {shown}."


def fidelity_summary(levels: Iterable[str]) -> str | None:
    """One word for a challenge's recommendation texts: the shared fidelity, "mixed", or None when there are none.

    >>> fidelity_summary(["verbatim", "verbatim"]), fidelity_summary(["verbatim", "heading"]), fidelity_summary([])
    ('verbatim', 'mixed', None)
    """
    found = set(levels)
    if not found:
        return None
    return found.pop() if len(found) == 1 else "mixed"
