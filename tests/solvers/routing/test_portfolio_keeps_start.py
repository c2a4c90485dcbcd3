"""``auto`` hands OR-Tools a start (PyVRP's routes on the soft-window path); should
OR-Tools find no solution in its time (a loaded machine, a tiny budget), the start is the
plan, not an empty one."""

from __future__ import annotations

from dataclasses import replace

from logistics.domain.stops import TimeWindow
from solvers.routing import RoutingParams, plan, portfolio, solve, validate
from tests.solvers.routing._instances import random_cvrp


def test_no_ortools_solution_keeps_the_start(monkeypatch):
    def nothing(problem, params, on_progress=None, **_kw):
        return plan.build_plan(problem, [], backend="ortools", status="no_solution")

    monkeypatch.setattr(portfolio, "solve_ortools", nothing)
    p = random_cvrp(30, seed=1)
    soft = dict(time_windows=(TimeWindow(0, 4000),), soft_windows=True, lateness_cost_per_s=1)
    p = replace(p, stops=tuple(replace(s, **soft) for s in p.stops))
    assert portfolio.choose_path(p) == "warm_start"
    result = solve(p, RoutingParams(backend="auto", time_limit_s=1.0, seed=1))
    assert result.extras["warm_start"] == "kept: no better solution in time"
    assert result.summary.unassigned_required == 0 and validate(p, result).feasible
