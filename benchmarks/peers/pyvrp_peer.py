"""PyVRP 0.14 as a peer: its default ``solve`` (iterated local search), one thread."""

from __future__ import annotations

import time

from benchmarks.peers.base import PeerRun
from logistics.domain.routing import RoutingProblem
from solvers.routing.pyvrp_backend import build_pyvrp_data, routes_from_solution

__all__ = ["solve_with_pyvrp"]


def solve_with_pyvrp(problem: RoutingProblem, time_limit_s: float, seed: int = 1) -> PeerRun:
    """Solve with ``pyvrp.solve`` and default parameters for ``time_limit_s`` seconds."""
    import pyvrp
    from pyvrp.stop import MaxRuntime

    started = time.perf_counter()
    model = build_pyvrp_data(problem)
    left = max(0.05, time_limit_s - (time.perf_counter() - started))
    result = pyvrp.solve(model.data, MaxRuntime(left), seed=seed, collect_stats=False)
    routes, unserved = routes_from_solution(problem, model, result.best)
    return PeerRun(routes, unserved, time.perf_counter() - started, float(result.cost()))
