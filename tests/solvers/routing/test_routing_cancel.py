"""A cancel (``should_stop``) ends a large route solve promptly and keeps the routes so far.

Regression: the large-problem path of ``backend="auto"`` (more than 1,000 stops) never
polled ``should_stop``, so a cancelled route-plan job ran to its time limit (or was
killed after the API's grace period, keeping only its first plan).
"""

from __future__ import annotations

import time

import pytest

from solvers.routing import RoutingParams, solve, validate
from tests.solvers.routing._instances import random_cvrp


def _after(seconds: float):
    t0 = time.monotonic()
    return lambda: time.monotonic() - t0 > seconds


def test_large_path_stops_on_cancel_and_keeps_the_routes_so_far():
    p = random_cvrp(1100, seed=2)
    t0 = time.monotonic()
    plan = solve(p, RoutingParams(time_limit_s=60.0, backend="auto"), should_stop=_after(1.0))
    took = time.monotonic() - t0
    assert plan.extras["portfolio"] == "large"
    assert took < 15.0  # was the whole 60 s
    assert plan.status == "cancelled"
    served = {sid for r in plan.routes for sid in r.stop_ids}
    unassigned = {u.stop_id for u in plan.unassigned}
    assert served.isdisjoint(unassigned)
    assert served | unassigned == {s.id for s in p.stops}


@pytest.mark.parametrize("backend", ["pyvrp", "auto"])
def test_a_pyvrp_plan_stopped_early_says_so(backend):
    """Stopped by ``should_stop``, PyVRP's plan said ``"solved"`` like a finished one
    (OR-Tools' and the large path's said ``"cancelled"``): a caller could not tell."""
    p = random_cvrp(200, seed=1)
    plan = solve(p, RoutingParams(time_limit_s=600.0, backend=backend), should_stop=_after(1.0))
    assert plan.backend in ("pyvrp", "auto:pyvrp")
    assert plan.status == "cancelled" and plan.complete and validate(p, plan).feasible
    done = solve(p, RoutingParams(time_limit_s=1.0, backend=backend), should_stop=lambda: False)
    assert done.status == "solved"
