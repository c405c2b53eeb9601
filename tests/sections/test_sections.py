"""Every section, walked on the shipped data and on a filtered view: its takeaway, table and native bars come
from the same data as its figure, so none of them can disagree with the chart."""

from __future__ import annotations

import re

import pytest

from charts.palette import council_colours
from loaders import load_corpus
from sections import PAGES, Context, build_all
from tests.helpers import view_of

ALL = [s for sections in PAGES.values() for s in sections]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus("data/plans", cache=False)


def _views(corpus):
    full = corpus
    one = next(iter(full.actions["council_id"].value_counts().index))
    yield "all", full
    yield one, view_of(full, councils=(one,))


@pytest.mark.parametrize("medium", ["page", "slide"])
def test_bars_equal_the_figure_values(corpus, medium) -> None:
    """The pack's native chart holds exactly the numbers the page's figure draws."""
    context = Context(colours=council_colours(corpus.councils["council_id"]), medium=medium)
    for _, view in _views(corpus):
        for drawn in build_all(ALL, view, context):
            if drawn.bars is None:
                continue
            fig = drawn.figure()
            horizontal = drawn.bars.horizontal
            # Per series, category -> value: a series with no bar in a category (a council not in a group) is None.
            drawn_values = [
                {str(c): float(v) for c, v in zip(t.y if horizontal else t.x, t.x if horizontal else t.y, strict=True)}
                for t in fig.data
                if t.type == "bar"
            ]
            native = [
                {c: v for c, v in zip(drawn.bars.categories, s.values, strict=True) if v is not None}
                for s in drawn.bars.series
            ]
            assert native == drawn_values, drawn.section.id


def test_every_takeaway_number_is_in_the_data(corpus) -> None:
    """Each number a takeaway says is in the section's table, its bars or its caption (or a sum/count of them)."""
    context = Context(colours=council_colours(corpus.councils["council_id"]))
    for _, view in _views(corpus):
        for drawn in build_all(ALL, view, context):
            table = drawn.table
            # Percentages are shares of numbers checked here; every other number must be in the table.
            said = {int(n) for n in re.findall(r"(?<![\d.])(\d+)(?![\d.%])", drawn.takeaway.replace(",", ""))}
            known = set()
            for column in table.columns:
                values = table[column]
                if values.dtype.kind == "b":  # a count of rows with a mark (open-ended, completed)
                    known.add(int(values.sum()))
                elif values.dtype.kind in "iuf":
                    known |= {round(v) for v in values.dropna()} | {round(values.sum()), len(values)}
                    if "Council" in table and column != "Council":  # a per-council total repeated on its rows
                        known.add(round(table.drop_duplicates("Council")[column].sum()))
                else:
                    for value in values.dropna().astype(str):
                        known |= {int(n) for n in re.findall(r"\d+", value)}
            known |= {int(n) for n in re.findall(r"\d+", drawn.caption.replace(",", ""))}
            if drawn.bars is not None:  # a stacked column's height is the sum of its series
                stacks = zip(*(s.values for s in drawn.bars.series), strict=True)
                known |= {round(sum(v or 0 for v in values)) for values in stacks}
            numeric = [c for c in table.columns if table[c].dtype.kind in "iuf"]
            for column in table.columns:  # totals per group a table repeats (a quarter's owners, a council's rows)
                hashable = not table[column].map(lambda v: isinstance(v, list)).any()
                if column not in numeric and hashable and table[column].duplicated().any():
                    sums = table.groupby(column)[numeric].sum()
                    known |= {round(v) for v in sums.to_numpy().ravel()}
                    known |= set(table.groupby(column).size())  # rows per group (councils in a month)
            assert said <= known, (drawn.section.id, drawn.takeaway, said - known)


def test_sources_name_only_what_the_section_draws(corpus) -> None:
    """A one-council chart cites only that council's paper."""
    context = Context(colours=council_colours(corpus.councils["council_id"]))
    one, view = list(_views(corpus))[1]
    name = corpus.councils.set_index("council_id").loc[one, "name"]
    others = set(corpus.councils["name"]) - {name}
    for drawn in build_all(ALL, view, context):
        assert name in drawn.source
        assert not any(other in drawn.source for other in others), drawn.section.id
