"""The draft plan: a schema-ordered dict, its YAML text, the findings and the validation problems.

What the document does not give stays empty (``null``) and is said in a note and a finding; the draft is
then checked by the same code that checks an uploaded plan, so the maintainer sees exactly what is left
to fill in before it loads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from loaders.importer.assemble import Parts
from loaders.importer.findings import Findings
from loaders.problems import Problem
from loaders.roundtrip import dump_yaml
from loaders.upload import check_upload


@dataclass(frozen=True)
class Draft:
    """A plan drafted from a document. ``plan`` follows the schema; ``yaml`` is what a maintainer saves."""

    plan: dict
    yaml: str
    findings: Findings
    problems: list[Problem]
    text: str
    source_kind: str

    @property
    def findings_frame(self) -> pd.DataFrame:
        return self.findings.frame()

    @property
    def problems_frame(self) -> pd.DataFrame:
        rows = [p.__dict__ for p in self.problems]
        return pd.DataFrame(rows, columns=["file", "line", "field", "message", "severity"])

    @property
    def plan_id(self) -> str:
        return str(self.plan.get("id") or "draft")


def _council(parts: Parts, findings: Findings, notes: list[dict]) -> dict:
    match = parts.authority
    if match is None:
        findings.add(
            "organisation not found", "whole document", "low", "no council name or ONS code from the reference list"
        )
        notes.append(
            {"kind": "missing", "about": "council", "text": "The importer did not find the council's name or ONS code."}
        )
        return {"id": "", "name": "", "ons_code": None, "council_type": None, "region": ""}
    a = match.authority
    findings.add(f"organisation: {a.name} ({a.ons_code})", "whole document", match.confidence, match.how)
    if match.confidence == "low":
        notes.append({"kind": "ambiguous", "about": "council", "text": f"Council identified {match.how}; check it."})
    return {"id": a.slug, "name": a.name, "ons_code": a.ons_code, "council_type": a.council_type, "region": a.region}


def _drop_empty(item: dict, keep: tuple[str, ...] = ()) -> dict:
    return {k: v for k, v in item.items() if k in keep or v not in (None, [], "")}


def build(parts: Parts, findings: Findings, *, filename: str | None) -> dict:
    meta = parts.meta
    notes: list[dict] = []
    council = _council(parts, findings, notes)
    year = meta.year or (meta.date.year if meta.date else None)
    if meta.year is None:
        why = f"from the document date ({meta.date})" if meta.date else "no date found"
        findings.add("challenge year", meta.date_where or "whole document", "low", f"no on-site date found; year {why}")
        notes.append(
            {
                "kind": "missing",
                "about": "year",
                "text": "The document does not say when the on-site visit was; year is a guess from the document date.",
            }
        )
    if meta.onsite_as_written:
        findings.add(
            f"on-site: {meta.onsite_as_written}",
            meta.onsite_where or "",
            "medium",
            "date phrase in a sentence about the visit",
        )
    if meta.date:
        findings.add(
            f"document date {meta.date.isoformat()}", meta.date_where or "", "high", "dated label or first dated line"
        )
    elif meta.date_as_written:
        findings.add(
            f"document date as written: {meta.date_as_written}", meta.date_where or "", "medium", "dated label, no day"
        )
    document = _drop_empty(
        {
            "title": meta.title or (filename or "Council document"),
            "date": meta.date,
            "date_as_written": None if meta.date else meta.date_as_written,
            "meeting": meta.meeting,
            "report_of": meta.report_of,
            "file": filename,
        },
        keep=("title",),
    )
    if meta.declared is not None:
        findings.add(
            f"declared recommendations: {meta.declared}",
            "whole document",
            "medium",
            f"the document says {meta.declared_quote!r}",
        )
    captured = len(parts.recs)
    if not parts.recs:
        findings.add(
            "no recommendations found",
            "whole document",
            "low",
            "no 'Recommendation N' labels, numbered list under a recommendations heading, "
            "or table column of recommendations",
        )
        notes.append(
            {
                "kind": "missing",
                "about": "recommendations",
                "text": "The importer found no recommendations in the document.",
            }
        )
    elif meta.declared is not None and meta.declared != captured:
        notes.append(
            {
                "kind": "missing" if captured < meta.declared else "inconsistent",
                "about": "recommendations",
                "text": f"The document declares {meta.declared} recommendations; the draft captured {captured}.",
            }
        )
        findings.add(
            f"declared {meta.declared}, captured {captured}",
            "whole document",
            "low",
            "counts differ: look for what was missed",
        )
    if parts.tables == 0:
        findings.add("no action table found", "whole document", "low", "no table whose header names an action column")
    challenge = {
        "kind": meta.kind,
        "year": year,
        "onsite_start": meta.onsite_start,
        "onsite_end": meta.onsite_end,
        "onsite_as_written": meta.onsite_as_written,
        "plan_date": meta.date,
        "plan_date_as_written": None if meta.date else meta.date_as_written,
        "recommendations_declared": meta.declared,
        "has_owner_column": parts.owner_column,
        "action_plan_in_source": bool(parts.actions),
        "documents": [document],
        "council_themes": [_drop_empty(t) for t in parts.themes],
        "notes": notes,
    }
    challenge = _drop_empty(challenge, keep=("kind", "year", "documents", "has_owner_column", "action_plan_in_source"))
    recommendations = []
    for rec in parts.recs:
        item = {
            "number": rec.number,
            "title": rec.title,
            "text": rec.text,
            "council_theme": rec.council_theme,
            "sub_points": rec.sub_points,
            "notes": rec.notes,
        }
        recommendations.append(_drop_empty(item, keep=("number", "title")))
    actions = []
    known = {r.number for r in parts.recs}
    for position, action in enumerate(parts.actions, start=1):
        links = [n for n in dict.fromkeys(action.recommendations) if n in known]
        missing = [n for n in action.recommendations if n not in known]
        if missing:
            action.notes.append(
                {
                    "kind": "inconsistent",
                    "about": "recommendations",
                    "text": f"Refers to recommendation(s) {', '.join(missing)}, which the draft does not hold.",
                }
            )
        if not links:
            action.notes.append(
                {
                    "kind": "missing",
                    "about": "recommendations",
                    "text": "The importer could not tell which recommendation this action answers.",
                }
            )
        steps = [_drop_empty(s) for s in action.steps if s.get("text")]
        item = {
            "id": f"a{position}",
            "number": action.number,
            "recommendations": links,
            "text": action.text,
            "owner": action.owner,
            "timescale": action.timescale,
            "status": action.status,
            "steps": steps,
            "notes": action.notes,
        }
        actions.append(_drop_empty(item, keep=("id", "recommendations", "text", "owner", "timescale")))
    plan_id = f"{council['id']}-{year}" if council["id"] and year else "draft"
    return {
        "schema_version": 1,
        "id": plan_id,
        "council": council,
        "challenge": challenge,
        "recommendations": recommendations,
        "actions": actions,
    }


def to_yaml(plan: dict, *, source: str | None) -> str:
    stamp = dt.date.today().isoformat()
    header = (
        f"# Draft plan made by the importer from {source or 'a document'} on {stamp}.\n"
        "# Check every value against the document before publishing: see the findings for each decision.\n"
    )
    return header + dump_yaml(plan)


def problems_of(text: str, plan_id: str) -> list[Problem]:
    name = f"{plan_id}.yaml"
    return check_upload(name, text, stem=plan_id).problems
