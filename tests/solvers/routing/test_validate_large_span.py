"""``validate_large`` charges the workload-balance term once, on the plan's longest route.

Each group of routes is checked on its own sub-problem; charging
``Objective.span_cost_per_s`` per group summed the groups' longest routes (measured
before the fix: three routes of 36 s in groups of one route, span 1 cent/s: 208 cents
against ``validate``'s 136).
"""

from __future__ import annotations

from logistics.domain import Objective
from solvers.routing import RoutingParams, solve, validate
from solvers.routing.large import validate_large
from tests.solvers.routing._instances import line_problem

SPAN = Objective(vehicle_costs=False, distance_per_m=1, span_cost_per_s=1)


def test_grouped_check_charges_the_longest_route_once():
    problem = line_problem(8, n_vehicles=3, capacity=(6,), objective=SPAN)
    plan = solve(problem, RoutingParams(backend="ortools", time_limit_s=1, solution_limit=100))
    assert len(plan.routes) >= 2
    full = validate(problem, plan)
    grouped = validate_large(problem, plan, group_stops=1)  # one route per group
    assert full.feasible and grouped.feasible
    assert grouped.cost == full.cost == plan.summary.cost
    longest = max(r.duration for r in plan.routes)
    assert plan.summary.span_cost == longest


def test_a_wrong_route_duration_is_still_reported():
    from dataclasses import replace

    problem = line_problem(8, n_vehicles=3, capacity=(6,), objective=SPAN)
    plan = solve(problem, RoutingParams(backend="ortools", time_limit_s=1, solution_limit=100))
    first = plan.routes[0]
    bad = replace(plan, routes=(replace(first, duration=first.duration + 500),) + plan.routes[1:])
    assert "mismatch" in validate_large(problem, bad, group_stops=1).kinds
