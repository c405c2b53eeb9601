"""Action-plan tables put back together: one record per table row as the author meant it.

Extraction breaks tables in predictable ways, and each repair is recorded as a finding:

- the header repeated at the top of each page is dropped;
- a header cell wrapped onto its own line (``What do we want to`` / ``achieve?``) is rejoined;
- a row whose action cell is empty, or (when the table numbers its actions) does not start with a
  number, continues the row above: a row wrapped onto the next line or the next page;
- a cell the format reports as merged (``None``) takes the value of the cell above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.importer.document import Table
from loaders.importer.findings import Findings
from loaders.importer.headers import Mapping, map_header, same_header

NUMBER = re.compile(r"^\(?((?:\d{1,3})(?:\.\d{1,3}){0,3})[.)]?(?=\s|$)")
#: Columns whose merged (spanned) cells are inherited by the rows below.
_INHERITED = ("recommendation", "theme", "owner", "timescale", "status")


@dataclass
class Record:
    """One logical row: cell texts by column index, and where its first line was."""

    cells: list[str]
    where: str
    pieces: int = 1
    inherited: set[int] = field(default_factory=set)


@dataclass
class ActionTable:
    mapping: Mapping
    records: list[Record]
    where: str
    index: int  # position of the table block in the document


def _width(row: list[str | None], width: int) -> list[str | None]:
    if len(row) < width:
        return row + [""] * (width - len(row))
    if len(row) > width:
        extra = " ".join(c for c in row[width - 1 :] if c)
        return [*row[: width - 1], extra]
    return row


def _join(left: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    return f"{left} {right}" if "\n" not in left + right else f"{left}\n{right}"


def find_header(table: Table) -> tuple[int, Mapping] | None:
    for index, row in enumerate(table.rows[:3]):
        mapping = map_header([c or "" for c in row])
        if mapping:
            return index, mapping
    return None


def assemble(
    table: Table, mapping: Mapping, header_at: int, findings: Findings, *, index: int, flattened: bool = False
) -> ActionTable:
    """``flattened``: the table came from pasted text, where a merged cell is indistinguishable from an empty one."""
    width = len(mapping.headers)
    action = mapping.action_column
    records: list[Record] = []
    body = table.rows[header_at + 1 :]
    data_rows = [_width(list(r), width) for r in body if len(r) > 1]
    number_columns = mapping.columns("number")
    key = action
    numbered = sum(1 for r in data_rows if NUMBER.match((r[action] or "").strip())) >= max(2, len(data_rows) // 2)
    if number_columns:
        filled = sum(1 for r in data_rows if (r[number_columns[0]] or "").strip())
        if filled >= max(2, 0.6 * len(data_rows)):
            key, numbered = number_columns[0], False  # every row has a reference: an empty one continues a row
    for offset, raw in enumerate(body):
        where = table.at(header_at + 1 + offset)
        cells_in = [c.strip() if isinstance(c, str) else None for c in raw]
        if same_header([c or "" for c in cells_in], mapping):
            findings.add("repeated header dropped", where, "high", "the header row repeats (a new page)")
            continue
        if len([c for c in cells_in if c]) <= 1 and len(cells_in) == 1:
            text = cells_in[0] or ""
            if not records:
                mapping.headers[0] = f"{mapping.headers[0]} {text}"
                findings.add("header cell rejoined", where, "medium", f"{text!r} continues the header cell above")
            else:
                last = records[-1]
                last.cells[action] = _join(last.cells[action], text)
                last.pieces += 1
                findings.add("wrapped line joined", where, "medium", f"{text[:40]!r} continues the row above")
            continue
        cells = _width(cells_in, width)
        head = (cells[key] or "").strip()
        if key != action and not head and not (cells[action] or "").strip():
            head = ""
        continues = records and (not head or (numbered and not NUMBER.match(head)))
        if continues and head == "" and all(not c for c in cells):
            continue
        if continues:
            last = records[-1]
            for column, value in enumerate(cells):
                if value and column not in last.inherited:
                    last.cells[column] = _join(last.cells[column], value)
                elif value:
                    last.cells[column] = value
                    last.inherited.discard(column)
            last.pieces += 1
            column_name = mapping.headers[key]
            reason = f"its {column_name!r} cell is empty" if not head else f"its {column_name!r} cell is not a number"
            findings.add("continuation row joined", where, "medium", f"joined to the row above: {reason}")
            continue
        inherited: set[int] = set()
        for column, value in enumerate(cells):
            if value is None and records and mapping.roles[column].split(":")[0] in _INHERITED:
                cells[column] = records[-1].cells[column]
                inherited.add(column)
                findings.add(
                    "merged cell", where, "medium", f"column {mapping.headers[column]!r} takes the value above"
                )
        group = [i for i, r in enumerate(mapping.roles) if r in ("theme", "recommendation")]
        if flattened and records and group and all(cells[i] == "" for i in group):
            for column, role in enumerate(mapping.roles):
                if role.startswith("owner") and cells[column] == "" and records[-1].cells[column]:
                    cells[column] = records[-1].cells[column]
                    inherited.add(column)
                    findings.add(
                        "owner taken from the row above",
                        where,
                        "low",
                        f"the row's {mapping.headers[group[0]]!r} and owner cells are empty: "
                        "read as cells merged with the row above",
                    )
        records.append(Record([c or "" for c in cells], where, 1, inherited))
    return ActionTable(mapping, records, table.where, index)
