"""VROOM (through pyvroom) as a peer: exploration level 5, one thread, same budget.

VROOM needs integer matrices (it gets the problem's own: distance as the cost
matrix, duration as the travel-time matrix) and, for coordinates, uses
``[lon, lat]`` order; with matrices given we pass location indices only.
Pickup-and-delivery pairs become VROOM shipments.
"""

from __future__ import annotations

import time
from datetime import timedelta

import numpy as np

from benchmarks.peers.base import PeerRun
from logistics.domain.routing import RoutingProblem
from solvers.routing.pyvrp_backend import problem_matrices

__all__ = ["solve_with_vroom"]


def solve_with_vroom(problem: RoutingProblem, time_limit_s: float, seed: int = 1) -> PeerRun:
    """Solve with VROOM; ``seed`` is unused (VROOM is deterministic)."""
    import vroom

    started = time.perf_counter()
    dist, dur = problem_matrices(problem)
    n_dep = len(problem.depots)
    inp = vroom.Input()
    inp.set_durations_matrix("car", np.asarray(dur, dtype=np.int64))
    inp.set_costs_matrix("car", np.asarray(dist, dtype=np.int64))
    depot_index = {d.id: i for i, d in enumerate(problem.depots)}
    obj = problem.objective
    for k, v in enumerate(problem.vehicles):
        fixed = obj.per_vehicle + (v.type.fixed_cost if obj.vehicle_costs else 0)
        start = max(v.shift.start, problem.depots[depot_index[v.start_depot]].opening.start)
        end = min(v.shift.end, problem.depots[depot_index[v.start_depot]].opening.end)
        inp.add_vehicle(
            vroom.Vehicle(
                id=k,
                start=depot_index[v.start_depot],
                end=depot_index[v.end_depot] if v.end_depot is not None else None,
                capacity=list(v.type.capacity),
                time_window=vroom.TimeWindow(start, end),
                costs=vroom.VehicleCosts(fixed=fixed),
                max_travel_time=v.type.max_duration_s,
            )
        )
    paired = {p.pickup_id for p in problem.pairs} | {p.delivery_id for p in problem.pairs}
    index = {s.id: i for i, s in enumerate(problem.stops)}

    def windows(s):
        return [vroom.TimeWindow(w.start, w.end) for w in s.time_windows]

    for i, s in enumerate(problem.stops):
        if s.id in paired:
            continue
        inp.add_job(
            vroom.Job(
                id=i,
                location=n_dep + i,
                default_service=s.service_s,
                delivery=list(s.delivery),
                pickup=list(s.pickup),
                time_windows=windows(s),
            )
        )
    for p in problem.pairs:
        a, b = index[p.pickup_id], index[p.delivery_id]
        pick, drop = problem.stops[a], problem.stops[b]
        inp.add_shipment(
            vroom.ShipmentStep(
                a, n_dep + a, default_service=pick.service_s, time_windows=windows(pick)
            ),
            vroom.ShipmentStep(
                b, n_dep + b, default_service=drop.service_s, time_windows=windows(drop)
            ),
            amount=vroom.Amount(list(pick.pickup)),
        )
    left = max(0.05, time_limit_s - (time.perf_counter() - started))
    sol = inp.solve(exploration_level=5, nb_threads=1, timeout=timedelta(seconds=left))
    df = sol.routes
    routes: list[tuple[str, list[str]]] = []
    served: set[str] = set()
    for vid, group in df.groupby("vehicle_id", sort=True):
        ids = [
            problem.stops[int(j)].id
            for t, j in zip(group["type"], group["id"], strict=True)
            if t in ("job", "pickup", "delivery")
        ]
        if ids:
            routes.append((problem.vehicles[int(vid)].id, ids))
            served.update(ids)
    unserved = [s.id for s in problem.stops if s.id not in served]
    cost = float(sol.summary.cost) if hasattr(sol, "summary") else None
    return PeerRun(routes, unserved, time.perf_counter() - started, cost)
