"""A vehicle that cannot even drive from its start to its end depot within its limits
(as a van still on its way home late in a live re-plan) stays unused; it does not
leave OR-Tools without any plan for the other vehicles' stops."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from logistics.domain.fleet import Break, Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, RoutingProblem
from logistics.domain.stops import Stop, TimeWindow
from solvers.routing import RoutingParams, solve, validate
from solvers.routing._stranded import empty_route_fits, stranded_vehicles
from solvers.routing.plan import PlanContext

VAN = VehicleType("van", (10,), fixed_cost=100, cost_per_km=1000, cost_per_hour=3600)
# depots A (0) and B (1000); stop s1 next to A
TRAVEL = np.array([[0, 1000, 10], [1000, 0, 990], [10, 990, 0]])


def _problem(stranded: Vehicle, dispatched: tuple[str, ...] = ()) -> RoutingProblem:
    return RoutingProblem(
        depots=(Depot("A", Point(0, 0), TimeWindow(0, 5000)), Depot("B", Point(1000, 0))),
        stops=(Stop("s1", Point(10, 0), delivery=(1,), service_s=5),),
        vehicles=(
            Vehicle("v1", VAN, "A", "A", TimeWindow(0, 5000), dispatched=dispatched),
            stranded,
        ),
        distance=TRAVEL,
        duration=TRAVEL,
    )


STRANDED = {
    # 1000 s from B to A, 500 s of shift
    "shift too short to get home": Vehicle("v2", VAN, "B", "A", TimeWindow(0, 500)),
    # the end depot closes at 5000, the break cannot end before 5100
    "break after its end depot closes": Vehicle(
        "v2", VAN, "B", "A", TimeWindow(0, 8000), (Break(TimeWindow(4800, 6000), 300),)
    ),
    "longer drive home than its maximum duration": Vehicle(
        "v2", VehicleType("slow", (10,), max_duration_s=600), "B", "A", TimeWindow(0, 5000)
    ),
    "longer drive home than its maximum distance": Vehicle(
        "v2", VehicleType("short", (10,), max_distance_m=600), "B", "A", TimeWindow(0, 5000)
    ),
    # each fits alone: 1000 s of drive or an 1100 s break in a 2000 s shift, not both
    "drive and break longer than the shift": Vehicle(
        "v2", VAN, "B", "A", TimeWindow(0, 2000), (Break(TimeWindow(0, 2000), 1100),)
    ),
    "drive and two breaks longer than the shift": Vehicle(
        "v2",
        VAN,
        "B",
        "A",
        TimeWindow(0, 2000),
        (Break(TimeWindow(0, 2000), 600), Break(TimeWindow(0, 2000), 600)),
    ),
    # 1000 s of drive and a 300 s break on duty: 1300 s, more than 1200
    "drive and break longer than its maximum duration": Vehicle(
        "v2",
        VehicleType("slow", (10,), max_duration_s=1200),
        "B",
        "A",
        TimeWindow(0, 5000),
        (Break(TimeWindow(0, 5000), 300),),
    ),
}


@pytest.mark.parametrize("case", sorted(STRANDED))
@pytest.mark.parametrize("dispatched", [(), ("s1",)])
def test_other_vehicles_still_serve_the_stops(case, dispatched):
    problem = _problem(STRANDED[case], dispatched)
    plan = solve(problem, RoutingParams(time_limit_s=1, backend="ortools"))
    assert plan.status == "solved", (plan.status, plan.unassigned)
    assert "search" not in plan.extras  # not the served-first routes: a search made it
    assert [(r.vehicle_id, r.stop_ids) for r in plan.routes] == [("v1", ["s1"])]
    assert validate(problem, plan).feasible


def _three_depots(stranded: Vehicle) -> RoutingProblem:
    """Depots A (0), B (1000), C (2000): only the stranded vehicle ends at C or
    has an open route, so its end is no other vehicle's."""
    x = [0, 1000, 2000, 10]
    travel = np.array([[abs(a - b) for b in x] for a in x])
    return RoutingProblem(
        depots=(
            Depot("A", Point(0, 0)),
            Depot("B", Point(1000, 0)),
            Depot("C", Point(2000, 0), TimeWindow(7900, 9000)),
        ),
        stops=(Stop("s1", Point(10, 0), delivery=(1,), service_s=5),),
        vehicles=(Vehicle("v1", VAN, "A", "A", TimeWindow(0, 5000)), stranded),
        distance=travel,
        duration=travel,
    )


@pytest.mark.parametrize(
    "stranded",
    [
        Vehicle("v2", VAN, "B", "C", TimeWindow(0, 500)),
        # C opens at 7900: the break cannot end before the shift does
        Vehicle("v2", VAN, "C", None, TimeWindow(0, 8000), (Break(TimeWindow(100, 7950), 200),)),
    ],
    ids=["its own end depot", "the only open route"],
)
def test_no_depot_or_dummy_end_becomes_a_stop(stranded):
    """The end node of a stranded vehicle is nobody else's: it must not turn into a
    node the other routes visit (it read back as a stop of theirs)."""
    problem = _three_depots(stranded)
    plan = solve(problem, RoutingParams(time_limit_s=1, backend="ortools"))
    assert [r.stop_ids for r in plan.routes] == [["s1"]]
    assert validate(problem, plan).feasible, validate(problem, plan).violations


def test_a_break_window_closed_before_the_start_depot_opens():
    """Its break must start by 900, but B opens at 1000: no empty route (the break
    alone used to be checked from its window's start, not the route's)."""
    late = Vehicle("v2", VAN, "B", "A", TimeWindow(0, 5000), (Break(TimeWindow(800, 900), 60),))
    problem = _problem(late)
    problem = replace(
        problem,
        depots=(problem.depots[0], replace(problem.depots[1], opening=TimeWindow(1000, 9000))),
    )
    assert stranded_vehicles(PlanContext(problem)) == {1}
    plan = solve(problem, RoutingParams(time_limit_s=1, backend="ortools"))
    assert [(r.vehicle_id, r.stop_ids) for r in plan.routes] == [("v1", ["s1"])]


# empty routes that can be driven: (start window, end limit, drive, breaks, max duration)
FITS = {
    "break before leaving": ((0, 5000), 1400, 1000, [((0, 10), 300)], None),
    "break at the end depot": ((0, 5000), 3000, 1000, [((2500, 2600), 300)], None),
    "break during the drive": ((0, 5000), 1300, 1000, [((400, 500), 300)], None),
    # leaving at 0 the route would last 2300 s; leaving at 1100 it lasts 1300 s
    "leaving later keeps the maximum duration": (
        (0, 5000),
        5000,
        1000,
        [((2000, 2100), 300)],
        1400,
    ),
    # only the second break first fits: (1000, 1100) then (1200, 5000)
    "two breaks in the one order that fits": (
        (1000, 1000),
        2800,
        1000,
        [((1200, 5000), 400), ((1000, 1100), 200)],
        None,
    ),
}
FAILS = {
    "drive and break past the end": ((0, 5000), 1299, 1000, [((400, 500), 300)], None),
    "break window closed at the latest start": ((1000, 5000), 9000, 10, [((0, 900), 5)], None),
    "drive and break longer than the maximum duration": (
        (0, 5000),
        5000,
        1000,
        [((2000, 2100), 300)],
        1299,
    ),
    # each alone fits; both: the first taken ends past the other's latest start
    "two breaks in no order": (
        (1000, 1000),
        9000,
        1000,
        [((1000, 1050), 200), ((1100, 1150), 200)],
        None,
    ),
}


def _fits(case) -> bool:
    start, end, drive, breaks, max_duration = case
    return empty_route_fits(
        start, end, drive, [Break(TimeWindow(*w), d) for w, d in breaks], max_duration
    )


@pytest.mark.parametrize("case", sorted(FITS))
def test_an_empty_route_that_can_be_driven_fits(case):
    assert _fits(FITS[case])


@pytest.mark.parametrize("case", sorted(FAILS))
def test_an_empty_route_that_cannot_be_driven_does_not_fit(case):
    assert not _fits(FAILS[case])


def test_a_vehicle_that_can_drive_home_with_its_breaks_keeps_its_stops():
    """Not stranded: OR-Tools may give it the stop (v1 cannot: its shift is over)."""
    fits = Vehicle(
        "v2",
        VehicleType("van", (10,), max_duration_s=2000),
        "B",
        "A",
        TimeWindow(0, 5000),
        (Break(TimeWindow(1000, 1100), 300), Break(TimeWindow(2000, 2100), 300)),
    )
    problem = _problem(fits)
    problem = replace(
        problem, vehicles=(replace(problem.vehicles[0], shift=TimeWindow(0, 5)), fits)
    )
    assert stranded_vehicles(PlanContext(problem)) == frozenset()
    plan = solve(problem, RoutingParams(time_limit_s=1, backend="ortools"))
    assert [(r.vehicle_id, r.stop_ids) for r in plan.routes] == [("v2", ["s1"])]
    assert validate(problem, plan).feasible
