"""The council brief as one self-contained HTML file: to print, save as PDF, or send ahead of a visit.

Pure: takes an :class:`analysis.followup.Brief` and returns a string; no Streamlit, no network, no external
assets (styles are inline), so the file opens the same anywhere. Every piece of text from the data files
goes through :func:`html.escape` — plan text is third-party input and must never become markup.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

import pandas as pd

from analysis.brief_text import progress_lines, recommendation_text
from analysis.cells import cell_text
from analysis.followup import (
    ACTION_TABLE_COLUMNS,
    STATUS_DEFINITIONS,
    STATUS_LABELS,
    STATUSES,
    Brief,
    action_rows,
    challenge_label,
    check_rows,
    day,
    group_notes,
)
from analysis.overlap_view import match_evidence
from analysis.visit_answer import review_rows
from charts.palette import STATUS_STYLE
from loaders.completeness import plan_note

_CSS = """
:root { --ink: #1b1f24; --muted: #5b6570; --line: #d6dbe1; --accent: #1f5d8c; }
* { box-sizing: border-box; }
body { font-family: "Source Sans Pro", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 24px 32px; font-size: 14px; line-height: 1.45; }
h1 { font-size: 26px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 20px; border-bottom: 2px solid var(--accent); padding-bottom: 3px; margin: 28px 0 10px; }
h3 { font-size: 17px; margin: 18px 0 6px; }
h4 { font-size: 15px; margin: 0 0 4px; }
p { margin: 4px 0; }
.meta, .caption { color: var(--muted); font-size: 13px; }
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 10px 0; }
.metric { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.metric .label { color: var(--muted); font-size: 12px; }
.metric .value { font-size: 22px; font-weight: 600; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.warning { background: #fff8e6; border-left: 4px solid #9a6700; padding: 6px 10px; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f5f8; }
tr.step td { color: var(--muted); font-size: 12px; }
tr.step td:first-child { padding-left: 16px; }
.status { display: inline-block; padding: 0 6px; border-radius: 4px; border: 1px solid; white-space: nowrap; }
ul { margin: 4px 0 4px 18px; padding: 0; }
dl.defs dt { font-weight: 600; } dl.defs dd { margin: 0 0 6px 0; }
.rec-text { margin: 4px 0; }
@page { size: A4; margin: 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 11pt; }
  .card, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  .status { border-width: 1px; }
}
"""


def _e(value: object) -> str:
    """Escape data text for HTML (None and NaN become '', as :func:`analysis.cells.cell_text` reads a cell)."""
    return html.escape(cell_text(value), quote=True)


def _items(value: object) -> list:
    return list(value) if isinstance(value, list | tuple) else []


def _about(about: object) -> str:
    return f" ({_e(about)})" if about else ""


def _status_badge(code: str, text: str) -> str:
    if code not in STATUS_STYLE:
        return _e(text)
    bg, fg = STATUS_STYLE[code]
    return f'<span class="status" style="background:{bg};color:{fg};border-color:{fg}">{_e(text)}</span>'


def _metrics(b: Brief) -> str:
    h = b.headline
    items = [
        ("Recommendations", h.captured_of_declared),
        ("Actions", h.actions),
        ("Due by the visit", h.due),
        ("Overdue", h.overdue),
        ("Ongoing", h.ongoing),
        ("Not yet due", h.later),
        ("Completed", h.completed),
        ("No owner", h.no_owner),
        ("No date", h.no_date),
        ("Flagged dates", h.flagged),
    ]
    boxes = "".join(
        f'<div class="metric"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div></div>'
        for label, value in items
    )
    return f'<div class="metrics">{boxes}</div>'


def _challenge(b: Brief, ch: pd.Series, names: Mapping[str, str]) -> str:
    parts = [f'<div class="card"><h3>{_e(challenge_label(ch))}</h3>']
    follows = ch.get("follows")
    if isinstance(follows, str) and follows:
        parts.append(f"<p>Follows: {_e(names.get(follows, follows))}</p>")
    onsite = ch.get("onsite_as_written") if isinstance(ch.get("onsite_as_written"), str) else ""
    exact = " – ".join(d for d in (day(ch.get("onsite_start")), day(ch.get("onsite_end"))) if d)
    parts.append(f"<p>On site: {_e(onsite or exact or 'not stated')}</p>")
    parts.append(f"<p>Action plan / response: {_e(day(ch.get('plan_date')) or 'not dated')}</p>")
    note = plan_note(
        actions=int(ch.get("actions_count") or 0), action_plan_in_source=bool(ch.get("action_plan_in_source", True))
    )
    if note:
        parts.append(f'<p class="warning">{_e(note)}</p>')
    docs = _items(ch.get("documents"))
    if docs:
        rows = []
        for doc in docs:
            doc = doc if isinstance(doc, Mapping) else {"title": str(doc)}
            bits = [_e(doc.get("title"))]
            when = day(doc.get("date"))
            if when:
                bits.append(_e(when))
            if doc.get("meeting"):
                bits.append(_e(doc.get("meeting")))
            if doc.get("report_of"):
                bits.append("report of " + _e(doc.get("report_of")))
            rows.append("<li>" + " · ".join(bits) + "</li>")
        parts.append("<p>Source documents:</p><ul>" + "".join(rows) + "</ul>")
    team = _items(ch.get("peer_team"))
    if team:
        rows = []
        for member in team:
            member = member if isinstance(member, Mapping) else {"name": str(member)}
            extra = ", ".join(_e(member.get(k)) for k in ("role", "organisation") if member.get(k))
            rows.append(f"<li>{_e(member.get('name'))}{' — ' + extra if extra else ''}</li>")
        parts.append("<p>Peer team:</p><ul>" + "".join(rows) + "</ul>")
    else:
        parts.append('<p class="caption">Peer team: not given in the source.</p>')
    focus = _items(ch.get("focus_areas"))
    parts.append(
        "<p>Focus areas (besides the five core themes): "
        + (_e("; ".join(map(str, focus))) if focus else "none stated")
        + "</p>"
    )
    notes = _items(ch.get("notes"))
    if notes:
        parts.append(
            '<p class="caption">Notes on the source:</p><ul class="caption">'
            + "".join(f"<li>{_e(n)}</li>" for n in notes)
            + "</ul>"
        )
    parts.append("</div>")
    return "".join(parts)


def _checks(b: Brief) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(row[c])}</td>" for c in ("Check", "Count", "Detail", "Items")) + "</tr>"
        for row in check_rows(b).to_dict("records")
    )
    return (
        "<table><thead><tr><th>Check</th><th>Count</th><th>Detail</th><th>Items</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _reviews(b: Brief) -> str:
    """The recorded progress reviews, as the page's "Recorded progress reviews" section shows them (the same
    rows, :func:`analysis.visit_answer.review_rows`), so the file and the page agree."""
    rows = review_rows(b)
    heading = f"<h2>Recorded progress reviews — {len(rows)}</h2>"
    if rows.empty:
        return heading + (
            '<p class="caption">The plan records no progress review, revisit or progress report: '
            "the visit date is an estimate.</p>"
        )
    columns = list(rows.columns)
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(row[c])}</td>" for c in columns) + "</tr>" for row in rows.to_dict("records")
    )
    return (
        heading + '<p class="caption">As the sources record them, beside the plan\'s actions; findings are quoted, '
        f"not judged.</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _actions_table(b: Brief, action_ids: tuple[str, ...]) -> str:
    table = action_rows(b, action_ids)
    if table.empty:
        return ""
    head = "".join(f"<th>{_e(c)}</th>" for c in ACTION_TABLE_COLUMNS)
    body = []
    for row in table.to_dict("records"):
        cells = []
        for column in ACTION_TABLE_COLUMNS:
            value = row[column]
            cells.append(f"<td>{_status_badge(row['_status'], value) if column == 'Status' else _e(value)}</td>")
        body.append(f'<tr class="{_e(row["_kind"])}">' + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _similar(frame: pd.DataFrame | None, names: Mapping[str, str], titles: Mapping[str, str]) -> str:
    if frame is None or frame.empty:
        return '<p class="caption">No similar recommendation in other councils.</p>'
    items = []
    for row in frame.itertuples(index=False):
        title = getattr(row, "title", None) or titles.get(row.rec_id, row.rec_id)
        reason = match_evidence(getattr(row, "why", ""), _items(getattr(row, "shared_topics", [])))
        items.append(
            f"<li><strong>{_e(names.get(row.council_id, row.council_id))}</strong>: {_e(title)} "
            f'<span class="caption">(score {float(row.score):.2f}; {_e(reason)})</span></li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


def _recommendations(
    b: Brief, similar: Mapping[str, pd.DataFrame] | None, names: Mapping[str, str], titles: Mapping[str, str]
) -> str:
    parts = []
    recs = b.recommendations.set_index("rec_id", drop=False)
    for _, ch in b.challenges.iterrows():
        groups = b.groups.get(ch["challenge_id"], [])
        count = sum(len(g.rec_ids) for g in groups)
        parts.append(f"<h3>{_e(challenge_label(ch))} — {count} recommendation{'s' if count != 1 else ''}</h3>")
        if not groups:
            parts.append('<p class="caption">No recommendations recorded for this challenge.</p>')
        for group in groups:
            parts.append('<div class="card">')
            for rec_id in group.rec_ids:
                rec = recs.loc[rec_id]
                shown = recommendation_text(rec)
                parts.append(f"<h4>Recommendation {_e(rec['number'])}: {_e(shown.title)}</h4>")
                if shown.text:
                    parts.append(f'<p class="rec-text">{_e(shown.text)}</p>')
                if shown.sub_points:
                    parts.append("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in shown.sub_points) + "</ul>")
                parts.append(f'<p class="caption">LGA theme: {_e(shown.themes)} · Topics: {_e(shown.topics)}</p>')
                progress = progress_lines(b.progress[b.progress["rec_id"] == rec_id])
                if progress:
                    parts.append(
                        "<p>Progress reported:</p><ul>"
                        + "".join(
                            f"<li><strong>{_e(when)}</strong> {_e(source)}: {_e(text)}</li>"
                            for when, source, text in progress
                        )
                        + "</ul>"
                    )
                if similar is None:
                    parts.append('<p class="caption">Similar elsewhere: similarity engine not available.</p>')
                else:
                    parts.append(
                        "<p>Most similar in other councils:</p>" + _similar(similar.get(rec_id), names, titles)
                    )
            if len(group.rec_ids) > 1:
                parts.append(
                    f'<p class="caption">These {len(group.rec_ids)} recommendations share the actions below.</p>'
                )
            if group.action_ids:
                parts.append(_actions_table(b, group.action_ids))
            elif not bool(ch.get("action_plan_in_source", True)):
                parts.append('<p class="warning">No actions: the action plan is not in the source document.</p>')
            else:
                parts.append('<p class="warning">No action in the plan answers this recommendation.</p>')
            notes = group_notes(b, group)
            if len(notes):
                parts.append(
                    '<p class="caption">Notes on gaps and the source:</p><ul class="caption">'
                    + "".join(
                        f"<li>{_e(n.item)} — {_e(n.kind)}{_about(n.about)}: {_e(n.text)}</li>"
                        for n in notes.itertuples(index=False)
                    )
                    + "</ul>"
                )
            parts.append("</div>")
    return "".join(parts)


def brief_html(
    b: Brief,
    *,
    similar: Mapping[str, pd.DataFrame] | None = None,
    council_names: Mapping[str, str] | None = None,
    rec_titles: Mapping[str, str] | None = None,
    filters_text: str = "",
    generated: dt.date | None = None,
) -> str:
    """The whole brief as a standalone HTML document.

    ``similar`` maps rec_id -> :func:`analysis.followup.similar_elsewhere` frame (None: engine unavailable);
    ``council_names`` and ``rec_titles`` (whole corpus) name the councils and recommendations it points to.
    """
    names = dict(council_names or {})
    titles = dict(rec_titles or {})
    name = str(b.council.get("name") or b.council_id)
    challenge_names = {row["challenge_id"]: challenge_label(row) for _, row in b.challenges.iterrows()}
    names_for_links = {**names, **challenge_names}
    meta = " · ".join(_e(b.council.get(k)) for k in ("council_type", "region", "ons_code") if b.council.get(k))
    default = b.visit_default
    default_text = ""
    if default is not None:
        same = default.date == b.visit_date
        default_text = f" ({'the default' if same else 'default ' + _e(day(default.date))}: {_e(default.explanation)})"
    past = (
        " The visit date is in the past, so anything due by then and not recorded as completed counts as overdue."
        if b.visit_in_past
        else ""
    )
    generated = generated or b.today
    status_defs = "".join(
        f"<dt>{_status_badge(code, STATUS_LABELS[code])}</dt><dd>{_e(STATUS_DEFINITIONS[code])}</dd>"
        for code in STATUSES
    )
    body = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Council brief — {_e(name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Council brief: {_e(name)}</h1>",
        f'<p class="meta">{meta}</p>' if meta else "",
        f"<p>Visit date: <strong>{_e(day(b.visit_date))}</strong>{default_text}</p>",
        f'<p class="caption">Statuses are judged at {_e(day(b.as_of))} (the earlier of today, '
        f"{_e(day(b.today))}, and the visit date).{_e(past)} Generated {_e(day(generated))}"
        + (f" · Filters: {_e(filters_text)}" if filters_text else "")
        + ". Source: Peer Challenge Explorer, from the councils' published papers.</p>",
        "<h2>At a glance</h2>",
        _metrics(b),
        _reviews(b),
        "<h2>Peer challenge" + ("s" if len(b.challenges) != 1 else "") + "</h2>",
        "".join(_challenge(b, ch, names_for_links) for _, ch in b.challenges.iterrows())
        or '<p class="caption">No peer challenge recorded.</p>',
        "<h2>Plan-quality checks</h2>",
        _checks(b),
        "<h2>Recommendations, actions and progress</h2>",
        _recommendations(b, similar, names, titles),
        "<h2>How statuses are worked out</h2>",
        f'<dl class="defs">{status_defs}</dl>',
        "</body></html>",
    ]
    return "\n".join(part for part in body if part)
