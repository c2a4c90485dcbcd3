"""``Vehicle.dispatched``: the domain refuses ids that cannot be a fixed route start."""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics.domain import (
    Depot,
    PickupDelivery,
    Point,
    RoutingProblem,
    Stop,
    Vehicle,
    VehicleType,
)
from logistics.errors import InvalidValueError

VAN = VehicleType("van", (10,))


def _problem(*dispatched: tuple[str, ...]) -> RoutingProblem:
    """Stops a, b, c and the pair p (pickup) -> q (delivery); one vehicle per argument."""
    stops = (
        Stop("a", Point(1, 0), delivery=(1,)),
        Stop("b", Point(2, 0), delivery=(1,)),
        Stop("c", Point(3, 0), delivery=(1,)),
        Stop("p", Point(0, 1), pickup=(2,)),
        Stop("q", Point(0, 2), delivery=(2,)),
    )
    vehicles = tuple(
        Vehicle(f"v{i}", VAN, "d", "d", dispatched=ids) for i, ids in enumerate(dispatched)
    )
    return RoutingProblem(
        depots=(Depot("d", Point(0, 0)),),
        stops=stops,
        vehicles=vehicles,
        pairs=(PickupDelivery("p", "q"),),
    )


def test_valid_dispatched_stops():
    p = _problem(("b", "a"), ("p",), ())
    assert p.vehicles[0].dispatched == ("b", "a")
    assert _problem(("p", "c", "q")).vehicles[0].dispatched == ("p", "c", "q")
    assert Vehicle("v", VAN, "d", "d").dispatched == ()


@pytest.mark.parametrize(
    ("ids", "field", "value", "reason"),
    [
        (["a"], "dispatched", ["a"], "tuple of stop ids"),
        (("a", ""), "dispatched[1]", "", "non-empty string id"),
        (("a", 3), "dispatched[1]", 3, "non-empty string id"),
        (("a", "b", "a"), "dispatched[2]", "a", "dispatched twice"),
    ],
)
def test_bad_dispatched_on_a_vehicle(ids, field, value, reason):
    with pytest.raises(InvalidValueError, match=reason) as info:
        Vehicle("v", VAN, "d", "d", dispatched=ids)
    assert (info.value.field, info.value.value) == (field, value)


@pytest.mark.parametrize(
    ("dispatched", "field", "value", "reason"),
    [
        ((("a", "ghost"),), "vehicles[0].dispatched[1]", "ghost", "no such stop"),
        (
            (("a",), ("c", "a")),
            "vehicles[1].dispatched[1]",
            "a",
            "already dispatched on vehicle 'v0'",
        ),
        (
            (("a", "q"),),
            "vehicles[0].dispatched[1]",
            "q",
            "its pickup 'p' must be dispatched before it on the same vehicle",
        ),
        ((("q", "p"),), "vehicles[0].dispatched[0]", "q", "its pickup 'p' is dispatched after it"),
        (
            (("p",), ("b", "q")),
            "vehicles[1].dispatched[1]",
            "q",
            "its pickup 'p' is dispatched on vehicle 'v0'",
        ),
    ],
)
def test_bad_dispatched_in_a_problem(dispatched, field, value, reason):
    with pytest.raises(InvalidValueError) as info:
        _problem(*dispatched)
    assert (info.value.field, info.value.value) == (field, value)
    assert reason in info.value.reason


def test_a_replaced_vehicle_is_checked_again():
    p = _problem(("a",))
    with pytest.raises(InvalidValueError) as info:
        replace(p, vehicles=(replace(p.vehicles[0], dispatched=("zz",)),))
    assert info.value.field == "vehicles[0].dispatched[0]"
