"""Headline numbers for the overview: per-council summaries and theme counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd

from analysis.cells import counted
from loaders.constants import COMPLETENESS_LEVELS, LGA_THEMES
from loaders.owners import NOT_STATED as NOT_STATED  # one spelling for an owner, a count or a date left out

#: How an unknown declared count reads wherever a count is shown (pages, brief, pack, workbook notes): a
#: source that does not say how many recommendations it made has *no* total, never a total of 0, so no
#: "0 of 0" and no "every recommendation shown" follows from it.
COUNT_NOT_STATED = f"count {NOT_STATED}"


def of_declared(captured: int, declared: object) -> str:
    """ "12 of 15" against a stated count; "7 (count not stated)" when the source states none (None or NA).

    >>> of_declared(12, 15), of_declared(7, None), of_declared(0, float("nan"))
    ('12 of 15', '7 (count not stated)', '0 (count not stated)')
    """
    if declared is None or pd.isna(declared):  # type: ignore[arg-type]
        return f"{captured} ({COUNT_NOT_STATED})"
    return f"{captured} of {int(declared)}"  # type: ignore[call-overload]


def council_summary(councils: pd.DataFrame, challenges: pd.DataFrame) -> pd.DataFrame:
    """One row per council: its challenges, declared and captured recommendations, actions.

    Declared counts are summed only where a document declares one, so "captured of declared" is honest
    about gaps (Leeds declares 15 and shows 12).
    """
    by_council = (
        challenges.sort_values(["council_id", "year"])
        .groupby("council_id", sort=False)
        .agg(
            challenges=("challenge_id", "count"),
            challenge_ids=("challenge_id", list),
            kinds=("kind", list),
            years=("year", list),
            latest_plan_date=("plan_date", "max"),
            recommendations_declared=("recommendations_declared", lambda s: s.sum(min_count=1)),
            recommendations_captured=("recommendations_captured", "sum"),
            actions=("actions_count", "sum"),
            steps=("steps_count", "sum"),
        )
        .reset_index()
    )
    out = councils.merge(by_council, on="council_id", how="left")
    out["recommendations_declared"] = out["recommendations_declared"].astype("Int64")
    return out.sort_values("name", ignore_index=True)


def theme_counts(recommendations: pd.DataFrame, councils: pd.DataFrame, *, primary_only: bool = True) -> pd.DataFrame:
    """Recommendations per LGA core theme per council, with each council's share.

    ``primary_only`` counts each recommendation once, under its first (best) theme; otherwise a
    recommendation labelled with two themes counts under both, and shares can add up past 100%.
    """
    columns = ["council_id", "council", "lga_theme", "recommendations", "share", "council_total"]
    if recommendations.empty:
        return pd.DataFrame(columns=columns)
    recs = recommendations[["rec_id", "council_id", "lga_theme", "lga_themes"]]
    if primary_only:
        rows = recs.rename(columns={"lga_theme": "theme"})[["rec_id", "council_id", "theme"]]
    else:
        rows = recs.explode("lga_themes").rename(columns={"lga_themes": "theme"})[["rec_id", "council_id", "theme"]]
    rows = rows.dropna(subset=["theme"])
    counts = rows.groupby(["council_id", "theme"]).size().rename("recommendations").reset_index()
    totals = recs.groupby("council_id").size().rename("council_total")
    counts = counts.merge(totals, on="council_id")
    counts["share"] = counts["recommendations"] / counts["council_total"]
    names = councils.set_index("council_id")["name"]
    counts["council"] = counts["council_id"].map(names)
    counts = counts.rename(columns={"theme": "lga_theme"})
    order = {t: i for i, t in enumerate(LGA_THEMES)}
    counts["_order"] = counts["lga_theme"].map(order)
    return counts.sort_values(["_order", "council"], ignore_index=True)[columns]


#: Councils drawn one bar each in a grouped theme chart; more are folded into one "Other councils" bar,
#: because beyond this the bars are too thin to read and the chart too slow to draw.
MAX_COUNCIL_BARS = 10
OTHER_COUNCILS = "_other"
#: How a folded "Other councils" bar counts: the folded councils' total, or their average per council.
FoldedAs = Literal["sum", "mean"]


def uploaded_councils(councils: pd.DataFrame) -> set[str]:
    """Councils that only this session's uploaded plans bring in (the ``uploaded`` column, when present)."""
    if "uploaded" not in councils.columns:
        return set()
    return set(councils.loc[councils["uploaded"].fillna(False).astype(bool), "council_id"])


def councils_to_keep(totals: pd.Series, keep: int, *, always: Iterable[str] = ()) -> set[str] | None:
    """The councils that keep a bar of their own when a chart folds the rest: the ``keep`` largest by
    ``totals`` (council id -> size), with ``always`` (a user's uploads) among them; None when none fold."""
    if len(totals) <= keep:
        return None
    pinned = [c for c in totals.index if c in set(always)]
    busiest = totals.drop(pinned).sort_values(ascending=False, kind="stable").head(max(0, keep - len(pinned)))
    return set(busiest.index) | set(pinned)


def fold_councils(
    counts: pd.DataFrame, keep: int = MAX_COUNCIL_BARS, *, always: Iterable[str] = (), other: FoldedAs = "sum"
) -> pd.DataFrame:
    """:func:`theme_counts` with all but the ``keep`` councils with most recommendations summed into one.

    Councils in ``always`` (a user's own uploads) keep their bar whatever their size. The folded row's
    share is its recommendations over the folded councils' total, so it reads as "the rest, taken
    together". Counts are unchanged when there are ``keep`` councils or fewer.

    ``other="mean"`` makes the folded row's recommendations the average per folded council instead of the
    sum ("Other councils (887, average)"): a sum over hundreds of councils dwarfs every bar beside it.
    """
    return fold_rest(
        counts, total="council_total", by="lga_theme", counts=["recommendations"], keep=keep, always=always, other=other
    )


def fold_rest(
    frame: pd.DataFrame,
    *,
    total: str,
    by: str,
    counts: list[str],
    keep: int,
    always: Iterable[str] = (),
    other: FoldedAs = "sum",
) -> pd.DataFrame:
    """The fold behind :func:`fold_councils` and :func:`analysis.owner_load.fold_family_load`.

    ``frame`` has a row per council and ``by`` value, with the council's ``total`` repeated on each. All but
    the ``keep`` councils with the largest ``total`` (and those in ``always``) become one row per ``by``
    value: ``counts`` summed (or averaged per folded council with ``other="mean"``), ``total`` the folded
    councils' together and ``share`` the first count over it. ``frame`` itself comes back when nothing folds.
    """
    totals = frame.drop_duplicates("council_id").set_index("council_id")[total]
    kept = councils_to_keep(totals, keep, always=always)
    if kept is None:
        return frame
    inside = frame[frame["council_id"].isin(kept)]
    rest = frame[~frame["council_id"].isin(kept)]
    folded_total = int(totals[~totals.index.isin(kept)].sum())
    folded = len(totals) - len(kept)
    summed = rest.groupby(by, as_index=False, sort=False)[counts].sum()
    summed = summed.assign(
        council_id=OTHER_COUNCILS,
        council=folded_label(folded, other),
        share=summed[counts[0]] / folded_total,
        **{total: folded_total},
    )
    if other == "mean":
        summed[counts] = (summed[counts] / folded).round(1)
    return pd.concat([inside, summed[frame.columns]], ignore_index=True)


def folded_label(folded: int, other: FoldedAs) -> str:
    """The folded bar's name: "Other councils (887)" for a sum, "Other councils (887, average)" for a mean."""
    if other not in ("sum", "mean"):
        raise ValueError(f"other must be 'sum' or 'mean', not {other!r}")
    return f"Other councils ({folded}{', average' if other == 'mean' else ''})"


def theme_takeaway(counts: pd.DataFrame) -> str:
    """One plain-English line for a theme chart: the most common LGA core theme and its share.

    ``counts`` is :func:`theme_counts` output (primary themes, so each recommendation counts once).

    >>> import pandas as pd
    >>> theme_takeaway(pd.DataFrame({"lga_theme": ["Governance and culture", "Capacity for improvement"],
    ...                              "recommendations": [3, 1], "council_id": ["a", "a"]}))
    'Governance and culture is the most common theme: 3 of 4 recommendations'
    """
    if counts.empty:
        return ""
    by_theme = counts.groupby("lga_theme")["recommendations"].sum().sort_values(ascending=False, kind="stable")
    total = int(by_theme.sum())
    top, n = by_theme.index[0], int(by_theme.iloc[0])
    tied = [t for t, v in by_theme.items() if v == n]
    if len(tied) > 1:
        return f"{' and '.join(tied)} are the most common themes: {n} of {total} recommendations each"
    return f"{top} is the most common theme: {n} of {total} recommendations"


# --------------------------------------------------------------------------------------------------
# Completeness: how much of each challenge the sources let us show, and honest "captured of declared" totals


def captured_totals(challenges: pd.DataFrame) -> dict[str, int]:
    """Recommendation counts that keep declared and captured apart.

    ``captured`` is every recommendation captured; ``declared`` sums the counts the sources state;
    ``captured_where_declared`` counts only captured recommendations of challenges that state a count (so
    "X of Y" compares like with like); ``captured_undeclared`` and ``challenges_undeclared`` cover the rest.
    The same for actions (``actions_declared``: only some sources say how many actions a plan has).
    """
    declared = pd.to_numeric(challenges.get("recommendations_declared"), errors="coerce")
    captured = challenges.get("recommendations_captured", pd.Series(dtype="int64")).fillna(0)
    stated = declared.notna() if declared is not None else pd.Series(False, index=challenges.index)
    actions_declared = pd.to_numeric(challenges.get("actions_declared", pd.Series(dtype="Int64")), errors="coerce")
    actions = challenges.get("actions_count", pd.Series(dtype="int64")).fillna(0)
    actions_stated = actions_declared.notna().reindex(challenges.index, fill_value=False)
    return {
        "captured": int(captured.sum()),
        "declared": int(declared[stated].sum()) if stated.any() else 0,
        "captured_where_declared": int(captured[stated].sum()),
        "captured_undeclared": int(captured[~stated].sum()),
        "challenges_declared": int(stated.sum()),
        "challenges_undeclared": int((~stated).sum()),
        "actions": int(actions.sum()),
        "actions_declared": int(actions_declared[actions_stated].sum()) if actions_stated.any() else 0,
        "actions_where_declared": int(actions[actions_stated].sum()),
        "challenges_actions_declared": int(actions_stated.sum()),
    }


def captured_sentence(totals: dict[str, int]) -> str:
    """'Captured 104 of the 139 recommendations the sources declare (75%), plus 23 from 6 challenges ...'.

    >>> captured_sentence({"captured": 12, "declared": 15, "captured_where_declared": 12,
    ...     "captured_undeclared": 0, "challenges_declared": 1, "challenges_undeclared": 0})
    'Captured 12 of the 15 recommendations the source declares (80%).'
    """
    if not totals["challenges_declared"]:
        if not totals["captured"]:
            return "No recommendations captured, and no source states how many there are."
        return f"Captured {counted(totals['captured'], 'recommendation')}; no source states how many there are."
    share = totals["captured_where_declared"] / totals["declared"] if totals["declared"] else 1.0
    verb = "declares" if totals["challenges_declared"] == 1 else "declare"
    noun = "source" if totals["challenges_declared"] == 1 else "sources"
    text = (
        f"Captured {totals['captured_where_declared']} of the {totals['declared']} recommendations the {noun} "
        f"{verb} ({share:.0%})"
    )
    if totals["challenges_undeclared"]:
        text += (
            f", plus {totals['captured_undeclared']} from "
            f"{counted(totals['challenges_undeclared'], 'challenge')} whose sources state no count"
        )
    return text + "."


#: Columns of :func:`completeness_table`, in display order.
COMPLETENESS_COLUMNS = [
    "council_id", "council", "challenge_id", "year", "kind", "completeness", "recommendation_fidelity",
    "recommendations_captured", "recommendations_declared", "actions_count", "actions_declared", "reviews_count",
]  # fmt: skip


def completeness_table(challenges: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """One row per challenge: its completeness level, how faithful its recommendation texts are, and its counts.

    Sorted by council name then year, so a council's challenges read in order.
    """
    if challenges.empty:
        return pd.DataFrame(columns=COMPLETENESS_COLUMNS)
    names = councils.set_index("council_id")["name"] if len(councils) else pd.Series(dtype=object)
    out = challenges.assign(council=challenges["council_id"].map(names).fillna(challenges["council_id"]))
    for column in ("recommendation_fidelity", "actions_declared", "reviews_count"):
        if column not in out:
            out[column] = pd.NA
    return out.sort_values(["council", "year"], ignore_index=True)[COMPLETENESS_COLUMNS]


def completeness_counts(challenges: pd.DataFrame) -> dict[str, int]:
    """How many challenges sit at each completeness level (every level present, fullest first)."""
    counts = challenges["completeness"].value_counts() if "completeness" in challenges else pd.Series(dtype=int)
    return {level: int(counts.get(level, 0)) for level in COMPLETENESS_LEVELS}


def completeness_takeaway(challenges: pd.DataFrame) -> str:
    """One plain-English line: how many challenges have a full action plan, and how many only a summary.

    >>> import pandas as pd
    >>> completeness_takeaway(pd.DataFrame({"completeness": ["full action plan", "summary only",
    ...                                                      "recommendations only", "recommendations only"]}))
    '1 of 4 challenges has a full action plan in the sources; 2 recommendations only and 1 only a summary.'
    """
    if challenges.empty:
        return ""
    counts = completeness_counts(challenges)
    total = sum(counts.values())
    full = counts["full action plan"]
    parts = []
    if counts["partial action plan"]:
        n = counts["partial action plan"]
        parts.append(f"{n} {'has' if n == 1 else 'have'} a partial one")
    if counts["recommendations only"]:
        parts.append(f"{counts['recommendations only']} recommendations only")
    if counts["summary only"]:
        parts.append(f"{counts['summary only']} only a summary")
    head = f"{full} of {total} challenges {'has' if full == 1 else 'have'} a full action plan in the sources"
    if not parts:
        return head + "."
    tail = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"{head}; {tail}."
