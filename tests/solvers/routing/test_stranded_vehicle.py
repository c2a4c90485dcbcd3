"""A vehicle that cannot even drive from its start to its end depot within its limits
(as a van still on its way home late in a live re-plan) stays unused; it does not
leave OR-Tools without any plan for the other vehicles' stops."""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain.fleet import Break, Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, RoutingProblem
from logistics.domain.stops import Stop, TimeWindow
from solvers.routing import RoutingParams, solve, validate

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
}


@pytest.mark.parametrize("case", sorted(STRANDED))
@pytest.mark.parametrize("dispatched", [(), ("s1",)])
def test_other_vehicles_still_serve_the_stops(case, dispatched):
    problem = _problem(STRANDED[case], dispatched)
    plan = solve(problem, RoutingParams(time_limit_s=1, backend="ortools"))
    assert plan.status == "solved", (plan.status, plan.unassigned)
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
