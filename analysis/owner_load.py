"""Who owns the actions: load per owner family and per named owner, gaps in ownership, and load over time.

Counting rules, said once here and repeated on the page because they change the numbers:

* An action with two owners counts for each of them. So per owner there are two measures: **actions**
  (distinct actions an owner or family is named on) and **owner mentions** (owner slots: an action naming
  five directors is one Director *action* but five Director *mentions*). Totals across owners therefore
  add up past the number of actions.
* "No owner" means no owner is stated for the action: either the plan has no owner column at all (family
  ``Not stated``) or that row's owner cell is empty or "TBC" (family ``No owner``). Charts of owner load
  leave those actions out; the no-owner share counts them.
* Owners the action *text* names ("... working group with Unison") are kept apart from stated owners:
  they are the only owner information some plans give, but a mention is not accountability.
* Load over time uses an action's end date as its due date, in UK financial-year quarters (April–June is
  Q1); actions with no end date are counted separately as undated.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.summary import MAX_COUNCIL_BARS, FoldedAs, councils_to_keep, fold_rest
from loaders.owners import (
    FAMILY_NO_OWNER,
    FAMILY_NOT_STATED,
    NOT_STATED,
    OWNER_FAMILIES,
    ROLE_NOT_STATED,
    role_family,
)
from loaders.timescales import financial_quarter, financial_quarters_between

#: Families that describe a missing owner rather than a kind of owner.
MISSING_FAMILIES: tuple[str, ...] = (FAMILY_NOT_STATED, FAMILY_NO_OWNER)
#: Families of stated owners, in display order.
STATED_FAMILIES: tuple[str, ...] = tuple(f for f in OWNER_FAMILIES if f not in MISSING_FAMILIES)

STATED = "stated owner"
IN_TEXT = "named in the action text"

FAMILY_LOAD_COLUMNS = ["council_id", "council", "family", "actions", "mentions", "owned_actions", "share"]
NAMED_LOAD_COLUMNS = [
    "council_id", "owner", "family", "actions", "named_in_text", "total", "council_actions", "share", "owner_role",
]  # fmt: skip
#: Columns of :func:`owner_rows`: one row per action and named owner.
OWNER_ROW_COLUMNS = ["action_id", "council_id", "end", "owner", "family", "source", "owner_role"]
NO_OWNER_COLUMNS = [
    "council_id", "council", "actions", "with_owner", "no_owner", "share_no_owner", "no_owner_column",
    "named_in_text",
]  # fmt: skip
FAMILY_THEME_COLUMNS = ["family", "lga_theme", "actions", "councils"]
QUARTER_LOAD_COLUMNS = ["quarter", "owner", "family", "actions", "quarter_actions"]


def _names(councils: pd.DataFrame) -> dict[str, str]:
    return councils.set_index("council_id")["name"].to_dict()


def has_stated_owner(actions: pd.DataFrame) -> pd.Series:
    """True for actions with at least one owner that is not a missing-owner family."""
    positions, families = _flatten(actions["owner_families"])
    stated = ~pd.Series(families, dtype=object).isin(MISSING_FAMILIES).to_numpy(dtype=bool)
    hits = np.bincount(positions[stated], minlength=len(actions)) > 0
    return pd.Series(hits, index=actions.index, name="owner_families")


def _flatten(cells: pd.Series) -> tuple[np.ndarray, list]:
    """The items of a column of lists, flattened, with each item's row position (empty or None cells give none).

    Working on one flat list keeps the per-row Python work to a list walk, where ``.map(lambda ...)``
    and ``itertuples`` cost seconds on a national corpus.
    """
    lists = cells.tolist()
    lengths = np.fromiter((len(x) if x else 0 for x in lists), dtype=np.int64, count=len(lists))
    flat = [item for x in lists if x for item in x]
    return np.repeat(np.arange(len(lists), dtype=np.int64), lengths), flat


def _roles_beside(actions: pd.DataFrame, column: str, count: int) -> list:
    """The role of each owner :func:`_flatten` gives for ``column``, in the same order: from ``owner_roles`` for
    the stated owners (an action whose roles list does not match its owners, or a frame without the column,
    gives ``ROLE_NOT_STATED``), ``ROLE_NOT_STATED`` for owners named in the text (a mention has no role)."""
    if column != "owners" or "owner_roles" not in actions.columns:
        return [ROLE_NOT_STATED] * count
    roles: list = []
    for owners, found in zip(actions["owners"].tolist(), actions["owner_roles"].tolist(), strict=True):
        n = len(owners) if owners is not None and len(owners) else 0
        found = list(found) if found is not None and not isinstance(found, float) else []
        if len(found) != n:
            found = [None] * n
        roles.extend(r if isinstance(r, str) and r else ROLE_NOT_STATED for r in found)
    return roles


def _stated_long(actions: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per stated owner in ``column`` (``owners`` or ``owners_mentioned``): pos, owner, family, owner_role.

    ``pos`` is the action's row position in ``actions``; owners keep the order the cell gives them. A
    stated owner is a non-empty name other than "not stated" whose family is not a missing-owner family.
    """
    positions, owners = _flatten(actions[column])
    roles = _roles_beside(actions, column, len(owners))
    # each distinct title classified once per call (a corpus repeats a few dozen across thousands of actions)
    family_of = {o: role_family(o) for o in set(owners) if o and o != NOT_STATED}
    families = [family_of.get(o) for o in owners]
    keep = np.fromiter((f is not None and f not in MISSING_FAMILIES for f in families), dtype=bool, count=len(owners))
    return pd.DataFrame(
        {
            "pos": positions[keep],
            "owner": pd.Series(owners, dtype=object)[keep].tolist(),
            "family": pd.Series(families, dtype=object)[keep].tolist(),
            "owner_role": pd.Series(roles, dtype=object)[keep].tolist(),
        }
    )


def owner_rows(actions: pd.DataFrame, *, include_text_mentions: bool = False) -> pd.DataFrame:
    """One row per action and named owner: action_id, council_id, end, owner, family, source, owner_role.

    ``source`` is ``STATED`` for owners from the owner column and, with ``include_text_mentions``,
    ``IN_TEXT`` for owners the action text names but the owner column does not. ``owner_role`` is the role
    the plan names the owner under for that action (accountable, responsible, lead, ...), "not stated"
    where it names none (always for a mention in the text).
    """
    columns = OWNER_ROW_COLUMNS
    parts = [_stated_long(actions, "owners").assign(source=STATED, _source=0)]
    if include_text_mentions:
        parts.append(_stated_long(actions, "owners_mentioned").assign(source=IN_TEXT, _source=1))
    long = pd.concat(parts, ignore_index=True)
    if long.empty:
        return pd.DataFrame([], columns=columns)
    # Action by action, stated owners before text mentions, so the first of a repeated owner is the stated one.
    long = long.sort_values(["pos", "_source"], kind="stable")
    base = actions[["action_id", "council_id", "end"]].iloc[long["pos"].to_numpy()].reset_index(drop=True)
    frame = base.assign(
        owner=long["owner"].to_numpy(),
        family=long["family"].to_numpy(),
        source=long["source"].to_numpy(),
        owner_role=long["owner_role"].to_numpy(),
    )
    return frame[columns].drop_duplicates(["action_id", "owner"], ignore_index=True)


def family_load(actions: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """Actions and owner mentions per stated owner family per council.

    ``share`` is of the council's actions that have a stated owner, so councils with long plans and
    councils that leave many actions unowned can be compared on how they spread ownership.
    """
    owned = actions[has_stated_owner(actions)] if len(actions) else actions
    if owned.empty:
        return pd.DataFrame(columns=FAMILY_LOAD_COLUMNS)
    stated = _stated_long(owned, "owners")
    long = owned[["action_id", "council_id"]].iloc[stated["pos"].to_numpy()].assign(family=stated["family"].to_numpy())
    grouped = long.groupby(["council_id", "family"]).agg(
        actions=("action_id", "nunique"), mentions=("action_id", "size")
    )
    out = grouped.reset_index()
    out["owned_actions"] = out["council_id"].map(owned.groupby("council_id")["action_id"].nunique())
    out["share"] = out["actions"] / out["owned_actions"]
    out["council"] = out["council_id"].map(_names(councils))
    order = {f: i for i, f in enumerate(STATED_FAMILIES)}
    out = out.assign(_order=out["family"].map(order)).sort_values(["_order", "council"], ignore_index=True)
    return out[FAMILY_LOAD_COLUMNS].astype({"actions": int, "mentions": int, "owned_actions": int})


def fold_family_load(
    load: pd.DataFrame, keep: int = MAX_COUNCIL_BARS, *, always: Iterable[str] = (), other: FoldedAs = "sum"
) -> pd.DataFrame:
    """:func:`family_load` with all but the ``keep`` councils with most owned actions summed into one row per family.

    Hundreds of councils would each draw a bar per family; the folded rows (``council_id``
    ``OTHER_COUNCILS``, council "Other councils (N)") add up the rest's actions and mentions, and their
    ``share`` is of the folded councils' owned actions together. Councils in ``always`` (a user's own
    uploads) keep their bars. ``load`` comes back unchanged with ``keep`` councils or fewer. With
    ``other="mean"`` the folded actions and mentions are averages per folded council (see
    :func:`analysis.summary.fold_councils`).
    """
    folded = fold_rest(
        load, total="owned_actions", by="family", counts=["actions", "mentions"], keep=keep, always=always, other=other
    )
    if folded is load:
        return load
    whole = ["owned_actions"] if other == "mean" else ["actions", "mentions", "owned_actions"]  # averages stay float
    return folded.astype(dict.fromkeys(whole, int))


def named_owner_load(actions: pd.DataFrame, council_id: str, *, include_text_mentions: bool = False) -> pd.DataFrame:
    """Actions per named owner for one council, busiest first.

    ``actions`` counts the actions the owner is stated for; ``named_in_text`` (only with
    ``include_text_mentions``) the further actions whose text names them; ``share`` is ``total`` over all
    the council's actions in ``actions``; ``owner_role`` the roles the plan names the owner under, most used
    first (", "-joined; "" where it names none).
    """
    mine = actions[actions["council_id"] == council_id]
    rows = owner_rows(mine, include_text_mentions=include_text_mentions)
    if rows.empty:
        return pd.DataFrame(columns=NAMED_LOAD_COLUMNS)
    counts = rows.pivot_table(index=["owner", "family"], columns="source", values="action_id", aggfunc="nunique")
    counts = counts.reindex(columns=[STATED, IN_TEXT]).fillna(0).astype(int).reset_index()
    out = counts.rename(columns={STATED: "actions", IN_TEXT: "named_in_text"})
    out.columns.name = None
    out["total"] = out["actions"] + out["named_in_text"]
    out["council_id"] = council_id
    out["council_actions"] = len(mine)
    out["share"] = out["total"] / len(mine)
    roles = _roles_of_owners(rows)
    out["owner_role"] = [roles.get(owner, "") for owner in out["owner"].tolist()]
    out = out.sort_values(["total", "actions", "owner"], ascending=[False, False, True], ignore_index=True)
    return out[NAMED_LOAD_COLUMNS]


def _roles_of_owners(rows: pd.DataFrame) -> dict[str, str]:
    """Owner -> the roles :func:`owner_rows` gives it, most actions first (ties in first-seen order), joined.

    A row's role may itself be several ("accountable, responsible": one post in two columns); each counts."""
    counts: dict[str, dict[str, int]] = {}
    for owner, role in zip(rows["owner"].tolist(), rows["owner_role"].tolist(), strict=True):
        if not isinstance(role, str) or not role or role == ROLE_NOT_STATED:
            continue
        seen = counts.setdefault(owner, {})
        for one in role.split(", "):
            seen[one] = seen.get(one, 0) + 1
    return {
        owner: ", ".join(sorted(seen, key=lambda r: -seen[r]))  # sorted is stable: ties keep first-seen order
        for owner, seen in counts.items()
    }


def no_owner_share(actions: pd.DataFrame, councils: pd.DataFrame, challenges: pd.DataFrame) -> pd.DataFrame:
    """Per council with actions: how many have no stated owner, and the share.

    ``no_owner_column`` is True when any of the council's plans has no owner column (so "no owner" says
    something about the plan, not about an action left blank); ``named_in_text`` counts the unowned
    actions whose text at least names someone.
    """
    if actions.empty:
        return pd.DataFrame(columns=NO_OWNER_COLUMNS)
    frame = actions[["action_id", "council_id", "challenge_id", "owners_mentioned"]].assign(
        owned=has_stated_owner(actions),
        mentions=np.bincount(_stated_long(actions, "owners_mentioned")["pos"], minlength=len(actions)) > 0,
    )
    frame["unowned_named"] = ~frame["owned"] & frame["mentions"]
    out = frame.groupby("council_id").agg(
        actions=("action_id", "size"), with_owner=("owned", "sum"), named_in_text=("unowned_named", "sum")
    )
    out["no_owner"] = out["actions"] - out["with_owner"]
    out["share_no_owner"] = out["no_owner"] / out["actions"]
    with_plans = challenges[challenges["challenge_id"].isin(set(actions["challenge_id"]))]
    no_column = with_plans.groupby("council_id")["has_owner_column"].agg(lambda s: not s.astype(bool).all())
    out["no_owner_column"] = no_column.reindex(out.index).fillna(False).astype(bool)
    out = out.reset_index()
    out["council"] = out["council_id"].map(_names(councils))
    out = out.sort_values(["share_no_owner", "council"], ascending=[False, True], ignore_index=True)
    return out[NO_OWNER_COLUMNS].astype({"actions": int, "with_owner": int, "no_owner": int, "named_in_text": int})


#: Bars the "no owner stated" chart draws; the table keeps every council.
MAX_NO_OWNER_BARS = 20


def no_owner_drawn(gaps: pd.DataFrame, keep: int = MAX_NO_OWNER_BARS, *, always: Iterable[str] = ()) -> pd.DataFrame:
    """The rows of :func:`no_owner_share` that get a bar: all of them, or at national scale the ``keep``
    councils with the most actions lacking an owner, in the table's order. A user's uploads and the table's
    first row (the council :func:`no_owner_takeaway` names above the chart) always keep their bar.

    One bar per council drew 897 bars in a chart 40,000 pixels tall at 1,000 plans.
    """
    totals = gaps.set_index("council_id")["no_owner"]
    always = {*always, *gaps["council_id"].head(1)}
    kept = councils_to_keep(totals, keep, always=always)
    return gaps if kept is None else gaps[gaps["council_id"].isin(kept)]


def family_theme_matrix(actions: pd.DataFrame, recommendations: pd.DataFrame) -> pd.DataFrame:
    """Owned actions per owner family × LGA core theme of the recommendations they answer.

    An action reaches a theme through its ``rec_ids``; each linked recommendation contributes its primary
    theme (``lga_theme``), and an action counts once per distinct family and theme. Only the
    recommendations in ``recommendations`` are followed, so a theme filter narrows the cells too.
    """
    owned = actions[has_stated_owner(actions)] if len(actions) else actions
    if owned.empty or recommendations.empty:
        return pd.DataFrame(columns=FAMILY_THEME_COLUMNS)
    theme_of = recommendations.set_index("rec_id")["lga_theme"].to_dict()
    positions, rec_ids = _flatten(owned["rec_ids"])
    themes = pd.DataFrame({"pos": positions, "lga_theme": pd.Series([theme_of.get(r) for r in rec_ids], dtype=object)})
    themes = themes[themes["lga_theme"].map(bool, na_action=None)]  # as ``if theme_of.get(r)``
    families = _stated_long(owned, "owners")[["pos", "family"]]
    pairs = families.merge(themes, on="pos").drop_duplicates()
    if pairs.empty:
        return pd.DataFrame(columns=FAMILY_THEME_COLUMNS)
    ids = owned[["action_id", "council_id"]].iloc[pairs["pos"].to_numpy()].reset_index(drop=True)
    long = ids.assign(family=pairs["family"].to_numpy(), lga_theme=pairs["lga_theme"].to_numpy())
    out = long.groupby(["family", "lga_theme"]).agg(
        actions=("action_id", "nunique"), councils=("council_id", "nunique")
    )
    return out.reset_index()[FAMILY_THEME_COLUMNS]


def quarter_load(actions: pd.DataFrame, *, by: str = "family", include_text_mentions: bool = False) -> pd.DataFrame:
    """Owned actions due per financial-year quarter per owner family (``by="family"``) or owner (``"owner"``).

    Every quarter from the first due date to the last is present, with zeros, so a quiet quarter shows as
    a gap rather than vanishing. ``quarter_actions`` is the number of distinct actions due in the quarter
    (an action with owners in two families adds one there but one to each family). For ``by="family"``
    the ``owner`` column repeats the family.
    """
    if by not in {"family", "owner"}:
        raise ValueError(f"by must be 'family' or 'owner', not {by!r}")
    rows = owner_rows(actions, include_text_mentions=include_text_mentions and by == "owner")
    rows = rows.dropna(subset=["end"])
    if rows.empty:
        return pd.DataFrame(columns=QUARTER_LOAD_COLUMNS)
    quarter_of = {day: financial_quarter(day) for day in rows["end"].unique()}
    rows["quarter"] = rows["end"].map(quarter_of)
    key = "family" if by == "family" else "owner"
    counts = rows.groupby(["quarter", key])["action_id"].nunique()
    family_of = dict(zip(rows[key], rows["family"], strict=True))
    family_rank = {f: i for i, f in enumerate(OWNER_FAMILIES)}
    keys = sorted(family_of, key=lambda k: (family_rank.get(family_of[k], len(family_rank)), k))
    quarters = financial_quarters_between(rows["end"].min().date(), rows["end"].max().date())
    grid = pd.MultiIndex.from_product([quarters, keys], names=["quarter", "owner"])
    counts.index = counts.index.set_names(["quarter", "owner"])
    out = counts.reindex(grid, fill_value=0).rename("actions").reset_index()
    out["family"] = out["owner"].map(family_of)
    out["quarter_actions"] = out["quarter"].map(rows.groupby("quarter")["action_id"].nunique()).fillna(0)
    return out[QUARTER_LOAD_COLUMNS].astype({"actions": int, "quarter_actions": int})


def undated_actions(actions: pd.DataFrame) -> int:
    """Actions with a stated owner but no end date: they cannot be placed in a quarter."""
    if actions.empty:
        return 0
    return int((has_stated_owner(actions) & actions["end"].isna()).sum())


# ---------------------------------------------------------------------------------------------------
# Takeaways: one plain-English line per chart
# ---------------------------------------------------------------------------------------------------


def _pct(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def family_takeaway(load: pd.DataFrame) -> str:
    """The family named on the most actions, across the councils in ``load`` (family_load output).

    >>> import pandas as pd
    >>> family_takeaway(pd.DataFrame({"council_id": ["a", "a"], "family": ["Director", "Finance"],
    ...                               "actions": [3, 1], "owned_actions": [4, 4]}))
    'Director is named on the most actions: 3 of 4 actions with a stated owner (75%)'
    """
    if load.empty:
        return ""
    by_family = load.groupby("family")["actions"].sum().sort_values(ascending=False, kind="stable")
    owned = int(load.drop_duplicates("council_id")["owned_actions"].sum())
    top, n = by_family.index[0], int(by_family.iloc[0])
    return f"{top} is named on the most actions: {n} of {owned} actions with a stated owner ({_pct(n, owned)})"


def no_owner_takeaway(table: pd.DataFrame) -> str:
    """Which council leaves most actions unowned, and who names an owner for everything.

    >>> import pandas as pd
    >>> no_owner_takeaway(pd.DataFrame({"council": ["A", "B"], "actions": [24, 21], "no_owner": [24, 0],
    ...                                 "share_no_owner": [1.0, 0.0]}))
    'A states no owner for any of its 24 actions; B names an owner for every action'
    """
    if table.empty:
        return ""
    ordered = table.sort_values(["share_no_owner", "council"], ascending=[False, True])
    worst, best = ordered.iloc[0], ordered.iloc[-1]
    if worst["no_owner"] == 0:
        everyone = "Every action names an owner"
        return everyone if len(table) > 1 else f"{worst['council']} names an owner for every action"
    if worst["no_owner"] == worst["actions"]:
        line = f"{worst['council']} states no owner for any of its {int(worst['actions'])} actions"
    else:
        line = (
            f"{worst['council']} states no owner for {int(worst['no_owner'])} of its {int(worst['actions'])} "
            f"actions ({worst['share_no_owner']:.0%})"
        )
    fully = ordered[ordered["no_owner"] == 0]
    if len(fully) == 1:
        line += f"; {best['council']} names an owner for every action"
    elif len(fully) > 1:
        line += f"; {len(fully)} council{'' if len(fully) == 1 else 's'} name an owner for every action"
    return line


def named_owner_takeaway(named: pd.DataFrame, *, council: str) -> str:
    """The busiest named owner of one council.

    >>> import pandas as pd
    >>> named_owner_takeaway(pd.DataFrame({"owner": ["Director of Resources"], "actions": [17],
    ...     "named_in_text": [0], "total": [17], "council_actions": [21]}), council="Leeds City Council")
    'Director of Resources is named on 17 of Leeds City Council’s 21 actions'
    """
    if named.empty:
        return ""
    top = named.iloc[0]
    n, of = int(top["total"]), int(top["council_actions"])
    text = f" ({int(top['named_in_text'])} only in the action text)" if top["named_in_text"] else ""
    return f"{top['owner']} is named on {n} of {council}’s {of} actions{text}"


def family_theme_takeaway(matrix: pd.DataFrame) -> str:
    """The biggest family × theme cell.

    >>> import pandas as pd
    >>> family_theme_takeaway(pd.DataFrame({"family": ["Director", "Finance"], "lga_theme": ["Governance and culture",
    ...     "Capacity for improvement"], "actions": [9, 2], "councils": [1, 1]}))
    'Director is named on 9 actions answering Governance and culture recommendations, more than any other pairing'
    """
    if matrix.empty:
        return ""
    top = matrix.sort_values(["actions", "family"], ascending=[False, True]).iloc[0]
    return (
        f"{top['family']} is named on {int(top['actions'])} actions answering {top['lga_theme']} recommendations, "
        "more than any other pairing"
    )


def quarter_takeaway(load: pd.DataFrame, *, undated: int = 0) -> str:
    """The quarter whose column is tallest, the actions due then, who holds most of them, how many are undated.

    The column stacks each owner family, so an action with owners in two families counts in both: the quarter
    named is the tallest column the chart draws, and when the stack counts more than the actions due the line
    says both numbers.

    >>> import pandas as pd
    >>> quarter_takeaway(pd.DataFrame({"quarter": ["2023/24 Q1", "2023/24 Q1"], "owner": ["Director", "Finance"],
    ...     "actions": [8, 2], "quarter_actions": [9, 9]}), undated=3)
    'Busiest quarter: 2023/24 Q1, with 9 actions due (10 counting each owner; Director on 8); 3 owned actions have no due date'
    """  # noqa: E501
    if load.empty:
        tail = f"{undated} owned actions have no due date" if undated else ""
        return tail[:1].upper() + tail[1:]
    stacked = load.groupby("quarter", sort=False)["actions"].sum()
    busiest = stacked.sort_values(ascending=False, kind="stable").index[0]
    distinct = int(load.loc[load["quarter"] == busiest, "quarter_actions"].iloc[0])
    height = int(stacked[busiest])
    cell = load[load["quarter"] == busiest].sort_values(["actions", "owner"], ascending=[False, True]).iloc[0]
    counted = f"{height} counting each owner; " if height != distinct else ""
    line = (
        f"Busiest quarter: {busiest}, with {distinct} actions due ({counted}{cell['owner']} on {int(cell['actions'])})"
    )
    if undated:
        line += f"; {undated} owned action{'s have' if undated != 1 else ' has'} no due date"
    return line
