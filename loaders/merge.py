"""Combine the published corpus with plans a user uploaded, for that user's session only.

Uploads are validated on their own (never re-validating the whole archive per upload) and then joined
frame by frame. An uploaded plan whose id matches a published one *replaces* it for that session, so a data
maintainer can preview an edit; that is reported as a warning, never done silently. Every row that came from
an upload carries ``uploaded = True`` so pages can mark it "uploaded, not published".
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from loaders.corpus import Corpus
from loaders.problems import PROBLEM_COLUMNS

#: Frames whose rows belong to a challenge (dropped from the base when an upload replaces that challenge).
UPLOAD_FLAG = "uploaded"
#: Rows from ``PCE_CONTRIBUTIONS_DIR`` (plans saved from *Add a plan*, not yet reviewed by a maintainer).
CONTRIBUTED_FLAG = "contributed"
FLAGS = (UPLOAD_FLAG, CONTRIBUTED_FLAG)


def _frame_fields(corpus: Corpus) -> list[str]:
    return [f.name for f in dataclasses.fields(corpus) if isinstance(getattr(corpus, f.name), pd.DataFrame)]


def _concat(base: pd.DataFrame, extra: pd.DataFrame, flag: str) -> pd.DataFrame:
    base = base.assign(**{flag: base.get(flag, False)})
    extra = extra.assign(**{flag: True})
    if extra.empty:
        out = base
    elif base.empty:
        out = extra.reset_index(drop=True)
    else:
        out = pd.concat([base, extra], ignore_index=True)
    present = [name for name in FLAGS if name in out.columns]  # a flag one side lacks is False there
    return out.assign(**{name: out[name].fillna(False).astype(bool) for name in present}) if present else out


def merge_corpora(base: Corpus, extra: Corpus, *, flag: str = UPLOAD_FLAG) -> Corpus:
    """``base`` (shared, never mutated) plus ``extra`` (a session's uploads) as a new Corpus.

    Every row from ``extra`` carries ``flag`` = True (``uploaded``, or ``contributed`` for the contributions
    folder, :mod:`loaders.contributions`); rows of ``base`` keep theirs and get False for a new flag.
    """
    replaced = set(extra.challenges["challenge_id"]) & set(base.challenges["challenge_id"])
    notes: list[dict] = []
    for challenge_id in sorted(replaced):
        file = extra.challenges.loc[extra.challenges["challenge_id"] == challenge_id, "file"].iloc[0]
        message = f"{challenge_id!r} replaces the published plan of the same id, in your session only"
        notes.append({"file": file, "line": None, "field": "id", "severity": "warning", "message": message})
    merged: dict[str, pd.DataFrame] = {}
    for name in _frame_fields(base):
        left, right = getattr(base, name), getattr(extra, name)
        if name == "problems":
            extra_problems = pd.concat([right, pd.DataFrame(notes, columns=PROBLEM_COLUMNS)], ignore_index=True)
            merged[name] = pd.concat([left, extra_problems], ignore_index=True) if len(extra_problems) else left
            merged[name]["line"] = merged[name]["line"].astype("Int64")
            continue
        if name == "councils":
            # A council already published keeps its published description; new councils join.
            right = right[~right["council_id"].isin(left["council_id"])]
            uploaded_councils = set(extra.councils["council_id"]) - set(left["council_id"])
            out = _concat(left, right, flag)
            out[flag] = out["council_id"].isin(uploaded_councils)
            merged[name] = out
            continue
        if name == "authorities":
            # One reference for both: an uploaded council marks its authority as in the corpus.
            ids = right.dropna(subset=["council_id"]).drop_duplicates("authority_code")
            ids = ids.set_index("authority_code")["council_id"]
            out = left.assign(council_id=left["council_id"].combine_first(left["authority_code"].map(ids)))
            out["in_corpus"] = out["council_id"].notna()
            merged[name] = out
            continue
        if replaced and name == "reviews":
            # A revisit filed as its own plan adds a row to the challenge it revisits: drop rows by their origin.
            origin = left["review_challenge_id"].fillna(left["challenge_id"])
            left = left[~origin.isin(replaced)]
        elif replaced and "challenge_id" in left.columns:
            left = left[~left["challenge_id"].isin(replaced)]
        merged[name] = _concat(left, right, flag)
    plans = {**base.plans, **extra.plans}
    return dataclasses.replace(base, **merged, plans=plans)
