"""The dashboard's filter set as plain data, and applying it to the corpus frames.

Kept free of Streamlit so the same filtering serves pages, exports and notebooks, and so a filtered view is
reproducible from a URL alone. Filters narrow *which rows are shown*; they never change a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

import pandas as pd

#: Query-parameter name for each filter field, in sidebar order. Short, because they end up in URLs.
FILTER_PARAMS: dict[str, str] = {
    "councils": "council",
    "council_types": "type",
    "regions": "region",
    "years": "year",
    "themes": "theme",
    "topics": "topic",
    "imd_quintiles": "imd",
    "ruralities": "rurality",
    "population_bands": "pop",
}
#: Filters whose URL values are whole numbers.
_INT_FILTERS = {"years", "imd_quintiles"}
#: Population bands (2020 population, reference data): label -> [low, high).
POPULATION_BANDS: dict[str, tuple[float, float]] = {
    "under 100k": (0, 100_000),
    "100k to 250k": (100_000, 250_000),
    "250k to 500k": (250_000, 500_000),
    "500k and over": (500_000, float("inf")),
}


def population_band(population: object) -> str | None:
    """The :data:`POPULATION_BANDS` label for a population (None when unknown)."""
    if population is None or pd.isna(population):
        return None
    return next((label for label, (low, high) in POPULATION_BANDS.items() if low <= float(population) < high), None)


@dataclass(frozen=True)
class Filters:
    """One value per sidebar control; an empty tuple means "no restriction"."""

    councils: tuple[str, ...] = ()
    council_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    themes: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    imd_quintiles: tuple[int, ...] = ()  # 1 = most deprived fifth (reference data)
    ruralities: tuple[str, ...] = ()
    population_bands: tuple[str, ...] = ()  # POPULATION_BANDS labels

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def to_params(self) -> dict[str, list[str]]:
        """Query parameters for this filter set (only the restricted ones), e.g. for a shareable link."""
        return {
            param: [str(v) for v in getattr(self, name)] for name, param in FILTER_PARAMS.items() if getattr(self, name)
        }

    def describe(self) -> str:
        """A one-line, human summary for captions and exported files ("All councils" when unfiltered)."""
        parts = [
            f"{name.replace('_', ' ')}: {', '.join(str(v) for v in getattr(self, name))}"
            for name in FILTER_PARAMS
            if getattr(self, name)
        ]
        return "; ".join(parts) if parts else "All councils, all themes"


@dataclass(frozen=True)
class FilterOptions:
    """What each control can offer, from the corpus (so a URL cannot select what does not exist)."""

    councils: dict[str, str]  # council_id -> name, sorted by name
    council_types: tuple[str, ...]
    regions: tuple[str, ...]
    years: tuple[int, ...]
    themes: tuple[str, ...]
    topics: tuple[str, ...]
    imd_quintiles: tuple[int, ...] = ()
    ruralities: tuple[str, ...] = ()
    population_bands: tuple[str, ...] = ()


def filter_options(councils: pd.DataFrame, challenges: pd.DataFrame, recommendations: pd.DataFrame) -> FilterOptions:
    """The values present in the corpus, in a stable, readable order."""
    from loaders.constants import LGA_THEMES

    names = councils.sort_values("name").set_index("council_id")["name"].to_dict() if len(councils) else {}
    present_themes = {t for themes in recommendations.get("lga_themes", []) for t in themes}
    topics = sorted({t for topics in recommendations.get("topics", []) for t in topics})
    quintiles = councils["imd_quintile"].dropna() if "imd_quintile" in councils else pd.Series(dtype="Int64")
    rurality = set(councils["rurality"].dropna()) if "rurality" in councils else set()
    bands = {population_band(p) for p in councils["population"]} if "population" in councils else set()
    from loaders.reference import RURALITY

    return FilterOptions(
        imd_quintiles=tuple(sorted({int(q) for q in quintiles})),
        ruralities=tuple(r for r in RURALITY if r in rurality),
        population_bands=tuple(b for b in POPULATION_BANDS if b in bands),
        councils=names,
        council_types=tuple(sorted(councils["council_type"].dropna().unique())) if len(councils) else (),
        regions=tuple(sorted(councils["region"].dropna().unique())) if len(councils) else (),
        years=tuple(sorted(int(y) for y in challenges["year"].dropna().unique())) if len(challenges) else (),
        themes=tuple(t for t in LGA_THEMES if t in present_themes),
        topics=tuple(topics),
    )


def parse_params(params: Mapping[str, Iterable[str]], options: FilterOptions) -> tuple[Filters, list[str]]:
    """Filters from query parameters, keeping only values the corpus offers; also the values dropped.

    A bookmarked link can outlive the data it names (a council removed, a typo pasted): dropping those
    values with a visible message beats failing the page or silently showing everything.
    """
    allowed: dict[str, Iterable[object]] = {
        "councils": options.councils,
        "council_types": options.council_types,
        "regions": options.regions,
        "years": options.years,
        "themes": options.themes,
        "topics": options.topics,
        "imd_quintiles": options.imd_quintiles,
        "ruralities": options.ruralities,
        "population_bands": options.population_bands,
    }
    chosen: dict[str, tuple] = {}
    dropped: list[str] = []
    for name, param in FILTER_PARAMS.items():
        values: list[object] = []
        for raw in params.get(param, ()):
            value: object = raw
            if name in _INT_FILTERS:
                try:
                    value = int(str(raw).strip())
                except ValueError:
                    dropped.append(f"{param}={raw}")
                    continue
            if value in allowed[name] and value not in values:
                values.append(value)
            elif value not in values:
                dropped.append(f"{param}={raw}")
        chosen[name] = tuple(values)
    return Filters(**chosen), dropped


@dataclass(frozen=True)
class View:
    """The corpus frames narrowed by a filter set. Read-only: with no filter active they are the corpus's own."""

    filters: Filters
    councils: pd.DataFrame
    challenges: pd.DataFrame
    recommendations: pd.DataFrame
    actions: pd.DataFrame
    steps: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.recommendations.empty and self.challenges.empty


def _any_in(values: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    chosen = set(wanted)
    return values.map(lambda items: bool(chosen.intersection(items or ())))


def apply_filters(
    filters: Filters,
    *,
    councils: pd.DataFrame,
    challenges: pd.DataFrame,
    recommendations: pd.DataFrame,
    actions: pd.DataFrame,
    steps: pd.DataFrame,
) -> View:
    """Narrow every frame consistently.

    Council, type and region narrow councils; year narrows challenges; theme and topic narrow
    recommendations. Actions follow their recommendations (an action answering several recommendations is
    kept when any of them is), steps follow their actions. With a theme or topic filter, challenges and
    councils with no matching recommendation drop out, so counts on every page agree.
    """
    if not filters.active:
        # Nothing to narrow: hand back the frames themselves (read-only by contract) instead of copying
        # tens of thousands of rows on every run of every page.
        return View(filters, councils, challenges, recommendations, actions, steps)
    keep_councils = pd.Series(True, index=councils.index)
    if filters.councils:
        keep_councils &= councils["council_id"].isin(filters.councils)
    if filters.council_types:
        keep_councils &= councils["council_type"].isin(filters.council_types)
    if filters.regions:
        keep_councils &= councils["region"].isin(filters.regions)
    if filters.imd_quintiles:
        keep_councils &= councils["imd_quintile"].isin(filters.imd_quintiles).fillna(False).astype(bool)
    if filters.ruralities:
        keep_councils &= councils["rurality"].isin(filters.ruralities)
    if filters.population_bands:
        keep_councils &= councils["population"].map(population_band).isin(filters.population_bands)
    council_ids = set(councils.loc[keep_councils, "council_id"])

    keep_challenges = challenges["council_id"].isin(council_ids)
    if filters.years:
        keep_challenges &= challenges["year"].isin(filters.years)
    challenge_ids = set(challenges.loc[keep_challenges, "challenge_id"])

    keep_recs = recommendations["challenge_id"].isin(challenge_ids)
    if filters.themes:
        keep_recs &= _any_in(recommendations["lga_themes"], filters.themes)
    if filters.topics:
        keep_recs &= _any_in(recommendations["topics"], filters.topics)
    recs = recommendations[keep_recs]

    keep_actions = actions["challenge_id"].isin(challenge_ids)
    if filters.themes or filters.topics:
        keep_actions &= _any_in(actions["rec_ids"], tuple(recs["rec_id"]))
        challenge_ids = set(recs["challenge_id"])
        council_ids = set(recs["council_id"])
    acts = actions[keep_actions]
    return View(
        filters=filters,
        councils=councils[councils["council_id"].isin(council_ids)],
        challenges=challenges[challenges["challenge_id"].isin(challenge_ids)],
        recommendations=recs,
        actions=acts,
        steps=steps[steps["action_id"].isin(set(acts["action_id"]))],
    )


def peer_council_ids(corpus: object, council_id: str, k: int = 5) -> tuple[str, ...]:
    """``council_id`` and the ``k`` most similar councils that have a plan here (analysis.peers: same type first,
    any type when none of its type has one): what "compare with similar councils" sets the council filter to.
    Just the council itself when the reference does not know it."""
    from analysis.peers import UnknownCouncil, similar_councils

    try:
        for same_type in (True, False):
            ranked = similar_councils(corpus, council_id, k=None, same_type=same_type)  # type: ignore[arg-type]
            ids = tuple(ranked.loc[ranked["in_corpus"], "council_id"].head(k))
            if ids:
                return (council_id, *ids)
    except UnknownCouncil:
        pass
    return (council_id,)
