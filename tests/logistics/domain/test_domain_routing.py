"""RoutingProblem and its Objective reject what a solver could only misread."""

from __future__ import annotations

import pytest

from logistics.domain import (
    Break,
    Depot,
    LatLon,
    Objective,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
    VehicleType,
)
from logistics.errors import InvalidValueError


@pytest.mark.parametrize("value", ["no", 0, 1, None])
def test_vehicle_costs_is_a_boolean(value):
    with pytest.raises(InvalidValueError) as e:
        Objective(vehicle_costs=value)
    assert (e.value.field, e.value.value) == ("vehicle_costs", value)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: VehicleType("van", (10**9 + 1,)), "capacity[0]"),
        (lambda: VehicleType("van", (10,), fixed_cost=2**63), "fixed_cost"),
        (lambda: VehicleType("van", (10,), speed_factor=101), "speed_factor"),
        (lambda: Stop("s", LatLon(0, 0), service_s=2**64), "service_s"),
        (lambda: Stop("s", LatLon(0, 0), penalty=10**10), "penalty"),
        (lambda: Break(TimeWindow(0, 10), 10**10), "duration_s"),
        (lambda: Objective(unserved_penalty=10**19), "unserved_penalty"),
    ],
)
def test_amounts_beyond_what_the_solvers_hold_are_rejected(build, field):
    # such values used to overflow int64 inside OR-Tools (OverflowError: a traceback)
    with pytest.raises(InvalidValueError) as e:
        build()
    assert e.value.field == field and e.value.reason.startswith("must be <= ")


def test_an_end_depot_that_closes_before_the_vehicle_can_leave_is_named():
    # the vehicle could never end its route: it used to be accepted and every stop came
    # back unassigned as "time_window"
    dc = Depot("dc", LatLon(0, 0))
    night = Depot("night", LatLon(0, 0.01), opening=TimeWindow(0, 5 * 3600))
    van = Vehicle(
        "v1", VehicleType("van", (10,)), "dc", "night", shift=TimeWindow(7 * 3600, 17 * 3600)
    )
    stop = Stop("s1", LatLon(0, 0.02), delivery=(1,))
    with pytest.raises(InvalidValueError) as e:
        RoutingProblem(depots=(dc, night), stops=(stop,), vehicles=(van,))
    assert (e.value.field, e.value.value) == ("vehicles[0].end_depot", "night")
    assert e.value.reason == "depot 'night' closes before the vehicle can leave depot 'dc'"
    # ending there while it is open is fine, and so is an open route
    late = Depot("night", LatLon(0, 0.01), opening=TimeWindow(0, 8 * 3600))
    RoutingProblem(depots=(dc, late), stops=(stop,), vehicles=(van,))
    free = Vehicle("v1", van.type, "dc", None, shift=van.shift)
    RoutingProblem(depots=(dc, night), stops=(stop,), vehicles=(free,))
