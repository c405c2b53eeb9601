"""The answer at the top of a council brief: where the council stands at the visit date.

An adviser opening the brief asks one question first — what should have been done by the visit and is not
recorded as done — then what falls due soon after, where the plan has gaps, and what the recorded reviews
found. These functions turn an assembled :class:`analysis.followup.Brief` into those few plain tables (strings,
so the page, the HTML file and the workbook show the same thing), and pick the close matches in other councils
with what those councils planned. Pure pandas; nothing is mutated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from dateutil.relativedelta import relativedelta

from analysis.brief_text import action_owner, action_text, as_shown
from analysis.followup import Brief, date_span, day
from analysis.overlap_view import match_evidence
from analysis.status import STATUS_LABELS, _date, _items, _text

#: Months after the visit whose deadlines the brief lists as "falls due soon after".
AFTER_MONTHS = 3

#: Similarity below which a match in another council is not shown (``analysis.overlap.similar``'s score).
#: Calibrated on tests/data/overlap_pairs.yaml: every labelled non-pair scores at most 0.38, while about 70% of
#: the labelled pairs score above 0.41 (tests/analysis/test_visit_answer.py re-derives both from the set). A
#: match on topic alone scores at most 0.20 (analysis.overlap_settings.TOPIC_FLOOR), so it is never shown as close.
CLOSE_MATCH = 0.41

#: Status of the actions the overdue list holds: deadline on or before the visit, not marked complete.
PASSED = ("overdue", "due")


def span_words(start: dt.date, end: dt.date) -> str:
    """ "3 years 7 months", "2 months", "12 days": the time from ``start`` to ``end`` in words (never negative)."""
    if end <= start:
        return "0 days"
    gap = relativedelta(end, start)
    parts = []
    for amount, unit in ((gap.years, "year"), (gap.months, "month")):
        if amount:
            parts.append(f"{amount} {unit}{'' if amount == 1 else 's'}")
    if not parts:
        days = (end - start).days
        parts.append(f"{days} day{'' if days == 1 else 's'}")
    return " ".join(parts)


def _rec_names(b: Brief) -> dict[str, str]:
    return {
        r.rec_id: f"R{_text(r.number)} {as_shown(r.title, getattr(r, 'fidelity', None))}".strip()
        for r in b.recommendations.itertuples(index=False)
    }


def _recs_of(act: Any, names: dict[str, str], short: bool = True) -> str:
    """The recommendations an action answers: "R1, R2" (short) or with their titles."""
    got = [names.get(r, str(r)) for r in _items(act.rec_ids)]
    return ", ".join(g.split(" ", 1)[0] for g in got) if short else "; ".join(got) or "–"


def _plan_status(act: Any) -> str:
    return _text(getattr(act, "status", "")).strip() or "not recorded"


@dataclass(frozen=True)
class Tile:
    """One headline number, its one-line definition and the status it is coloured by."""

    label: str
    value: str
    definition: str
    status: str  # a status code, or "gap" / "info"


def tiles(b: Brief) -> list[Tile]:
    """The headline tiles. They partition the actions (plus the gap counts), so no two can contradict."""
    h, visit = b.headline, day(b.visit_date)
    passed = h.overdue + h.due
    soon = len(due_after_rows(b))
    open_later = h.later - soon
    gaps = int((~b.actions["has_owner"] | (b.actions["visit_status"] == "no_date")).sum()) if h.actions else 0
    bare = len(bare_recommendations(b))
    already = f"; {h.overdue} of them already past today" if (not b.visit_in_past and h.due) else ""
    return [
        Tile("Deadline passed by the visit", f"{passed} of {h.actions}",
             f"Actions due on or before {visit} that the plan does not mark complete{already}.", "overdue"),
        Tile(f"Due in the {AFTER_MONTHS} months after", str(soon),
             f"Deadline after {visit} and within {AFTER_MONTHS} months of it.", "due"),
        Tile("Ongoing", str(h.ongoing), "Marked ongoing, or started with no end date, at the visit.", "ongoing"),
        Tile("Later", str(max(open_later, 0)), f"Deadline more than {AFTER_MONTHS} months after the visit.", "later"),
        Tile("Completed (plan says)", str(h.completed), "The plan's timescale or status cell says completed.",
             "completed"),
        Tile("No date", str(h.no_date), "No usable deadline: blank or unreadable timescale.", "no_date"),
        Tile("Gaps: no owner or no date", str(gaps), "Actions naming no owner, or with no usable date.", "gap"),
        Tile("Recommendations", h.captured_of_declared,
             f"Captured from the sources; {bare} with no action in the plan.", "info"),
    ]  # fmt: skip


def overdue_rows(b: Brief) -> pd.DataFrame:
    """Actions whose deadline is on or before the visit and that the plan does not mark complete, most late first.

    "Overdue at the visit" is measured from the deadline to the visit date, in words.
    """
    columns = ["Status", "Action", "Recommendation", "Owner", "Deadline", "Overdue at the visit", "Plan's status"]
    acts = b.actions[b.actions["visit_status"].isin(PASSED)] if b.headline.actions else b.actions.head(0)
    acts = acts.sort_values("deadline", kind="stable")
    names = _rec_names(b)
    rows = []
    for act in acts.itertuples(index=False):
        deadline = _date(act.deadline)
        late = span_words(deadline, b.visit_date) if deadline else "–"
        rows.append(
            {
                "Status": STATUS_LABELS[act.visit_status],
                "Action": action_text(act),
                "Recommendation": _recs_of(act, names),
                "Owner": action_owner(act),
                "Deadline": day(deadline) or "–",
                "Overdue at the visit": f"overdue by {late}"
                if deadline and deadline < b.visit_date
                else "due that day",
                "Plan's status": _plan_status(act),
                "_status": act.visit_status,
            }
        )
    return pd.DataFrame(rows, columns=[*columns, "_status"])


def due_after_rows(b: Brief, months: int = AFTER_MONTHS) -> pd.DataFrame:
    """Actions falling due in the ``months`` after the visit (not marked complete), soonest first."""
    columns = ["Status", "Action", "Recommendation", "Owner", "Deadline", "Due", "Plan's status"]
    if not b.headline.actions:
        return pd.DataFrame(columns=[*columns, "_status"])
    until = pd.Timestamp(b.visit_date + relativedelta(months=months))
    deadline = pd.to_datetime(b.actions["deadline"], errors="coerce")
    acts = b.actions[(b.actions["visit_status"] == "later") & (deadline <= until)].sort_values("deadline")
    names = _rec_names(b)
    rows = [
        {
            "Status": "Due soon after",
            "Action": action_text(act),
            "Recommendation": _recs_of(act, names),
            "Owner": action_owner(act),
            "Deadline": day(act.deadline),
            "Due": f"{span_words(b.visit_date, _date(act.deadline))} after the visit",
            "Plan's status": _plan_status(act),
            "_status": "due",
        }
        for act in acts.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=[*columns, "_status"])


def gap_rows(b: Brief) -> pd.DataFrame:
    """Actions with no owner or no usable date: what is missing, then the action."""
    columns = ["Missing", "Action", "Recommendation", "Owner", "Timescale as written"]
    if not b.headline.actions:
        return pd.DataFrame(columns=columns)
    names = _rec_names(b)
    rows = []
    for act in b.actions.itertuples(index=False):
        missing = [w for w, gap in (("owner", not act.has_owner), ("date", act.visit_status == "no_date")) if gap]
        if missing:
            rows.append(
                {
                    "Missing": " and ".join(missing),
                    "Action": action_text(act),
                    "Recommendation": _recs_of(act, names),
                    "Owner": action_owner(act),
                    "Timescale as written": _text(act.timescale_raw) or "–",
                }
            )
    return pd.DataFrame(rows, columns=columns)


def bare_recommendations(b: Brief) -> pd.DataFrame:
    """Recommendations no action answers, and whether the plan is in the source at all."""
    answered = {r for ids in b.actions["rec_ids"] for r in _items(ids)} if b.headline.actions else set()
    bare = b.recommendations[~b.recommendations["rec_id"].isin(answered)]
    missing = set()
    if "action_plan_in_source" in b.challenges:
        missing = set(
            b.challenges.loc[~b.challenges["action_plan_in_source"].fillna(True).astype(bool), "challenge_id"]
        )
    return pd.DataFrame(
        {
            "Recommendation": [f"R{_text(r.number)}" for r in bare.itertuples(index=False)],
            "Title": [_text(r.title) for r in bare.itertuples(index=False)],
            "Why": [
                "the action plan is not in the source" if r.challenge_id in missing else "no action in the plan"
                for r in bare.itertuples(index=False)
            ],
        },
        columns=["Recommendation", "Title", "Why"],
    )


def _rag(row: Any) -> str:
    counts = [(n, getattr(row, f"rag_{n}", None)) for n in ("green", "amber", "red", "other")]
    shown = [f"{int(v)} {n}" for n, v in counts if v is not None and not pd.isna(v)]
    of = _text(getattr(row, "rag_of", ""))
    return (", ".join(shown) + (f" ({of})" if of else "")) if shown else "no RAG counts recorded"


def review_rows(b: Brief) -> pd.DataFrame:
    """Each recorded review of this council's challenges: when, what, RAG counts and findings as written."""
    columns = ["Date", "Kind", "Review", "RAG", "Findings"]
    if b.reviews is None or b.reviews.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for r in b.reviews.itertuples(index=False):
        when = day(r.date) or _text(r.date_as_written) or "undated"
        findings = [_text(f) for f in _items(r.findings)]
        rows.append(
            {
                "Date": when + (" (planned)" if bool(r.planned) else ""),
                "Kind": _text(r.kind),
                "Review": _text(r.title),
                "RAG": _rag(r),
                "Findings": " • ".join(findings) if findings else "none recorded",
            }
        )
    return pd.DataFrame(rows, columns=columns)


def step_status_text(step: Any, action: Any) -> str:
    """A step row's status: its own when it has a timescale, else its action's, said as such."""
    if _text(step.timescale_raw).strip():
        return STATUS_LABELS[step.visit_status]
    return f"{STATUS_LABELS[action.visit_status]} (no date of its own: the action's)"


def close_matches(
    data: Any, b: Brief, similar: dict[str, pd.DataFrame] | None, threshold: float = CLOSE_MATCH
) -> pd.DataFrame:
    """Each of this council's recommendations with a close match elsewhere: the match and what was planned.

    One row per (recommendation, match) with score at least ``threshold``. ``planned`` holds the matched
    council's actions for that recommendation (action, owner, timescale, plan's status) as a frame; ``why``
    says why the match was chosen (the score, the shared words or that there are none, the shared topics).
    """
    columns = ["rec_id", "this", "council_id", "match_rec_id", "match", "score", "why", "planned"]
    if not similar:
        return pd.DataFrame(columns=columns)
    names = _rec_names(b)
    rows = []
    for rec_id, matches in similar.items():
        if matches is None or matches.empty:
            continue
        for m in matches[matches["score"] >= threshold].itertuples(index=False):
            why = match_evidence(_text(getattr(m, "why", "")), _items(getattr(m, "shared_topics", [])))
            rows.append(
                {
                    "rec_id": rec_id,
                    "this": names.get(rec_id, rec_id),
                    "council_id": m.council_id,
                    "match_rec_id": m.rec_id,
                    "match": _text(getattr(m, "title", "")),
                    "score": float(m.score),
                    "why": f"similarity {float(m.score):.2f} (close: at least {threshold:.2f}); {why}",
                    "planned": planned_for(data, m.rec_id),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def planned_for(data: Any, rec_id: str) -> pd.DataFrame:
    """What a council planned for one of its recommendations: action, owner, timescale as written, plan status."""
    acts = data.actions[data.actions["rec_ids"].map(lambda ids: rec_id in _items(ids))]
    return pd.DataFrame(
        {
            "Action": [action_text(a) for a in acts.itertuples(index=False)],
            "Owner": [action_owner(a) for a in acts.itertuples(index=False)],
            "Timescale": [
                _text(a.timescale_raw) or date_span(a.start, a.end, a.ongoing, a.completed)
                for a in acts.itertuples(index=False)
            ],
            "Plan's status": [_plan_status(a) for a in acts.itertuples(index=False)],
        },
        columns=["Action", "Owner", "Timescale", "Plan's status"],
    )


VISIT_SHEET = "Status at the visit"
VISIT_SHEET_COLUMNS = [
    "Item", "Recommendation", "No.", "Action or step", "Owner", "Deadline", "Status at the visit",
    "Days overdue at the visit", "Plan's own status", "Timescale as written", "Review findings",
]  # fmt: skip


def visit_sheet(b: Brief) -> pd.DataFrame:
    """The workbook's "Status at the visit" sheet: one row per action and step, then one per recorded review.

    Days overdue are counted to the visit date (the date the URL and the brief show). Review findings are not
    tied to single actions in the sources, so each review is its own row rather than copied onto every action.
    """
    names = _rec_names(b)
    rows = []
    for act in b.actions.sort_values("order", kind="stable").itertuples(index=False) if b.headline.actions else []:
        deadline = _date(act.deadline)
        late = (b.visit_date - deadline).days if deadline and act.visit_status in PASSED else None
        number = _text(getattr(act, "number", "")) or str(getattr(act, "order", ""))
        rows.append(
            {
                "Item": "Action",
                "Recommendation": _recs_of(act, names, short=False),
                "No.": number,
                "Action or step": action_text(act),
                "Owner": action_owner(act),
                "Deadline": deadline,
                "Status at the visit": STATUS_LABELS[act.visit_status],
                "Days overdue at the visit": late if late and late > 0 else None,
                "Plan's own status": _plan_status(act),
                "Timescale as written": _text(act.timescale_raw),
                "Review findings": "",
            }
        )
        for step in b.steps_for(act.action_id).itertuples(index=False):
            own = bool(_text(step.timescale_raw).strip())
            code = step.visit_status if own else act.visit_status
            end = _date(step.end) if own else deadline
            late = (b.visit_date - end).days if end and code in PASSED else None
            rows.append(
                {
                    "Item": "Step",
                    "Recommendation": _recs_of(act, names),
                    "No.": f"{number}.{_text(step.label) or step.order}",
                    "Action or step": _text(step.text),
                    "Owner": _text(step.owner_raw) or action_owner(act),
                    "Deadline": end,
                    "Status at the visit": step_status_text(step, act),
                    "Days overdue at the visit": late if late and late > 0 else None,
                    "Plan's own status": _text(getattr(step, "status", "")).strip() or "not recorded",
                    "Timescale as written": _text(step.timescale_raw),
                    "Review findings": "",
                }
            )
    for r in review_rows(b).itertuples(index=False):
        rows.append(
            {
                **dict.fromkeys(VISIT_SHEET_COLUMNS, ""),
                "Item": "Review",
                "Action or step": f"{r.Kind}: {r.Review} ({r.Date})",
                "Deadline": None,
                "Days overdue at the visit": None,
                "Status at the visit": r.RAG,
                "Review findings": r.Findings,
            }
        )
    return pd.DataFrame(rows, columns=VISIT_SHEET_COLUMNS)
