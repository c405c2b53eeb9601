"""Follow-up logic for a council brief: what was due by a visit date, what is overdue, and how sound the plan is.

An LGA adviser preparing a progress review (about ten months after the peer challenge's on-site visit) needs,
for one council, every recommendation with the actions the council promised, and for each action where it
stands against the visit date. This module assembles the brief and its display rows; the jobs it builds on
live in their own modules and are re-exported here (public names do not move):
:mod:`analysis.status` (status rules), :mod:`analysis.visit_date` (the default visit date),
:mod:`analysis.plan_checks` (plan-quality checks) and :mod:`analysis.visit_answer` (the answer at the top).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis import overlap
from analysis.brief_text import action_owner, action_text, date_span, day, flag_names, owner_display
from analysis.plan_checks import CHECK_COLUMNS, CHECK_MISSING, challenge_label, quality_checks
from analysis.status import (
    PROGRESS_REVIEW_MONTHS,
    STATUS_DEFINITIONS,
    STATUS_LABELS,
    STATUSES,
    _date,
    _items,
    _text,
    action_status,
    add_months,
    as_of_date,
    classify,
    classify_many,
    has_owner,
    is_completed,
    ongoing_from,
    status_counts,
    step_status,
)
from analysis.summary import NOT_STATED, of_declared
from analysis.visit_date import VisitDefault, council_visit, default_visit, latest_challenges
from loaders import Frames

__all__ = [
    "ACTION_TABLE_COLUMNS",
    "CHECK_COLUMNS",
    "CHECK_MISSING",
    "PROGRESS_REVIEW_MONTHS",
    "STATUSES",
    "STATUS_DEFINITIONS",
    "STATUS_LABELS",
    "Brief",
    "Headline",
    "RecGroup",
    "VisitDefault",
    "action_rows",
    "action_status",
    "actions_table",
    "add_months",
    "as_of_date",
    "brief",
    "challenge_label",
    "check_rows",
    "classify",
    "classify_many",
    "council_default_visit",
    "date_span",
    "day",
    "default_visit",
    "flag_names",
    "group_notes",
    "has_owner",
    "is_completed",
    "latest_challenges",
    "ongoing_from",
    "owner_display",
    "progress_entries",
    "quality_checks",
    "rec_groups",
    "similar_elsewhere",
    "split_note",
    "status_counts",
    "step_status",
]

_PROGRESS_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.*)$", re.DOTALL)
_NOTE_RE = re.compile(r"^(\w+)(?: \(([^)]*)\))?: (.*)$", re.DOTALL)


# --------------------------------------------------------------------------------------------------
# Recommendations, progress, notes


def progress_entries(recommendations: pd.DataFrame) -> pd.DataFrame:
    """One row per progress statement: ``rec_id``, ``date`` (None if undated), ``source``, ``text``.

    The frames hold each entry as "YYYY-MM-DD source: text" (date optional); this splits it back.
    """
    rows = []
    for rec in recommendations.itertuples(index=False):
        for order, entry in enumerate(_items(getattr(rec, "progress", [])), start=1):
            text = _text(entry).strip()
            date: dt.date | None = None
            match = _PROGRESS_RE.match(text)
            if match:
                date = _date(match.group(1))
                text = match.group(2) if date else text
            source, sep, body = text.partition(": ")
            if not sep:
                source, body = "", text
            rows.append({"rec_id": rec.rec_id, "order": order, "date": date, "source": source, "text": body})
    return pd.DataFrame(rows, columns=["rec_id", "order", "date", "source", "text"])


def split_note(note: object) -> dict[str, str]:
    """A note string "kind (about): text" as ``{"kind", "about", "text"}`` (kind "note" if unrecognised)."""
    text = _text(note).strip()
    match = _NOTE_RE.match(text)
    if not match:
        return {"kind": "note", "about": "", "text": text}
    return {"kind": match.group(1), "about": match.group(2) or "", "text": match.group(3)}


@dataclass(frozen=True)
class RecGroup:
    """Consecutive recommendations answered by exactly the same actions (Leeds answers 1–3 together)."""

    rec_ids: tuple[str, ...]
    action_ids: tuple[str, ...]


def rec_groups(recommendations: pd.DataFrame, actions: pd.DataFrame) -> list[RecGroup]:
    """Group recommendations (in source order) whose action sets are identical and not empty.

    A brief then lists shared actions once under "Recommendations 1–3" instead of three times.
    Recommendations without actions always stand alone, so each gets its own "no action" gap.
    """
    order_col = "order" if "order" in actions else None
    ordered_actions = actions.sort_values(order_col, kind="stable") if order_col else actions
    by_rec: dict[str, list[str]] = {}
    for act in ordered_actions.itertuples(index=False):
        for rec_id in _items(act.rec_ids):
            by_rec.setdefault(rec_id, []).append(act.action_id)
    recs = recommendations.sort_values("order", kind="stable") if "order" in recommendations else recommendations
    groups: list[RecGroup] = []
    for rec_id in recs["rec_id"]:
        acts = tuple(by_rec.get(rec_id, ()))
        if groups and acts and groups[-1].action_ids == acts:
            groups[-1] = RecGroup((*groups[-1].rec_ids, rec_id), acts)
        else:
            groups.append(RecGroup((rec_id,), acts))
    return groups


# --------------------------------------------------------------------------------------------------
# The brief


@dataclass(frozen=True)
class Headline:
    """The numbers at the top of a brief. Statuses partition ``actions``; the other counts overlap them."""

    recommendations: int
    declared: int | None
    actions: int
    overdue: int
    due: int
    ongoing: int
    later: int
    no_date: int
    completed: int
    no_owner: int
    flagged: int
    steps: int

    @property
    def captured_of_declared(self) -> str:
        """ "12 of 15", or "7 (count not stated)" when a challenge's source states no count (never "7 of 0")."""
        return of_declared(self.recommendations, self.declared)


@dataclass(frozen=True)
class Brief:
    """Everything a council brief shows, as small frames: pages and the HTML export render it, nothing else."""

    council_id: str
    council: dict[str, Any]
    visit_date: dt.date
    today: dt.date
    visit_default: VisitDefault | None
    challenges: pd.DataFrame  # latest first
    recommendations: pd.DataFrame  # in challenge (latest first), then source order
    actions: pd.DataFrame  # with action_status() columns
    steps: pd.DataFrame  # with step_status() columns
    progress: pd.DataFrame
    checks: pd.DataFrame
    headline: Headline
    groups: dict[str, list[RecGroup]] = field(default_factory=dict)  # challenge_id -> groups
    reviews: pd.DataFrame = field(default_factory=pd.DataFrame)  # this council's recorded reviews, earliest first

    @property
    def as_of(self) -> dt.date:
        return as_of_date(self.visit_date, self.today)

    @property
    def visit_in_past(self) -> bool:
        return self.visit_date < self.today

    @property
    def empty(self) -> bool:
        return self.recommendations.empty and self.challenges.empty

    def actions_for(self, action_ids: Iterable[str]) -> pd.DataFrame:
        """The listed actions, in plan order."""
        wanted = list(action_ids)
        rows = self.actions[self.actions["action_id"].isin(wanted)]
        return rows.sort_values("order", kind="stable") if "order" in rows else rows

    def steps_for(self, action_id: str) -> pd.DataFrame:
        rows = self.steps[self.steps["action_id"] == action_id]
        return rows.sort_values("order", kind="stable") if "order" in rows else rows


def recorded_reviews(reviews: pd.DataFrame | None, challenge_ids: list[str]) -> pd.DataFrame:
    """Every recorded review of these challenges (progress reports too), earliest first; empty when none."""
    if reviews is None or reviews.empty:
        return pd.DataFrame()
    mine = reviews[reviews["challenge_id"].isin(challenge_ids)]
    when = pd.to_datetime(mine["date"].fillna(mine["date_from"]), errors="coerce")
    return mine.assign(_when=when).sort_values("_when", kind="stable", na_position="last").drop(columns=["_when"])


def council_default_visit(challenges: pd.DataFrame, reviews: pd.DataFrame | None = None) -> VisitDefault | None:
    """The default visit date for a council: the recorded progress review of its latest challenge (``reviews``,
    the corpus frame), else :data:`PROGRESS_REVIEW_MONTHS` after its on-site visit, labelled as an estimate."""
    return council_visit(challenges, reviews)


def brief(
    data: Frames,
    council_id: str,
    visit_date: dt.date | None = None,
    today: dt.date | None = None,
    reviews: pd.DataFrame | None = None,
) -> Brief:
    """Assemble a council's brief from (possibly filtered) frames; ``visit_date`` defaults to the progress review.

    Raises :class:`KeyError` for a council that is not in ``data.councils``.
    """
    today = today or dt.date.today()
    councils = data.councils[data.councils["council_id"] == council_id]
    if councils.empty:
        raise KeyError(council_id)
    council = {k: (None if _text(v) == "" else v) for k, v in councils.iloc[0].to_dict().items()}
    challenges = latest_challenges(data.challenges[data.challenges["council_id"] == council_id])
    if reviews is None:
        reviews = getattr(data, "reviews", None)
    default = council_default_visit(challenges, reviews)
    visit = visit_date or (default.date if default else today)

    rank = {ch: i for i, ch in enumerate(challenges["challenge_id"])}
    recs = data.recommendations[data.recommendations["council_id"] == council_id]
    recs = recs.assign(_rank=recs["challenge_id"].map(rank)).sort_values(["_rank", "order"], kind="stable")
    recs = recs.drop(columns=["_rank"])
    steps_all = data.steps[data.steps["council_id"] == council_id] if "council_id" in data.steps else data.steps
    acts = data.actions[data.actions["council_id"] == council_id]
    steps = steps_all[steps_all["action_id"].isin(set(acts["action_id"]))]
    statused = action_status(acts, visit, today, steps=steps)
    step_rows = step_status(steps, visit, today)
    counts = status_counts(statused)
    declared_series = pd.to_numeric(challenges.get("recommendations_declared"), errors="coerce")
    # Known only when every challenge states a count: a sum over some of them beside every captured
    # recommendation would read "17 of 10".
    every_declared = declared_series is not None and len(declared_series) > 0 and declared_series.notna().all()
    declared = int(declared_series.sum()) if every_declared else None
    headline = Headline(
        recommendations=len(recs),
        declared=declared,
        actions=len(statused),
        overdue=counts["overdue"],
        due=counts["due"],
        ongoing=counts["ongoing"],
        later=counts["later"],
        no_date=counts["no_date"],
        completed=counts["completed"],
        no_owner=int((~statused["has_owner"]).sum()),
        flagged=int(statused["flagged"].sum()),
        steps=len(step_rows),
    )
    groups = {
        ch: rec_groups(recs[recs["challenge_id"] == ch], statused[statused["challenge_id"] == ch])
        for ch in challenges["challenge_id"]
    }
    return Brief(
        council_id=council_id,
        council=council,
        visit_date=visit,
        today=today,
        visit_default=default,
        challenges=challenges,
        recommendations=recs,
        actions=statused,
        steps=step_rows,
        progress=progress_entries(recs),
        checks=quality_checks(challenges, recs, statused),
        headline=headline,
        groups=groups,
        reviews=recorded_reviews(reviews, list(challenges["challenge_id"])),
    )


# --------------------------------------------------------------------------------------------------
# Similar recommendations elsewhere (the overlap engine is optional)


def similar_elsewhere(corpus: Any, rec_ids: Iterable[str], k: int = 3, *, index: Any = None) -> dict[str, pd.DataFrame]:
    """For each recommendation, the ``k`` most similar recommendations in *other* councils.

    Uses :func:`analysis.overlap.similar` over the whole ``corpus`` (so filters never hide a match). A
    recommendation the engine does not know gets an empty frame. ``index`` is the corpus's overlap index when the
    caller keeps one; else it is built once for this call.
    """
    out: dict[str, pd.DataFrame] = {}
    rec_ids = list(rec_ids)
    if index is None and rec_ids:
        index = overlap.index_for(corpus)
    for rec_id in rec_ids:
        try:
            out[rec_id] = overlap.similar(index, rec_id, k=k)
        except (KeyError, ValueError):
            out[rec_id] = pd.DataFrame(columns=["rec_id", "council_id", "score", "shared_topics", "why"])
    return out


# --------------------------------------------------------------------------------------------------
# Display rows shared by the page and the HTML export (plain strings, so both show the same thing)


ACTION_TABLE_COLUMNS = ["No.", "Action", "Owner", "Timescale as written", "Dates (normalised)", "Status", "Flags"]


def action_rows(b: Brief, action_ids: Iterable[str]) -> pd.DataFrame:
    """Display rows for a group's actions, each followed by its steps ("↳ a."), as plain strings.

    Also returns the status code per row in a hidden ``_status`` column (for colouring) and ``_kind``.
    A step without its own date falls under its action's timescale, shown as "(action's timescale)".
    """
    rows = []
    for act in b.actions_for(action_ids).itertuples(index=False):
        number = _text(getattr(act, "number", "")) or str(getattr(act, "order", ""))
        dates = date_span(act.start, act.end, act.ongoing, act.completed)
        if getattr(act, "date_source", "") == "steps":
            dates += " (from its steps)"
        status = STATUS_LABELS[act.visit_status]
        if act.visit_status == "overdue" and not pd.isna(act.days_overdue):
            late = int(act.days_overdue)
            status += f" ({late} day{'' if late == 1 else 's'})"
        written = _text(getattr(act, "status", "")).strip()
        if written and act.visit_status != "completed":
            status += f"; plan says \u201c{written}\u201d"
        rows.append(
            {
                "No.": number,
                "Action": action_text(act),
                "Owner": action_owner(act),
                "Timescale as written": _text(act.timescale_raw) or "–",
                "Dates (normalised)": dates,
                "Status": status,
                "Flags": flag_names(act.timescale_flags),
                "_status": act.visit_status,
                "_kind": "action",
            }
        )
        for step in b.steps_for(act.action_id).itertuples(index=False):
            own = bool(_text(step.timescale_raw).strip())
            code = step.visit_status if own else act.visit_status  # an undated step falls under its action's
            rows.append(
                {
                    "No.": f"\u21b3 {_text(step.label) or step.order}",
                    "Action": _text(step.text),
                    "Owner": _text(step.owner_raw),
                    "Timescale as written": _text(step.timescale_raw) or "",
                    "Dates (normalised)": date_span(step.start, step.end, step.ongoing, step.completed) if own else "",
                    "Status": STATUS_LABELS[code] if own else f"{STATUS_LABELS[act.visit_status]} (the action's dates)",
                    "Flags": flag_names(step.timescale_flags),
                    "_status": code,
                    "_kind": "step",
                }
            )
    return pd.DataFrame(rows, columns=[*ACTION_TABLE_COLUMNS, "_status", "_kind"])


def group_notes(b: Brief, group: RecGroup) -> pd.DataFrame:
    """Source notes on a group's recommendations and actions: ``item``, ``kind``, ``about``, ``text``."""
    rows = []
    recs = b.recommendations[b.recommendations["rec_id"].isin(group.rec_ids)]
    for rec in recs.itertuples(index=False):
        for note in _items(getattr(rec, "notes", [])):
            rows.append({"item": f"Recommendation {_text(rec.number)}", **split_note(note)})
    for act in b.actions_for(group.action_ids).itertuples(index=False):
        label = _text(getattr(act, "number", "")) or str(getattr(act, "order", ""))
        for note in _items(getattr(act, "notes", [])):
            rows.append({"item": f"Action {label}", **split_note(note)})
    return pd.DataFrame(rows, columns=["item", "kind", "about", "text"])


def check_rows(b: Brief) -> pd.DataFrame:
    """The plan-quality checks for display: "Count" as "15 of 20", items joined ("all" when every item fails)."""
    rows = []
    for row in b.checks.itertuples(index=False):
        items = [str(i) for i in row.items]
        every = row.total and row.count == row.total and row.check != CHECK_MISSING
        unknown = row.check == CHECK_MISSING and not row.total
        rows.append(
            {
                "Check": row.check,
                "Count": NOT_STATED if unknown else f"{row.count} of {row.total}",
                "Detail": row.detail,
                "Items": "all" if every else ", ".join(items),
            }
        )
    return pd.DataFrame(rows, columns=["Check", "Count", "Detail", "Items"])


def actions_table(b: Brief) -> pd.DataFrame:
    """Every action of the brief in one flat table (for the CSV), with its status against the visit."""
    recs = dict(zip(b.recommendations["rec_id"], b.recommendations["number"], strict=False))
    labels = {row["challenge_id"]: challenge_label(row) for _, row in b.challenges.iterrows()}
    rows = []
    for act in b.actions.itertuples(index=False):
        rows.append(
            {
                "challenge": labels.get(act.challenge_id, act.challenge_id),
                "recommendations": ", ".join(_text(recs.get(r, r)) for r in _items(act.rec_ids)),
                "number": _text(getattr(act, "number", "")) or str(getattr(act, "order", "")),
                "action": action_text(act),
                "owner": action_owner(act),
                "timescale_raw": _text(act.timescale_raw),
                "start": _date(act.start),
                "end": _date(act.end),
                "ongoing": bool(act.ongoing),
                "status": STATUS_LABELS[act.visit_status],
                "days_overdue": None if pd.isna(act.days_overdue) else int(act.days_overdue),
                "flags": flag_names(act.timescale_flags),
                "steps": int(getattr(act, "steps_count", 0) or 0),
            }
        )
    columns = ["challenge", "recommendations", "number", "action", "owner", "timescale_raw", "start", "end",
               "ongoing", "status", "days_overdue", "flags", "steps"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
