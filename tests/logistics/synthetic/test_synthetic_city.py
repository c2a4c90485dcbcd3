import numpy as np
import pytest

from logistics.domain import LatLon
from logistics.errors import InvalidValueError
from logistics.synthetic import RIO_DE_JANEIRO, Anchor, City


def test_sampling_is_seeded_and_inside_the_box():
    a = RIO_DE_JANEIRO.sample_addresses(np.random.default_rng(1), 500)
    b = RIO_DE_JANEIRO.sample_addresses(np.random.default_rng(1), 500)
    assert np.array_equal(a, b) and a.shape == (500, 2)
    assert all(RIO_DE_JANEIRO.contains(LatLon(*p)) for p in a)


def test_single_anchor_spread():
    city = City("T", -1.0, 1.0, -1.0, 1.0, (Anchor(LatLon(0, 0), 1.0, 1000.0),), 0)
    pts = city.sample_addresses(np.random.default_rng(0), 4000)
    r_m = np.hypot(pts[:, 0], pts[:, 1]) * 111_195
    assert np.sqrt(np.mean(r_m**2)) == pytest.approx(1000.0, rel=0.05)  # RMS radius


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("T", 1.0, -1.0, -1.0, 1.0, (Anchor(LatLon(0, 0), 1.0, 1.0),), 0), "north"),
        (("T", -1.0, 1.0, 1.0, -1.0, (Anchor(LatLon(0, 0), 1.0, 1.0),), 0), "east"),
        (("T", -1.0, 1.0, -1.0, 1.0, (), 0), "anchors"),
        (("T", -1.0, 1.0, -1.0, 1.0, (Anchor(LatLon(5, 0), 1.0, 1.0),), 0), "anchors[0].center"),
    ],
)
def test_bad_city(args, field):
    with pytest.raises(InvalidValueError) as info:
        City(*args)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("weight", "spread_m", "field"),
    [
        (0.0, 1.0, "weight"),
        (float("inf"), 1.0, "weight"),  # sampling said "Probabilities contain NaN"
        ("1", 1.0, "weight"),  # a TypeError
        (1.0, float("inf"), "spread_m"),
        (1.0, -1.0, "spread_m"),
    ],
)
def test_bad_anchor(weight, spread_m, field):
    with pytest.raises(InvalidValueError) as info:
        Anchor(LatLon(0, 0), weight, spread_m)
    assert info.value.field == field
