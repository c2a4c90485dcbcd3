"""Workload balance (``Objective.span_cost_per_s``) when vehicles start at different times.

The plan and :func:`validate` charge ``span_cost_per_s`` x the longest route, as the
README and ``Objective`` document, and so does the OR-Tools model
(:mod:`solvers.routing._longest_route`). OR-Tools' own ``SetGlobalSpanCostCoefficient``
on the time dimension, used before, charged the latest end minus the earliest start
over the used vehicles: vans with shifts 0-3000 and 7000-20000, three stops due by
2000 and three from 8000 to 9000 had OR-Tools' objective 8048 = 1224 m + 6824 s
(1659 to 8483) against the plan's cost 1907 = 1224 m + the longest route 683 s; the
model now finds 1890 = 1207 m + 683 s and its objective is that cost.
"""

from __future__ import annotations

from logistics.domain import (
    Break,
    Depot,
    Objective,
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
)
from solvers.routing import RoutingParams, solve, validate
from tests.solvers.routing._instances import van

PARAMS = RoutingParams(backend="ortools", time_limit_s=5, solution_limit=200)
EARLY, LATE = TimeWindow(0, 2000), TimeWindow(8000, 9000)


def _problem(early_breaks: tuple[Break, ...] = (), late_breaks: tuple[Break, ...] = ()):
    """Two vans on shifts 0-3000 and 7000-20000 from depot ``d`` at (0, 0); three stops
    due by 2000, three from 8000 to 9000; 1 cent per m and per s of the longest route."""
    pts = [(100, 0), (200, 0), (0, 100), (0, 200), (-100, 0), (-200, 0)]
    stops = tuple(
        Stop(f"s{i}", Point(x, y), delivery=(1,), time_windows=(EARLY if i < 3 else LATE,))
        for i, (x, y) in enumerate(pts)
    )
    t = van((100,))
    vehicles = (
        Vehicle("early", t, "d", "d", shift=TimeWindow(0, 3000), breaks=early_breaks),
        Vehicle("late", t, "d", "d", shift=TimeWindow(7000, 20_000), breaks=late_breaks),
    )
    return RoutingProblem(
        (Depot("d", Point(0, 0), opening=TimeWindow(0, 20_000)),),
        stops,
        vehicles,
        objective=Objective(vehicle_costs=False, distance_per_m=1, span_cost_per_s=1),
    )


def test_plan_and_validate_charge_the_longest_route():
    problem = _problem()
    plan = solve(problem, PARAMS)
    report = validate(problem, plan)
    assert report.feasible, report.violations
    assert plan.summary.vehicles == 2
    longest = max(r.duration for r in plan.routes)
    assert plan.summary.span_cost == longest
    assert report.cost == plan.summary.cost == plan.summary.routes_cost + longest


def test_ortools_objective_is_the_plans_cost_with_different_shifts():
    problem = _problem()
    plan = solve(problem, PARAMS)
    assert plan.extras["cost_scale"] == 1
    assert plan.objective == plan.summary.cost


def test_breaks_count_in_the_longest_route_and_the_objective_is_the_cost():
    # the late van must take a 400 s break between 8100 and 8300: it is inside its
    # route (the stops are due from 8000 to 9000), so its route lasts 400 s longer
    problem = _problem(
        early_breaks=(Break(TimeWindow(100, 300), 60),),
        late_breaks=(Break(TimeWindow(8100, 8300), 400),),
    )
    plan = solve(problem, PARAMS)
    report = validate(problem, plan)
    assert report.feasible, report.violations
    assert plan.summary.vehicles == 2
    assert plan.extras["cost_scale"] == 1
    late = next(r for r in plan.routes if r.vehicle_id == "late")
    assert late.break_s == 400
    longest = max(r.duration for r in plan.routes)
    assert longest == late.duration >= 400 + late.travel_s + late.service_s
    assert plan.summary.span_cost == longest
    assert plan.objective == plan.summary.cost == report.cost


def test_without_span_cost_the_model_is_unchanged():
    from dataclasses import replace

    problem = _problem()
    problem = replace(problem, objective=replace(problem.objective, span_cost_per_s=0))
    plan = solve(problem, PARAMS)
    assert plan.objective == plan.summary.cost == plan.summary.distance


def test_a_warm_start_is_accepted_and_costed_the_same_way():
    problem = _problem()
    first = solve(problem, PARAMS)
    start = [(r.vehicle_id, list(r.stop_ids)) for r in first.routes]
    plan = solve(problem, PARAMS, initial_routes=start)
    assert plan.extras["warm_start"] == "accepted"
    assert plan.objective == plan.summary.cost == validate(problem, plan).cost
    assert plan.summary.cost <= first.summary.cost
