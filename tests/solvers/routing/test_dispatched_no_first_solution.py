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

DAY_PATH = Path(__file__).parents[2] / "data" / "routing" / "ReplanNoFirstSolution.json"
DAY = json.loads(DAY_PATH.read_text())


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


REPLAN = Path(__file__).parents[3] / "examples" / "routing" / "rio_replan.json"


@pytest.mark.parametrize("path", [REPLAN, DAY_PATH], ids=["rio_replan", "no_first_solution"])
def test_a_limit_too_short_for_any_solution_still_keeps_the_dispatched_stops(path):
    """1 ms (as a short limit on a busy server): no search finds a solution; the plan
    still serves every dispatched stop, on its vehicle, in order."""
    problem = problem_from_json(json.loads(path.read_text())).problem
    plan = solve(problem, RoutingParams(time_limit_s=0.001, backend="ortools"))
    assert plan.status != "no_solution"
    report = validate(problem, plan)
    assert {v.kind for v in report.violations} <= {"unserved"}, report.violations
    for v in problem.vehicles:
        if v.dispatched:
            route = next(r for r in plan.routes if r.vehicle_id == v.id)
            assert route.stop_ids[: len(v.dispatched)] == list(v.dispatched)
