"""Filters narrow every frame consistently, and URLs round-trip without inventing or losing values."""

from __future__ import annotations

from analysis.filters import Filters, apply_filters, filter_options, parse_params
from loaders.constants import LGA_THEMES


def _view(corpus, filters: Filters):
    return apply_filters(
        filters,
        councils=corpus.councils,
        challenges=corpus.challenges,
        recommendations=corpus.recommendations,
        actions=corpus.actions,
        steps=corpus.steps,
    )


def test_no_filters_keep_everything(corpus) -> None:
    view = _view(corpus, Filters())
    assert len(view.recommendations) == len(corpus.recommendations)
    assert len(view.actions) == len(corpus.actions)
    assert len(view.steps) == len(corpus.steps)


def test_council_filter(corpus) -> None:
    view = _view(corpus, Filters(councils=("leeds",)))
    assert set(view.recommendations["council_id"]) == {"leeds"}
    assert len(view.recommendations) == 12
    assert len(view.actions) == 21
    assert set(view.steps["council_id"]) <= {"leeds"}


def test_year_filter_narrows_challenges_not_councils_elsewhere(corpus) -> None:
    view = _view(corpus, Filters(councils=("bury",), years=(2018,)))
    assert list(view.challenges["challenge_id"]) == ["bury-2018"]
    assert len(view.recommendations) == 10


def test_theme_filter_keeps_only_matching_recommendations_and_their_actions(corpus) -> None:
    theme = LGA_THEMES[2]  # Governance and culture
    view = _view(corpus, Filters(themes=(theme,)))
    assert len(view.recommendations) > 0
    assert view.recommendations["lga_themes"].map(lambda ts: theme in ts).all()
    expected = corpus.recommendations["lga_themes"].map(lambda ts: theme in ts).sum()
    assert len(view.recommendations) == expected
    kept = set(view.recommendations["rec_id"])
    assert view.actions["rec_ids"].map(lambda ids: bool(kept & set(ids))).all()
    assert set(view.challenges["challenge_id"]) == set(view.recommendations["challenge_id"])


def test_filters_that_match_nothing_leave_empty_frames(corpus) -> None:
    view = _view(corpus, Filters(councils=("leeds",), regions=("East Midlands",)))
    assert view.empty and view.actions.empty and view.councils.empty


def test_frames_are_not_mutated(corpus) -> None:
    before = len(corpus.recommendations)
    view = _view(corpus, Filters(councils=("leeds",)))
    assert view.recommendations is not corpus.recommendations
    assert len(corpus.recommendations) == before


def test_params_round_trip_and_unknown_values_are_reported(corpus) -> None:
    options = filter_options(corpus.councils, corpus.challenges, corpus.recommendations)
    filters = Filters(councils=("bury", "leeds"), years=(2021,), themes=(LGA_THEMES[0],))
    parsed, dropped = parse_params(filters.to_params(), options)
    assert parsed == filters and dropped == []
    parsed, dropped = parse_params({"council": ["leeds", "atlantis"], "year": ["20x1"]}, options)
    assert parsed == Filters(councils=("leeds",))
    assert dropped == ["council=atlantis", "year=20x1"]


def test_describe() -> None:
    assert Filters().describe() == "All councils, all themes"
    assert Filters(councils=("leeds",), years=(2022,)).describe() == "councils: leeds; years: 2022"
