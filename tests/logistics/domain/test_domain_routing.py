"""RoutingProblem and its Objective reject what a solver could only misread."""

from __future__ import annotations

import numpy as np
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


ROOMY_KG = VehicleType("heavy", (800, 50))
ROOMY_PARCELS = VehicleType("parcels", (500, 120))


def _two_type_problem(stop: Stop) -> RoutingProblem:
    vans = (
        Vehicle("v1", ROOMY_KG, "dc", "dc"),
        Vehicle("v2", ROOMY_PARCELS, "dc", "dc"),
    )
    return RoutingProblem(
        depots=(Depot("dc", LatLon(0, 0)),), stops=(stop,), vehicles=vans, units=("kg", "parcels")
    )


@pytest.mark.parametrize("what", ["delivery", "pickup"])
def test_a_stop_no_single_vehicle_carries_is_named(what):
    # 700 kg fits the heavy van and 100 parcels the parcel van, but no van takes both:
    # the stop used to be accepted and come back unassigned as "capacity"
    stop = Stop(
        "big",
        LatLon(0, 0.01),
        **{what: (700, 100)},
        **{"pickup" if what == "delivery" else "delivery": (0, 0)},
    )
    with pytest.raises(InvalidValueError) as e:
        _two_type_problem(stop)
    assert (e.value.field, e.value.value) == (f"stops[0].{what}", (700, 100))
    assert e.value.reason == "stop 'big': no vehicle carries 700 kg and 100 parcels at once"


def test_a_stop_whose_delivery_and_pickup_need_different_vehicles_is_named():
    stop = Stop("swap", LatLon(0, 0.01), delivery=(700, 0), pickup=(0, 100))
    with pytest.raises(InvalidValueError) as e:
        _two_type_problem(stop)
    assert e.value.field == "stops[0].pickup"
    assert e.value.reason == (
        "stop 'swap': no vehicle carries both its delivery (700 kg) and its pickup (100 parcels)"
    )


def test_a_stop_one_vehicle_carries_is_fine():
    _two_type_problem(Stop("ok", LatLon(0, 0.01), delivery=(700, 50), pickup=(800, 10)))


@pytest.mark.parametrize("name", ["distance", "duration"])
def test_a_negative_travel_entry_is_named_by_its_row_and_column(name):
    m = np.zeros((2, 2), dtype=np.int64)
    m[1, 0] = -5
    stop = Stop("s", LatLon(0, 0.01))
    van = Vehicle("v1", VehicleType("van", (10,)), "dc", "dc")
    with pytest.raises(InvalidValueError) as e:
        RoutingProblem(
            depots=(Depot("dc", LatLon(0, 0)),), stops=(stop,), vehicles=(van,), **{name: m}
        )
    assert (e.value.field, e.value.value) == (f"{name}[1][0]", -5)
    assert e.value.reason == "travel must not be negative"
