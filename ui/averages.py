"""The "Compare with" control the Themes, Timescales and Owners pages share: none, the average of the councils'
own type, or the average of their similar councils (sections/averages.py draws it), kept in the URL.

Each page has its own parameter (``theme_average``, ``horizon_average``, ``owner_average``; values ``type`` or
``similar``, absent for none) so a link can turn the comparison on for one chart without the others.
"""

from __future__ import annotations

from typing import Any

from ui.state import url_segmented

#: Option -> label; "none" is the default and stays out of the URL.
OPTIONS = {"none": "Nothing", "type": "Average of its type", "similar": "Average of similar councils"}
HELP = (
    "Adds a dark bar: the average council of the same type as the councils shown (every council of that type "
    "here, whatever the filters), or of each council's five most similar councils that have a plan here (at most "
    "three councils). Each council's figure is averaged, so a long plan counts as much as a short one."
)


def average_control(param: str, *, key: str, container: Any = None) -> str | None:
    """The comparison chosen (``type``, ``similar``) or None, from the segmented control kept in ``param``."""
    chosen = url_segmented(
        param, list(OPTIONS), "none", key=key, label="Compare with", format_func=OPTIONS.get, container=container,
        help=HELP,
    )  # fmt: skip
    return None if chosen == "none" else chosen
