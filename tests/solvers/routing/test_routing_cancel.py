"""A cancel (``should_stop``) ends a large route solve promptly and keeps the routes so far.

Regression: the large-problem path of ``backend="auto"`` (more than 1,000 stops) never
polled ``should_stop``, so a cancelled route-plan job ran to its time limit (or was
killed after the API's grace period, keeping only its first plan).
"""

from __future__ import annotations

import time

import numpy as np

from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import Stop
from solvers.routing import RoutingParams, solve


def _after(seconds: float):
    t0 = time.monotonic()
    return lambda: time.monotonic() - t0 > seconds


def _cvrp(n: int, seed: int = 0) -> RoutingProblem:
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 1000, size=(n, 2))
    stops = tuple(
        Stop(str(i), Point(float(x), float(y)), delivery=(int(rng.integers(1, 10)),))
        for i, (x, y) in enumerate(pts)
    )
    k = int(np.ceil(sum(s.delivery[0] for s in stops) / 50)) + 5
    vt = VehicleType("van", (50,))
    return RoutingProblem(
        depots=(Depot("D", Point(500, 500)),),
        stops=stops,
        vehicles=tuple(Vehicle(f"v{j}", vt, "D", "D") for j in range(k)),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
        name=f"cvrp{n}",
    )


def test_large_path_stops_on_cancel_and_keeps_the_routes_so_far():
    p = _cvrp(1100, seed=2)
    t0 = time.monotonic()
    plan = solve(p, RoutingParams(time_limit=60.0, backend="auto"), should_stop=_after(1.0))
    took = time.monotonic() - t0
    assert plan.extras["portfolio"] == "large"
    assert took < 15.0  # was the whole 60 s
    assert plan.status == "cancelled"
    served = {sid for r in plan.routes for sid in r.stop_ids}
    unassigned = {u.stop_id for u in plan.unassigned}
    assert served.isdisjoint(unassigned)
    assert served | unassigned == {s.id for s in p.stops}
