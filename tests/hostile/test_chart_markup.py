"""Plan text is text inside every chart: a council, recommendation, action, owner, topic, date or review full of
plotly's markup (``<a href>``, ``<b>``, ``<span style>``) reaches each figure escaped, while the builders' own
``<br>`` and ``<b>`` stay markup (issue 15, item 5).

Every chart builder in charts/ runs on a small hostile corpus loaded from plan files (so the text takes the
same path as on the dashboard), and so does every briefing-pack maker in reports/pack_charts.py.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
import yaml

from analysis.followup import STATUS_LABELS, STATUSES, status_counts
from analysis.history import timeline
from analysis.overlap import clusters, council_overlap
from analysis.overlap_view import cluster_bars, clusters_in_view, similar_in_view
from analysis.owner_load import family_load, family_theme_matrix, named_owner_load, no_owner_share, quarter_load
from analysis.summary import theme_counts
from analysis.timelines import (
    deadlines_by_month,
    due_by_actions,
    due_by_long,
    fold_deadlines,
    gantt_rows,
    horizons,
    planned_durations,
)
from analysis.topics import topic_matrix, topic_recurrence
from charts import owners as owner_charts
from charts.followup import status_figure
from charts.history import timeline_figure
from charts.overlap import cluster_bars_figure, match_scores_figure, overlap_heatmap_figure
from charts.palette import council_colours
from charts.projector import for_projector
from charts.safe_text import esc, esc_rows
from charts.themes import theme_bars_figure
from charts.timescales import deadlines_figure, due_by_figure, durations_figure, gantt_figure, horizon_figure
from charts.topics import topic_heatmap_figure, topic_recurrence_figure
from charts.wrap import wrap_label
from loaders import Corpus, load_corpus
from reports.pack import native_chart
from reports.pack_charts import pack_charts
from tests.conftest import FIXTURES

HOSTILE = '<a href="https://evil.example">CLICKME</a> <b>BOLDINJ</b> <span style="color:red">S</span> www.evil.example'
ESCAPED = esc(HOSTILE)
#: The only tags a string in a figure may hold: the builders' own line breaks, bold, italics and hover box.
BUILDER_TAGS = {"<br>", "<b>", "</b>", "<i>", "</i>", "<extra>", "</extra>"}
_TAG = re.compile(r"<[^<>]*>?")
TODAY = dt.date(2024, 9, 1)


def _plan(plan_id: str, council_id: str, name: str, year: int, kind: str, ons: str) -> dict:
    plan = yaml.safe_load((FIXTURES / "testshire-2024.yaml").read_text(encoding="utf-8"))
    plan["id"] = plan_id
    plan["council"].update(id=council_id, name=f"{name} {HOSTILE} Council", ons_code=ons)
    plan["challenge"].update(
        kind=kind, year=year, plan_date=dt.date(year, 3, 1), onsite_as_written=f"February {year} {HOSTILE}"
    )
    plan["challenge"]["recommendations_declared"] = 2
    plan["recommendations"] = [
        {"number": "1", "title": f"Engage and listen to staff {HOSTILE}", "text": f"Survey the workforce {HOSTILE}",
         "lga_themes": ["Capacity for improvement"], "topics": [f"Staff engagement {HOSTILE}"]},
        {"number": "2", "title": f"Close the budget gap {HOSTILE}", "lga_themes": ["Financial planning and management"],
         "topics": [f"Budget {HOSTILE}"]},
    ]  # fmt: skip
    plan["actions"] = [
        {"id": "a1", "recommendations": ["1"], "text": f"Run a staff survey {HOSTILE}",
         "owner": f"Director of People {HOSTILE}", "timescale": f"April - June {year}"},
        {"id": "a2", "recommendations": ["2"], "text": f"Agree savings with the Chief Executive {HOSTILE}",
         "owner": None, "timescale": f"By March {year + 1}"},
        {"id": "a3", "recommendations": ["1", "2"], "text": f"Report progress {HOSTILE}",
         "owner": f"Chief Executive {HOSTILE}", "timescale": "Ongoing", "status": f"On track {HOSTILE}"},
    ]  # fmt: skip
    plan["reviews"] = [
        {"id": "rv1", "kind": "progress review", "date_as_written": f"December {year + 1}",
         "title": f"Progress review {HOSTILE}", "rag": {"green": 1, "amber": 1, "red": 0, "of": "actions"}}
    ]  # fmt: skip
    return plan


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Corpus:
    folder: Path = tmp_path_factory.mktemp("hostile-plans")
    plans = [
        _plan("hostile-2019", "hostile", "Hostile", 2019, "corporate peer challenge", "E07000998"),
        _plan("hostile-2023", "hostile", "Hostile", 2023, "revisit", "E07000998"),
        _plan("othershire-2022", "othershire", "Othershire", 2022, "corporate peer challenge", "E07000997"),
    ]
    for plan in plans:
        text = yaml.safe_dump(plan, sort_keys=False, allow_unicode=True)
        (folder / f"{plan['id']}.yaml").write_text(text, encoding="utf-8")
    corpus = load_corpus(folder, cache=False)
    assert len(corpus.councils) == 2 and len(corpus.actions) == 9, corpus.problems.to_dict("records")
    return corpus


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "tolist"):  # numpy arrays of labels
        yield from _strings(value.tolist())


def _markup_problems(fig: go.Figure) -> list[str]:
    """Every string in the figure that holds a tag the builders do not write, or a plan string in bold."""
    bad = []
    for text in _strings(fig.to_plotly_json()):
        tags = {t.lower() for t in _TAG.findall(text)} - BUILDER_TAGS
        if tags or "<b>BOLDINJ" in text or "CLICKME</a>" in text:
            bad.append(text)
    return bad


def _shows_plan_text(fig: go.Figure) -> bool:
    """Whether the hostile text reached the figure: the check above must not pass by leaving plan text out.

    (Owner titles arrive without their tags: the owner normaliser keeps words only.)"""
    return any("CLICKME" in text for text in _strings(fig.to_plotly_json()))


def _shows_escaped(fig: go.Figure) -> bool:
    """Whether the whole hostile string is in the figure, escaped exactly once."""
    return any(ESCAPED in text for text in _strings(fig.to_plotly_json()))


def _figures(c: Corpus) -> dict[str, tuple[go.Figure, bool]]:
    """Every builder in charts/, fed the way its page feeds it: name -> (figure, whether it draws plan text)."""
    colours = council_colours(c.councils["council_id"])
    names = c.councils.set_index("council_id")["name"].to_dict()
    rows = gantt_rows(c.actions, c.challenges, c.councils)
    statused = due_by_actions(c.actions, c.challenges, c.councils, today=TODAY)
    members = clusters_in_view(clusters(c), c.recommendations["rec_id"])
    rec_id = c.recommendations["rec_id"].iloc[0]
    matches = similar_in_view(c, c.actions, rec_id, ["othershire"], names=names)
    mine = c.actions[c.actions["council_id"] == "hostile"]
    figures = {
        "gantt": gantt_figure(rows, colours=colours, lines={f"Due by {HOSTILE}": TODAY}, title=f"Timeline {HOSTILE}"),
        "gantt_one": gantt_figure(rows[rows["council_id"] == "hostile"], colours=colours),
        "durations": durations_figure(planned_durations(rows), colours=colours),
        "horizon": horizon_figure(horizons(c.actions, c.challenges, c.councils), colours=colours),
        "deadlines": deadlines_figure(
            fold_deadlines(deadlines_by_month(c.actions, c.councils), ["hostile", "othershire"]), colours=colours
        ),
        "due_by": due_by_figure(due_by_long(statused)),
        "family_bars": owner_charts.family_bars_figure(family_load(c.actions, c.councils), colours=colours),
        "named_owner": owner_charts.named_owner_figure(named_owner_load(mine, "hostile"), council=names["hostile"]),
        "named_in_text": owner_charts.named_owner_figure(
            named_owner_load(mine, "hostile", include_text_mentions=True), council=names["hostile"]
        ),
        "no_owner": owner_charts.no_owner_figure(no_owner_share(c.actions, c.councils, c.challenges), colours=colours),
        "owner_quarters": owner_charts.owner_quarter_heatmap_figure(quarter_load(mine, by="owner")),
        "themes": theme_bars_figure(theme_counts(c.recommendations, c.councils), colours=colours),
        "topic_heatmap": topic_heatmap_figure(topic_matrix(c.recommendations, c.councils)),
        "topic_recurrence": topic_recurrence_figure(topic_recurrence(c.recommendations, c.councils)),
        "overlap": overlap_heatmap_figure(council_overlap(c), names),
        "clusters": cluster_bars_figure(cluster_bars(members, names), colours=colours),
        "matches": match_scores_figure(matches, colours=colours),
        "history": timeline_figure(timeline("hostile", c.challenges, c.reviews), colour="#0072B2"),
    }
    drawn = {name: (fig, True) for name, fig in figures.items()}
    # Built only from the dashboard's own vocabulary (families, themes, statuses): checked for markup all the same.
    drawn["family_theme"] = (
        owner_charts.family_theme_heatmap_figure(family_theme_matrix(c.actions, c.recommendations)),
        False,
    )
    drawn["quarters"] = (owner_charts.quarter_load_figure(quarter_load(c.actions)), False)
    drawn["status"] = (status_figure(status_counts(statused), labels=STATUS_LABELS, order=STATUSES), False)
    return drawn


BUILDERS = [
    "gantt", "gantt_one", "durations", "horizon", "deadlines", "due_by", "family_bars", "named_owner", "named_in_text",
    "no_owner", "owner_quarters", "themes", "topic_heatmap", "topic_recurrence", "overlap", "clusters", "matches",
    "history", "family_theme", "quarters", "status",
]  # fmt: skip


@pytest.fixture(scope="module")
def figures(hostile: Corpus) -> dict[str, tuple[go.Figure, bool]]:
    return _figures(hostile)


def test_every_builder_is_covered(figures) -> None:
    assert sorted(figures) == sorted(BUILDERS)


@pytest.mark.parametrize("name", BUILDERS)
def test_plan_text_is_escaped_in_every_chart(figures, name: str) -> None:
    fig, draws_plan_text = figures[name]
    assert _markup_problems(fig) == []
    assert _markup_problems(for_projector(fig)) == []  # presentation mode and image exports
    if draws_plan_text:
        assert _shows_plan_text(fig), "the hostile text never reached this chart, so the check proves nothing"


def test_names_and_text_arrive_whole_and_escaped_once(figures) -> None:
    escaped = {name for name, (fig, _) in figures.items() if _shows_escaped(fig)}
    assert escaped >= {
        "gantt", "durations", "horizon", "deadlines", "due_by", "family_bars", "no_owner", "themes", "topic_heatmap",
        "topic_recurrence", "overlap", "clusters", "matches", "history",
    }  # fmt: skip


def test_the_builders_own_markup_survives(figures) -> None:
    """Escaping happens before the builders add markup: hovers still bold, names escaped exactly once."""
    gantt = figures["gantt"][0]
    assert all("<" not in t.replace("<br>", "") or "&lt;" in t for t in gantt.layout.yaxis.ticktext)  # one-line labels
    assert gantt.data[0].hovertemplate.startswith("<b>%{customdata[0]}</b>")
    assert gantt.data[0].customdata[0][0] == gantt.data[0].name == f"Hostile {ESCAPED} Council"
    # legend entries show the full council name, escaped exactly once
    legend = [t.name for t in gantt.data if t.showlegend is not False and t.name and "Council" in t.name]
    assert legend == [f"Hostile {ESCAPED} Council", f"Othershire {ESCAPED} Council"]


def test_names_are_never_pasted_into_hover_templates(figures) -> None:
    """A council called "50%{x}" must not become a placeholder: plan text reaches hovers only through data."""
    for name, (fig, _) in figures.items():
        for trace in fig.data:
            assert "CLICKME" not in (trace.hovertemplate or ""), name


def test_every_pack_chart_is_escaped(hostile: Corpus) -> None:
    colours = council_colours(hostile.councils["council_id"])
    charts = pack_charts(hostile, colours=colours, full=hostile)
    assert len(charts) >= 8
    for item in charts:
        assert _markup_problems(item.figure) == [], item.title
    assert sum(_shows_escaped(item.figure) for item in charts) >= 6


def test_native_pack_charts_read_the_text_back_as_written(hostile: Corpus) -> None:
    """PowerPoint charts are not HTML: their category and series names are the plan's text, unescaped."""
    colours = council_colours(hostile.councils["council_id"])
    fig = owner_charts.no_owner_figure(
        no_owner_share(hostile.actions, hostile.councils, hostile.challenges), colours=colours
    )
    native = native_chart(fig)
    assert native is not None
    assert native.categories[0].startswith('Hostile <a href="https:/')  # as written (wrapped, then joined)
    assert not any("&lt;" in c or "&amp;" in c for c in native.categories)
    bars = native_chart(
        owner_charts.family_bars_figure(family_load(hostile.actions, hostile.councils), colours=colours)
    )
    assert bars is not None
    assert [s.name for s in bars.series] == [f"Hostile {HOSTILE} Council", f"Othershire {HOSTILE} Council"]


def test_escaping_is_exact_and_wrapping_counts_visible_characters() -> None:
    assert esc("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert esc("&lt;") == "&amp;lt;"  # an entity in plan text shows as written, not as "<"
    assert esc(None) is None and esc(3) == 3
    assert esc_rows([("<i>", 2, [["<b>"]])]) == [["&lt;i&gt;", 2, [["&lt;b&gt;"]]]]
    label = wrap_label("<b>" * 10, 12, max_lines=5)
    assert html.unescape(label.replace("<br>", "")) == "<b>" * 10  # every character kept, none split mid-entity
    assert [len(html.unescape(line)) for line in label.split("<br>")] == [12, 12, 6]
    assert "<b>" not in label.replace("<br>", "")
