"""Owner load at national scale: the vectorised counts match a per-action reference, and the family
bars fold all but the busiest councils into one "Other councils" bar (uploads keep theirs)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.owner_load import (
    FAMILY_LOAD_COLUMNS,
    IN_TEXT,
    MISSING_FAMILIES,
    STATED,
    family_load,
    family_theme_matrix,
    fold_family_load,
    has_stated_owner,
    no_owner_share,
    owner_rows,
)
from analysis.summary import OTHER_COUNCILS
from charts.owners import family_bars_figure
from charts.palette import MISSING_COLOUR, council_colours
from loaders.owners import NOT_STATED, role_family

OWNERS = ["Chief Executive", "Director of Resources", "Leader", "not stated", "TBC", "", "Head of HR", "Cabinet"]


def _actions(n_councils: int, per_council: int) -> pd.DataFrame:
    """A synthetic corpus with the awkward cells: repeated owners, blanks, None, text mentions of stated owners."""
    rows = []
    for c in range(n_councils):
        for i in range(per_council + c % 4):
            owners = [OWNERS[(c + i + k) % len(OWNERS)] for k in range((i % 3) + (c % 2))]
            if i % 5 == 0:
                owners = owners + owners[:1]  # the same owner twice in one cell
            rows.append(
                {
                    "action_id": f"c{c}-a{i}",
                    "council_id": f"c{c:03d}",
                    "challenge_id": f"c{c:03d}-2023",
                    "owners": None if i % 7 == 6 else owners,
                    "owner_families": [role_family(o) for o in owners if o] or ["No owner"],
                    "owners_mentioned": [OWNERS[(c * 3 + i) % len(OWNERS)], *owners[:1]],
                    "end": pd.Timestamp(2024, 1 + (i % 12), 28) if i % 4 else pd.NaT,
                    "rec_ids": [f"r{(c + i) % 5}", "r-unknown"][: 1 + i % 2],
                }
            )
    return pd.DataFrame(rows)


ACTIONS = _actions(24, 6)
COUNCILS = pd.DataFrame(
    {"council_id": sorted(ACTIONS["council_id"].unique()), "name": [f"Council {c}" for c in range(24)]}
)
RECS = pd.DataFrame({"rec_id": [f"r{k}" for k in range(5)], "lga_theme": ["A", "B", "A", "C", None]})


def _stated(owners) -> list[str]:
    return [o for o in (owners or []) if o and o != NOT_STATED and role_family(o) not in MISSING_FAMILIES]


def _reference_owner_rows(actions: pd.DataFrame, include_text_mentions: bool) -> list[tuple]:
    rows = []
    for a in actions.itertuples(index=False):
        stated = _stated(a.owners)
        rows += [(a.action_id, o, role_family(o), STATED) for o in stated]
        if include_text_mentions:
            rows += [(a.action_id, o, role_family(o), IN_TEXT) for o in _stated(a.owners_mentioned) if o not in stated]
    seen, out = set(), []
    for row in rows:
        if row[:2] not in seen:
            seen.add(row[:2])
            out.append(row)
    return out


@pytest.mark.parametrize("with_text", [False, True])
def test_owner_rows_match_a_per_action_reference(with_text: bool) -> None:
    rows = owner_rows(ACTIONS, include_text_mentions=with_text)
    got = list(rows[["action_id", "owner", "family", "source"]].itertuples(index=False, name=None))
    assert got == _reference_owner_rows(ACTIONS, with_text)
    assert IN_TEXT in set(rows["source"]) if with_text else set(rows["source"]) == {STATED}


def test_has_stated_owner_and_no_owner_share_match_a_per_action_reference() -> None:
    shuffled = ACTIONS.sample(frac=1, random_state=3).set_index(ACTIONS.index[::-1])  # index order must not matter
    expected = [any(f not in MISSING_FAMILIES for f in fams) for fams in shuffled["owner_families"]]
    assert has_stated_owner(shuffled).tolist() == expected
    challenges = pd.DataFrame({"challenge_id": [f"{c}-2023" for c in COUNCILS["council_id"]],
                               "council_id": COUNCILS["council_id"], "has_owner_column": True})  # fmt: skip
    table = no_owner_share(shuffled, COUNCILS, challenges).set_index("council_id")
    unowned_named = [
        not own and bool(_stated(m)) for own, m in zip(expected, shuffled["owners_mentioned"], strict=True)
    ]
    assert table["named_in_text"].sum() == sum(unowned_named)


def test_family_load_and_theme_matrix_match_a_per_action_reference() -> None:
    load = family_load(ACTIONS, COUNCILS).set_index(["council_id", "family"])
    owned = ACTIONS[has_stated_owner(ACTIONS)]
    mentions: dict[tuple, int] = {}
    for a in owned.itertuples(index=False):
        for o in _stated(a.owners):
            key = (a.council_id, role_family(o))
            mentions[key] = mentions.get(key, 0) + 1
    assert load["mentions"].to_dict() == mentions
    theme_of = dict(zip(RECS["rec_id"], RECS["lga_theme"], strict=True))
    cells: dict[tuple, set] = {}
    for a in owned.itertuples(index=False):
        themes = {theme_of[r] for r in a.rec_ids if isinstance(theme_of.get(r), str)}  # no theme: no cell
        for f in {role_family(o) for o in _stated(a.owners)}:
            for t in themes:
                cells.setdefault((f, t), set()).add(a.action_id)
    matrix = family_theme_matrix(ACTIONS, RECS).set_index(["family", "lga_theme"])["actions"].to_dict()
    assert matrix == {k: len(v) for k, v in cells.items()}


class TestFoldFamilyLoad:
    def test_keeps_the_busiest_and_sums_the_rest(self) -> None:
        load = family_load(ACTIONS, COUNCILS)
        folded = fold_family_load(load, keep=10)
        assert list(folded.columns) == FAMILY_LOAD_COLUMNS
        kept = set(folded["council_id"]) - {OTHER_COUNCILS}
        owned = load.drop_duplicates("council_id").set_index("council_id")["owned_actions"]
        assert len(kept) == 10 and owned[list(kept)].min() >= owned.drop(list(kept)).max()
        other = folded[folded["council_id"] == OTHER_COUNCILS].set_index("family")
        assert set(other["council"]) == {"Other councils (14)"}
        rest = load[~load["council_id"].isin(kept)]
        assert other["actions"].to_dict() == rest.groupby("family")["actions"].sum().to_dict()
        assert other["mentions"].sum() == rest["mentions"].sum()
        assert other["owned_actions"].iloc[0] == owned.drop(list(kept)).sum()
        assert other["share"].to_dict() == pytest.approx((other["actions"] / other["owned_actions"]).to_dict())
        assert folded["actions"].sum() == load["actions"].sum()  # nothing lost

    def test_average_per_council_for_the_grey_bar(self) -> None:
        """A sum over hundreds of councils dwarfs every other bar: as an average it compares with them."""
        load = family_load(ACTIONS, COUNCILS)
        summed = fold_family_load(load, keep=10)
        mean = fold_family_load(load, keep=10, other="mean")
        other = lambda f: f[f["council_id"] == OTHER_COUNCILS].set_index("family")  # noqa: E731
        assert set(other(mean)["council"]) == {"Other councils (14, average)"}
        assert other(mean)["actions"].to_dict() == pytest.approx((other(summed)["actions"] / 14).round(1).to_dict())
        assert other(mean)["share"].to_dict() == pytest.approx(other(summed)["share"].to_dict())  # share unchanged
        kept = mean[mean["council_id"] != OTHER_COUNCILS]
        pd.testing.assert_frame_equal(kept, summed[summed["council_id"] != OTHER_COUNCILS], check_dtype=False)
        fig = family_bars_figure(mean, colours=council_colours(COUNCILS["council_id"]))
        assert "per council" in fig.data[-1].hovertemplate and "." in "".join(c[1] for c in fig.data[-1].customdata)
        with pytest.raises(ValueError, match="other"):
            fold_family_load(load, keep=10, other="median")  # type: ignore[arg-type]

    def test_uploaded_councils_keep_their_bars(self) -> None:
        load = family_load(ACTIONS, COUNCILS)
        quietest = load.drop_duplicates("council_id").sort_values("owned_actions")["council_id"].iloc[0]
        folded = fold_family_load(load, keep=10, always=[quietest])
        assert quietest in set(folded["council_id"])
        assert folded["council_id"].nunique() == 11  # 9 busiest + the upload + Other councils

    def test_few_councils_are_left_alone(self) -> None:
        load = family_load(ACTIONS[ACTIONS["council_id"].isin(["c000", "c001"])], COUNCILS)
        assert fold_family_load(load) is load

    def test_chart_draws_other_councils_last_in_grey(self) -> None:
        folded = fold_family_load(family_load(ACTIONS, COUNCILS), keep=10)
        fig = family_bars_figure(folded, colours=council_colours(COUNCILS["council_id"]))
        assert len(fig.data) == 11
        assert fig.data[-1].name == "Other councils (14)"
        assert fig.data[-1].marker.color == MISSING_COLOUR
        assert MISSING_COLOUR not in {t.marker.color for t in fig.data[:-1]}
