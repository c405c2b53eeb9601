"""Council colours can be told apart: every pair of council colours is at least ΔE2000 20 apart (the CIEDE2000
function itself checked against Sharma, Wu and Dalal's published test data), and no council colour is reused by
owner families, statuses, themes or the "other / missing" grey."""

from __future__ import annotations

import itertools

import pytest

from charts.colour_distance import colour_distance, delta_e2000, hex_to_lab
from charts.palette import (
    COUNCIL_PALETTE,
    DISTINCT_COUNCIL_DELTA_E,
    MISSING_COLOUR,
    OWNER_FAMILY_COLOURS,
    STATUS_COLOURS,
    THEME_COLOURS,
    council_colours,
)
from loaders import Corpus
from tests.figures import FIGURES

#: Sharma, Wu and Dalal (2005), Table 1: (L*, a*, b*) pairs and their ΔE00.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
    ((50.0, -0.001, 2.49), (50.0, 0.0009, -2.49), 4.8045),
    ((50.0, -0.001, 2.49), (50.0, 0.0011, -2.49), 4.7461),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((50.0, 2.5, 0.0), (50.0, 3.1736, 0.5854), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((35.0831, -44.1164, 3.7933), (35.0232, -40.0716, 1.5901), 1.8645),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_delta_e2000_matches_sharmas_test_data(lab1, lab2, expected) -> None:
    assert delta_e2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert delta_e2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)  # symmetric


def test_srgb_to_lab() -> None:
    assert hex_to_lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert hex_to_lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.01)
    assert hex_to_lab("#FF0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.05)


def test_every_pair_of_council_colours_is_distinct() -> None:
    pairs = [(colour_distance(a, b), a, b) for a, b in itertools.combinations(COUNCIL_PALETTE, 2)]
    closest = min(pairs)
    FIGURES.append(
        f"council palette: {len(COUNCIL_PALETTE)} colours, closest pair ΔE2000 {closest[0]:.1f} {closest[1:]}"
    )
    assert closest[0] >= DISTINCT_COUNCIL_DELTA_E >= 20, closest


def test_the_shipped_councils_never_share_a_colour(corpus: Corpus) -> None:
    """Colours go by sorted id; the palette is long enough that the shipped councils do not wrap round."""
    ids = corpus.councils["council_id"]
    colours = council_colours(ids)
    assert len(set(colours.values())) == len(colours) == ids.nunique() <= len(COUNCIL_PALETTE)


def test_no_other_palette_reuses_a_council_colour() -> None:
    council = {c.upper() for c in COUNCIL_PALETTE}
    for name, palette in (("owner", OWNER_FAMILY_COLOURS), ("status", STATUS_COLOURS), ("theme", THEME_COLOURS)):
        assert not council & {c.upper() for c in palette.values()}, name
    # Grey is "other councils" and "no owner": no council may be mistaken for it.
    assert min(colour_distance(c, MISSING_COLOUR) for c in COUNCIL_PALETTE) >= 15
