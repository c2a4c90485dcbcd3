import dataclasses

import pytest

from logistics.domain import LatLon, Location, Point
from logistics.errors import InvalidValueError


def test_valid_places():
    p = LatLon(-22.9068, -43.1729)
    assert (p.lat, p.lon) == (-22.9068, -43.1729)
    assert p.to_dict() == {"lat": -22.9068, "lon": -43.1729}
    assert LatLon.from_dict({"lat": 1, "lon": 2}) == LatLon(1, 2)
    assert LatLon(90, 180) and LatLon(-90, -180)  # bounds are inclusive
    q = Point(3.5, -2)
    assert q.to_dict() == {"x": 3.5, "y": -2}
    assert isinstance(p, Location) and isinstance(q, Location)


def test_places_are_hashable_values():
    assert LatLon(1, 2) == LatLon(1, 2) and len({LatLon(1, 2), LatLon(1, 2)}) == 1
    assert Point(1, 2) != Point(2, 1)


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda: LatLon(91, 0), "lat", 91),
        (lambda: LatLon(-90.5, 0), "lat", -90.5),
        (lambda: LatLon(0, 180.1), "lon", 180.1),
        (lambda: LatLon("1", 0), "lat", "1"),
        (lambda: LatLon(0, None), "lon", None),
        (lambda: LatLon(True, 0), "lat", True),
        (lambda: Point(float("inf"), 0), "x", float("inf")),
        (lambda: Point(0, "y"), "y", "y"),
    ],
)
def test_bad_values_name_field_and_value(make, field, value):
    with pytest.raises(InvalidValueError) as info:
        make()
    assert info.value.field == field
    assert info.value.value == value
    assert repr(value) in str(info.value)


def test_nan_is_rejected():
    with pytest.raises(InvalidValueError) as info:
        LatLon(float("nan"), 0)
    assert info.value.field == "lat"


@pytest.mark.parametrize("data", [{"lat": 1}, {"lat": 1, "lon": 2, "x": 3}, [1, 2], "1,2"])
def test_from_dict_wants_exactly_lat_lon(data):
    with pytest.raises(InvalidValueError) as info:
        LatLon.from_dict(data)
    assert info.value.field == "location"


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LatLon(0, 0).lat = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(0, 0).x = 1  # type: ignore[misc]
