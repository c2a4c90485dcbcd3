"""A stop no search placed is unassigned as ``no_solution``, not ``no_room``.

When OR-Tools' time ran out before any solution, the plan is the routes of the
dispatched stops only (or ``no_solution``, without dispatched stops); PyVRP's
``no_solution`` has no routes either. Their other stops used to come back as
``no_room`` ("servable alone, but no route had room") or ``dropped_for_cost``,
verdicts no search made: a dispatcher could not tell them from a full fleet.
Reasons a stop has on its own (skills, a window no vehicle reaches) are kept.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, RoutingProblem
from logistics.domain.stops import Stop, TimeWindow
from logistics.routing_json import problem_from_json
from solvers.routing import RoutingParams, UnassignedReason, solve
from solvers.routing.plan import RouteSpec, build_plan

REPLAN = Path(__file__).parents[3] / "examples" / "routing" / "rio_replan.json"
VAN = VehicleType("van", (10,), fixed_cost=100, cost_per_km=1000, cost_per_hour=3600)
# depot A (0); stops near (10), optional (20), far (5000), rare (30, needs a skill)
X = [0, 10, 20, 5000, 30]
TRAVEL = np.array([[abs(a - b) for b in X] for a in X])


def _small() -> RoutingProblem:
    return RoutingProblem(
        depots=(Depot("A", Point(0, 0)),),
        stops=(
            Stop("near", Point(10, 0), delivery=(1,)),
            Stop("optional", Point(20, 0), delivery=(1,), penalty=1_000_000),
            Stop("far", Point(5000, 0), delivery=(1,), time_windows=(TimeWindow(0, 100),)),
            Stop("rare", Point(30, 0), delivery=(1,), skills=frozenset({"crane"})),
        ),
        vehicles=(Vehicle("v1", VAN, "A", "A", TimeWindow(0, 1000)),),
        distance=TRAVEL,
        duration=TRAVEL,
    )


def _reasons(plan) -> dict[str, str]:
    return {u.stop_id: str(u.reason) for u in plan.unassigned}


def test_a_plan_without_a_solution_says_so_for_the_stops_servable_alone():
    plan = build_plan(_small(), [], status="no_solution")
    assert _reasons(plan) == {
        "near": "no_solution",
        "optional": "no_solution",
        "far": "time_window",
        "rare": "skills",
    }
    near = next(u for u in plan.unassigned if u.stop_id == "near")
    assert "no solution" in near.detail


def test_routes_no_search_made_say_so_too():
    plan = build_plan(_small(), [RouteSpec(0, (0,))], searched=False)
    assert _reasons(plan) == {"optional": "no_solution", "far": "time_window", "rare": "skills"}


def test_a_searched_plan_keeps_its_reasons():
    p = _small()
    # one unit of room: "near" is served, "optional" has no room (its penalty is high)
    p = replace(p, vehicles=(replace(p.vehicles[0], type=replace(VAN, capacity=(1,))),))
    plan = build_plan(p, [RouteSpec(0, (0,))])
    assert _reasons(plan) == {
        "optional": "dropped_for_cost",
        "far": "time_window",
        "rare": "skills",
    }
    required = replace(p, stops=(p.stops[0], replace(p.stops[1], penalty=None), *p.stops[2:]))
    plan = build_plan(required, [RouteSpec(0, (0,))])
    assert _reasons(plan) == {"optional": "capacity", "far": "time_window", "rare": "skills"}
    # room enough: a required stop left out had no room on the routes
    plan = build_plan(replace(required, vehicles=_small().vehicles), [RouteSpec(0, (0,))])
    assert _reasons(plan) == {"optional": "no_room", "far": "time_window", "rare": "skills"}


def test_a_replan_out_of_time_reports_its_stops_as_not_placed():
    """1 ms on rio_replan: no solution in time, the plan is the dispatched stops'
    routes; every other stop is servable alone and was placed by no search."""
    problem = problem_from_json(json.loads(REPLAN.read_text())).problem
    plan = solve(problem, RoutingParams(time_limit_s=0.001, backend="ortools"))
    assert plan.extras["search"].startswith("no solution in time")
    assert plan.unassigned
    assert {u.reason for u in plan.unassigned} == {UnassignedReason.NO_SOLUTION}


def test_pyvrp_without_a_feasible_plan_says_so():
    """PyVRP's best serves "far" past its window: no routes, and the stops it could
    serve are not reported as lacking room."""
    p = _small()
    p = replace(p, stops=p.stops[:3], distance=TRAVEL[:4, :4], duration=TRAVEL[:4, :4])
    plan = solve(p, RoutingParams(time_limit_s=0.2, backend="pyvrp"))
    assert plan.status == "no_solution"
    assert _reasons(plan) == {
        "near": "no_solution",
        "optional": "no_solution",
        "far": "time_window",
    }
