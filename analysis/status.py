"""Status rules: where one action or step stands against a visit date.

Plans rarely record progress, so a status says what the *plan* implies, never what the council has done:
"overdue" means "the deadline has passed and the plan does not record it as completed" — a question to ask
at the visit, not a finding.

Statuses (one per action or step, exclusive, so they add up to the number of actions):

* ``completed`` — the timescale or status cell says so ("Completed").
* ``overdue`` — the deadline (the end date as written) is before the *as-of date*: today, or the visit date
  if that is earlier. A past visit is therefore judged at the visit.
* ``due`` — "due by the visit": the deadline falls between the as-of date and the visit date (inclusive). Only
  possible when the visit is still ahead: these are the items the council should have finished by then.
* ``ongoing`` — marked ongoing with no end date, or started with no end given (open-ended), by the visit. A
  timescale that runs *from* a period and then carries on ("<month> and ongoing", "<month> onwards") is
  ongoing from that period: its period's end is not a deadline (:func:`ongoing_from`).
* ``later`` — "not yet due": the deadline is after the visit date, or open-ended work starts only after it.
* ``no_date`` — no usable date: the cell is blank or could not be read (the raw text is still shown).

Deadlines are the normalised ``end`` dates exactly as the loader read them: a flagged timescale such as an end
before its start keeps its written end and is listed among the plan-quality checks rather than silently
corrected. Pure pandas; nothing is mutated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.cells import cell_text as _text

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
#: A timescale that starts with a period and then carries on: "... and ongoing", "... then ongoing", "... onwards".
#: The loader reads the period's own end as the end date; the status rule must not treat it as a deadline.
_CARRIES_ON = ("ongoing", "onwards", "onward")

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


def ongoing_from(raw: object, ongoing: object) -> bool:
    """True for a timescale that runs from a period and then continues ("<period> and ongoing"): no deadline.

    ``loaders.timescales`` reads "<period> and ongoing" as open-ended itself (a start, no end); this rule still
    matters for a *range* that then carries on ("April 2024 – March 2025 and ongoing", whose written end the
    loader keeps) and for frames built elsewhere: the period's end is not counted as a deadline.
    """
    if not (bool(ongoing) and not pd.isna(ongoing)):
        return False
    words = _text(raw).lower().replace("&", " ").replace("+", " ").replace(",", " ").split()
    words = [w.strip(".;:!()") for w in words]
    words = [w for w in words if w]
    # Ends by carrying on, after something else that is not itself "ongoing": "July 2023 and ongoing".
    return len(words) >= 2 and words[-1] in _CARRIES_ON and words[0] not in _CARRIES_ON


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


def _carries_on(frame: pd.DataFrame) -> pd.Series:
    """Per row: a timescale that runs from a period and then carries on (:func:`ongoing_from`)."""
    if "timescale_raw" not in frame or "ongoing" not in frame or frame.empty:
        return pd.Series(False, index=frame.index)
    pairs = zip(frame["timescale_raw"], frame["ongoing"], strict=True)
    return pd.Series([ongoing_from(r, o) for r, o in pairs], index=frame.index, dtype=bool)


def _status_frame(frame: pd.DataFrame, visit_date: dt.date, today: dt.date, *, with_status_text: bool) -> pd.DataFrame:
    ongoing, completed = _column(frame, "ongoing"), _column(frame, "completed")
    end = _column(frame, "end")
    carries_on = _carries_on(frame)
    if end is not None and carries_on.any():
        end = end.mask(carries_on)  # "<period> and ongoing": the period's end is no deadline
    codes, late = classify_many(
        start=_column(frame, "start"),
        end=end,
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
    frame = frame.assign(deadline=frame["end"].mask(_carries_on(frame)), date_source=source)
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
