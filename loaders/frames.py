"""Flatten validated plans into tidy pandas frames with fixed columns, raw text beside normalised values.

Normalisation (timescales, owners, themes) happens here, once, at load time, so every page and
notebook sees the same values and nothing downstream re-parses text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from loaders.completeness import completeness, fidelity_summary
from loaders.constants import UNREADABLE_FIDELITY
from loaders.dates_as_written import period, period_columns, progress_line
from loaders.identifiers import rec_number
from loaders.models import Action, Note, Plan
from loaders.owners import ROLE_NOT_STATED, mentioned_owners, owner_roles_for, role_family
from loaders.statuses import COMPLETE, status_scale
from loaders.themes import Classification, classify
from loaders.timescales import Timescale, parse_timescale

COUNCIL_COLUMNS = ["council_id", "name", "ons_code", "council_type", "region"]
CHALLENGE_COLUMNS = [
    "challenge_id", "council_id", "council_name", "kind", "year", "onsite_start", "onsite_end",
    "onsite_as_written", "report_date", "plan_date", "follows", "recommendations_declared",
    "recommendations_captured", "actions_count", "steps_count", "has_owner_column", "action_plan_in_source",
    "source_title", "source_date", "source_meeting", "documents", "peer_team", "focus_areas",
    "council_themes", "strengths", "council_priorities", "notes", "file",
    "completeness", "recommendation_fidelity", "actions_declared", "reviews_count",
    "report_date_as_written", "report_date_from", "report_date_to",
    "plan_date_as_written", "plan_date_from", "plan_date_to", "source_date_as_written",
]  # fmt: skip
#: The challenges frame's date columns: exact days, and the period a date as written names (``_from``/``_to``).
CHALLENGE_DATE_COLUMNS = [
    "onsite_start", "onsite_end", "report_date", "plan_date", "source_date", "report_date_from", "report_date_to",
    "plan_date_from", "plan_date_to",
]  # fmt: skip
RECOMMENDATION_COLUMNS = [
    "rec_id", "challenge_id", "council_id", "number", "order", "title", "text", "council_theme",
    "lga_themes", "lga_theme", "theme_source", "topics", "topic_source", "evidence", "sub_points",
    "progress", "actions_count", "notes", "fidelity", "number_raw",
]  # fmt: skip
ACTION_COLUMNS = [
    "action_id", "challenge_id", "council_id", "rec_ids", "number", "order", "text", "owner_raw", "owners",
    "owner_families", "owners_mentioned", "timescale_raw", "start", "end", "ongoing", "completed",
    "timescale_flags", "timescale_source", "milestones", "status", "steps_count", "notes", "status_scale",
    "owner_roles",
    "fidelity",
]  # fmt: skip
STEP_COLUMNS = [
    "step_id", "action_id", "challenge_id", "council_id", "label", "order", "text", "owner_raw",
    "timescale_raw", "start", "end", "ongoing", "completed", "timescale_flags", "status", "notes",
    "status_scale",
]  # fmt: skip
NOTE_COLUMNS = ["challenge_id", "council_id", "item_id", "item_kind", "kind", "about", "text"]
CONTEXT_COLUMNS = [
    "document_id", "challenge_id", "council_id", "document_title", "document_date", "section", "title",
    "text", "lead", "drivers", "update", "next_steps", "items", "document_date_as_written",
]  # fmt: skip
REVIEW_COLUMNS = [
    "review_id", "challenge_id", "council_id", "order", "kind", "date", "date_as_written", "date_from", "date_to",
    "planned", "title",
    "findings", "rag_green", "rag_amber", "rag_red", "rag_other", "rag_of", "source", "url",
    "review_challenge_id", "notes",
]  # fmt: skip

HAND = "hand-labelled"
CLASSIFIED = "classified"
#: theme_source / topic_source of a recommendation whose text is cut off in the source (fidelity truncated) and
#: that nobody labelled: a fragment ("Develop g") is no evidence of a theme, so the classifier does not read it.
NOT_CLASSIFIED = "not classified"


@dataclass(frozen=True)
class Rows:
    """Plain row dicts for every frame, accumulated across plans before one DataFrame per table."""

    councils: list[dict]
    challenges: list[dict]
    recommendations: list[dict]
    actions: list[dict]
    steps: list[dict]
    notes: list[dict]
    context: list[dict]
    reviews: list[dict]

    @classmethod
    def empty(cls) -> Rows:
        return cls([], [], [], [], [], [], [], [])


#: A step label that can stand in an id: letters, digits, dots and brackets ("a", "ii", "3.1", "(b)").
_ID_LABEL = re.compile(r"[\w.()]+")


def _step_key(label: str | None, position: int, counts: Counter) -> str | int:
    """A step's part of its id: its label ("a", "ii", "3.1") when that names it alone, else its position.

    Bulleted steps ("•") and repeated labels would otherwise give several steps one id.
    """
    if label and counts[label] == 1 and _ID_LABEL.fullmatch(label):
        return label
    return position


def _notes_text(notes: Iterable[Note]) -> list[str]:
    return [f"{n.kind}{f' ({n.about})' if n.about else ''}: {n.text}" for n in notes]


def _timescale_fields(ts: Timescale) -> dict:
    return {
        "start": ts.start,
        "end": ts.end,
        "ongoing": ts.ongoing,
        "completed": ts.completed,
        "timescale_flags": list(ts.flags),
    }


def _action_timescale(action: Action, step_times: list[Timescale], reference: dt.date | None) -> tuple[dict, str]:
    """The action's own timescale, or else the span of its steps' timescales (said so in timescale_source)."""
    own = parse_timescale(action.timescale, reference)
    if action.timescale or not step_times:
        return _timescale_fields(own), "action" if action.timescale else "none"
    starts = [t.start for t in step_times if t.start]
    ends = [t.end for t in step_times if t.end]
    flags = sorted({f for t in step_times for f in t.flags})
    return {
        "start": min(starts) if starts else None,
        "end": max(ends) if ends else None,
        "ongoing": any(t.ongoing for t in step_times),
        "completed": all(t.completed for t in step_times),
        "timescale_flags": flags,
    }, "steps"


def plan_rows(plan: Plan, *, file: str, rows: Rows) -> None:
    """Append one plan's rows to ``rows``."""
    c, ch, cid = plan.council, plan.challenge, plan.id
    plan_span = period(ch.plan_date, ch.plan_date_as_written)
    # The plan's exact day, else the first day of the period its date as written names ("January 2024"), so a
    # plan dated only by month still infers missing years and flags dates before the plan.
    reference = plan_span["date_from"]
    rows.councils.append(
        {"council_id": c.id, "name": c.name, "ons_code": c.ons_code, "council_type": c.council_type, "region": c.region}
    )
    for note in plan.notes + ch.notes:
        rows.notes.append(_note_row(plan, cid, "challenge", note))

    actions_by_rec: dict[str, int] = {}
    steps_total = 0
    for order, action in enumerate(plan.actions, start=1):
        local_id = action.id or f"a{order}"
        action_id = f"{cid}-{local_id}"
        step_times = []
        label_counts = Counter(step.label for step in action.steps)
        for s_order, step in enumerate(action.steps, start=1):
            ts = parse_timescale(step.timescale, reference) if step.timescale else None
            if ts:
                step_times.append(ts)
            step_id = f"{action_id}-{_step_key(step.label, s_order, label_counts)}"
            rows.steps.append(
                {
                    "step_id": step_id,
                    "action_id": action_id,
                    "challenge_id": cid,
                    "council_id": c.id,
                    "label": step.label,
                    "order": s_order,
                    "text": step.text,
                    "owner_raw": step.owner,
                    "timescale_raw": step.timescale,
                    **_timescale_fields(ts or parse_timescale(None)),
                    "status": step.status,
                    "notes": _notes_text(step.notes),
                    "status_scale": status_scale(step.status),
                }
            )
            if rows.steps[-1]["status_scale"] == COMPLETE:
                rows.steps[-1]["completed"] = True
            for note in step.notes:
                rows.notes.append(_note_row(plan, step_id, "step", note))
        steps_total += len(action.steps)
        times, source = _action_timescale(action, step_times, reference)
        cells = [(cell.role, cell.owner) for cell in action.owners]
        named = owner_roles_for(action.owner, has_owner_column=ch.has_owner_column, cells=cells)
        owners = [name for name, _ in named]
        rec_ids = [f"{cid}-r{rec_number(n)}" for n in action.recommendations]
        for rec_id in rec_ids:
            actions_by_rec[rec_id] = actions_by_rec.get(rec_id, 0) + 1
        rows.actions.append(
            {
                "action_id": action_id,
                "challenge_id": cid,
                "council_id": c.id,
                "rec_ids": rec_ids,
                "number": action.number,
                "order": order,
                "text": action.text,
                "owner_raw": _owner_raw(action),
                "owners": owners,
                "owner_families": _families(owners),
                "owners_mentioned": mentioned_owners(" ".join([action.text, *(s.text for s in action.steps)])),
                "timescale_raw": action.timescale,
                **times,
                "timescale_source": source,
                "milestones": [m.label + (f" – {m.timescale}" if m.timescale else "") for m in action.milestones],
                "status": action.status,
                "steps_count": len(action.steps),
                "notes": _notes_text(action.notes),
                "status_scale": status_scale(action.status),
                # "not stated" rather than null, so the list lines up with owners in a CSV ("not stated; lead")
                "owner_roles": [role or ROLE_NOT_STATED for _, role in named],
                "fidelity": action.fidelity,
            }
        )
        if rows.actions[-1]["status_scale"] == COMPLETE:
            rows.actions[-1]["completed"] = True  # the status says so, whatever the timescale says
        for note in action.notes:
            rows.notes.append(_note_row(plan, action_id, "action", note))

    for order, rec in enumerate(plan.recommendations, start=1):
        rec_id = f"{cid}-r{rec_number(rec.number)}"
        full = " ".join(part for part in (rec.title, rec.text) if part and part != rec.title) or rec.title
        readable = rec.fidelity not in UNREADABLE_FIDELITY
        result = classify(full, title=rec.title) if readable else Classification((), (), {}, {})
        hand_themes = list(rec.lga_themes)
        themes = hand_themes or list(result.lga_themes)
        topics = list(rec.topics) or list(result.topics)
        guessed = CLASSIFIED if readable else NOT_CLASSIFIED
        rows.recommendations.append(
            {
                "rec_id": rec_id,
                "challenge_id": cid,
                "council_id": c.id,
                "number": rec_number(rec.number),
                "order": order,
                "title": rec.title,
                "text": rec.text or rec.title,
                "council_theme": rec.council_theme,
                "lga_themes": themes,
                "lga_theme": themes[0] if themes else None,
                "theme_source": HAND if hand_themes else guessed,
                "topics": topics,
                "topic_source": HAND if rec.topics else guessed,
                "evidence": {k: list(v) for k, v in result.evidence.items()},
                "sub_points": list(rec.sub_points),
                "progress": [progress_line(p) for p in rec.progress],
                "actions_count": actions_by_rec.get(rec_id, 0),
                "notes": _notes_text(rec.notes),
                "fidelity": rec.fidelity,
                "number_raw": rec.number,
            }
        )
        for note in rec.notes:
            rows.notes.append(_note_row(plan, rec_id, "recommendation", note))

    _review_rows(plan, rows)
    without_actions = sum(
        1 for rec in plan.recommendations if not actions_by_rec.get(f"{cid}-r{rec_number(rec.number)}")
    )
    first = ch.documents[0]
    rows.challenges.append(
        {
            "challenge_id": cid,
            "council_id": c.id,
            "council_name": c.name,
            "kind": ch.kind,
            "year": ch.year,
            "onsite_start": ch.onsite_start,
            "onsite_end": ch.onsite_end,
            "onsite_as_written": ch.onsite_as_written,
            "report_date": ch.report_date,
            "plan_date": ch.plan_date,
            "follows": ch.follows,
            "recommendations_declared": ch.recommendations_declared,
            "recommendations_captured": len(plan.recommendations),
            "actions_count": len(plan.actions),
            "steps_count": steps_total,
            "has_owner_column": ch.has_owner_column,
            "action_plan_in_source": ch.action_plan_in_source,
            "source_title": first.title,
            "source_date": first.date,
            "source_meeting": first.meeting,
            "documents": [d.model_dump(exclude_none=True) for d in ch.documents],
            "peer_team": [p.model_dump(exclude_none=True) for p in ch.peer_team],
            "focus_areas": list(ch.focus_areas),
            "council_themes": [t.name for t in ch.council_themes],
            "strengths": list(ch.strengths),
            "council_priorities": list(ch.council_priorities),
            "notes": _notes_text(plan.notes + ch.notes),
            "file": file,
            "completeness": completeness(
                declared=ch.recommendations_declared,
                captured=len(plan.recommendations),
                actions=len(plan.actions),
                recommendations_without_actions=without_actions,
                action_plan_in_source=ch.action_plan_in_source,
            ),
            "recommendation_fidelity": fidelity_summary(rec.fidelity for rec in plan.recommendations),
            "actions_declared": ch.actions_declared,
            "reviews_count": 0,
            **period_columns("report_date", ch.report_date, ch.report_date_as_written),
            **period_columns("plan_date", ch.plan_date, ch.plan_date_as_written),
            "source_date_as_written": first.date_as_written,
        }
    )
    for doc in plan.context_documents:
        for section in doc.sections:
            where = {"document_id": doc.id, "challenge_id": cid, "council_id": c.id, "document_title": doc.title,
                     "document_date": doc.date, "document_date_as_written": doc.date_as_written,
                     "section": section.title}  # fmt: skip
            for item in section.items or []:
                rows.context.append(
                    {**where, "title": item.title, "text": item.text, "lead": item.lead, "drivers": item.drivers,
                     "update": item.update, "next_steps": item.next_steps, "items": list(item.items)}
                )  # fmt: skip
            if not section.items:  # a section of prose only: one row with the section's own text
                rows.context.append(
                    {**where, "title": section.title, "text": section.text, "lead": None, "drivers": None,
                     "update": None, "next_steps": None, "items": []}
                )  # fmt: skip
        for note in doc.notes:
            rows.notes.append(_note_row(plan, doc.id, "context document", note))


def _review_rows(plan: Plan, rows: Rows) -> None:
    """The plan's own reviews, plus one row on the earlier challenge when this plan *is* a revisit of it."""
    cid, council_id = plan.id, plan.council.id
    for order, review in enumerate(plan.reviews, start=1):
        review_id = f"{cid}-{review.id or f'rv{order}'}"
        rag = review.rag
        span = period(review.date, review.date_as_written)
        rows.reviews.append(
            {
                **span,
                "review_id": review_id,
                "challenge_id": cid,
                "council_id": council_id,
                "order": order,
                "kind": review.kind,
                "date": review.date,
                "date_as_written": review.date_as_written,
                "planned": review.planned,
                "title": review.title,
                "findings": list(review.findings),
                "rag_green": rag.green if rag else None,
                "rag_amber": rag.amber if rag else None,
                "rag_red": rag.red if rag else None,
                "rag_other": rag.other if rag else None,
                "rag_of": rag.of if rag else None,
                "source": review.source,
                "url": review.url,
                "review_challenge_id": None,
                "notes": _notes_text(review.notes),
            }
        )
        for note in review.notes:
            rows.notes.append(_note_row(plan, review_id, "review", note))
    ch = plan.challenge
    if ch.follows and ch.kind in ("revisit", "progress review"):
        first = ch.documents[0]
        rows.reviews.append(
            {
                **period(ch.onsite_start, ch.onsite_as_written),
                "review_id": f"{ch.follows}-{cid}",
                "challenge_id": ch.follows,
                "council_id": council_id,
                "order": 0,
                "kind": ch.kind,
                "date": ch.onsite_start,
                "date_as_written": ch.onsite_as_written,
                "planned": False,
                "title": f"{first.title} ({cid})",
                "findings": [],
                "rag_green": None,
                "rag_amber": None,
                "rag_red": None,
                "rag_other": None,
                "rag_of": None,
                "source": first.title,
                "url": first.url,
                "review_challenge_id": cid,
                "notes": [],
            }
        )


def _owner_raw(action: Action) -> str | None:
    """The owner cell as written; for a plan's several owner columns, each cell after its column's name
    ("Accountable: Leader of the Council; Responsible: Chief Executive"), so search and the brief still see
    every owner as written. Empty cells are left out."""
    if not action.owners:
        return action.owner
    written = [f"{cell.role}: {cell.owner}" for cell in action.owners if cell.owner is not None]
    return "; ".join(written) or None


def _families(owners: list[str]) -> list[str]:
    seen: list[str] = []
    for owner in owners:
        family = role_family(owner)
        if family not in seen:
            seen.append(family)
    return seen


def _note_row(plan: Plan, item_id: str, item_kind: str, note: Note) -> dict:
    return {
        "challenge_id": plan.id, "council_id": plan.council.id, "item_id": item_id, "item_kind": item_kind,
        "kind": note.kind, "about": note.about, "text": note.text,
    }  # fmt: skip


def _dates(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def to_frames(rows: Rows) -> dict[str, pd.DataFrame]:
    """Build every frame with a fixed column order and dtypes, even when there are no rows."""
    frames = {
        "councils": councils_frame(rows.councils),
        "challenges": _dates(
            pd.DataFrame(rows.challenges, columns=CHALLENGE_COLUMNS),
            CHALLENGE_DATE_COLUMNS,
        ),
        "recommendations": pd.DataFrame(rows.recommendations, columns=RECOMMENDATION_COLUMNS),
        "actions": _dates(pd.DataFrame(rows.actions, columns=ACTION_COLUMNS), ["start", "end"]),
        "steps": _dates(pd.DataFrame(rows.steps, columns=STEP_COLUMNS), ["start", "end"]),
        "notes": pd.DataFrame(rows.notes, columns=NOTE_COLUMNS),
        "context": _dates(pd.DataFrame(rows.context, columns=CONTEXT_COLUMNS), ["document_date"]),
        "reviews": reviews_frame(rows.reviews),
    }
    for name in ("challenges", "recommendations", "actions", "steps"):
        frame = frames[name]
        key = "year" if name == "challenges" else "order"
        frame[key] = frame[key].astype("int64")
    for frame in (frames["actions"], frames["steps"]):
        frame["ongoing"] = frame["ongoing"].astype(bool)
        frame["completed"] = frame["completed"].astype(bool)
    challenges = frames["challenges"]
    for column in ("recommendations_declared", "actions_declared"):
        challenges[column] = challenges[column].astype("Int64")  # null where the source states no count
    count_reviews(challenges, frames["reviews"])
    return frames


def councils_frame(rows: list[dict]) -> pd.DataFrame:
    """One row per council (its first description wins), by name: built from every plan's council row, so
    :mod:`loaders.incremental` builds it the same way from stored rows."""
    councils = pd.DataFrame(rows, columns=COUNCIL_COLUMNS).drop_duplicates("council_id", ignore_index=True)
    return councils.sort_values("name", ignore_index=True)


def count_reviews(challenges: pd.DataFrame, reviews: pd.DataFrame) -> None:
    """Set ``challenges.reviews_count`` from the reviews frame, in place.

    Counted from the frame so a revisit filed as its own plan counts on the challenge it revisits."""
    per_challenge = reviews.groupby("challenge_id").size()
    challenges["reviews_count"] = challenges["challenge_id"].map(per_challenge).fillna(0).astype("int64")


def reviews_frame(rows: list[dict]) -> pd.DataFrame:
    """Reviews in time order per challenge (by ``date_from``; undatable ones last), RAG counts as nullable ints."""
    frame = _dates(pd.DataFrame(rows, columns=REVIEW_COLUMNS), ["date", "date_from", "date_to"])
    for column in ("rag_green", "rag_amber", "rag_red", "rag_other", "order"):
        frame[column] = frame[column].astype("Int64")
    frame["planned"] = frame["planned"].astype(bool)
    return frame.sort_values(["challenge_id", "date_from", "order"], na_position="last", ignore_index=True)
