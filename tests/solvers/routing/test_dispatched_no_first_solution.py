"""A re-plan whose every vehicle can serve its dispatched stops still gets a plan when
OR-Tools' first-solution heuristic finds none (it gave up at once on a generated
live re-plan: two vans, one with a lunch break, and one optional pickup between
two windows): the search starts from the routes that serve only the dispatched stops
(and the deliveries of dispatched pickups), so they are kept, as promised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from logistics.routing_json import problem_from_json
from solvers.routing import RoutingParams, solve, validate

DAY = json.loads(
    (Path(__file__).parents[2] / "data" / "routing" / "ReplanNoFirstSolution.json").read_text()
)


@pytest.mark.parametrize("backend", ["ortools", "auto"])
def test_the_dispatched_stops_are_served(backend):
    problem = problem_from_json(DAY).problem
    plan = solve(problem, RoutingParams(time_limit_s=1, backend=backend))
    assert plan.status != "no_solution", plan.extras
    report = validate(problem, plan)
    assert report.feasible, report.violations
    for v in problem.vehicles:
        route = next(r for r in plan.routes if r.vehicle_id == v.id)
        assert route.stop_ids[: len(v.dispatched)] == list(v.dispatched)
    assert "ORD-00040-ret-store" in plan.routes[1].stop_ids  # its pickup was dispatched
