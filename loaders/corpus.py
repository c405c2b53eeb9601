"""``load_corpus``: every plan file in a folder -> validated plans -> tidy frames, problems as rows.

One bad file never stops the rest: it becomes rows in ``corpus.problems`` and is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Protocol

import pandas as pd

from loaders import cache as load_cache
from loaders import file_cache, incremental
from loaders.constants import DEFAULT_PLANS_DIR
from loaders.frames import Rows, plan_rows, to_frames
from loaders.models import Plan
from loaders.problems import PROBLEM_COLUMNS, PlanError, Problem, internal_error, shown
from loaders.reader import decode, read_plan_bytes
from loaders.reference import AUTHORITY_COLUMNS, Reference, link_corpus, load_reference, reference_files
from loaders.validate import load_plan_text

_ROW_FRAMES = [f.name for f in fields(Rows)]


class Frames(Protocol):
    """What readers of the five core frames need: a :class:`Corpus` or a filtered ``analysis.filters.View``.

    One Protocol for every layer (the brief, the sections and the workbook each had their own copy)."""

    councils: pd.DataFrame
    challenges: pd.DataFrame
    recommendations: pd.DataFrame
    actions: pd.DataFrame
    steps: pd.DataFrame


@dataclass(frozen=True)
class Corpus:
    """The loaded plans and their frames. Treat the frames as read-only: they are shared between users."""

    councils: pd.DataFrame
    challenges: pd.DataFrame
    recommendations: pd.DataFrame
    actions: pd.DataFrame
    steps: pd.DataFrame
    notes: pd.DataFrame
    context: pd.DataFrame
    reviews: pd.DataFrame
    problems: pd.DataFrame
    #: every UK authority in the reference (data/reference/), with ``council_id``/``in_corpus`` for this corpus
    authorities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=AUTHORITY_COLUMNS))
    plans: dict[str, Plan] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (
            f"Corpus({len(self.councils)} councils, {len(self.challenges)} challenges, "
            f"{len(self.recommendations)} recommendations, {len(self.actions)} actions, "
            f"{len(self.problems)} problems)"
        )


@dataclass(frozen=True)
class Source:
    """One plan's text and where it came from (a file path or an upload's name)."""

    name: str
    text: str
    stem: str | None = None


def _cross_file_problems(plans: dict[str, tuple[Plan, str]]) -> list[Problem]:
    """Collisions and dangling references that only show across files."""
    problems: list[Problem] = []
    councils: dict[str, tuple[tuple, str]] = {}
    for plan, name in plans.values():
        c = plan.council
        meta = (c.name, c.ons_code, c.council_type, c.region)
        if c.id in councils and councils[c.id][0] != meta:
            problems.append(
                Problem(name, None, "council", f"council {shown(c.id)} is described differently in {councils[c.id][1]}")
            )
        councils.setdefault(c.id, (meta, name))
        follows = plan.challenge.follows
        if follows and follows not in plans:
            problems.append(
                Problem(name, None, "challenge.follows", f"no challenge {shown(follows)} is loaded", "warning")
            )
    return problems


def build_corpus(
    sources: Iterable[Source],
    *,
    problems: Iterable[Problem] = (),
    reference: Reference | None = None,
    cache_root: Path | None = None,
) -> Corpus:
    """Validate each source and flatten the good ones; every failure becomes problem rows.

    Councils are joined to the reference data (``reference``, default :func:`loaders.reference.load_reference`):
    its columns join ``councils`` and disagreements are warnings (:func:`loaders.reference.link_corpus`).
    With ``cache_root`` (the folder the sources were read from) each file's plan, problems and rows come from
    the per-file cache (:mod:`loaders.file_cache`) while its text is unchanged; only the rest are validated.
    """
    return _build(sources, problems=problems, reference=reference, cache_root=cache_root)[0]


def _build(
    sources: Iterable[Source],
    *,
    problems: Iterable[Problem] = (),
    reference: Reference | None = None,
    cache_root: Path | None = None,
    previous: incremental.Previous | None = None,
) -> tuple[Corpus, list[dict] | None]:
    """:func:`build_corpus`, and the index of what each file gave (:mod:`loaders.incremental`; None when a
    plan's rows had to be rebuilt another way, or hold what JSON cannot keep exactly).

    With ``previous`` (the last corpus stored for ``cache_root``) a file whose text is unchanged keeps its plan,
    problems and rows from it, and only the changed and new files' rows are built into frames.
    """
    found = list(problems)
    plans: dict[str, tuple[Plan, str]] = {}
    rows: dict[str, Rows | None] = {}
    reused: dict[str, tuple[Source, str]] = {}  # plan id -> its source and key, for plans kept from ``previous``
    lines: list[tuple[str | None, str | None, list[Problem], bool]] = []  # key, plan id, problems, kept
    where = file_cache.folder(cache_root, create=True) if cache_root is not None else None
    names: list[str] = []
    for source in sources:
        names.append(source.name)
        digest = None
        if where is not None or previous is not None:
            digest = file_cache.key(source.name, source.stem, source.text)  # the text is hashed once per load
        line = previous.records.get(digest) if previous is not None and digest is not None else None
        if line is not None and (line["kept"] or line["plan"] is None):
            own: list[Problem] = [file_cache._problem(p) for p in line["problems"]]
            plan = previous.corpus.plans[line["plan"]] if line["plan"] is not None else None
            entry_rows = None
        else:
            line = None
            entry = file_cache.get(where, source.name, source.stem, source.text, digest=digest)
            if entry is None:
                entry = _load_source(source)
                file_cache.put(where, source.name, source.stem, source.text, entry, digest=digest)
            own, plan, entry_rows = entry.problems, entry.plan, entry.rows
        found.extend(own)
        if plan is None:
            lines.append((digest, None, own, False))
            continue
        if plan.id in plans:
            found.append(
                Problem(
                    source.name, None, "id", f"plan id {shown(plan.id)} is already used by {plans[plan.id][1]}; skipped"
                )
            )
            lines.append((digest, plan.id, own, False))
            continue
        plans[plan.id] = (plan, source.name)
        rows[plan.id] = entry_rows
        if line is not None:
            reused[plan.id] = (source, digest)
        lines.append((digest, plan.id, own, True))
    file_cache.prune(where, names)
    found.extend(_cross_file_problems(plans))
    frames = _patched(plans, rows, reused, previous)
    if frames is None:
        for plan_id, (source, digest) in reused.items():  # the plans kept from ``previous`` need their rows now
            entry = file_cache.get(where, source.name, source.stem, source.text, digest=digest)
            rows[plan_id] = entry.rows if entry is not None else None
        reused = {}
        count = len(plans)
        frames = _frames(plans, rows, found)
        clean = len(plans) == count
    else:
        clean = True
    reference = reference or load_reference()
    files = {}
    for plan, name in plans.values():
        files.setdefault(plan.council.id, name)
    frames["councils"], authorities, linked = link_corpus(frames["councils"], reference.authorities, files)
    found.extend([*reference.problems, *linked])
    problem_frame = pd.DataFrame([p.__dict__ for p in found], columns=PROBLEM_COLUMNS)
    problem_frame["line"] = problem_frame["line"].astype("Int64")
    corpus = Corpus(
        **frames, problems=problem_frame, authorities=authorities, plans={pid: plan for pid, (plan, _) in plans.items()}
    )
    return corpus, _index(lines, plans, rows, reused, previous) if clean else None


def _usable(own: Rows | None, name: str) -> bool:
    """Whether a plan's stored rows can be used as they are (they were flattened from this very file)."""
    return own is not None and bool(own.challenges) and own.challenges[0].get("file") == name


def _patched(
    plans: dict[str, tuple[Plan, str]],
    rows: dict[str, Rows | None],
    reused: dict[str, tuple[Source, str]],
    previous: incremental.Previous | None,
) -> dict[str, pd.DataFrame] | None:
    """The frames built from ``previous`` plus the new plans' rows, or None when that cannot be done exactly."""
    if previous is None or not reused:
        return None
    order: list[tuple[str | None, Rows | None]] = []
    for plan_id, (_, name) in plans.items():
        if plan_id in reused:
            order.append((reused[plan_id][1], None))
        elif _usable(rows[plan_id], name):
            order.append((None, rows[plan_id]))
        else:
            return None
    try:
        return incremental.assemble(order, previous)
    except Exception:  # the index and the new rows do not fit exactly: build the frames the usual way
        return None


def _index(
    lines: list[tuple[str | None, str | None, list[Problem], bool]],
    plans: dict[str, tuple[Plan, str]],
    rows: dict[str, Rows | None],
    reused: dict[str, tuple[Source, str]],
    previous: incremental.Previous | None,
) -> list[dict] | None:
    """Each file's line in the index the next load starts from, or None when a plan's rows are not at hand."""
    index = []
    try:
        for digest, plan_id, own, kept in lines:
            if digest is None:
                return None
            if kept and plan_id in reused and previous is not None:
                index.append(previous.records[digest])
                continue
            if kept and (plan_id not in plans or not _usable(rows.get(plan_id), plans[plan_id][1])):
                return None
            index.append(incremental.record(digest, plan_id, kept, own, rows.get(plan_id) if kept else None))
    except load_cache.Unsupported:
        return None
    return index


def _load_source(source: Source) -> file_cache.Entry:
    """One file's plan (None when it cannot be used), its problems, and its rows (None if they fail to flatten)."""
    try:
        plan, warnings = load_plan_text(source.text, name=source.name, stem=source.stem)
    except PlanError as exc:
        return file_cache.Entry(None, list(exc.problems), None)
    except Exception as exc:  # one file never takes the corpus down, whatever it holds
        return file_cache.Entry(None, [internal_error(source.name, exc)], None)
    rows = Rows.empty()
    try:
        plan_rows(plan, file=source.name, rows=rows)
    except Exception:  # reported by _frames, which flattens this plan again and names the file
        rows = None
    return file_cache.Entry(plan, list(warnings), rows)


def _combined(plans: dict[str, tuple[Plan, str]], rows: dict[str, Rows | None]) -> Rows:
    """Every plan's rows in plan order: the stored ones as they are, the rest flattened now."""
    combined = Rows.empty()
    for plan_id, (plan, name) in plans.items():
        own = rows.get(plan_id)
        if own is None or not own.challenges or own.challenges[0].get("file") != name:
            plan_rows(plan, file=name, rows=combined)
            continue
        for part in _ROW_FRAMES:
            getattr(combined, part).extend(getattr(own, part))
    return combined


def _frames(
    plans: dict[str, tuple[Plan, str]], rows: dict[str, Rows | None], found: list[Problem]
) -> dict[str, pd.DataFrame]:
    """The frames of ``plans``. Should one plan's rows fail to flatten or to fit a column's type (the schema is
    meant to make this impossible), that plan is dropped from ``plans`` with a problem row and the rest are built.
    """
    try:
        return to_frames(_combined(plans, rows))
    except Exception:
        pass
    for plan_id, (plan, name) in list(plans.items()):  # the slow path: find the plan(s) at fault, one by one
        try:
            alone = Rows.empty()
            plan_rows(plan, file=name, rows=alone)
            to_frames(alone)
        except Exception as exc:
            found.append(internal_error(name, exc))
            del plans[plan_id]
    rows = Rows.empty()
    for plan, name in plans.values():
        plan_rows(plan, file=name, rows=rows)
    return to_frames(rows)


def read_sources(paths: Iterable[Path]) -> tuple[list[Source], list[Problem]]:
    """Read plan files as text, turning unreadable ones into problems."""
    sources, problems = [], []
    for path in paths:
        try:
            sources.append(Source(str(path), decode(read_plan_bytes(path), name=str(path)), path.stem))
        except PlanError as exc:
            problems.extend(exc.problems)
        except OSError as exc:
            problems.append(Problem(str(path), None, "", f"cannot read file: {exc.strerror}"))
        except Exception as exc:
            problems.append(internal_error(str(path), exc))
    return sources, problems


def plan_files(path: str | Path) -> list[Path]:
    """The plan files under ``path`` (a folder of *.yaml / *.yml, or one file), in a stable order."""
    root = Path(path)
    if root.is_file():
        return [root]
    return sorted([*root.glob("*.yaml"), *root.glob("*.yml")])


def load_corpus(path: str | Path = DEFAULT_PLANS_DIR, *, cache: bool = True) -> Corpus:
    """Load every plan under ``path`` (default ``data/plans``) into a :class:`Corpus`.

    With ``cache`` (the default) the finished corpus is kept on disk (:mod:`loaders.cache`) and reused
    until a plan file or the loading code changes; after a change the unchanged files' part of it is kept and
    only the changed or new files are read into it (:mod:`loaders.incremental`). ``cache=False`` always reads
    and validates every file.

    >>> corpus = load_corpus("data/plans")
    >>> sorted(corpus.councils.council_id)[:1]
    ['bury']
    """
    root = Path(path)
    if not root.exists():
        return build_corpus([], problems=[Problem(str(root), None, "", "no such file or folder")])
    files = plan_files(root)
    key_files = [*files, *(path for path in reference_files() if path.exists())]  # the reference is in the key
    key = load_cache.files_fingerprint(key_files) if cache else None  # before reading: an edit mid-load is a miss
    if cache and (hit := load_cache.get(root, key_files, key=key)) is not None:
        return hit
    sources, problems = read_sources(files)
    if not cache:
        return build_corpus(sources, problems=problems)
    previous = incremental.Previous.load(root)  # the last corpus stored: what of it is unchanged is kept
    if previous is None:
        corpus, index = _build(sources, problems=problems, cache_root=root)
        load_cache.put(root, key_files, corpus, key=key, index=index)
        return corpus
    with load_cache._collector_paused():  # a thousand plans' objects: the collector would rescan them in vain
        corpus, index = _build(sources, problems=problems, cache_root=root, previous=previous)
    load_cache.put_later(root, key_files, corpus, key=key, index=index)  # the fresh corpus is ready: store it aside
    return corpus
