"""A council's peer challenges over time: "did the same problems come back at the next peer challenge?"

* :func:`timeline` - one row per event (each challenge on site, its action plan, its revisits, progress
  reviews and reports), with a date to draw and whether that date is exact or read from words such as
  "summer 2021".
* :func:`recurrence` - for each recommendation of a later challenge, the most similar recommendation of an
  earlier challenge of the *same* council, scored by the overlap engine (:mod:`analysis.overlap`, the same
  blend of wording and topics used across councils), with a verdict, and the earlier recommendations that
  did not come back.
* :func:`seen_before` - the later recommendations that closely match one from any earlier challenge of the
  same council (the council brief's "seen before" marker).

Verdicts (thresholds on the 0-1 overlap score, set by reading Bury's 2018 and 2021 recommendations side by
side; tests/analysis/test_history.py holds the pairs a reader would make):

* **recurred** (score >= :data:`RECURRED_AT`): the same ask again, in other words (Bury 2018 "a single,
  comprehensive corporate performance management framework" -> 2021 "continue to improve performance
  management", 0.72);
* **related** (>= :data:`RELATED_AT`): the same area, a different ask (2021's "2030 vision ... partners" and
  2018's "Team Bury partnership");
* **new**: nothing earlier comes close.

An earlier recommendation **disappeared** when no later one scores :data:`RELATED_AT` or more against it:
done, dropped, or no longer the peer team's concern (Bury 2018's "corporate core", ICT and
commercialisation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis import overlap
from loaders.timescales import parse_timescale

RECURRED_AT = 0.55
RELATED_AT = 0.3
VERDICTS = ("recurred", "related", "new")

#: Lanes of the timeline, top to bottom; any other review kind gets a lane of its own below these.
LANES = ("Peer challenge", "Revisit", "Progress review", "Progress report", "Support session", "Action plan")
_LANE_OF_KIND = {"corporate peer challenge": "Peer challenge", "peer challenge": "Peer challenge"}

TIMELINE_COLUMNS = [
    "council_id", "event_id", "event", "challenge_id", "lane", "kind", "date", "date_exact", "date_as_written",
    "planned", "title", "recommendations", "follows", "rag",
]  # fmt: skip
PAIR_COLUMNS = [
    "rec_id", "number", "title", "earlier_rec_id", "earlier_number", "earlier_title", "score", "text_score",
    "topic_score", "why", "verdict",
]  # fmt: skip
GONE_COLUMNS = ["rec_id", "number", "title", "best_score", "closest_rec_id", "closest_number"]
SEEN_COLUMNS = ["rec_id", "earlier_rec_id", "earlier_challenge_id", "earlier_number", "earlier_title", "score"]


# --------------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    return str(value).strip()


def _exact(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, dt.date) else None


def event_date(exact: object, as_written: object, *, year: object = None) -> tuple[dt.date | None, bool]:
    """A date to draw and whether it is exact: the exact date, else the middle of what the words say
    ("November 2018" -> 15 November 2018, "summer 2021" -> mid July), else mid-year of ``year``.

    >>> event_date(None, "summer 2021")
    (datetime.date(2021, 7, 16), False)
    >>> event_date(pd.Timestamp("2024-06-26"), "26-28 June 2024")
    (datetime.date(2024, 6, 26), True)
    """
    day = _exact(exact)
    if day is not None:
        return day, True
    parsed = parse_timescale(_text(as_written) or None)
    if parsed.start and parsed.end:
        return parsed.start + (parsed.end - parsed.start) / 2, parsed.start == parsed.end
    if parsed.start or parsed.end:
        return parsed.start or parsed.end, False
    if year is not None and not pd.isna(year):
        return dt.date(int(year), 7, 1), False
    return None, False


def _lane(kind: str) -> str:
    kind = kind.strip().lower()
    return _LANE_OF_KIND.get(kind) or (kind[:1].upper() + kind[1:] if kind else "Peer challenge")


def _rag(row: dict) -> str:
    parts = [f"{int(row[f'rag_{c}'])} {c}" for c in ("green", "amber", "red", "other")
             if f"rag_{c}" in row and not pd.isna(row[f"rag_{c}"])]  # fmt: skip
    if not parts:
        return ""
    of = _text(row.get("rag_of"))
    return ", ".join(parts) + (f" ({of})" if of else "")


def timeline(council_id: str, challenges: pd.DataFrame, reviews: pd.DataFrame | None = None) -> pd.DataFrame:
    """One council's events in date order, with :data:`TIMELINE_COLUMNS`.

    Each challenge gives an on-site event (lane from its kind: "Peer challenge", "Revisit", ...) and, when
    dated, its action plan. Each review (progress review, report, support session...) gives an event, unless
    it points at a challenge already on the timeline (``review_challenge_id``: a revisit loaded as a plan of
    its own). ``reviews`` may be None or lack columns (a corpus from before reviews were recorded).
    """
    rows: list[dict[str, Any]] = []
    own = challenges[challenges["council_id"] == council_id] if len(challenges) else challenges
    for ch in own.to_dict("records"):
        date, exact = event_date(ch.get("onsite_start"), ch.get("onsite_as_written"), year=ch.get("year"))
        kind = _text(ch.get("kind")) or "corporate peer challenge"
        rows.append({
            "council_id": council_id, "event_id": ch["challenge_id"], "event": "challenge",
            "challenge_id": ch["challenge_id"],
            "lane": _lane(kind), "kind": kind, "date": date, "date_exact": exact,
            "date_as_written": _text(ch.get("onsite_as_written")) or str(ch.get("year", "")), "planned": False,
            "title": f"{kind[:1].upper()}{kind[1:]} {ch.get('year')}",
            "recommendations": int(ch.get("recommendations_captured") or 0), "follows": _text(ch.get("follows")),
            "rag": "",
        })  # fmt: skip
        plan = _exact(ch.get("plan_date"))
        if plan is not None:
            rows.append({
                "council_id": council_id, "event_id": f"{ch['challenge_id']}-plan", "event": "action plan",
                "challenge_id": ch["challenge_id"],
                "lane": "Action plan", "kind": "action plan", "date": plan, "date_exact": True,
                "date_as_written": plan.strftime("%-d %B %Y"), "planned": False,
                "title": f"Action plan for the {ch.get('year')} challenge", "recommendations": None,
                "follows": ch["challenge_id"], "rag": "",
            })  # fmt: skip
    if reviews is not None and len(reviews) and "council_id" in reviews.columns:
        for rv in drawn_reviews(reviews[reviews["council_id"] == council_id], own).to_dict("records"):
            kind = _text(rv.get("kind")) or "progress review"
            date, exact = event_date(rv.get("date"), rv.get("date_as_written"))
            rows.append({
                "council_id": council_id, "event_id": _text(rv.get("review_id")) or f"{rv['challenge_id']}-review",
                "event": "review",
                "challenge_id": rv["challenge_id"], "lane": _lane(kind), "kind": kind, "date": date,
                "date_exact": exact, "date_as_written": _text(rv.get("date_as_written")),
                "planned": bool(rv.get("planned")) if not pd.isna(rv.get("planned")) else False,
                "title": _text(rv.get("title")) or kind.capitalize(), "recommendations": None,
                "follows": rv["challenge_id"], "rag": _rag(rv),
            })  # fmt: skip
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["recommendations"] = frame["recommendations"].astype("Int64")
    return frame.sort_values(["date", "event_id"], na_position="last", ignore_index=True)


def drawn_reviews(reviews: pd.DataFrame, challenges: pd.DataFrame) -> pd.DataFrame:
    """The reviews :func:`timeline` draws as review events: all but a revisit or progress review loaded as a plan
    of its own (``review_challenge_id`` among ``challenges``), which the timeline draws as that challenge.

    The one rule every count of "progress reviews and reports" follows, so a card never counts an event the
    History page does not show as one (a council's 2021 revisit filed as its own plan is the 2021 challenge,
    not a review of the 2018 one).
    """
    if reviews is None or reviews.empty or "review_challenge_id" not in reviews.columns:
        return reviews
    loaded = set(challenges["challenge_id"]) if len(challenges) else set()
    return reviews[~reviews["review_challenge_id"].isin(loaded)]


#: Columns of :func:`follow_ups`.
FOLLOW_UP_COLUMNS = ["challenge_id", "reviews", "followed_by"]


def follow_ups(challenges: pd.DataFrame, reviews: pd.DataFrame | None) -> pd.DataFrame:
    """Per challenge, what the History page shows after it: ``reviews`` (how many events it draws as reviews:
    :func:`drawn_reviews`) and ``followed_by`` (the loaded challenges whose ``follows`` names it, in year order,
    drawn as challenges of their own). One row per challenge of ``challenges``, in its order.
    """
    ids = challenges["challenge_id"] if len(challenges) else pd.Series(dtype=object)
    drawn = drawn_reviews(reviews, challenges) if reviews is not None else None
    counts = drawn.groupby("challenge_id").size() if drawn is not None and len(drawn) else pd.Series(dtype="int64")
    later: dict[str, list[str]] = {}
    if len(challenges) and "follows" in challenges.columns:
        for row in challenges.sort_values(["year", "challenge_id"]).itertuples(index=False):
            if isinstance(row.follows, str) and row.follows:
                later.setdefault(row.follows, []).append(row.challenge_id)
    return pd.DataFrame(
        {
            "challenge_id": ids.to_numpy(),
            "reviews": ids.map(counts).fillna(0).astype("int64").to_numpy(),
            "followed_by": [later.get(i, []) for i in ids],
        },
        columns=FOLLOW_UP_COLUMNS,
    )


def lanes(events: pd.DataFrame) -> list[str]:
    """The timeline's lanes in display order: :data:`LANES` first (those present), then any others."""
    present = list(dict.fromkeys(events["lane"])) if len(events) else []
    return [lane for lane in LANES if lane in present] + sorted(lane for lane in present if lane not in LANES)


# --------------------------------------------------------------------------------------------------
# Which challenge came before
# --------------------------------------------------------------------------------------------------


def _order_key(ch: dict) -> tuple:
    date, _ = event_date(ch.get("onsite_start"), ch.get("onsite_as_written"), year=ch.get("year"))
    return (date or dt.date(int(ch.get("year") or 1900), 7, 1), ch["challenge_id"])


def earlier_challenges(challenges: pd.DataFrame, later_challenge_id: str) -> list[str]:
    """The same council's challenges before ``later_challenge_id``, latest first; the one it ``follows``
    leads whatever the dates say (the source says so)."""
    council = challenges.loc[challenges["challenge_id"] == later_challenge_id, "council_id"]
    if council.empty:
        raise KeyError(f"unknown challenge {later_challenge_id!r}")
    # only the council's own rows become dicts: the whole frame is a thousand rows at national scale
    own = challenges[challenges["council_id"] == council.iloc[0]]
    by_id = {c["challenge_id"]: c for c in own.to_dict("records")}
    later = by_id[later_challenge_id]
    same = [c for c in by_id.values() if c["council_id"] == later["council_id"] and c is not later]
    before = sorted((c for c in same if _order_key(c) < _order_key(later)), key=_order_key, reverse=True)
    ids = [c["challenge_id"] for c in before]
    follows = _text(later.get("follows"))
    if follows in {c["challenge_id"] for c in same}:
        ids = [follows] + [i for i in ids if i != follows]
    return ids


def short_label(challenge: dict | pd.Series) -> str:
    """ "2021 revisit", "2018 peer challenge": a challenge named inside a sentence or a column header."""
    kind = _text(challenge.get("kind")).lower() or "peer challenge"
    return f"{challenge.get('year')} {'peer challenge' if kind == 'corporate peer challenge' else kind}"


def later_challenges(challenges: pd.DataFrame, council_id: str) -> list[str]:
    """The council's challenges that have an earlier one to compare with, latest first."""
    frame = challenges[challenges["council_id"] == council_id]
    ordered = sorted(frame.to_dict("records"), key=_order_key, reverse=True)
    return [c["challenge_id"] for c in ordered if earlier_challenges(frame, c["challenge_id"])]


def default_earlier(challenges: pd.DataFrame, later_challenge_id: str) -> str | None:
    """The earlier challenge to compare with by default: the first of :func:`earlier_challenges` that has
    recommendations recorded (Havering 2022 follows 2019, whose report lists none, so 2012), else the first."""
    ids = earlier_challenges(challenges, later_challenge_id)
    captured = dict(zip(challenges["challenge_id"], challenges["recommendations_captured"], strict=True))
    return next((i for i in ids if (captured.get(i) or 0) > 0), ids[0] if ids else None)


def councils_with_history(challenges: pd.DataFrame) -> list[str]:
    """Councils with more than one challenge, in id order."""
    counts = challenges.groupby("council_id")["challenge_id"].nunique() if len(challenges) else pd.Series()
    return sorted(str(c) for c in counts[counts > 1].index)


# --------------------------------------------------------------------------------------------------
# Recurrence
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurrence:
    """The later challenge's recommendations paired with the earlier one's (see :func:`recurrence`)."""

    later_challenge_id: str
    earlier_challenge_id: str
    pairs: pd.DataFrame  # PAIR_COLUMNS, in the later plan's order
    disappeared: pd.DataFrame  # GONE_COLUMNS, in the earlier plan's order

    def counts(self) -> dict[str, int]:
        """Recommendations per verdict, plus ``disappeared``."""
        out = {v: int((self.pairs["verdict"] == v).sum()) for v in VERDICTS}
        out["disappeared"] = len(self.disappeared)
        return out


def verdict(score: float) -> str:
    """recurred / related / new, from a 0-1 overlap score."""
    return "recurred" if score >= RECURRED_AT else "related" if score >= RELATED_AT else "new"


def _recs(recommendations: pd.DataFrame, challenge_id: str) -> pd.DataFrame:
    recs = recommendations[recommendations["challenge_id"] == challenge_id]
    return recs.sort_values("order") if "order" in recs.columns else recs


def recurrence(
    corpus: Any,
    later_challenge_id: str,
    earlier_challenge_id: str | None = None,
    *,
    index: overlap.OverlapIndex | None = None,
) -> Recurrence:
    """Pair each recommendation of ``later_challenge_id`` with the most similar one of the earlier challenge.

    The earlier challenge defaults to the one the later ``follows``, else the same council's latest before
    it (:func:`earlier_challenges`). Scores come from :func:`analysis.overlap.index_for` (the overlap
    engine's blend of wording and topics, 0-1), compared only within the two challenges, so within the
    council. Raises :class:`KeyError` for an unknown challenge and :class:`ValueError` when the challenges
    are of different councils or there is no earlier challenge. ``index`` is the corpus's overlap index when
    the caller keeps one (the dashboard: :func:`ui.memo.overlap_index`); else it is built for this call.
    """
    challenges = corpus.challenges
    candidates = earlier_challenges(challenges, later_challenge_id)
    if earlier_challenge_id is None:
        if not candidates:
            raise ValueError(f"{later_challenge_id} has no earlier challenge of the same council")
        earlier_challenge_id = candidates[0]
    elif earlier_challenge_id not in set(challenges["challenge_id"]):
        raise KeyError(f"unknown challenge {earlier_challenge_id!r}")
    elif earlier_challenge_id not in candidates:
        raise ValueError(f"{earlier_challenge_id} is not an earlier challenge of the same council")
    later = _recs(corpus.recommendations, later_challenge_id)
    earlier = _recs(corpus.recommendations, earlier_challenge_id)
    if later.empty or earlier.empty:
        # nothing to compare: later recommendations are all new; none of the earlier ones can be said to have
        # gone when the later plan's recommendations are simply not recorded
        pairs = pd.DataFrame(
            [{"rec_id": r["rec_id"], "number": r["number"], "title": r["title"], "earlier_rec_id": None,
              "earlier_number": None, "earlier_title": None, "score": 0.0, "text_score": 0.0, "topic_score": 0.0,
              "why": "", "verdict": "new"} for r in later.to_dict("records")],
            columns=PAIR_COLUMNS,
        )  # fmt: skip
        return Recurrence(later_challenge_id, earlier_challenge_id, pairs, pd.DataFrame(columns=GONE_COLUMNS))

    index = overlap.index_for(corpus) if index is None else index
    rows = np.array([index.locate(r) for r in later["rec_id"]])
    cols = np.array([index.locate(r) for r in earlier["rec_id"]])
    scores = index.block_scores(rows, cols)  # later x earlier, 0-1
    pair_rows = []
    for a, (i, rec) in enumerate(zip(rows, later.to_dict("records"), strict=True)):
        b = int(np.argmax(scores[a]))  # ties: the earlier plan's first
        j, best = cols[b], float(scores[a, b])
        text, topic = index.row_scores(int(i))
        pair_rows.append({
            "rec_id": rec["rec_id"], "number": rec["number"], "title": rec["title"],
            "earlier_rec_id": index.rec_ids[j], "earlier_number": earlier.iloc[b]["number"],
            "earlier_title": earlier.iloc[b]["title"], "score": round(best, 4),
            "text_score": round(float(text[j]), 4), "topic_score": round(float(topic[j]), 4),
            "why": index.why(int(i), int(j)), "verdict": verdict(best),
        })  # fmt: skip
    best_back = scores.max(axis=0)
    closest = scores.argmax(axis=0)
    gone_rows = [
        {"rec_id": rec["rec_id"], "number": rec["number"], "title": rec["title"],
         "best_score": round(float(best_back[b]), 4), "closest_rec_id": later.iloc[int(closest[b])]["rec_id"],
         "closest_number": later.iloc[int(closest[b])]["number"]}
        for b, rec in enumerate(earlier.to_dict("records")) if best_back[b] < RELATED_AT
    ]  # fmt: skip
    return Recurrence(
        later_challenge_id,
        earlier_challenge_id,
        pd.DataFrame(pair_rows, columns=PAIR_COLUMNS),
        pd.DataFrame(gone_rows, columns=GONE_COLUMNS),
    )


def recurrence_takeaway(result: Recurrence, *, later_label: str, earlier_label: str) -> str:
    """One plain-English line: how much of the later plan repeats the earlier one, and what did not return.

    >>> pairs = pd.DataFrame({"verdict": ["recurred", "recurred", "new"]})
    >>> gone = pd.DataFrame({"rec_id": ["x"]})
    >>> recurrence_takeaway(Recurrence("b", "a", pairs, gone), later_label="2021", earlier_label="2018")
    '2 of the 3 recommendations in 2021 repeat one from 2018; 1 from 2018 did not come back'
    """
    counts = result.counts()
    total = len(result.pairs)
    if total == 0:
        return f"No recommendations of {later_label} are recorded, so nothing can be compared with {earlier_label}"
    n = counts["recurred"]
    lead = (
        f"{n} of the {total} recommendation{'s' if total != 1 else ''} in {later_label} "
        f"repeat{'s' if n == 1 else ''} one from {earlier_label}"
    )
    gone = counts["disappeared"]
    tail = f"; {gone} from {earlier_label} did not come back" if gone else f"; every one from {earlier_label} echoes"
    return lead + tail


def seen_before(
    corpus: Any, council_id: str | None = None, *, index: overlap.OverlapIndex | None = None
) -> pd.DataFrame:
    """Recommendations that closely match (score >= :data:`RECURRED_AT`) one from an *earlier* challenge of
    the same council, any earlier challenge, best match kept; :data:`SEEN_COLUMNS`, one row per later rec.

    ``council_id`` limits the work to one council (the council brief). Councils with one challenge, and
    challenges without recommendations, give no rows. ``index`` as for :func:`recurrence` (built at most once
    per call when not given).
    """
    challenges = corpus.challenges
    ids = councils_with_history(challenges)
    if council_id is not None:
        ids = [c for c in ids if c == council_id]
    rows = []
    for cid in ids:
        for later_id in challenges.loc[challenges["council_id"] == cid, "challenge_id"]:
            best: dict[str, dict] = {}
            for earlier_id in earlier_challenges(challenges, later_id):
                if index is None:
                    index = overlap.index_for(corpus)
                pairs = recurrence(corpus, later_id, earlier_id, index=index).pairs
                for p in pairs[pairs["verdict"] == "recurred"].to_dict("records"):
                    if p["rec_id"] not in best or p["score"] > best[p["rec_id"]]["score"]:
                        best[p["rec_id"]] = {"rec_id": p["rec_id"], "earlier_rec_id": p["earlier_rec_id"],
                                             "earlier_challenge_id": earlier_id, "earlier_number": p["earlier_number"],
                                             "earlier_title": p["earlier_title"], "score": p["score"]}  # fmt: skip
            rows.extend(best.values())
    return pd.DataFrame(rows, columns=SEEN_COLUMNS)


def timeline_takeaway(events: pd.DataFrame, *, council_name: str) -> str:
    """One plain-English line about a council's timeline (:func:`timeline` output).

    >>> ev = pd.DataFrame({"event": ["challenge", "challenge", "action plan", "review"],
    ...                    "date": pd.to_datetime(["2018-11-15", "2021-07-16", "2021-10-13", "2022-01-01"])})
    >>> timeline_takeaway(ev, council_name="Bury Council")
    'Bury Council: 2 peer challenges in 3 years (2018 and 2021), and 1 progress review or report'
    """
    held = events[events["event"] == "challenge"]
    reviews = int((events["event"] == "review").sum())
    years = sorted({d.year for d in held["date"].dropna()})
    if not years:
        return f"{council_name}: no dated peer challenge"
    span = years[-1] - years[0]
    listed = f"{', '.join(map(str, years[:-1]))} and {years[-1]}" if len(years) > 1 else str(years[0])
    after = (
        f"{reviews} progress review{'s' if reviews != 1 else ''} or report{'s' if reviews != 1 else ''}"
        if reviews
        else "no progress review or report recorded"
    )
    return f"{council_name}: {len(held)} peer challenge{'s' if len(held) != 1 else ''} in {span} year" + (
        f"{'s' if span != 1 else ''} ({listed}), and {after}"
    )
