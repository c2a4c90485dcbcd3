"""Routing for instances too large for one search: sweep decomposition.

Above ~1,000 stops a single local search spends its whole budget on one
pass (and a full matrix of 30,000 stops needs 7 GB). This module:

1. assigns each stop to its nearest depot (several depots);
2. per depot, sorts the stops by polar angle around the depot (a *sweep*),
   starting at the widest empty sector, and cuts the sweep into regions of
   about ``region_size`` stops (pickup-delivery pairs stay together);
3. gives each region the vehicles its demand needs (plus 10%, at least 2);
4. solves the regions one after another, each with a share of the budget
   proportional to its size, with matrices for that region only (``n_r^2``
   entries), using PyVRP where it supports the problem and OR-Tools otherwise;
5. with the time left, re-solves groups of neighbouring routes across region
   borders (routes sorted by the angle of their centre, windows shifted by
   half a region), each group warm-started from its current routes, and keeps
   a group's new routes only when they cost less.

Every stop ends in a route or in ``unserved``; the plan is feasible when every
region's plan is (regions share no vehicle and no stop).

Workload balance (``Objective.span_cost_per_s``, the plan's longest route) is only
approximated: each region's solver charges that region's longest route (PyVRP cannot
model the term, so regions go to OR-Tools) and the border step keeps a group's new
routes when they are shorter in distance, whatever their durations.
:func:`plan_large` and :func:`validate_large` charge the plan's longest route once.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from logistics.domain.routing import RoutingProblem
from logistics.errors import InvalidValueError
from solvers.progress import Progress, ProgressCallback
from solvers.routing.costs import unserved_cost

__all__ = [
    "LARGE_STOPS",
    "LargePlan",
    "plan_large",
    "route_cost",
    "solve_large",
    "sweep_regions",
    "validate_large",
]

LARGE_STOPS = 1_000
"""Problems with more stops than this are decomposed."""

Routes = list[tuple[str, list[str]]]
RegionSolver = Callable[[RoutingProblem, float, int], tuple[Routes, list[str], bool]]
"""``(sub_problem, seconds, seed) -> (routes, unserved, feasible)``."""


@dataclass
class LargePlan:
    """Routes of a decomposed solve.

    Parameters
    ----------
    routes
        ``(vehicle_id, [stop_id, ...])`` per used vehicle.
    unserved
        Stops no region could serve.
    regions
        Number of regions of the first pass.
    improved_groups
        Border groups whose re-solve lowered the cost.
    feasible
        Whether every region's plan was feasible by its solver's own check.
    """

    routes: list[tuple[str, list[str]]]
    unserved: list[str]
    regions: int
    improved_groups: int = 0
    feasible: bool = True
    seconds: float = 0.0
    log: list[str] = field(default_factory=list)


def _xy(loc) -> tuple[float, float]:
    if hasattr(loc, "lat"):
        return loc.lon * math.cos(math.radians(loc.lat)), loc.lat
    return loc.x, loc.y


def _coords(problem: RoutingProblem) -> np.ndarray:
    return np.array(
        [_xy(d.location) for d in problem.depots] + [_xy(s.location) for s in problem.stops]
    )


def sweep_regions(problem: RoutingProblem, region_size: int) -> list[tuple[int, list[int]]]:
    """``(depot index, [stop index, ...])`` regions of about ``region_size`` stops."""
    xy = _coords(problem)
    n_dep = len(problem.depots)
    stops_xy = xy[n_dep:]
    if n_dep > 1:
        d2 = ((stops_xy[:, None, :] - xy[None, :n_dep, :]) ** 2).sum(axis=2)
        nearest = d2.argmin(axis=1)
    else:
        nearest = np.zeros(len(problem.stops), dtype=int)
    index = {s.id: i for i, s in enumerate(problem.stops)}
    follower = {index[p.pickup_id]: index[p.delivery_id] for p in problem.pairs}
    followers = set(follower.values())
    for a, b in follower.items():
        nearest[b] = nearest[a]
    regions: list[tuple[int, list[int]]] = []
    for dep in range(n_dep):
        members = [i for i in np.flatnonzero(nearest == dep) if i not in followers]
        if not members:
            continue
        rel = stops_xy[members] - xy[dep]
        angle = np.arctan2(rel[:, 1], rel[:, 0])
        order = np.argsort(angle, kind="stable")
        sorted_angles = angle[order]
        gaps = np.diff(np.concatenate([sorted_angles, sorted_angles[:1] + 2 * math.pi]))
        start = (int(np.argmax(gaps)) + 1) % len(order)
        order = np.roll(order, -start)
        sweep = [int(members[k]) for k in order]
        total = len(sweep) + sum(1 for i in sweep if i in follower)
        parts = max(1, round(total / region_size))
        bounds = np.linspace(0, len(sweep), parts + 1).round().astype(int)
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            chunk = []
            for i in sweep[a:b]:
                chunk.append(i)
                if i in follower:
                    chunk.append(follower[i])
            if chunk:
                regions.append((dep, chunk))
    return regions


def _sub_problem(
    problem: RoutingProblem, depot: int, stop_idx: list[int], vehicle_ids: list[str], tag: str
) -> RoutingProblem:
    stops = tuple(problem.stops[i] for i in stop_idx)
    ids = {s.id for s in stops}
    by_id = {v.id: v for v in problem.vehicles}
    dist = dur = None
    if problem.distance is not None:
        loc = [depot] + [len(problem.depots) + i for i in stop_idx]
        dist = np.ascontiguousarray(problem.distance[np.ix_(loc, loc)])
        if problem.duration is not None:
            dur = np.ascontiguousarray(problem.duration[np.ix_(loc, loc)])
    return RoutingProblem(
        depots=(problem.depots[depot],),
        stops=stops,
        # dispatched stops are checked over the whole plan (solve_large refuses them)
        vehicles=tuple(replace(by_id[v], dispatched=()) for v in vehicle_ids),
        pairs=tuple(p for p in problem.pairs if p.pickup_id in ids),
        units=problem.units,
        distance=dist,
        duration=dur,
        distance_scale=problem.distance_scale,
        objective=problem.objective,
        name=f"{problem.name}:{tag}",
    )


def _vehicles_needed(problem: RoutingProblem, stop_idx: list[int], vtype_cap) -> int:
    need = 1
    for u, cap in enumerate(vtype_cap):
        load = sum(max(problem.stops[i].delivery[u], problem.stops[i].pickup[u]) for i in stop_idx)
        need = max(need, math.ceil(load / max(cap, 1)))
    return need + max(2, math.ceil(0.1 * need))


def route_cost(problem: RoutingProblem, routes: list[tuple[str, list[str]]]) -> float:
    """Total distance (matrix units) of ``routes``, computed from the points arc by arc.

    Uses the problem's matrix when it has one; otherwise Euclidean (planar,
    ``nint``) or great-circle meters, times ``distance_scale`` (no full matrix).
    """
    index = {s.id: len(problem.depots) + i for i, s in enumerate(problem.stops)}
    dep = {d.id: i for i, d in enumerate(problem.depots)}
    veh = {v.id: v for v in problem.vehicles}
    total = 0.0
    for vid, stops in routes:
        v = veh[vid]
        seq = [dep[v.start_depot]] + [index[s] for s in stops]
        if v.end_depot is not None:
            seq.append(dep[v.end_depot])
        a, b = np.array(seq[:-1]), np.array(seq[1:])
        if problem.distance is not None:
            total += float(problem.distance[a, b].sum())
        else:
            total += float(_arc_lengths(problem, a, b).sum())
    return total


def _arc_lengths(problem: RoutingProblem, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    locs = [d.location for d in problem.depots] + [s.location for s in problem.stops]
    if hasattr(locs[0], "lat"):
        from logistics.datasets.loggi import EARTH_RADIUS_M

        lat = np.radians([locs[i].lat for i in range(len(locs))])
        lon = np.radians([locs[i].lon for i in range(len(locs))])
        h = (
            np.sin((lat[b] - lat[a]) / 2) ** 2
            + np.cos(lat[a]) * np.cos(lat[b]) * np.sin((lon[b] - lon[a]) / 2) ** 2
        )
        m = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(h))
    else:
        xy = np.array([[p.x, p.y] for p in locs])
        m = np.sqrt(((xy[a] - xy[b]) ** 2).sum(axis=1))
    return np.floor(m * problem.distance_scale + 0.5)


def _default_region_solver(
    sub: RoutingProblem, seconds: float, seed: int, initial=None, *, should_stop=None
):
    """PyVRP when it supports ``sub`` (warm-started from ``initial`` routes), else OR-Tools."""
    from solvers.routing.pyvrp_backend import run_pyvrp, supports
    from solvers.routing.pyvrp_search import DEFAULT_HISTORY

    if supports(sub):
        # PyVRP's own history: the shorter one for short budgets (pyvrp_search) was
        # measured on whole 100-stop problems, not on regions
        r = run_pyvrp(
            sub,
            seconds,
            seed=seed,
            should_stop=should_stop,
            initial_routes=initial,
            history=DEFAULT_HISTORY,
        )
        if r.feasible:
            return r.routes, r.unserved, True
        if should_stop is not None and should_stop():
            return [], [s.id for s in sub.stops], False
    from solvers.routing.ortools_backend import solve_ortools
    from solvers.routing.params import RoutingParams

    params = RoutingParams(time_limit_s=max(0.1, seconds), seed=seed, backend="ortools")
    warm = None
    if initial:
        by_vehicle = dict(initial)
        warm = [by_vehicle.get(v.id, []) for v in sub.vehicles]
    res = solve_ortools(sub, params, initial_routes=warm, should_stop=should_stop)
    routes = [(r.vehicle_id, r.stop_ids) for r in res.routes if r.stop_ids]
    return routes, [u.stop_id for u in res.unassigned], res.complete


def solve_large(
    problem: RoutingProblem,
    time_limit_s: float,
    seed: int = 0,
    *,
    region_size: int = 600,
    improve_share: float = 0.35,
    solve_region: RegionSolver | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> LargePlan:
    """Plan a large problem by sweep decomposition within ``time_limit_s`` seconds.

    Parameters
    ----------
    problem
        Any size; matrices are built per region (or sliced from the problem's).
    time_limit_s
        Seconds for the whole solve.
    seed
        Seed passed to every region solve.
    region_size
        Target stops per region.
    improve_share
        Share of the budget kept for re-solving groups of routes across region
        borders (0 disables it).
    solve_region
        ``(sub_problem, seconds, seed) -> (routes, unserved)``; default PyVRP
        when it supports the problem, else OR-Tools.
    on_progress
        Called with a :class:`~solvers.progress.Progress` after each region: ``best``
        is the distance (matrix units) of the routes of the regions planned so far (it
        grows from region to region), no ``bound``, phase ``"regions"``.
    should_stop
        Polled between regions and border groups (and, with the default region
        solver, during each region's search); true stops the solve: the routes of
        the regions solved so far are kept, the stops of the other regions are
        unserved.

    Raises
    ------
    InvalidValueError
        When a vehicle has dispatched stops: regions do not keep route prefixes;
        ``solvers.routing.solve`` sends such problems to OR-Tools whole.
    """
    for i, v in enumerate(problem.vehicles):
        if v.dispatched:
            raise InvalidValueError(
                f"vehicles[{i}].dispatched",
                list(v.dispatched),
                "the large-problem decomposition does not keep dispatched stops; "
                "solve the whole problem with OR-Tools (backend auto or ortools)",
            )
    started = time.perf_counter()
    stop = should_stop or (lambda: False)
    if solve_region is None:
        solver = functools.partial(_default_region_solver, should_stop=should_stop)
    else:
        solver = solve_region
    regions = sweep_regions(problem, region_size)
    plan = LargePlan([], [], len(regions))
    depot_vehicles: dict[str, list[str]] = {}
    for v in problem.vehicles:
        depot_vehicles.setdefault(v.start_depot, []).append(v.id)
    by_id = {v.id: v for v in problem.vehicles}
    n_total = sum(len(r[1]) for r in regions)
    first_budget = time_limit_s * (1.0 - improve_share) - (time.perf_counter() - started)
    done = 0
    for k, (dep, idx) in enumerate(regions):
        depot_id = problem.depots[dep].id
        pool = depot_vehicles.get(depot_id, [])
        if not pool or stop():
            plan.unserved.extend(problem.stops[i].id for i in idx)
            continue
        cap = max((by_id[v].type.capacity for v in pool), key=lambda c: sum(c))
        need = _vehicles_needed(problem, idx, cap)
        left_regions = sum(1 for d, _ in regions[k + 1 :] if d == dep)
        take = min(len(pool) - left_regions, need) if left_regions else len(pool)
        take = max(1, min(take, len(pool)))
        chosen, depot_vehicles[depot_id] = pool[:take], pool[take:]
        spent = time.perf_counter() - started
        share = max(0.2, (first_budget - spent) * len(idx) / max(1, n_total - done))
        sub = _sub_problem(problem, dep, idx, chosen, f"r{k}")
        routes, unserved, ok = solver(sub, share, seed)
        plan.feasible = plan.feasible and ok
        used = {vid for vid, _ in routes}
        depot_vehicles[depot_id] = [v for v in chosen if v not in used] + depot_vehicles[depot_id]
        plan.routes.extend(routes)
        plan.unserved.extend(unserved)
        done += len(idx)
        plan.log.append(f"region {k}: {len(idx)} stops, {len(routes)} routes, {share:.1f}s")
        if on_progress:
            cost = round(route_cost(problem, plan.routes))
            on_progress(Progress(time.perf_counter() - started, cost, phase="regions"))
    if improve_share > 0 and len(regions) > 1 and not stop():
        _improve_borders(
            problem,
            plan,
            time_limit_s,
            started,
            region_size,
            solver,
            seed,
            solve_region is None,
            stop,
        )
    plan.seconds = time.perf_counter() - started
    return plan


def _improve_borders(
    problem, plan, time_limit_s, started, region_size, solver, seed, warm_start, stop
) -> None:
    """Re-solve windows of neighbouring routes (sorted by angle) while time is left."""
    xy = _coords(problem)
    n_dep = len(problem.depots)
    index = {s.id: i for i, s in enumerate(problem.stops)}
    by_id = {v.id: v for v in problem.vehicles}
    dep_of = {d.id: i for i, d in enumerate(problem.depots)}
    for depot_id, dep in dep_of.items():
        mine = [r for r in plan.routes if by_id[r[0]].start_depot == depot_id]
        if len(mine) < 2:
            continue
        centre = xy[dep]

        def angle(route, centre=centre):
            pts = xy[[n_dep + index[s] for s in route[1]]].mean(axis=0) - centre
            return math.atan2(pts[1], pts[0])

        mine.sort(key=angle)
        sizes = [len(r[1]) for r in mine]
        # windows of routes holding about region_size stops, starting half a region in
        windows, cur, count, offset = [], [], 0, region_size // 2
        for i in range(len(mine)):
            cur.append(i)
            count += sizes[i]
            if count >= (offset if not windows else region_size):
                windows.append(cur)
                cur, count = [], 0
        if cur:
            windows.append(cur)
        windows = [w for w in windows if len(w) > 1]
        for w in windows:
            if stop():
                return
            remaining = time_limit_s - (time.perf_counter() - started)
            stops_left = sum(sizes[i] for ww in windows[windows.index(w) :] for i in ww)
            share = remaining * sum(sizes[i] for i in w) / max(1, stops_left) - 0.05
            if share < 0.3:
                return
            group = [mine[i] for i in w]
            idx = [index[s] for _, stops in group for s in stops]
            vehicles = [vid for vid, _ in group]
            sub = _sub_problem(problem, dep, idx, vehicles, "border")
            old = route_cost(sub, group)
            routes, unserved, ok = (
                solver(sub, share, seed, group) if warm_start else solver(sub, share, seed)
            )
            if unserved or not routes or not ok:
                continue
            if route_cost(sub, routes) < old:
                keep = {vid for vid, _ in group}
                plan.routes = [r for r in plan.routes if r[0] not in keep] + routes
                plan.improved_groups += 1


def plan_large(
    problem: RoutingProblem,
    routes: Routes,
    unserved: list[str],
    *,
    backend: str = "large",
    seconds: float = 0.0,
    group_stops: int = 800,
):
    """A :class:`~logistics.domain.route_plan.RoutePlan` without a full matrix.

    Routes are scheduled and costed by the shared plan builder in groups of about
    ``group_stops`` stops (one sub-problem per group: its depot, stops and
    vehicles), then merged with location and vehicle indices mapped back to
    ``problem``. Each unserved stop gets the reason the plan builder would give,
    from single-stop routes of every vehicle (:mod:`solvers.routing.unserved`: no
    full matrix).
    """
    from dataclasses import replace as dc_replace

    from logistics.domain.route_plan import PlanSummary, RoutePlan
    from solvers.routing.plan import plan_from_routes
    from solvers.routing.unserved import diagnose_unserved

    n_dep = len(problem.depots)
    stop_pos = {s.id: i for i, s in enumerate(problem.stops)}
    veh_pos = {v.id: i for i, v in enumerate(problem.vehicles)}
    dep_pos = {d.id: i for i, d in enumerate(problem.depots)}
    by_depot: dict[str, list[tuple[str, list[str]]]] = {}
    for vid, stops in routes:
        by_depot.setdefault(problem.vehicles[veh_pos[vid]].start_depot, []).append((vid, stops))
    merged = []
    for depot_id, group_routes in by_depot.items():
        chunk: list[tuple[str, list[str]]] = []
        size = 0
        chunks = []
        for r in group_routes:
            chunk.append(r)
            size += len(r[1])
            if size >= group_stops:
                chunks.append(chunk)
                chunk, size = [], 0
        if chunk:
            chunks.append(chunk)
        for part in chunks:
            idx = [stop_pos[s] for _, stops in part for s in stops]
            vids = [vid for vid, _ in part]
            sub = _sub_problem(problem, dep_pos[depot_id], idx, vids, "plan")
            sub_plan = plan_from_routes(
                sub, [stops for _, stops in part], vehicles=list(range(len(part)))
            )
            loc_map = [dep_pos[depot_id]] + [n_dep + i for i in idx]
            for r in sub_plan.routes:
                steps = tuple(
                    st
                    if st.location_index is None
                    else dc_replace(st, location_index=loc_map[st.location_index])
                    for st in r.steps
                )
                merged.append(dc_replace(r, steps=steps, vehicle_index=veh_pos[r.vehicle_id]))
    merged.sort(key=lambda r: r.vehicle_index)
    unassigned = diagnose_unserved(problem, unserved, merged)
    penalties = sum(unserved_cost(problem, problem.stops[stop_pos[u.stop_id]]) for u in unassigned)
    summary = PlanSummary.of_routes(
        merged,
        unassigned,
        span_cost_per_s=problem.objective.span_cost_per_s,
        penalties=penalties,
        n_units=len(problem.units),
    )
    return RoutePlan(
        routes=tuple(merged),
        unassigned=unassigned,
        summary=summary,
        backend=backend,
        status="solved" if summary.unassigned_required == 0 else "partial",
        seconds=seconds,
        name=problem.name,
    )


def validate_large(problem: RoutingProblem, plan, group_stops: int = 800):
    """``solvers.routing.validate`` for plans too large for a full matrix.

    The plan's routes are checked group by group (about ``group_stops`` stops per
    group), each against the sub-problem of its depot, stops and vehicles, with
    the plan's own steps (location and vehicle indices mapped to the sub-problem),
    so every number the plan reports is recomputed. Coverage (each stop once, or
    listed as unassigned) is checked over the whole plan. The groups are checked
    without the workload-balance term: ``Objective.span_cost_per_s`` is charged once,
    on the longest route of the whole plan (seconds), as ``validate`` does (each
    route's duration is recomputed by its group's check).

    Returns
    -------
    ValidationReport
        Merged over the groups (``cost`` and ``distance`` summed).
    """
    from dataclasses import replace as dc_replace

    from logistics.domain.route_plan import PlanSummary, RoutePlan
    from solvers.routing.validate import (
        ValidationReport,
        Violation,
        dispatched_violations,
        validate,
    )

    n_dep = len(problem.depots)
    dep_pos = {d.id: i for i, d in enumerate(problem.depots)}
    violations: list[Violation] = []
    seen: dict[str, str] = {}
    for r in plan.routes:
        for sid in r.stop_ids:
            if sid in seen:
                violations.append(Violation("duplicate", r.vehicle_id, sid, "served twice"))
            seen[sid] = r.vehicle_id
    unassigned = {u.stop_id for u in plan.unassigned}
    for s in problem.stops:
        if s.id not in seen and s.id not in unassigned:
            violations.append(Violation("missing", None, s.id, "neither routed nor unassigned"))
    required_out = sum(1 for u in plan.unassigned if u.required)
    by_depot: dict[str, list] = {}
    for r in plan.routes:
        by_depot.setdefault(problem.vehicles[r.vehicle_index].start_depot, []).append(r)
    stop_pos = {s.id: i for i, s in enumerate(problem.stops)}
    cost = distance = 0
    for depot_id, routes in by_depot.items():
        groups, cur, size = [], [], 0
        for r in routes:
            cur.append(r)
            size += len(r.stop_ids)
            if size >= group_stops:
                groups.append(cur)
                cur, size = [], 0
        if cur:
            groups.append(cur)
        for group in groups:
            idx = [stop_pos[s] for r in group for s in r.stop_ids if s in stop_pos]
            sub = _sub_problem(
                problem, dep_pos[depot_id], idx, [r.vehicle_id for r in group], "check"
            )
            sub = replace(sub, objective=replace(sub.objective, span_cost_per_s=0))
            to_sub = {dep_pos[depot_id]: 0}
            to_sub.update({n_dep + i: 1 + k for k, i in enumerate(idx)})
            sub_routes = []
            for k, r in enumerate(group):
                steps = tuple(
                    st
                    if st.location_index is None
                    else dc_replace(st, location_index=to_sub.get(st.location_index, -1))
                    for st in r.steps
                )
                sub_routes.append(dc_replace(r, steps=steps, vehicle_index=k))
            summary = PlanSummary.of_routes(
                sub_routes,
                (),
                span_cost_per_s=0,
                penalties=0,
                n_units=len(problem.units),
            )
            report = validate(sub, RoutePlan(tuple(sub_routes), (), summary, name=sub.name))
            violations.extend(report.violations)
            cost += report.cost
            distance += report.distance
    violations.extend(dispatched_violations(problem, plan))
    penalties = sum(
        unserved_cost(problem, problem.stops[stop_pos[u]]) for u in unassigned if u in stop_pos
    )
    longest = max((r.duration for r in plan.routes), default=0)
    span = problem.objective.span_cost_per_s * longest
    return ValidationReport(
        feasible=not violations and required_out == 0,
        violations=tuple(violations),
        cost=cost + span + penalties,
        distance=distance,
        vehicles=len(plan.routes),
        unserved_required=required_out,
        kinds=frozenset(v.kind for v in violations),
    )
