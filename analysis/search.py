"""Full-text search over every plan: recommendations, actions (with their owners and timescales), steps,
progress, notes, strengths, context.

"Show me every plan that mentions X" is the first thing people comparing council plans ask. This module
turns a corpus into one table of searchable items (:func:`search_items`), indexes it once
(:func:`build_search_index`, SQLite FTS5 in memory, from the standard library: no search server) and answers
queries ranked by relevance (BM25).

Matching
--------
Texts and queries go through the same :func:`canonical` word form, so matching ignores:

* case, punctuation and accents ("Co-Produce" finds "co-produce" and "co produce");
* British/American spelling: -ise/-ize and -isation/-ization, -yse/-yze, -our/-or, -re/-er, -ence/-ense,
  doubled consonants ("modelling"/"modeling"), programme/program and a few more (:data:`SPELLINGS`);
* simple plurals and possessives ("priorities"/"priority", "council's"/"council").

A query is words and "quoted phrases" (curly quotes too). Every word and phrase must occur (AND); a hyphenated
or dotted word ("co-produce", "4.1") is a phrase. Common words ("the", "and", ...) are ignored outside
phrases, so "the corporate plan" finds what "corporate plan" finds; inside a phrase every word counts.

Results are a frame with :data:`RESULT_COLUMNS`; :func:`restrict` narrows them to a sidebar
:class:`~analysis.filters.View`, and :func:`snippet` says where the matches are in a text (the UI marks them:
``ui.highlight``).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.search_words import SPELLINGS as SPELLINGS  # re-exported: public in analysis.search
from analysis.search_words import STOP_WORDS as STOP_WORDS
from analysis.search_words import Canon, parse_query, pass_forms, word_spans, words
from analysis.search_words import Query as Query
from analysis.search_words import canonical as canonical

# --------------------------------------------------------------------------------------------------
# Settings (one place)
# --------------------------------------------------------------------------------------------------

#: Item kinds, in the order results of equal relevance are shown, with their display names.
KIND_LABELS: dict[str, str] = {
    "recommendation": "Recommendation",
    "action": "Action",
    "step": "Step",
    "progress": "Progress",
    "review": "Progress review",
    "strength": "Strength",
    "context": "Context document",
    "note": "Note",
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

#: Relevance multiplier per kind: a recommendation that says X outranks a note that mentions X equally well,
#: because the recommendations are what people compare.
KIND_WEIGHT: dict[str, float] = {"recommendation": 1.3, "note": 0.8}

ITEM_COLUMNS = [
    "council_id", "challenge_id", "kind", "item_id", "rec_id", "label", "text", "scope_kind", "scope_id", "uploaded",
]  # fmt: skip
RESULT_COLUMNS = [*ITEM_COLUMNS, "score"]


@dataclass(frozen=True)
class Snippet:
    """A text as pieces ``(text, is_match)`` in order, and whether the start or end of the text was cut off."""

    pieces: tuple[tuple[str, bool], ...]
    cut_before: bool = False
    cut_after: bool = False


_ID = ("challenge_id", "council_id")


# --------------------------------------------------------------------------------------------------
# Items: one row per searchable piece of text
# --------------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _list(value: object) -> list:
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    return [] if not _text(value) else [value]


def _join(*parts: object) -> str:
    out: list[str] = []
    for part in parts:
        for item in _list(part) if not isinstance(part, str) else [part]:
            text = _text(item) if not isinstance(item, dict) else "; ".join(_text(v) for v in item.values() if _text(v))
            if text and text not in out:
                out.append(text)
    return "\n\n".join(out)


def _frame(corpus: Any, name: str) -> pd.DataFrame:
    frame = getattr(corpus, name, None)
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame()


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict]:
    """Rows as dicts, only the ``columns`` used (converting every column, dates included, costs seconds at
    national scale); a missing column reads as None."""
    if not len(frame):
        return []
    present = [c for c in columns if c in frame.columns]
    rows = frame[present].to_dict("records")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        for row in rows:
            row.update(dict.fromkeys(missing))
    return rows


#: The owner and timescale columns of actions and steps, as written: searched and shown with the item's text.
_WHO_WHEN = ("owner_raw", "timescale_raw")


def _who_when(row: dict) -> list[str]:
    """ "Owner: …" and "Timescale: …" lines for an action or step, as written, so "Director of Policy" or
    "Oct 24" finds the actions that have them and the result shows why it matched."""
    owner, timescale = _text(row.get("owner_raw")), _text(row.get("timescale_raw"))
    return [
        line for line in (f"Owner: {owner}" if owner else "", f"Timescale: {timescale}" if timescale else "") if line
    ]


def search_items(corpus: Any) -> pd.DataFrame:
    """Every searchable text in ``corpus`` as rows with :data:`ITEM_COLUMNS` (the frames are only read).

    ``rec_id`` is the recommendation an item belongs to (an action's first, a step's action's first), or
    empty; ``scope_kind``/``scope_id`` say which row of the filtered view decides whether it is shown
    (:func:`restrict`). Works with any object with the corpus frames; a missing ``reviews`` is empty.
    """
    rows: list[dict] = []
    challenges = _frame(corpus, "challenges")
    uploaded = (
        dict(zip(challenges["challenge_id"], challenges["uploaded"].fillna(False).astype(bool), strict=True))
        if "uploaded" in challenges.columns
        else {}
    )

    def add(kind: str, challenge_id: str, council_id: str, item_id: str, rec_id: str, label: str, text: str,
            scope: tuple[str, str]) -> None:  # fmt: skip
        if text.strip():
            rows.append({"council_id": council_id, "challenge_id": challenge_id, "kind": kind, "item_id": item_id,
                         "rec_id": rec_id, "label": label, "text": text, "scope_kind": scope[0],
                         "scope_id": scope[1], "uploaded": uploaded.get(challenge_id, False)})  # fmt: skip

    recs = _frame(corpus, "recommendations")
    rec_numbers = dict(zip(recs.get("rec_id", []), recs.get("number", []), strict=True))
    for r in _records(recs, (*_ID, "rec_id", "number", "title", "text", "sub_points", "progress")):
        title, body = _text(r.get("title")), _text(r.get("text"))
        if body.startswith(title):  # the text repeats the headline and goes on: show it once
            title = ""
        number = _text(r.get("number"))
        text = _join(title, body, r.get("sub_points"))
        add("recommendation", r["challenge_id"], r["council_id"], r["rec_id"], r["rec_id"],
            f"Recommendation {number}", text, ("recommendation", r["rec_id"]))  # fmt: skip
        for i, entry in enumerate(_list(r.get("progress")), start=1):
            add("progress", r["challenge_id"], r["council_id"], f"{r['rec_id']}-progress-{i}", r["rec_id"],
                f"Progress on recommendation {number}", _join(entry), ("recommendation", r["rec_id"]))  # fmt: skip

    actions = _frame(corpus, "actions")
    action_info: dict[str, tuple[str, str]] = {}
    for a in _records(actions, (*_ID, "action_id", "rec_ids", "number", "order", "text", "milestones", *_WHO_WHEN)):
        rec_ids = [str(x) for x in _list(a.get("rec_ids"))]
        rec_id = rec_ids[0] if rec_ids else ""
        number = _text(a.get("number")) or str(a.get("order", ""))  # unnumbered plans: the order as listed
        action_info[a["action_id"]] = (number, rec_id)
        answers = ", ".join(_text(rec_numbers.get(x, x)) for x in rec_ids)
        label = f"Action {number}" + (f" (recommendation {answers})" if answers else "")
        add("action", a["challenge_id"], a["council_id"], a["action_id"], rec_id, label,
            _join(a.get("text"), a.get("milestones"), _who_when(a)), ("action", a["action_id"]))  # fmt: skip

    steps = _records(_frame(corpus, "steps"), (*_ID, "step_id", "action_id", "label", "order", "text", *_WHO_WHEN))
    step_ids = pd.Series([s["step_id"] for s in steps], dtype=object)
    repeated = set(step_ids[step_ids.duplicated()])  # bullets ("•") as labels give one id to several steps
    for s in steps:
        number, rec_id = action_info.get(s["action_id"], ("", ""))
        label = _text(s.get("label"))
        step = label if re.fullmatch(r"[^\W_]+", label) else str(s.get("order", ""))
        item_id = f"{s['step_id']}-{s.get('order')}" if s["step_id"] in repeated else s["step_id"]
        add("step", s["challenge_id"], s["council_id"], item_id, rec_id, f"Action {number}, step {step}",
            _join(s.get("text"), _who_when(s)), ("step", s["step_id"]))  # fmt: skip

    for c in _records(challenges, (*_ID, "strengths")):
        for i, strength in enumerate(_list(c.get("strengths")), start=1):
            add("strength", c["challenge_id"], c["council_id"], f"{c['challenge_id']}-strength-{i}", "",
                f"Strength {i}", _join(strength), ("challenge", c["challenge_id"]))  # fmt: skip

    context_columns = ("document_id", "document_title", "section", "title", "text", "lead", "drivers", "update",
                       "next_steps", "items")  # fmt: skip
    for i, d in enumerate(_records(_frame(corpus, "context"), _ID + context_columns)):
        where = " · ".join(x for x in (_text(d.get("document_title")), _text(d.get("section"))) if x)
        text = _join(d.get("title"), d.get("text"), d.get("lead"), d.get("drivers"), d.get("update"),
                     d.get("next_steps"), d.get("items"))  # fmt: skip
        add("context", d["challenge_id"], d["council_id"], f"{d.get('document_id', 'context')}-{i}", "",
            where or "Context document", text, ("challenge", d["challenge_id"]))  # fmt: skip

    review_columns = ("review_id", "review_challenge_id", "kind", "date_as_written", "title", "findings")
    for i, v in enumerate(_records(_frame(corpus, "reviews"), _ID + review_columns)):
        if _text(v.get("review_challenge_id")):
            continue  # a revisit that is a challenge in its own right: its texts are indexed with it
        review_id = _text(v.get("review_id")) or f"{v['challenge_id']}-review-{i}"
        kind_text = _text(v.get("kind")) or "review"
        add("review", v["challenge_id"], v["council_id"], review_id, "",
            " · ".join(x for x in (kind_text.capitalize(), _text(v.get("date_as_written"))) if x),
            _join(v.get("title"), v.get("findings")), ("challenge", v["challenge_id"]))  # fmt: skip

    step_parent = {s["step_id"]: action_info.get(s["action_id"], ("", ""))[1] for s in steps}
    note_count: dict[str, int] = {}
    for n in _records(_frame(corpus, "notes"), (*_ID, "item_id", "item_kind", "kind", "about", "text")):
        item_kind, item_id = _text(n.get("item_kind")), _text(n.get("item_id"))
        scope, rec_id = ("challenge", n["challenge_id"]), ""
        if item_kind == "recommendation":
            scope, rec_id = ("recommendation", item_id), item_id
        elif item_kind == "action":
            scope, rec_id = ("action", item_id), action_info.get(item_id, ("", ""))[1]
        elif item_kind == "step":
            scope, rec_id = ("step", item_id), step_parent.get(item_id, "")
        about = _text(n.get("about"))
        label = f"Note ({_text(n.get('kind')) or 'note'}) on {item_kind or 'the challenge'}" + (
            f": {about}" if about else ""
        )
        owner = item_id or n["challenge_id"]
        note_count[owner] = note_count.get(owner, 0) + 1
        add("note", n["challenge_id"], n["council_id"], f"{owner}-note-{note_count[owner]}", rec_id, label,
            _join(n.get("text")), scope)  # fmt: skip

    frame = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    return frame.astype({"uploaded": bool})


# --------------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------------


@dataclass
class SearchIndex:
    """An in-memory SQLite FTS5 table of the canonical words of every item, built once per corpus.

    Read-only after construction and shared between dashboard sessions; a lock serialises queries on the one
    connection (each takes milliseconds).
    """

    items: pd.DataFrame
    _connection: sqlite3.Connection = field(repr=False)
    _weights: np.ndarray = field(repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __len__(self) -> int:
        return len(self.items)

    def matches(self, query: Query | str, *, require_all: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Positions in :attr:`items` of every match and their relevance (higher is better), best first."""
        query = parse_query(query) if isinstance(query, str) else query
        if query.empty or not len(self.items):
            return np.array([], dtype=np.int64), np.array([], dtype=np.float64)
        with self._lock:
            found = self._connection.execute(
                "SELECT rowid, bm25(items) FROM items WHERE items MATCH ?", (query.fts(require_all=require_all),)
            ).fetchall()
        if not found:
            return np.array([], dtype=np.int64), np.array([], dtype=np.float64)
        rows = np.fromiter((r for r, _ in found), dtype=np.int64, count=len(found)) - 1
        scores = -np.fromiter((s for _, s in found), dtype=np.float64, count=len(found)) * self._weights[rows]
        order = np.lexsort((rows, -scores))  # best first; ties in corpus order, so results are stable
        return rows[order], scores[order]

    def search(self, query: Query | str, *, require_all: bool = True, limit: int | None = None) -> pd.DataFrame:
        """The matching items, best first, with :data:`RESULT_COLUMNS` (``score``: BM25 relevance, > 0)."""
        rows, scores = self.matches(query, require_all=require_all)
        if limit is not None:
            rows, scores = rows[:limit], scores[:limit]
        out = self.items.iloc[rows].reset_index(drop=True)
        out["score"] = np.round(scores, 4)
        return out[RESULT_COLUMNS]


def build_search_index(corpus: Any) -> SearchIndex:
    """Index every item of ``corpus`` (see :func:`search_items`); the corpus frames are not modified."""
    items = search_items(corpus)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute("CREATE VIRTUAL TABLE items USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    form = pass_forms()  # each word's form worked out once for this build
    connection.executemany(
        "INSERT INTO items(rowid, body) VALUES (?, ?)",
        ((i + 1, " ".join(words(text, form))) for i, text in enumerate(items["text"].tolist())),
    )
    connection.commit()
    weights = items["kind"].map(KIND_WEIGHT).fillna(1.0).to_numpy(dtype=np.float64)
    return SearchIndex(items=items, _connection=connection, _weights=weights)


# --------------------------------------------------------------------------------------------------
# Filters, highlighting, summaries
# --------------------------------------------------------------------------------------------------


def restrict(results: pd.DataFrame, view: Any) -> pd.DataFrame:
    """The results the sidebar's filtered ``view`` shows (a :class:`~analysis.filters.View`).

    Each item follows the row it belongs to: a recommendation (and its progress and notes) is shown when the
    view keeps that recommendation, an action or step (and its notes) when the view keeps it. Strengths,
    context documents, reviews and notes on a whole challenge follow their challenge, but have no theme or
    topic, so a theme or topic filter leaves them out.
    """
    filters = getattr(view, "filters", None)
    if results.empty or (filters is not None and not filters.active):
        return results  # an unfiltered view shows everything: skip building the id sets
    # plain Python sets and lists: pandas' isin on Arrow-backed strings is ~100x slower at national scale
    keep = {
        "recommendation": set(view.recommendations["rec_id"].tolist()),
        "action": set(view.actions["action_id"].tolist()),
        "step": set(view.steps["step_id"].tolist()),
        "challenge": set(view.challenges["challenge_id"].tolist()),
    }
    if filters is not None and (filters.themes or filters.topics):
        keep["challenge"] = set()
    pairs = zip(results["scope_kind"].tolist(), results["scope_id"].tolist(), strict=True)
    mask = np.fromiter((scope_id in keep[kind] for kind, scope_id in pairs), dtype=bool, count=len(results))
    return results[mask].reset_index(drop=True)


def match_spans(text: str, query: Query | str, *, canon: Canon = canonical) -> list[tuple[int, int]]:
    """Character spans of ``text`` where a word or phrase of ``query`` occurs (merged, in order). ``canon`` is
    :func:`canonical` or a caller's remembered copy of it (the dashboard's: ``ui.memo.word_form``)."""
    query = parse_query(query) if isinstance(query, str) else query
    if query.empty or not text:
        return []
    tokens = list(word_spans(text, canon))
    forms = [w for _, _, w in tokens]
    spans: list[tuple[int, int]] = []
    for phrase in query.phrases:
        n = len(phrase)
        for i in range(len(forms) - n + 1):
            if tuple(forms[i : i + n]) == phrase:
                spans.append((tokens[i][0], tokens[i + n - 1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: object, query: Query | str, *, max_chars: int | None = None, canon: Canon = canonical) -> Snippet:
    """``text`` cut into plain and matching pieces for ``query``: what the UI marks (it does the escaping).

    With ``max_chars``, a long text is cut to a window around the first match, on word boundaries, and the
    snippet says which ends were cut (the UI shows an ellipsis there). ``canon``: as for :func:`match_spans`.

    >>> snippet("Organization design", "organisation").pieces
    (('Organization', True), (' design', False))
    """
    text = _text(text)
    spans = match_spans(text, query, canon=canon)
    lo, hi = 0, len(text)
    if max_chars is not None and len(text) > max_chars:
        first = spans[0][0] if spans else 0
        lo = max(0, first - max_chars // 3)
        if lo:
            space = text.find(" ", lo)
            lo = space + 1 if 0 <= space < first else lo
        hi = min(len(text), lo + max_chars)
        if hi < len(text):
            space = text.rfind(" ", lo, hi)
            hi = space if space > lo else hi
    pieces: list[tuple[str, bool]] = []
    cursor = lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if hi > cursor:
        pieces.append((text[cursor:hi], False))
    return Snippet(tuple(pieces), cut_before=lo > 0, cut_after=hi < len(text))


def search_takeaway(results: pd.DataFrame, *, query: str, council_names: dict[str, str] | None = None) -> str:
    """One plain-English line: how many items matched, in how many councils and plans, and where most are.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"council_id": ["a", "a", "b"], "challenge_id": ["a-1", "a-1", "b-1"]})
    >>> search_takeaway(frame, query="scrutiny", council_names={"a": "Ashby"})
    '“scrutiny” appears 3 times in 2 plans of 2 councils, most in Ashby (2)'
    """
    if results.empty:
        return f"“{query}” appears nowhere in these plans"
    names = council_names or {}
    per_council = results.groupby("council_id").size().sort_values(ascending=False, kind="stable")
    top = str(per_council.index[0])
    councils, plans = len(per_council), results["challenge_id"].nunique()
    times = "once" if len(results) == 1 else f"{len(results)} times"
    where = f" in {plans} plan{'s' if plans != 1 else ''} of {councils} council{'s' if councils != 1 else ''}"
    lead = f", most in {names.get(top, top)} ({int(per_council.iloc[0])})" if councils > 1 else ""
    return f"“{query}” appears {times}{where}{lead}"


def group_order(results: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Councils, then their challenges, in the order to show them: best match first at each level."""
    if results.empty:
        return []
    best = results.groupby("challenge_id", sort=False)["score"].max()
    council_best = results.groupby("council_id", sort=False)["score"].max()
    order: list[tuple[str, list[str]]] = []
    for council_id in council_best.sort_values(ascending=False, kind="stable").index:
        ids = results.loc[results["council_id"] == council_id, "challenge_id"].unique()
        order.append((str(council_id), sorted(map(str, ids), key=lambda c: (-best[c], c))))
    return order


def kinds_present(results: pd.DataFrame) -> list[str]:
    """The kinds in ``results``, in :data:`KINDS` order (for a kind filter that offers only what exists)."""
    present = set(results["kind"]) if len(results) else set()
    return [k for k in KINDS if k in present]
