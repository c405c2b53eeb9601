"""Contributed plans: plan files saved from *Add a plan* into ``PCE_CONTRIBUTIONS_DIR``, loaded beside
``data/plans`` and marked ``contributed`` (checked by the validator, not yet reviewed by a maintainer).

Saving never overwrites: the file is written to a temporary name and then hard-linked to its final name, which
fails if that name exists, so two people saving the same id at once cannot clobber each other; an id that a
published plan already has is refused too. When the folder holds a plan whose id a published plan has, the
published one wins and the contributed file is reported as a problem row (never a silent replacement).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from loaders.corpus import Corpus, build_corpus, load_corpus, plan_files, read_sources
from loaders.merge import CONTRIBUTED_FLAG, merge_corpora
from loaders.problems import Problem

CONTRIBUTIONS_ENV = "PCE_CONTRIBUTIONS_DIR"
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")


class ContributionRefused(ValueError):
    """Why a plan was not saved to the contributions folder (the message is for the person saving it)."""


def contributions_dir() -> Path | None:
    """The contributions folder from ``PCE_CONTRIBUTIONS_DIR``, or None when contributions are off."""
    setting = os.environ.get(CONTRIBUTIONS_ENV, "").strip()
    return Path(setting) if setting else None


def contribute(folder: Path, plan_id: str, text: str, *, taken: set[str] | frozenset[str] = frozenset()) -> Path:
    """Save ``text`` as ``<plan_id>.yaml`` in ``folder``; never replaces a file or a published plan's id."""
    if not _SLUG.fullmatch(plan_id or ""):
        raise ContributionRefused(f"{plan_id!r} is not a plan id (lower-case letters, digits and dashes)")
    target = folder / f"{plan_id}.yaml"
    if target.exists() or (folder / f"{plan_id}.yml").exists():
        raise ContributionRefused(f"a contributed plan {target.name} already exists: it is never overwritten")
    if plan_id in taken:
        raise ContributionRefused(f"a published plan already has the id {plan_id!r}: give this plan another id")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{plan_id}.", suffix=".tmp", delete=False) as handle:
        handle.write(text.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(handle.name, target)  # fails when the name exists: no overwrite, even in a race
    except FileExistsError:
        raise ContributionRefused(f"a contributed plan {target.name} already exists: it is never overwritten") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
    return target


def with_contributions(published: Corpus, folder: Path | None) -> Corpus:
    """``published`` plus the plans in ``folder`` (marked ``contributed``); ``published`` when there are none."""
    if folder is None or not folder.is_dir() or not plan_files(folder):
        return published
    contributed = load_corpus(folder)
    clash = set(contributed.challenges["challenge_id"]) & set(published.challenges["challenge_id"])
    if clash:
        rows = contributed.challenges[contributed.challenges["challenge_id"].isin(clash)]
        skipped = {str(f) for f in rows["file"]}
        problems = [
            Problem(str(f), None, "id", f"not loaded: the published plan {c!r} has the same id", "warning")
            for f, c in zip(rows["file"], rows["challenge_id"], strict=True)
        ]
        sources, unread = read_sources([p for p in plan_files(folder) if str(p) not in skipped])
        contributed = build_corpus(sources, problems=[*unread, *problems])
    return merge_corpora(published, contributed, flag=CONTRIBUTED_FLAG)
