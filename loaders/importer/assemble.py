"""A document's parts put together as a plan in the schema: recommendations, actions, particulars, notes.

Rules (none names a council or quotes one document):

- an action table row gives one action, numbered as the row is ("1.1"); its recommendation is the row's
  recommendation cell, else the number's prefix ("1.1" answers "1"), else the label or heading just
  before the table;
- a row whose action cell holds several paragraphs (a council answering a group of recommendations at
  once) gives one action per paragraph, a bulleted run after a paragraph ending in ":" being its steps;
  owner/timescale/status cells then go one-to-one when their paragraph count matches, to every action
  when there is one, and otherwise whole to every action with an "ambiguous" note;
- an owner, timescale or status is the cell as written; several owner columns: the first by role order
  (accountable, lead, owner, responsible, support) is ``owner``, the others are kept as notes;
- a column the header does not map is kept as a note on each action, never dropped;
- a recommendation that actions refer to but the text never states takes the heading before its table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.importer.authorities import Match, find_authority
from loaders.importer.cells import BULLETS, cell_paragraphs, clean, split_bullets, split_steps
from loaders.importer.document import Document, Table
from loaders.importer.findings import Findings
from loaders.importer.headers import OWNER_ROLES
from loaders.importer.meta import Meta, find_meta
from loaders.importer.recommendations import LABEL, SHORT, Rec, find_recommendations, headline, table_headings
from loaders.importer.similar import alike, similar
from loaders.importer.tables import NUMBER, ActionTable, Record, assemble, find_header

_REF_CELL = re.compile(
    r"^(?:(?:recommendation|rec\.?|r)\s*)?(\d{1,3}(?:\.\d{1,2})?)(?:\s*[,&/]\s*(?:r\s*)?(\d{1,3}(?:\.\d{1,2})?))*\.?$",
    re.I,
)


@dataclass
class DraftAction:
    number: str | None
    recommendations: list[str]
    text: str
    where: str
    owner: str | None = None
    timescale: str | None = None
    status: str | None = None
    steps: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)


@dataclass
class Parts:
    meta: Meta
    authority: Match | None
    recs: list[Rec]
    actions: list[DraftAction]
    themes: list[dict]
    tables: int
    owner_column: bool
    notes: list[dict]


def _refs(text: str) -> list[str] | None:
    text = clean(text)
    if not text or len(text) > 40:
        return None
    numbers = re.findall(r"\d{1,3}(?:\.\d{1,2})?", text)
    if _REF_CELL.match(text) or (numbers and re.fullmatch(r"[\sRr,&/.\d-]*(?:and[\sRr,&/.\d-]*)*", text)):
        return numbers
    return None


def _steps(text: str) -> list[dict]:
    paragraphs = cell_paragraphs(text)
    bulleted = [p for p in paragraphs if p[:1] in BULLETS and p[1:2] == " "]
    if len(bulleted) >= 2 and len(bulleted) >= len(paragraphs) - 1:
        return [{"label": p[0], "text": p[2:].strip()} for p in bulleted]
    lead, steps = split_steps(" ".join(paragraphs))
    if steps:
        out = [{"label": s.label, "text": s.text} if s.label else {"text": s.text} for s in steps]
        if lead:
            out.insert(0, {"text": lead})
        return out
    return [{"text": p} for p in paragraphs] if paragraphs else []


def _cell_text(text: str) -> str | None:
    joined = clean(" ".join(cell_paragraphs(text)))
    return joined or None


def _distribute(column_text: str, count: int, what: str) -> tuple[list[str | None], str | None]:
    paragraphs = cell_paragraphs(column_text)
    if not paragraphs:
        return [None] * count, None
    if len(paragraphs) == count:
        return list(paragraphs), None
    if len(paragraphs) == 1:
        return [paragraphs[0]] * count, None
    whole = clean(" ".join(paragraphs))
    return [whole] * count, f"The {what} cell holds {len(paragraphs)} entries for {count} actions; kept whole on each."


def _table_recs(
    record: Record, table: ActionTable, theme: str | None, findings: Findings
) -> tuple[list[Rec], list[str]]:
    """Recommendations written out in the row's recommendation cell, and the numbers the cell refers to."""
    out: list[Rec] = []
    numbers: list[str] = []
    for column in table.mapping.columns("recommendation"):
        text = record.cells[column]
        if not text.strip():
            continue
        refs = _refs(text)
        if refs is not None:
            numbers.extend(refs)
            continue
        items, subs = split_bullets(cell_paragraphs(text))
        for item, sub in zip(items, subs, strict=False):
            label = LABEL.match(item) or SHORT.match(item) or NUMBER.match(item)
            number = label.group(1) if label else ""
            body = clean(label.group(3)) if label and label.re is not NUMBER else item
            if label and not (LABEL.match(item) or SHORT.match(item)):
                body = clean(item[label.end() :])
            if not body:
                continue
            title, full = headline(body.rstrip(":") if sub else body)
            rec = Rec(number, title, full, record.where, "table", [s.text for s in sub], theme)
            out.append(rec)
    return out, numbers


def _theme(record: Record, table: ActionTable) -> tuple[str | None, str | None]:
    for column in table.mapping.columns("theme"):
        paragraphs = cell_paragraphs(record.cells[column])
        if paragraphs:
            description = paragraphs[1] if len(paragraphs) > 1 else None
            if description and description.startswith("(") and description.endswith(")"):
                description = description[1:-1].strip()
            return paragraphs[0], description
    return None, None


def _owner_fields(
    record: Record, table: ActionTable, count: int
) -> tuple[list[str | None], list[list[dict]], list[str]]:
    columns = table.mapping.columns("owner")
    if not columns:
        return [None] * count, [[] for _ in range(count)], []
    order = sorted(columns, key=lambda c: OWNER_ROLES.index(table.mapping.roles[c].split(":")[1]))
    owners, doubt = _distribute(record.cells[order[0]], count, "owner")
    notes: list[list[dict]] = [[] for _ in range(count)]
    doubts = [doubt] if doubt else []
    for column in order[1:]:
        values, extra = _distribute(record.cells[column], count, table.mapping.headers[column])
        if extra:
            doubts.append(extra)
        for i, value in enumerate(values):
            if value:
                notes[i].append({"kind": "context", "about": f"owner ({table.mapping.headers[column]})", "text": value})
    return owners, notes, doubts


def _record_actions(
    record: Record, table: ActionTable, context_rec: str | None, findings: Findings
) -> tuple[list[DraftAction], list[Rec], str | None, str | None]:
    mapping = table.mapping
    theme, description = _theme(record, table)
    recs, refs = _table_recs(record, table, theme, findings)
    action_text = record.cells[mapping.action_column]
    steps_column = mapping.steps_column
    paragraphs = cell_paragraphs(action_text)
    actions: list[DraftAction] = []
    first = clean(" ".join(paragraphs))
    number_match = NUMBER.match(first)
    numbered_row = any(clean(record.cells[c]) for c in mapping.columns("number"))
    many = (
        steps_column is None
        and len(paragraphs) > 1
        and not number_match
        and not numbered_row
        and not split_steps(first)[1]
    )
    if many:
        items, subs = split_bullets(paragraphs)
        for item, sub in zip(items, subs, strict=False):
            actions.append(
                DraftAction(None, [], item, record.where, steps=[{"label": s.label, "text": s.text} for s in sub])
            )
    elif first:
        number = number_match.group(1) if number_match else None
        text = clean(first[number_match.end() :]) if number_match else first
        steps: list[dict] = []
        if steps_column is not None:
            steps = _steps(record.cells[steps_column])
        else:
            plain = [p for p in paragraphs if not (p[:1] in BULLETS and p[1:2] == " ")]
            bullets = [p for p in paragraphs if p not in plain]
            if bullets and plain:
                text = clean(" ".join(plain))
                text = clean(text[number_match.end() :]) if number_match else text
                steps = [{"label": p[0], "text": p[2:].strip()} for p in bullets]
            else:
                lead, found = split_steps(text)
                if found and lead:
                    text, steps = lead, [{"label": s.label, "text": s.text} for s in found]
        for column in mapping.columns("number"):
            cell = clean(record.cells[column])
            if cell and number is None:
                number = cell
        actions.append(DraftAction(number, [], text or first, record.where, steps=steps))
    elif steps_column is not None and record.cells[steps_column].strip():
        actions.append(DraftAction(None, [], _cell_text(record.cells[steps_column]) or "", record.where))
    if not actions:
        return [], recs, theme, description
    count = len(actions)
    owners, owner_notes, doubts = _owner_fields(record, table, count)
    timescales, t_doubt = (
        _distribute(record.cells[mapping.columns("timescale")[0]], count, "timescale")
        if mapping.columns("timescale")
        else ([None] * count, None)
    )
    statuses, s_doubt = (
        _distribute(record.cells[mapping.columns("status")[0]], count, "status")
        if mapping.columns("status")
        else ([None] * count, None)
    )
    for i, action in enumerate(actions):
        action.owner = clean(owners[i]) if owners[i] else None
        if count == 1 and mapping.columns("owner"):
            action.owner = _cell_text(
                record.cells[
                    sorted(mapping.columns("owner"), key=lambda c: OWNER_ROLES.index(mapping.roles[c].split(":")[1]))[0]
                ]
            )
        action.timescale = clean(timescales[i]) if timescales[i] else None
        if count == 1 and mapping.columns("timescale"):
            action.timescale = _cell_text(record.cells[mapping.columns("timescale")[0]])
        action.status = clean(statuses[i]) if statuses[i] else None
        action.notes.extend(owner_notes[i])
        for doubt, about in [(d, "owner") for d in doubts] + [(t_doubt, "timescale"), (s_doubt, "status")]:
            if doubt:
                action.notes.append({"kind": "ambiguous", "about": about, "text": doubt})
        for column, role in enumerate(mapping.roles):
            if role in ("note", "progress") and record.cells[column].strip():
                action.notes.append(
                    {"kind": "context", "about": mapping.headers[column], "text": _cell_text(record.cells[column])}
                )
        linked = [r.number for r in recs if r.number] or refs
        if not linked and action.number and "." in action.number:
            linked = [action.number.rsplit(".", 1)[0]]
        if not linked and context_rec:
            linked = [context_rec]
        action.recommendations = linked
        action._unnumbered_recs = [r for r in recs if not r.number]  # type: ignore[attr-defined]
    return actions, recs, theme, description


def _context_rec(doc: Document, table_index: int, recs: list[Rec]) -> tuple[str | None, str | None]:
    """The recommendation a table answers, from the label or heading just before it."""
    headings = table_headings(doc, table_index)
    for text in headings:
        match = LABEL.match(text) or SHORT.match(text)
        if match:
            return match.group(1), headings[0] if headings and headings[0] != text else None
    for text in headings:
        close = [r for r in recs if alike(r.title, text, 0.7)]
        if close:
            return max(close, key=lambda r: similar(r.title, text)).number, text
    return None, headings[0] if headings else None


def find_parts(doc: Document, findings: Findings, filename: str | None) -> Parts:
    meta = find_meta(doc)
    authority = find_authority(doc.text, filename)
    recs = find_recommendations(doc, findings)
    actions: list[DraftAction] = []
    themes: list[dict] = []
    table_recs: list[Rec] = []
    headings_for: dict[str, str] = {}
    tables = 0
    owner_column = False
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Table):
            continue
        header = find_header(block)
        if header is None:
            continue
        header_at, mapping = header
        if mapping.action_column is None:
            continue
        tables += 1
        owner_column = owner_column or bool(mapping.columns("owner"))
        for column, (name, role) in enumerate(zip(mapping.headers, mapping.roles, strict=False)):
            what = f"column {column + 1} {name!r} -> {role}"
            why = "header words" if role != "note" else "no known heading: its cells are kept as notes on each action"
            findings.add(what, block.at(header_at), "high" if role != "note" else "low", why)
        table = assemble(block, mapping, header_at, findings, index=index, flattened=doc.kind == "text")
        context, heading = _context_rec(doc, index, recs)
        current_theme: str | None = None
        for record in table.records:
            found, new_recs, theme, description = _record_actions(record, table, context, findings)
            if theme:
                current_theme, _current_description = theme, description
                if not any(t["name"] == theme for t in themes):
                    themes.append({"name": theme, "description": description})
            for rec in new_recs:
                rec.council_theme = rec.council_theme or current_theme
                table_recs.append(rec)
            for action in found:
                if not action.recommendations and action._unnumbered_recs == [] and current_theme:  # type: ignore[attr-defined]
                    pass
                actions.append(action)
                findings.add(
                    f"action {action.number or len(actions)}",
                    action.where,
                    "high" if action.number else "medium",
                    f"row of the table at {block.where}",
                )
        if heading and context is None:
            prefixes = {
                a.number.rsplit(".", 1)[0]
                for a in actions
                if a.number and "." in a.number and a.where in {r.where for r in table.records}
            }
            if len(prefixes) == 1:
                headings_for[prefixes.pop()] = heading
    # recommendations written in table cells: number them in order when the document does not
    numbered = {r.number for r in recs}
    unnumbered_table = [r for r in table_recs if not r.number]
    if not recs and table_recs:
        for position, rec in enumerate(table_recs, start=1):
            if not rec.number:
                rec.number = str(position)
        recs = table_recs
        if unnumbered_table:
            findings.add(
                "recommendations numbered in document order",
                "whole document",
                "medium",
                "the table does not number them",
            )
    elif table_recs:
        for rec in table_recs:
            if not any(alike(rec.title, r.title, 0.75) for r in recs):
                rec.number = rec.number or str(len(recs) + 1)
                if rec.number not in numbered:
                    recs.append(rec)
    # link unnumbered table actions to the recommendations of their row (now that those have numbers)
    for action in actions:
        row_recs = getattr(action, "_unnumbered_recs", [])
        if not action.recommendations and row_recs:
            action.recommendations = [r.number for r in row_recs]
    # a recommendation actions refer to but the text never gave: the heading before its table
    have = {r.number for r in recs}
    for number, heading in sorted(headings_for.items()):
        if number not in have and not LABEL.match(heading):
            title, full = headline(heading)
            rec = Rec(number, title, full, "heading before its action table", "heading")
            rec.notes.append(
                {
                    "kind": "editorial",
                    "about": "title",
                    "text": "Taken from the heading before the action table numbered "
                    f"{number}.x: the list of recommendations does not give its text.",
                }
            )
            recs.append(rec)
            findings.add(
                f"recommendation {number}",
                "heading before its action table",
                "low",
                f"its actions are numbered {number}.x and the heading before their table is the only text for it",
            )
    if all(re.fullmatch(r"\d+(?:\.\d+)?", r.number) for r in recs):
        recs.sort(key=lambda r: tuple(int(p) for p in r.number.split(".")))
    notes: list[dict] = []
    if not actions and tables == 0:
        from loaders.importer.narrative import narrative_actions

        actions = narrative_actions(doc, recs, findings)
    return Parts(meta, authority, recs, actions, themes, tables, owner_column, notes)
