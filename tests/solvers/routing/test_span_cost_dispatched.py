"""The longest-route span cost with stops already dispatched (the live re-plan case).

The ``route_s`` dimension (:mod:`solvers.routing._longest_route`) sits beside the
chains that pin each van's dispatched stops first: the re-plan keeps them, serves
every stop, and its cost is what :func:`validate` charges.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics.paths import project_root
from logistics.routing_json import load_problem
from solvers.routing import RoutingParams, solve, validate


def _rio_with_span():
    problem = load_problem(project_root() / "examples" / "routing" / "rio_day.json").problem
    return replace(problem, objective=replace(problem.objective, span_cost_per_s=2))


def _job_ids(route) -> list[str]:
    return [s.id for s in route.steps if s.type == "job"]


@pytest.mark.parametrize("backend", ["ortools", "auto"])
def test_replan_with_dispatched_stops_keeps_them_and_charges_the_longest_route(backend):
    problem = _rio_with_span()
    first = solve(problem, RoutingParams(backend="ortools", time_limit_s=1.0, seed=1))
    assert validate(problem, first).feasible
    dispatched = {r.vehicle_id: tuple(_job_ids(r)[:2]) for r in first.routes if _job_ids(r)}
    assert dispatched
    vehicles = tuple(replace(v, dispatched=dispatched.get(v.id, ())) for v in problem.vehicles)
    replan_problem = replace(problem, vehicles=vehicles)
    replan = solve(replan_problem, RoutingParams(backend=backend, time_limit_s=1.0, seed=2))
    report = validate(replan_problem, replan)
    assert report.feasible, report.violations[:3]
    assert replan.unassigned == ()
    by_vehicle = {r.vehicle_id: _job_ids(r) for r in replan.routes}
    for vid, ids in dispatched.items():
        assert tuple(by_vehicle[vid][: len(ids)]) == ids
    longest = max(r.duration for r in replan.routes)
    assert replan.summary.span_cost == 2 * longest
    assert report.cost == replan.summary.cost
