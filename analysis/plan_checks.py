"""Plan-quality checks an adviser raises at a visit: recommendations without actions, actions without an owner
or a date, flagged timescales, and recommendations the documents declare but the source does not show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from analysis.status import _items, _text, action_status
from loaders.timescales import FLAG_DESCRIPTIONS

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
    missing_total, parts, undeclared = 0, [], []
    for position, (_, row) in enumerate(challenges.iterrows()):
        n_declared = declared.iloc[position] if declared is not None else None
        if n_declared is None or pd.isna(n_declared):
            undeclared.append(challenge_label(row))
            continue
        # The loader's own count, so a theme filter narrowing the recommendations is not mistaken for a gap.
        own = row.get("recommendations_captured")
        n_captured = int(own) if own is not None and not pd.isna(own) else int(captured.get(row["challenge_id"], 0))
        if n_declared > n_captured:
            missing_total += int(n_declared) - n_captured
            parts.append(f"{challenge_label(row)}: {n_captured} of {int(n_declared)} captured")
    total_declared = int(declared.sum()) if declared is not None and declared.notna().any() else 0
    unknown = declared is None or not declared.notna().any()
    detail = (
        "The documents do not state how many recommendations there are (count not stated), so whether any are "
        "missing from the source is unknown."
        if unknown
        else "The source shows every recommendation the documents declare."
        if not missing_total
        else "The documents declare more recommendations than the source shows (" + "; ".join(parts) + ")."
    )
    if undeclared and not unknown:  # a count for some challenges says nothing about the others
        detail += (
            f" The count is not stated for {', '.join(undeclared)}, so whether any of "
            f"{'its' if len(undeclared) == 1 else 'their'} recommendations are missing is unknown."
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


def challenge_label(challenge: Mapping[str, Any] | pd.Series) -> str:
    """ "Corporate peer challenge 2023", "Revisit 2021"."""
    kind = _text(challenge.get("kind")).strip() or "peer challenge"
    return f"{kind[0].upper()}{kind[1:]} {challenge.get('year')}"
