"""After one plan of a thousand changes, build the new corpus from the last one instead of from every file.

The whole-corpus cache (:mod:`loaders.cache`) misses as soon as any file changes; the per-file cache
(:mod:`loaders.file_cache`) then spares the parsing, but decoding a thousand entries and building the frames
from their rows again still took most of a second per hundred plans. So the last stored corpus also keeps an
*index*: for every file, in load order, the key of its text (:func:`loaders.file_cache.key`), the plan it gave
(if any), its problems, how many rows it gave each frame, and its council and review rows. The next load
reads the last corpus (Arrow, fast), keeps the row runs of every file whose key is unchanged, and builds only
the changed or new files' rows into frames.

The result must equal a load without any cache, frame by frame and dtype by dtype, so:

* row order is what :func:`loaders.frames.to_frames` gives (plans in file order, each plan's rows together);
* ``councils`` and ``reviews`` (deduplicated and sorted across plans) and ``challenges.reviews_count`` are
  rebuilt from their stored rows with the very functions a fresh load uses;
* a column whose dtype the rows decide (``object`` in an empty corpus: ``str`` when every value is text, say)
  is inferred again over all its values the way pandas does for a fresh load, since an edit can change it
  (a first ``status`` makes a column of ``None`` a ``str`` column; deleting the only ``follows`` undoes it);
  a column whose dtype the loader fixes must come out with that dtype.

Anything unexpected (an index that does not add up, a dtype this module cannot re-infer) raises, and the
caller loads from the per-file cache instead. The index is data (JSON, read only after the manifest's digest
matches), is checked before use, and can only choose among rows the stored corpus already holds.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from loaders import cache as load_cache
from loaders import file_cache
from loaders.frames import Rows, councils_frame, count_reviews, reviews_frame, to_frames
from loaders.problems import Problem

#: The frames whose rows come in plan order, one run per plan; ``councils`` and ``reviews`` are rebuilt.
RUNS = ["challenges", "recommendations", "actions", "steps", "notes", "context"]
_ROW_FRAMES = [f.name for f in fields(Rows)]
_OBJECT = np.dtype(object)
_HEX64 = frozenset("0123456789abcdef")
_FIELDS = ["councils", "counts", "kept", "key", "plan", "problems", "reviews"]


class Mismatch(ValueError):
    """The stored corpus and its index cannot give this load's frames exactly: load the usual way."""


def record(key: str, plan_id: str | None, kept: bool, problems: list[Problem], rows: Rows | None) -> dict[str, Any]:
    """One file's line in the index, as JSON will hold it (dates tagged; raises :class:`loaders.cache.Unsupported`
    for rows JSON cannot hold exactly)."""
    kept_rows = kept and rows is not None
    return {
        "key": key,
        "plan": plan_id,
        "kept": kept_rows,
        "problems": [[p.file, p.line, p.field, p.message, p.severity] for p in problems],
        "counts": [len(getattr(rows, name)) for name in RUNS] if kept_rows else None,
        "councils": load_cache._plain(rows.councils) if kept_rows else None,
        "reviews": load_cache._plain(rows.reviews) if kept_rows else None,
    }


@dataclass(frozen=True)
class Previous:
    """The last corpus stored for a folder, and where each unchanged file's rows are in its frames."""

    corpus: Any
    records: dict[str, dict[str, Any]]  # by key
    starts: dict[str, list[int]]  # by key of a kept file: its first row in each of RUNS

    @classmethod
    def load(cls, root: Path) -> Previous | None:
        """The last stored corpus for ``root`` with a sound index, else None (never raises)."""
        found = load_cache.previous(root)
        if found is None:
            return None
        try:
            return cls.checked(*found)
        except Exception:  # an index that does not add up: load the usual way
            return None

    @classmethod
    def checked(cls, corpus: Any, index: Any) -> Previous:
        """Check every line of ``index`` against ``corpus`` (types, plan order, row counts); raises if unsound."""
        if not isinstance(index, list):
            raise Mismatch("no index")
        records: dict[str, dict[str, Any]] = {}
        starts: dict[str, list[int]] = {}
        position = [0] * len(RUNS)
        kept_plans: list[str] = []
        for line in index:
            _check_record(line)
            if line["key"] in records:
                raise Mismatch("a key twice")
            records[line["key"]] = line
            if line["kept"]:
                starts[line["key"]] = list(position)
                position = [p + n for p, n in zip(position, line["counts"], strict=True)]
                kept_plans.append(line["plan"])
        if kept_plans != list(corpus.plans):
            raise Mismatch("the index's plans are not the corpus's")
        if position != [len(getattr(corpus, name)) for name in RUNS]:
            raise Mismatch("the index's row counts are not the corpus's")
        challenge_ids = corpus.challenges["challenge_id"].to_numpy(dtype=object)
        for key, start in starts.items():
            if records[key]["counts"][0] != 1 or challenge_ids[start[0]] != records[key]["plan"]:
                raise Mismatch("a plan's challenge row is not where the index says")
        return cls(corpus, records, starts)


def _check_record(line: Any) -> None:
    if not isinstance(line, dict) or sorted(line) != _FIELDS:
        raise Mismatch("not an index line")
    key, plan, kept = line["key"], line["plan"], line["kept"]
    if type(key) is not str or len(key) != 64 or not set(key) <= _HEX64:
        raise Mismatch("not a key")
    if not (plan is None or type(plan) is str) or type(kept) is not bool or type(line["problems"]) is not list:
        raise Mismatch("not an index line")
    for problem in line["problems"]:
        file_cache._problem(problem)  # raises unless it is a problem, field by field
    if not kept:
        return
    counts, councils, reviews = line["counts"], line["councils"], line["reviews"]
    if plan is None or type(counts) is not list or len(counts) != len(RUNS):
        raise Mismatch("not a kept file's line")
    if any(type(n) is not int or n < 0 for n in counts):
        raise Mismatch("not a row count")
    for rows in (councils, reviews):
        if type(rows) is not list or any(type(row) is not dict for row in rows):
            raise Mismatch("not stored rows")


def assemble(order: list[tuple[str, Rows | None]], previous: Previous) -> dict[str, pd.DataFrame]:
    """The frames :func:`loaders.frames.to_frames` would build for these plans, in this order.

    ``order`` names each plan's rows: a key of ``previous`` (kept from the last corpus) with ``None``, or
    ``None`` with the plan's new rows. Raises :class:`Mismatch` when it cannot give the same frames exactly.
    """
    new = Rows.empty()
    councils: list[dict] = []
    reviews: list[dict] = []
    runs: list[list[Run]] = [[] for _ in RUNS]
    new_lengths = [0] * len(RUNS)
    for key, rows in order:
        if rows is None:
            line = previous.records[key]
            for i, (start, count) in enumerate(zip(previous.starts[key], line["counts"], strict=True)):
                _extend(runs[i], False, start, count)
            councils.extend(_restored(line["councils"]))
            reviews.extend(_restored(line["reviews"]))
            continue
        for i, name in enumerate(RUNS):
            part = getattr(rows, name)
            _extend(runs[i], True, new_lengths[i], len(part))
            new_lengths[i] += len(part)
            getattr(new, name).extend(part)
        councils.extend(rows.councils)
        reviews.extend(rows.reviews)
    built = to_frames(new)
    expected = load_cache._expected_dtypes()
    frames: dict[str, pd.DataFrame] = {}
    for i, name in enumerate(RUNS):
        frames[name] = _joined(getattr(previous.corpus, name), built[name], runs[i], expected[name])
    frames["councils"] = councils_frame(councils)
    frames["reviews"] = reviews_frame(reviews)
    count_reviews(frames["challenges"], frames["reviews"])
    for name, frame in frames.items():  # what the loader fixes must be so, whatever the stored rows held
        fixed = expected[name][expected[name] != _OBJECT]
        fixed = fixed[fixed.index.isin(frame.columns)]
        if (frame.dtypes[fixed.index] != fixed).any():
            raise Mismatch(f"{name}: a fixed dtype differs")
    return frames


#: Rows ``start`` to ``start + count`` of the last corpus's frame (``False``) or of the new rows' (``True``).
Run = tuple[bool, int, int]


def _extend(runs: list[Run], from_new: bool, start: int, count: int) -> None:
    """Add a run, merged into the one before when it carries straight on (an edit leaves three runs, not 1,000)."""
    if not count:
        return
    if runs and runs[-1][0] == from_new and runs[-1][1] + runs[-1][2] == start:
        runs[-1] = (from_new, runs[-1][1], runs[-1][2] + count)
    else:
        runs.append((from_new, start, count))


def _gather(old: Any, new: Any, runs: list[Run]) -> Any:
    """The runs of ``old`` and ``new`` (frames, series or numpy arrays of one kind), end to end, numbered anew."""
    parts = [(new if from_new else old)[start : start + count] for from_new, start, count in runs]
    if isinstance(old, np.ndarray):
        return np.concatenate(parts) if parts else old[:0]
    if not parts:
        return old.iloc[:0]
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    return pd.concat(parts, ignore_index=True)


def _restored(value: Any) -> Any:
    """Stored rows as the loader made them: the dates tagged by :func:`loaders.cache._plain` made dates again.

    (The index keeps them tagged, so an unchanged file's line is written into the next index as it was read.)"""
    if type(value) is list:
        return [_restored(item) for item in value]
    if type(value) is dict:
        untagged = load_cache._untag(value)
        return untagged if untagged is not value else {key: _restored(item) for key, item in value.items()}
    return value


def _joined(old: pd.DataFrame, new: pd.DataFrame, runs: list[Run], expected: pd.Series) -> pd.DataFrame:
    """The ``runs`` of ``old`` and ``new`` end to end, typed as a fresh load would type them."""
    columns = list(expected.index)
    if list(old.columns) != columns or list(new.columns) != columns:
        raise Mismatch("columns differ")
    fixed = [c for c in columns if expected[c] != _OBJECT]
    decided = [c for c in columns if expected[c] == _OBJECT]
    parts: dict[str, Any] = {}
    if fixed:
        if (old[fixed].dtypes != expected[fixed]).any() or (new[fixed].dtypes != expected[fixed]).any():
            raise Mismatch("a fixed dtype differs")
        typed = _gather(old[fixed], new[fixed], runs)
        for column in fixed:
            parts[column] = typed[column].array
    total = sum(count for _, _, count in runs)
    unsettled = []
    for column in decided:
        settled = _settled(old[column], new[column], runs, total)
        if settled is None:
            unsettled.append(column)
        else:
            parts[column] = settled
    if unsettled:
        values = [_gather(_raw(old[c]), _raw(new[c]), runs) for c in unsettled]
        # As to_frames infers them: a list of row tuples goes the way a list of row dicts does in pandas.
        inferred = pd.DataFrame(list(zip(*values, strict=True)), columns=unsettled)
        for column in unsettled:
            parts[column] = inferred[column].array
    return pd.DataFrame({c: parts[c] for c in columns}, columns=columns)


def _settled(old: pd.Series, new: pd.Series, runs: list[Run], total: int) -> Any | None:
    """The joined column when its dtype is certain without inferring it again (else None), which is most of them:

    * text (``str``) stays text while one value is left and the new rows add only text or nothing;
    * ``object`` stays ``object`` while a list or dict is among the values (pandas never narrows those);
    * ``int64`` and ``bool`` stay so when the new rows' values are of the same dtype (or there are none).
    """
    if not total:
        return None  # no rows: an empty column is ``object`` whatever it was
    kind, extra = old.dtype, new.dtype
    if not len(new):
        new, extra = new.astype(kind), kind  # no new rows: nothing of theirs to weigh
    if isinstance(kind, pd.StringDtype):
        if extra != kind:
            if extra != _OBJECT or new.notna().any():
                return None
            new = new.astype(kind)  # only None: the same missing values in a text column
        joined = _gather(old, new, runs)
        return joined.array if joined.notna().any() else None
    if kind == _OBJECT:
        if extra != _OBJECT:
            return None
        values = _gather(old.to_numpy(), new.to_numpy(), runs)
        return values if any(type(value) in (list, dict) for value in values) else None
    if kind in (np.dtype("int64"), np.dtype("bool")) and extra == kind:
        return _gather(old.to_numpy(), new.to_numpy(), runs)
    return None


def _raw(column: pd.Series) -> np.ndarray:
    """The values the rows held, as an object array: what pandas infers a column's dtype from."""
    dtype = column.dtype
    if dtype == _OBJECT:
        return column.to_numpy()
    if isinstance(dtype, pd.StringDtype):
        return column.to_numpy(dtype=object, na_value=None)
    if dtype in (np.dtype("int64"), np.dtype("bool")):
        return column.to_numpy(dtype=object)  # Python ints and bools, as the rows held them
    raise Mismatch(f"cannot tell the values behind a {dtype} column")
