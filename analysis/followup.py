"""Follow-up logic for a council brief: what was due by a visit date, what is overdue, and how sound the plan is.

An LGA adviser preparing a progress review (about ten months after the peer challenge's on-site visit) needs,
for one council, every recommendation with the actions the council promised, and for each action where it
stands against the visit date. Plans rarely record progress, so a status here says what the *plan* implies,
never what the council has done: "overdue" means "the deadline has passed and the plan does not record it as
completed" — a question to ask at the visit, not a finding.

Statuses (one per action or step, exclusive, so they add up to the number of actions):

* ``completed`` — the timescale or status cell says so ("Completed").
* ``overdue`` — the deadline (the end date as written) is before the *as-of date*: today, or the visit date
  if that is earlier. A past visit is therefore judged at the visit.
* ``due`` — "due by the visit": the deadline falls between the as-of date and the visit date (inclusive). Only
  possible when the visit is still ahead: these are the items the council should have finished by then.
* ``ongoing`` — marked ongoing with no end date, or started with no end given (open-ended), by the visit.
* ``later`` — "not yet due": the deadline is after the visit date, or open-ended work starts only after it.
* ``no_date`` — no usable date: the cell is blank or could not be read (the raw text is still shown).

Deadlines are the normalised ``end`` dates exactly as the loader read them: a flagged timescale such as Bury's
"July 2023 – March 2022" (end before start) keeps its written end (March 2022) and is listed among the
plan-quality checks rather than silently corrected.

Everything here is pure pandas on the corpus frames (a :class:`loaders.Corpus` or a filtered
:class:`analysis.filters.View`); nothing is mutated.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd

from loaders.timescales import FLAG_DESCRIPTIONS, parse_timescale

#: Months from the on-site visit to the progress review (LGA practice: "about ten months after").
PROGRESS_REVIEW_MONTHS = 10

#: Status codes in display order (most pressing first), with labels and plain-English definitions.
STATUSES: tuple[str, ...] = ("overdue", "due", "ongoing", "later", "no_date", "completed")
STATUS_LABELS: dict[str, str] = {
    "overdue": "Overdue",
    "due": "Due by the visit",
    "ongoing": "Ongoing",
    "later": "Not yet due",
    "no_date": "No date",
    "completed": "Completed",
}
STATUS_DEFINITIONS: dict[str, str] = {
    "overdue": "The deadline (end date as written) is before the as-of date — today, or the visit date if that "
    "is earlier — and the plan does not record the action as completed.",
    "due": "The deadline falls between the as-of date and the visit date: it should be done by the visit. "
    "Only possible when the visit is still ahead.",
    "ongoing": "Marked ongoing with no end date, or started with no end given (open-ended), by the visit date.",
    "later": "The deadline is after the visit date (or open-ended work only starts after it).",
    "no_date": "No usable date: the timescale is blank or could not be read as dates.",
    "completed": "The plan's timescale or status cell says it is completed.",
}

_DONE_WORDS = frozenset({"completed", "complete", "done", "achieved", "delivered", "finished"})
_NO_OWNER = frozenset({"", "not stated"})
_PROGRESS_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(.*)$", re.DOTALL)
_NOTE_RE = re.compile(r"^(\w+)(?: \(([^)]*)\))?: (.*)$", re.DOTALL)


class Frames(Protocol):
    """What :func:`brief` reads: a :class:`loaders.Corpus` or an :class:`analysis.filters.View`."""

    councils: pd.DataFrame
    challenges: pd.DataFrame
    recommendations: pd.DataFrame
    actions: pd.DataFrame
    steps: pd.DataFrame


# --------------------------------------------------------------------------------------------------
# Small helpers


def _date(value: object) -> dt.date | None:
    """A plain date from a Timestamp/date/ISO string; None for anything missing or unreadable."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    try:
        return pd.Timestamp(str(value)).date()
    except (ValueError, TypeError):
        return None


def _text(value: object) -> str:
    """Cell text, '' for missing values (NaN/None)."""
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _items(value: object) -> list:
    """A list cell as a list (missing or scalar cells become [] / [value])."""
    if isinstance(value, list | tuple):
        return list(value)
    if value is None:
        return []
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return []
    except (TypeError, ValueError):
        pass
    return [value]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the month's last day (31 Aug + 6 months is 28/29 Feb)."""
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def is_completed(completed: object, status_text: object) -> bool:
    """True when the timescale was read as completed or the status cell is a plain "Completed"/"Done"."""
    if bool(completed) and not pd.isna(completed):
        return True
    words = _text(status_text).strip().lower().rstrip(".!")
    return words in _DONE_WORDS


def has_owner(owners: object) -> bool:
    """An action has an owner when at least one owner is named (not blank, not "not stated")."""
    return any(_text(o).strip().lower() not in _NO_OWNER for o in _items(owners))


# --------------------------------------------------------------------------------------------------
# Status against a visit date


def as_of_date(visit_date: dt.date, today: dt.date) -> dt.date:
    """The date statuses are judged at: today, or the visit date when the visit is already past."""
    return min(visit_date, today)


def classify(
    *,
    start: object,
    end: object,
    ongoing: object,
    completed: object,
    status_text: object = None,
    visit_date: dt.date,
    today: dt.date,
) -> str:
    """One status code (see the module docstring) for one action or step."""
    if is_completed(completed, status_text):
        return "completed"
    start_d, end_d = _date(start), _date(end)
    if end_d is not None:
        as_of = as_of_date(visit_date, today)
        if end_d < as_of:
            return "overdue"
        if end_d <= visit_date:
            return "due"
        return "later"
    if start_d is not None and start_d > visit_date:
        return "later"  # open-ended, but it only starts after the visit
    if (bool(ongoing) and not pd.isna(ongoing)) or start_d is not None:
        return "ongoing"
    return "no_date"


def _per_value(values: object, fn, n: int) -> np.ndarray:
    """``fn`` applied to each distinct value of a column (missing values count as ``None``), spread back to rows.

    Dates, flags and status words repeat across thousands of actions, so running the scalar rules
    (``_date``, ``is_completed``) once per distinct value gives the same answers as a row loop, fast.
    """
    if values is None:
        return np.array([fn(None)] * n, dtype=object)
    codes, uniques = pd.factorize(pd.Series(values).reset_index(drop=True), use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques] + [fn(None)], dtype=object)
    return mapped[codes]  # code -1 (missing) takes the last entry


def _days(values: object, n: int) -> np.ndarray:
    """Cells as ``datetime64[D]`` via :func:`_date` (NaT where missing or unreadable)."""
    dates = _per_value(values, _date, n)
    return np.array([d if d is not None else np.datetime64("NaT") for d in dates], dtype="datetime64[D]")


def classify_many(
    *,
    start: object,
    end: object,
    ongoing: object,
    completed: object,
    status_text: object,
    visit_date: dt.date | Iterable[dt.date],
    today: dt.date,
    n: int,
) -> tuple[np.ndarray, pd.Series]:
    """:func:`classify` for ``n`` rows at once, and each overdue row's days late (``<NA>`` otherwise).

    Columns may be None (missing: as ``classify``'s defaults); ``visit_date`` is one date or one per row.
    """
    done = _per_value(completed, lambda v: bool(v) and not pd.isna(v), n).astype(bool)
    done |= _per_value(status_text, lambda t: is_completed(False, t), n).astype(bool)
    going = _per_value(ongoing, lambda v: v is not None and bool(v) and not pd.isna(v), n).astype(bool)
    start_d, end_d = _days(start, n), _days(end, n)
    if isinstance(visit_date, dt.date):
        visit = np.full(n, np.datetime64(visit_date, "D"))
    else:
        visit = np.array([np.datetime64(d, "D") for d in visit_date], dtype="datetime64[D]")
    as_of = np.minimum(visit, np.datetime64(today, "D"))
    has_end, has_start = ~np.isnat(end_d), ~np.isnat(start_d)
    codes = np.select(
        [done, has_end & (end_d < as_of), has_end & (end_d <= visit), has_end, has_start & (start_d > visit),
         going | has_start],
        ["completed", "overdue", "due", "later", "later", "ongoing"],
        default="no_date",
    ).astype(object)  # fmt: skip
    overdue = codes == "overdue"
    late = pd.array(np.where(overdue, (as_of - end_d).astype("int64"), 0), dtype="Int64")
    late[~overdue] = pd.NA
    return codes, pd.Series(late)


def _column(frame: pd.DataFrame, name: str) -> pd.Series | None:
    return frame[name] if name in frame.columns else None


def _status_frame(frame: pd.DataFrame, visit_date: dt.date, today: dt.date, *, with_status_text: bool) -> pd.DataFrame:
    ongoing, completed = _column(frame, "ongoing"), _column(frame, "completed")
    codes, late = classify_many(
        start=_column(frame, "start"),
        end=_column(frame, "end"),
        ongoing=ongoing if ongoing is not None else [False] * len(frame),
        completed=completed if completed is not None else [False] * len(frame),
        status_text=_column(frame, "status") if with_status_text else None,
        visit_date=visit_date,
        today=today,
        n=len(frame),
    )
    return frame.assign(
        visit_status=pd.Series(codes, index=frame.index, dtype="object"),
        status_label=pd.Series([STATUS_LABELS[c] for c in codes], index=frame.index, dtype="object"),
        days_overdue=pd.Series(late.array, index=frame.index, dtype="Int64"),
    )


def action_status(
    actions: pd.DataFrame,
    visit_date: dt.date,
    today: dt.date | None = None,
    steps: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A copy of ``actions`` with each action's status against ``visit_date``, and the checks behind it.

    Added columns: ``deadline`` (the end date used), ``date_source`` ("action", "steps" or "none": an action
    without a timescale of its own takes the span of its dated steps, e.g. a King's Lynn objective whose
    steps carry the dates), ``visit_status`` (a code of :data:`STATUSES`), ``status_label``, ``days_overdue``,
    ``has_owner``, ``has_date`` and ``flagged`` (any timescale flag). ``today`` defaults to the real date.
    """
    today = today or dt.date.today()
    frame = actions.copy()
    for column, default in (("start", pd.NaT), ("end", pd.NaT), ("ongoing", False), ("completed", False)):
        if column not in frame:
            frame[column] = default
    source = frame["timescale_source"].copy() if "timescale_source" in frame else pd.Series("none", index=frame.index)
    source = source.where(source.notna(), "none").astype(object)
    own_date = frame["start"].notna() | frame["end"].notna() | frame["ongoing"].fillna(False).astype(bool)
    source = source.where(own_date | (source == "steps") | frame["completed"].fillna(False).astype(bool), "none")
    source = source.where(~(own_date & (source == "none")), "action")
    if steps is not None and not steps.empty and len(frame):
        # An undated action with dated steps: take the steps' span (the loader does this too; a frame built
        # elsewhere may not have).
        undated = ~own_date & ~frame["completed"].fillna(False).astype(bool)
        for idx in frame.index[undated]:
            own = steps[steps["action_id"] == frame.at[idx, "action_id"]]
            starts, ends = own["start"].dropna(), own["end"].dropna()
            going = bool(own["ongoing"].fillna(False).astype(bool).any()) if "ongoing" in own else False
            if starts.empty and ends.empty and not going:
                continue
            frame.at[idx, "start"] = starts.min() if len(starts) else pd.NaT
            frame.at[idx, "end"] = ends.max() if len(ends) else pd.NaT
            frame.at[idx, "ongoing"] = going
            source.at[idx] = "steps"
    frame = frame.assign(deadline=frame["end"], date_source=source)
    frame = _status_frame(frame, visit_date, today, with_status_text="status" in frame)
    owners = frame["owners"] if "owners" in frame else pd.Series([[]] * len(frame), index=frame.index)
    flags = frame["timescale_flags"] if "timescale_flags" in frame else pd.Series([[]] * len(frame), index=frame.index)
    return frame.assign(
        has_owner=owners.map(has_owner).astype(bool),
        has_date=(frame["visit_status"] != "no_date") | frame["start"].notna() | frame["end"].notna(),
        flagged=flags.map(lambda f: bool(_items(f))).astype(bool),
    )


def step_status(steps: pd.DataFrame, visit_date: dt.date, today: dt.date | None = None) -> pd.DataFrame:
    """A copy of ``steps`` with ``visit_status``/``status_label``/``days_overdue``; undated steps are "no_date".

    A step without a date of its own falls under its action's timescale; pages show it that way rather than
    as a gap.
    """
    today = today or dt.date.today()
    return _status_frame(steps.copy(), visit_date, today, with_status_text="status" in steps)


def status_counts(statused: pd.DataFrame) -> dict[str, int]:
    """Count of each status code (every code present, zero when unused), in :data:`STATUSES` order."""
    counts = statused["visit_status"].value_counts() if "visit_status" in statused else pd.Series(dtype=int)
    return {code: int(counts.get(code, 0)) for code in STATUSES}


# --------------------------------------------------------------------------------------------------
# Visit date default


@dataclass(frozen=True)
class VisitDefault:
    """The suggested visit date for a challenge and, in plain English, how it was worked out."""

    date: dt.date
    basis: str  # "onsite", "as written", "year" or "plan"
    explanation: str


def default_visit(challenge: Mapping[str, Any] | pd.Series) -> VisitDefault | None:
    """Progress-review date: :data:`PROGRESS_REVIEW_MONTHS` after the challenge's on-site visit.

    Uses the last on-site day when the source gives exact dates; else the first day of the period it gives
    in words ("October 2023", "summer 2021"); else 1 July of the challenge year; else the plan date.
    """
    months = PROGRESS_REVIEW_MONTHS
    end, start = _date(challenge.get("onsite_end")), _date(challenge.get("onsite_start"))
    onsite = end or start
    if onsite:
        return VisitDefault(
            add_months(onsite, months),
            "onsite",
            f"{months} months after the last on-site day ({onsite:%-d %B %Y}): when the LGA's progress review "
            "usually takes place.",
        )
    written = _text(challenge.get("onsite_as_written")).strip()
    if written:
        ts = parse_timescale(written)
        first = ts.start or ts.end
        if first and "unparsed" not in ts.flags:
            return VisitDefault(
                add_months(first, months),
                "as written",
                f"{months} months after the start of the on-site period the source gives (\u201c{written}\u201d; "
                "exact days not stated): when the LGA's progress review usually takes place.",
            )
    year = challenge.get("year")
    if year is not None and not pd.isna(year):
        assumed = dt.date(int(year), 7, 1)
        return VisitDefault(
            add_months(assumed, months),
            "year",
            f"The on-site dates are not given; assuming mid-{int(year)} and adding {months} months.",
        )
    plan = _date(challenge.get("plan_date"))
    if plan:
        return VisitDefault(plan, "plan", "No on-site date or year is given; using the plan's date.")
    return None


def latest_challenges(challenges: pd.DataFrame) -> pd.DataFrame:
    """Challenges latest first: by year, then on-site start, then plan date."""
    if challenges.empty:
        return challenges.copy()
    keyed = challenges.assign(
        _onsite=pd.to_datetime(challenges.get("onsite_start"), errors="coerce"),
        _plan=pd.to_datetime(challenges.get("plan_date"), errors="coerce"),
    )
    ordered = keyed.sort_values(["year", "_onsite", "_plan"], ascending=False, na_position="last", kind="stable")
    return ordered.drop(columns=["_onsite", "_plan"])


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
# Plan-quality checks

CHECK_COLUMNS = ["check", "count", "total", "detail", "items"]
CHECK_MISSING = "Recommendations missing from the source"


def quality_checks(challenges: pd.DataFrame, recommendations: pd.DataFrame, actions: pd.DataFrame) -> pd.DataFrame:
    """The plan-quality checks an adviser raises at a visit, one row each, always in the same order.

    Columns: ``check``, ``count`` (items failing), ``total`` (items checked), ``detail`` (plain English: why,
    and whether the gap is in the plan or only in our source) and ``items`` (recommendation numbers or action
    ids concerned). ``actions`` may be plain corpus actions or the output of :func:`action_status`.
    """
    if "has_owner" not in actions or "visit_status" not in actions:
        actions = action_status(actions, dt.date.today(), dt.date.today())
    rows = []
    several = len(set(recommendations["challenge_id"]) | set(actions["challenge_id"])) > 1

    # Recommendations without any action.
    answered = {rec_id for ids in actions["rec_ids"] for rec_id in _items(ids)} if len(actions) else set()
    bare = recommendations[~recommendations["rec_id"].isin(answered)]
    not_in_source = set()
    if "action_plan_in_source" in challenges:
        not_in_source = set(
            challenges.loc[~challenges["action_plan_in_source"].fillna(True).astype(bool), "challenge_id"]
        )
    bare_missing_plan = bare[bare["challenge_id"].isin(not_in_source)]
    detail = (
        "Every recommendation has at least one action."
        if bare.empty
        else ("No action in the plan answers these recommendations.")
    )
    if len(bare_missing_plan):
        names = ", ".join(sorted(_challenge_names(challenges, set(bare_missing_plan["challenge_id"]))))
        detail = (
            f"{len(bare_missing_plan)} of them belong to a challenge whose action plan is not in the source "
            f"document ({names}): ask the council for the plan."
            + (
                f" The other {len(bare) - len(bare_missing_plan)} have no action in the plan."
                if len(bare) > len(bare_missing_plan)
                else ""
            )
        )
    rows.append(
        _check("Recommendations without any action", bare, len(recommendations), detail, _rec_labels(bare, several))
    )

    # Actions without an owner.
    no_owner = actions[~actions["has_owner"]]
    no_column = set()
    if "has_owner_column" in challenges:
        no_column = set(challenges.loc[~challenges["has_owner_column"].fillna(True).astype(bool), "challenge_id"])
    from_no_column = no_owner[no_owner["challenge_id"].isin(no_column)]
    if no_owner.empty:
        detail = "Every action names an owner." if len(actions) else "No actions to check."
    elif len(from_no_column) == len(no_owner):
        detail = "The plan has no owner column, so these actions name no accountable owner."
    elif len(from_no_column):
        detail = (
            f"{len(from_no_column)} are in a plan without an owner column; "
            f"{len(no_owner) - len(from_no_column)} have an empty owner cell."
        )
    else:
        detail = "The owner cell is empty."
    rows.append(_check("Actions without an owner", no_owner, len(actions), detail, _action_labels(no_owner, several)))

    # Actions without a date.
    undated = actions[actions["visit_status"] == "no_date"]
    unread = int(undated["timescale_flags"].map(lambda f: "unparsed" in _items(f)).sum()) if len(undated) else 0
    if undated.empty:
        detail = "Every action has a usable date." if len(actions) else "No actions to check."
    else:
        blank = len(undated) - unread
        parts = [f"{blank} {'has' if blank == 1 else 'have'} no timescale at all"] if blank else []
        if unread:
            example = _first_raw(undated)
            parts.append(
                f"{unread} {'has' if unread == 1 else 'have'} one that could not be read as dates "
                f"(e.g. \u201c{example}\u201d)"
            )
        detail = "; ".join(parts) + "."
        detail = detail[0].upper() + detail[1:]
    rows.append(_check("Actions without a date", undated, len(actions), detail, _action_labels(undated, several)))

    # Actions with flagged dates.
    flagged = actions[actions["flagged"]]
    counts: dict[str, int] = {}
    for flags in flagged["timescale_flags"] if len(flagged) else []:
        for flag in _items(flags):
            counts[flag] = counts.get(flag, 0) + 1
    if not counts:
        detail = "No timescale needed a flag."
    else:
        detail = " ".join(
            f"{flag.replace('_', ' ').capitalize()} ({n}): {FLAG_DESCRIPTIONS.get(flag, '')}".strip()
            for flag, n in sorted(
                counts.items(),
                key=lambda kv: list(FLAG_DESCRIPTIONS).index(kv[0]) if kv[0] in FLAG_DESCRIPTIONS else 99,
            )
        )
    rows.append(_check("Actions with flagged dates", flagged, len(actions), detail, _action_labels(flagged, several)))

    # Recommendations the documents declare but the source does not show.
    declared = pd.to_numeric(challenges.get("recommendations_declared"), errors="coerce")
    captured = recommendations.groupby("challenge_id").size() if len(recommendations) else pd.Series(dtype=int)
    missing_total, parts = 0, []
    for position, (_, row) in enumerate(challenges.iterrows()):
        n_declared = declared.iloc[position] if declared is not None else None
        if n_declared is None or pd.isna(n_declared):
            continue
        # The loader's own count, so a theme filter narrowing the recommendations is not mistaken for a gap.
        own = row.get("recommendations_captured")
        n_captured = int(own) if own is not None and not pd.isna(own) else int(captured.get(row["challenge_id"], 0))
        if n_declared > n_captured:
            missing_total += int(n_declared) - n_captured
            parts.append(f"{challenge_label(row)}: {n_captured} of {int(n_declared)} captured")
    total_declared = int(declared.sum()) if declared is not None and declared.notna().any() else 0
    detail = (
        "The source shows every recommendation the documents declare."
        if not missing_total
        else "The documents declare more recommendations than the source shows (" + "; ".join(parts) + ")."
    )
    rows.append(
        {
            "check": CHECK_MISSING,
            "count": missing_total,
            "total": total_declared,
            "detail": detail,
            "items": parts,
        }
    )
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def _check(name: str, failing: pd.DataFrame, total: int, detail: str, items: list[str]) -> dict:
    return {"check": name, "count": len(failing), "total": int(total), "detail": detail, "items": items}


def _grouped(frame: pd.DataFrame, labels: list[str], several: bool) -> list[str]:
    """Labels as they are, or, across several challenges, one "2021: 1, 2, 7" entry per challenge year."""
    if not several:
        return labels
    by_year: dict[str, list[str]] = {}
    for ch, label in zip(frame["challenge_id"], labels, strict=True):
        by_year.setdefault(str(ch).rsplit("-", 1)[-1], []).append(label)
    return [f"{year}: {', '.join(items)}" for year, items in sorted(by_year.items(), reverse=True)]


def _rec_labels(recs: pd.DataFrame, several: bool = False) -> list[str]:
    """ "R3" per recommendation; grouped by challenge year when several (Bury 2018 and 2021 both have an R4)."""
    numbers = recs["number"] if "number" in recs else recs["rec_id"]
    return _grouped(recs, [f"R{_text(n)}" for n in numbers], several)


def _action_labels(acts: pd.DataFrame, several: bool = False) -> list[str]:
    """The "No." the brief's tables show (the plan's number, else the order); grouped by year when several."""
    labels = [
        _text(getattr(act, "number", "")) or str(getattr(act, "order", "") or act.action_id)
        for act in acts.itertuples(index=False)
    ]
    return _grouped(acts, labels, several)


def _first_raw(actions: pd.DataFrame) -> str:
    raws = [
        t for t, f in zip(actions["timescale_raw"], actions["timescale_flags"], strict=False) if "unparsed" in _items(f)
    ]
    return _text(raws[0]) if raws else ""


def _challenge_names(challenges: pd.DataFrame, ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    rows = challenges[challenges["challenge_id"].isin(wanted)]
    return [challenge_label(row) for _, row in rows.iterrows()] or sorted(wanted)


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
        """ "12 of 15" (or "7" when no count is declared)."""
        return f"{self.recommendations} of {self.declared}" if self.declared is not None else str(self.recommendations)


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


def council_default_visit(challenges: pd.DataFrame) -> VisitDefault | None:
    """The default visit date for a council: the progress review of its latest challenge."""
    for _, row in latest_challenges(challenges).iterrows():
        found = default_visit(row)
        if found:
            return found
    return None


def brief(data: Frames, council_id: str, visit_date: dt.date | None = None, today: dt.date | None = None) -> Brief:
    """Assemble a council's brief from (possibly filtered) frames; ``visit_date`` defaults to the progress review.

    Raises :class:`KeyError` for a council that is not in ``data.councils``.
    """
    today = today or dt.date.today()
    councils = data.councils[data.councils["council_id"] == council_id]
    if councils.empty:
        raise KeyError(council_id)
    council = {k: (None if _text(v) == "" else v) for k, v in councils.iloc[0].to_dict().items()}
    challenges = latest_challenges(data.challenges[data.challenges["council_id"] == council_id])
    default = council_default_visit(challenges)
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
    declared = int(declared_series.sum()) if declared_series is not None and declared_series.notna().any() else None
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
    )


# --------------------------------------------------------------------------------------------------
# Similar recommendations elsewhere (the overlap engine is optional)


def similar_elsewhere(corpus: Any, rec_ids: Iterable[str], k: int = 3) -> dict[str, pd.DataFrame] | None:
    """For each recommendation, the ``k`` most similar recommendations in *other* councils.

    Uses :func:`analysis.overlap.similar` over the whole ``corpus`` (so filters never hide a match). Returns
    None when the similarity engine is not available (not built yet, or its API differs), so callers can say
    so instead of failing. A recommendation the engine does not know gets an empty frame.
    """
    try:
        similar = importlib.import_module("analysis.overlap").similar
    except (ImportError, AttributeError):
        return None
    out: dict[str, pd.DataFrame] = {}
    for rec_id in rec_ids:
        try:
            out[rec_id] = similar(corpus, rec_id, k=k)
        except (KeyError, ValueError):
            out[rec_id] = pd.DataFrame(columns=["rec_id", "council_id", "score", "shared_topics", "why"])
    return out


# --------------------------------------------------------------------------------------------------
# Display rows shared by the page and the HTML export (plain strings, so both show the same thing)


def day(value: object) -> str:
    """'8 Feb 2023', or '' when unknown."""
    d = _date(value)
    return f"{d:%-d %b %Y}" if d else ""


def date_span(start: object, end: object, ongoing: object = False, completed: object = False) -> str:
    """The normalised dates of a timescale in words: "1 Aug 2021 – 31 Dec 2021", "by 30 Apr 2022", "ongoing"."""
    s, e = day(start), day(end)
    going = bool(ongoing) and not pd.isna(ongoing)
    if s and e:
        text = f"{s} – {e}"
    elif e:
        text = f"by {e}"
    elif s:
        text = f"from {s}"
    else:
        text = ""
    if going:
        text = f"{text} (ongoing)" if text else "ongoing"
    if bool(completed) and not pd.isna(completed):
        text = f"{text} (completed)" if text else "completed"
    return text or "–"


def owner_display(owners: object, owner_raw: object = None) -> str:
    """Owners as written (the raw cell), else the normalised list; says why when there is none."""
    names = [_text(o) for o in _items(owners) if _text(o).strip().lower() not in _NO_OWNER]
    raw = _text(owner_raw).strip()
    if raw:
        return raw
    if names:
        return "; ".join(names)
    if any(_text(o).strip().lower() == "not stated" for o in _items(owners)):
        return "not stated (no owner column)"
    return "none given"


def flag_names(flags: object) -> str:
    return ", ".join(_text(f).replace("_", " ") for f in _items(flags))


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
                "Action": _text(act.text),
                "Owner": owner_display(act.owners, act.owner_raw),
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
            code = step.visit_status if own else ""  # an undated step falls under its action's timescale
            rows.append(
                {
                    "No.": f"\u21b3 {_text(step.label) or step.order}",
                    "Action": _text(step.text),
                    "Owner": _text(step.owner_raw),
                    "Timescale as written": _text(step.timescale_raw) or "",
                    "Dates (normalised)": date_span(step.start, step.end, step.ongoing, step.completed) if own else "",
                    "Status": STATUS_LABELS[code] if own else "as action",
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


def challenge_label(challenge: Mapping[str, Any] | pd.Series) -> str:
    """ "Corporate peer challenge 2023", "Revisit 2021"."""
    kind = _text(challenge.get("kind")).strip() or "peer challenge"
    return f"{kind[0].upper()}{kind[1:]} {challenge.get('year')}"


def check_rows(b: Brief) -> pd.DataFrame:
    """The plan-quality checks for display: "Count" as "15 of 20", items joined ("all" when every item fails)."""
    rows = []
    for row in b.checks.itertuples(index=False):
        items = [str(i) for i in row.items]
        every = row.total and row.count == row.total and row.check != CHECK_MISSING
        rows.append(
            {
                "Check": row.check,
                "Count": f"{row.count} of {row.total}",
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
                "action": _text(act.text),
                "owner": owner_display(act.owners, act.owner_raw),
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
