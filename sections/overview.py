"""The Overview page's chart, declared once: recommendations by LGA core theme for every council in view.

The same data and drawing as the Themes page's :data:`sections.themes.THEME_BARS` (each recommendation under
its best-fitting theme), with the Overview's own title and a caption that says how themes are labelled.
Choices (``choices``): ``measure`` (``recommendations`` or ``share``).
"""

from __future__ import annotations

from dataclasses import replace

from sections.themes import THEME_BARS, Themes, folded_caption


def _caption(data: Themes) -> str:
    base = (
        "Each recommendation counts once, under its first (best-fitting) LGA core theme. Themes are hand-labelled "
        "in the data files where given, otherwise classified."
    )
    folded = folded_caption(
        data.drawn, councils=data.counts["council_id"].nunique(), what="recommendations", share=data.measure == "share"
    )
    return f"{base} {folded}".strip()


OVERVIEW_THEMES = replace(
    THEME_BARS,
    id="overview_themes",
    page="Overview",
    title="Recommendations by LGA core theme",
    caption=_caption,
    empty="",  # the page says it, with the filters hint
    file_name="recommendations-by-theme.csv",
)

#: The Overview page's sections in page order.
PAGE = (OVERVIEW_THEMES,)
