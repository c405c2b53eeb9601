"""A draft corrected by hand: the edited tables folded back into the plan, re-serialised and re-checked.

The dashboard edits recommendations and actions as flat tables (one row each, recommendation numbers as
"1, 2"); steps, milestones and notes are not in those tables and are carried over from the draft row that
had the same position and text, so correcting a title never loses an action's steps.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from loaders.importer.draft import problems_of, to_yaml
from loaders.problems import Problem

REC_COLUMNS = ["number", "title", "text", "council_theme"]
ACTION_COLUMNS = ["id", "number", "recommendations", "text", "owner", "timescale", "status"]
COUNCIL_FIELDS = ["id", "name", "ons_code", "council_type", "region"]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from an emptied data_editor cell
        return None
    text = str(value).strip()
    return text or None


def rec_rows(plan: Mapping) -> list[dict]:
    return [{c: r.get(c) for c in REC_COLUMNS} for r in plan.get("recommendations") or []]


def action_rows(plan: Mapping) -> list[dict]:
    rows = []
    for a in plan.get("actions") or []:
        row = {c: a.get(c) for c in ACTION_COLUMNS}
        row["recommendations"] = ", ".join(a.get("recommendations") or [])
        rows.append(row)
    return rows


def apply_edits(
    plan: Mapping,
    *,
    council: Mapping | None = None,
    year: int | None = None,
    recommendations: list[dict] | None = None,
    actions: list[dict] | None = None,
) -> dict:
    """The plan with the edited council fields, year and tables; the plan id follows the council id and year."""
    out = copy.deepcopy(dict(plan))
    if council is not None:
        out["council"] = {
            k: _text(council.get(k)) if k != "id" else (_text(council.get(k)) or "") for k in COUNCIL_FIELDS
        }
    if year is not None:
        out["challenge"]["year"] = int(year)
    old_recs = {(r.get("number"), i): r for i, r in enumerate(plan.get("recommendations") or [])}
    if recommendations is not None:
        new = []
        for index, row in enumerate(recommendations):
            if not _text(row.get("title")) and not _text(row.get("number")):
                continue
            base = copy.deepcopy(old_recs.get((_text(row.get("number")), index), {}))
            for column in REC_COLUMNS:
                value = _text(row.get(column))
                if value is None:
                    base.pop(column, None)
                else:
                    base[column] = value
            base.setdefault("number", str(index + 1))
            base.setdefault("title", "")
            new.append({k: base[k] for k in ("number", "title", *[k for k in base if k not in ("number", "title")])})
        out["recommendations"] = new
    if actions is not None:
        old = plan.get("actions") or []
        new = []
        for index, row in enumerate(actions):
            if not _text(row.get("text")):
                continue
            base = copy.deepcopy(old[index]) if index < len(old) and old[index].get("text") == row.get("text") else {}
            for column in ACTION_COLUMNS:
                value = _text(row.get(column))
                if column == "recommendations":
                    base[column] = [p.strip() for p in (value or "").split(",") if p.strip()]
                elif value is None and column not in ("owner", "timescale"):
                    base.pop(column, None)
                else:
                    base[column] = value
            base["id"] = base.get("id") or f"a{index + 1}"
            order = [*ACTION_COLUMNS, *[k for k in base if k not in ACTION_COLUMNS]]
            new.append({k: base[k] for k in order if k in base})
        out["actions"] = new
    cid, cyear = out["council"].get("id"), out["challenge"].get("year")
    out["id"] = f"{cid}-{cyear}" if cid and cyear else "draft"
    return out


def recheck(plan: Mapping, *, source: str | None) -> tuple[str, list[Problem]]:
    """The YAML text of ``plan`` and its validation problems (as on the Add a plan page)."""
    text = to_yaml(dict(plan), source=source)
    return text, problems_of(text, str(plan.get("id") or "draft"))
