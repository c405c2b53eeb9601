"""Plain strings for a brief's rows, shared by the page, the HTML brief and the pack so all three show the same
thing: a day ("8 Feb 2023"), a timescale's normalised span, an action's owners as written, its flags, what is
printed under a recommendation's heading and its progress lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.status import _NO_OWNER, _date, _items, _text
from loaders.constants import UNREADABLE_FIDELITY
from loaders.owners import ROLE_NOT_STATED

#: What follows text that is cut off in the source (fidelity ``truncated``) wherever it is shown: the brief,
#: its HTML copy, the pack and every table of actions, so a fragment never reads as the whole recommendation.
CUT_OFF = "(cut off in the source)"
CUT_OFF_MARK = f"\u2026 {CUT_OFF}"


def as_shown(text: object, fidelity: object = None) -> str:
    """``text`` as a reader sees it: with :data:`CUT_OFF_MARK` after it when the source cut it off.

    A trailing ellipsis the transcriber (or a shortened cell) already put there is not doubled.

    >>> as_shown("Develop g", "truncated"), as_shown("Develop a plan", "verbatim"), as_shown("Build…", "truncated")
    ('Develop g… (cut off in the source)', 'Develop a plan', 'Build… (cut off in the source)')
    """
    shown = _text(text)
    if not (isinstance(fidelity, str) and fidelity in UNREADABLE_FIDELITY) or not shown.strip():
        return shown
    body = shown.rstrip()
    for dots in ("\u2026", "..."):
        if body.endswith(dots):
            body = body[: -len(dots)].rstrip()
            break
    return f"{body}{CUT_OFF_MARK}"


def action_text(act: Any) -> str:
    """An action row's text as shown (marked when cut off in the source); ``act`` is a row or a namedtuple."""
    fidelity = act.get("fidelity") if isinstance(act, Mapping | pd.Series) else getattr(act, "fidelity", None)
    text = act.get("text") if isinstance(act, Mapping | pd.Series) else act.text
    return as_shown(text, fidelity)


def day(value: object) -> str:
    """'8 Feb 2023', or '' when unknown."""
    d = _date(value)
    return f"{d:%-d %b %Y}" if d else ""


def plan_when(challenge: Mapping[str, Any] | pd.Series) -> str:
    """When the council's plan is dated: its exact day, else its date as written ("January 2024"), else "not
    dated".

    >>> plan_when({"plan_date": None, "plan_date_as_written": "January 2024"}), plan_when({"plan_date": None})
    ('January 2024', 'not dated')
    """
    return day(challenge.get("plan_date")) or _text(challenge.get("plan_date_as_written")).strip() or "not dated"


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


def owner_display(owners: object, owner_raw: object = None, roles: object = None) -> str:
    """Owners as written (the raw cell), else the normalised list; says why when there is none.

    Where the plan names owners under roles (``owner_roles``, in the order of ``owners``), each owner is shown
    with its role instead, "Leader (accountable); Chief Executive (responsible)": the roles are what a reader of
    a two-column plan needs, and a raw "Accountable: ...; Responsible: ..." cell says it less plainly.

    >>> owner_display(["Leader", "Chief Executive"], "Accountable: Leader of the Council; Responsible: CEO",
    ...               ["accountable", "responsible"])
    'Leader (accountable); Chief Executive (responsible)'
    >>> owner_display(["Chief Executive"], "Chief Exec", ["not stated"])
    'Chief Exec'
    """
    names = [_text(o) for o in _items(owners) if _text(o).strip().lower() not in _NO_OWNER]
    raw = _text(owner_raw).strip()
    listed = ["" if _text(r) == ROLE_NOT_STATED else _text(r) for r in _items(roles)]
    if names and len(listed) == len(_items(owners)) and any(listed):
        pairs = zip(_items(owners), listed, strict=True)
        return "; ".join(
            f"{_text(o)} ({_text(r)})" if _text(r) else _text(o)
            for o, r in pairs
            if _text(o).strip().lower() not in _NO_OWNER
        )
    if raw:
        return raw
    if names:
        return "; ".join(names)
    if any(_text(o).strip().lower() == "not stated" for o in _items(owners)):
        return "not stated (no owner column)"
    return "none given"


def action_owner(action: object) -> str:
    """:func:`owner_display` of one row of the ``actions`` frame (an ``itertuples`` row), with its roles where
    the frame has them."""
    return owner_display(getattr(action, "owners", None), getattr(action, "owner_raw", None),
                         getattr(action, "owner_roles", None))  # fmt: skip


def flag_names(flags: object) -> str:
    return ", ".join(_text(f).replace("_", " ") for f in _items(flags))


@dataclass(frozen=True)
class RecommendationText:
    """What a brief prints under a recommendation's heading, as plain text (each renderer escapes it)."""

    text: str  # the recommendation's text; '' when it only repeats the title
    title: str  # the heading's title; both marked "… (cut off in the source)" where the source cut them off
    sub_points: list[str]
    themes: str  # "a, b", or "–" when none
    topics: str


def recommendation_text(rec: Mapping[str, Any] | pd.Series) -> RecommendationText:
    """The text (when it says more than the title), title, sub-points, LGA themes and topics of one recommendation
    row. A truncated recommendation's text is marked as cut off, or its title when the text only repeats it; its
    theme reads "not classified" when nobody labelled it (the classifier does not read a fragment)."""
    text = rec.get("text")
    shown = text if isinstance(text, str) and text.strip() and text.strip() != str(rec["title"]).strip() else ""
    fidelity = rec.get("fidelity")
    cut = isinstance(fidelity, str) and fidelity in UNREADABLE_FIDELITY
    themes = ", ".join(map(str, _items(rec.get("lga_themes"))))
    topics = ", ".join(map(str, _items(rec.get("topics"))))
    return RecommendationText(
        text=as_shown(shown, fidelity) if shown else "",
        title=as_shown(rec["title"], fidelity) if cut and not shown else _text(rec["title"]),
        sub_points=_items(rec.get("sub_points")),
        themes=themes or ("not classified (cut off in the source)" if cut else "–"),
        topics=topics or ("not classified" if cut else "–"),
    )


def progress_lines(progress: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Progress entries (:func:`analysis.followup.progress_entries` rows) as (day or "undated", source, text)."""
    return [(day(p.date) or "undated", _text(p.source), _text(p.text)) for p in progress.itertuples(index=False)]
