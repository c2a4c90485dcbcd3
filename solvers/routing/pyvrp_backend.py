"""PyVRP as a second routing backend, for the variants it supports.

PyVRP (iterated local search with a large neighbourhood, Wouda et al. 2024)
is today's strongest open-source solver for CVRP and VRPTW. This adapter
translates a :class:`~logistics.domain.routing.RoutingProblem` into PyVRP's
``ProblemData`` and its best solution back into vehicle routes.

Supported (see :func:`supports`): capacities in several units, deliveries and
pickups, one hard time window per stop, service times, several depots,
heterogeneous fleet (capacity, fixed cost, cost per km/hour, shift window,
maximum duration and distance, speed factor), open routes, optional stops
with a penalty (PyVRP prizes), pickup-and-delivery pairs (PyVRP shipments,
same vehicle, pickup first). Not supported: several or soft time windows,
skills, driver breaks, workload balance (span cost): ``supports`` says why, and
the portfolio uses OR-Tools for those.

Costs: PyVRP needs integer unit costs. When vehicle types carry cents per km
or per hour, every term is multiplied by one factor ``K`` so the unit costs
stay integers; costs reported back are divided by ``K``. Costs so large that a
unit cost would pass PyVRP's calibrated penalties or the plan's cost int64 use a
smaller factor, each rate rounded (:mod:`solvers.routing.cost_scale`).

Loads: amounts above :data:`~solvers.routing.cost_scale.PYVRP_LOAD_SPAN` in a unit are
counted in coarser units for PyVRP (exactly when they divide, else demands rounded up
and capacities down, so PyVRP never finds an overloaded route feasible), and its
largest penalty is capped so ``penalty x excess load`` stays within int64
(:func:`~solvers.routing.cost_scale.pyvrp_load_scale`). Loads near 10**9 wrapped its
load penalty to a negative cost: the search kept overloaded routes and a feasible
problem came back ``no_solution``.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from logistics.domain.routing import RoutingProblem
from logistics.domain.stops import Stop
from solvers.progress import Progress, ProgressCallback
from solvers.routing import _travel
from solvers.routing.best_routes import RoutesCallback, RoutesThrottle
from solvers.routing.cost_scale import (
    coef,
    load_down,
    pyvrp_load_scale,
    pyvrp_max_penalty,
    pyvrp_plan_bound,
    pyvrp_scale,
)
from solvers.routing.costs import VehicleRates, vehicle_rates
from solvers.routing.pyvrp_search import (
    DEFAULT_HISTORY,
    SHORT_BUDGET_S,
    ils_params,
    search_short,
)

__all__ = [
    "PyvrpModel",
    "PyvrpRoutes",
    "build_pyvrp_data",
    "initial_solution",
    "penalty_params",
    "solve_pyvrp",
    "plan_of",
    "run_pyvrp",
    "supports",
    "unsupported_features",
    "problem_matrices",
    "routes_from_solution",
]

_INF = np.iinfo(np.int64).max


def problem_matrices(problem: RoutingProblem) -> tuple[np.ndarray, np.ndarray]:
    """The problem's integer (distance, duration) matrices, computed when not given.

    The same numbers the plan builder, OR-Tools and ``validate`` use
    (:mod:`solvers.routing._travel`): planar points give Euclidean distance times
    ``distance_scale`` (rounded) and a time of one unit per unscaled distance unit;
    lat/lon give great-circle meters times the road factor 1.3 and a time at 30 km/h.
    Callers with road data pass their own matrices. (PyVRP once got its own
    straight-line matrices without the road factor: on a Rio day it planned 30%
    shorter drives than the plan then timed, and its "feasible" routes broke windows.)
    """
    return _travel.distance_matrix(problem), _travel.duration_matrix(problem)


def unsupported_features(problem: RoutingProblem) -> list[str]:
    """Features of ``problem`` PyVRP cannot model (empty when it can solve it)."""
    out: list[str] = []
    if problem.objective.span_cost_per_s:
        out.append("workload balance (span cost)")
    if any(len(s.time_windows) > 1 for s in problem.stops):
        out.append("several time windows per stop")
    if any(s.soft_windows for s in problem.stops):
        out.append("soft time windows")
    if any(s.skills for s in problem.stops):
        out.append("skills")
    if any(v.breaks for v in problem.vehicles):
        out.append("driver breaks")
    if any(v.dispatched for v in problem.vehicles):
        out.append("dispatched stops (fixed route starts)")
    by_id = {s.id: s for s in problem.stops}
    paired: set[str] = set()
    for p in problem.pairs:
        pick, drop = by_id[p.pickup_id], by_id[p.delivery_id]
        if any(pick.delivery) or any(drop.pickup) or tuple(pick.pickup) != tuple(drop.delivery):
            out.append("pairs whose pickup quantity differs from the delivery quantity")
            break
        if (pick.penalty is None) != (drop.penalty is None):
            out.append("pairs with one optional and one required stop")
            break
        if pick.id in paired or drop.id in paired:
            out.append("a stop in several pickup-delivery pairs")
            break
        paired.update((pick.id, drop.id))
    return out


def supports(problem: RoutingProblem) -> bool:
    """Whether PyVRP can solve ``problem`` exactly as stated."""
    return not unsupported_features(problem)


@dataclass(frozen=True)
class PyvrpModel:
    """A problem translated to PyVRP, with the maps needed to translate back."""

    data: object  # pyvrp.ProblemData
    cost_factor: int | Fraction  # engine units per cent (see :func:`_scale`)
    vehicle_ids: tuple[tuple[str, ...], ...]  # per PyVRP vehicle type
    client_stop: tuple[int, ...]  # PyVRP client index -> stop index
    shipment_stops: tuple[tuple[int, int], ...]  # shipment -> (pickup, delivery) stop index
    unit_cost: int = 1  # largest cost per distance or duration unit over the vehicle types
    arc_cost: int = 1  # largest cost of one arc's distance or travel time
    load_scale: tuple[int, ...] = ()  # per unit: problem units per PyVRP unit (1: as given)
    max_excess: int = 0  # largest violation PyVRP can see (see :func:`_violation_bound`)
    fixed_cost: int = 0  # largest fixed cost of a vehicle type
    mean_load: float = 1.0  # mean over stops of a stop's largest load, PyVRP units (>= 1)
    loads_exact: bool = True  # whether every amount is whole in PyVRP's units


def _load_scales(problem: RoutingProblem, groups) -> tuple[int, ...]:
    """Per unit, problem units per PyVRP unit (see :func:`.cost_scale.pyvrp_load_scale`)."""
    return tuple(
        pyvrp_load_scale(
            [a for s in problem.stops for a in (s.delivery[u], s.pickup[u])],
            [key[0].capacity[u] for key in groups],
        )
        for u in range(len(problem.units))
    )


def _violation_bound(problem: RoutingProblem, q, vehicle_types, dist_mats, dur_mats) -> int:
    """An upper bound of what PyVRP multiplies its penalties by, summed: excess load
    (every demand on one route, in PyVRP's load units), excess distance when a type has
    a distance limit (every arc the longest) and time warp (per vehicle: the latest
    time in the problem plus every arc the longest and every service)."""
    load = sum(
        sum(_loads(s.delivery, q, demand=True)) + sum(_loads(s.pickup, q, demand=True))
        for s in problem.stops
    )
    vehicles = sum(vt.num_available for vt in vehicle_types)
    arcs = len(problem.stops) + 2 * vehicles
    distance = 0
    if any(vt.max_distance < _INF for vt in vehicle_types):
        distance = max(int(d.max()) for d in dist_mats) * arcs
    travel = max(int(t.max()) for t in dur_mats) * arcs
    time_warp = vehicles * (problem.horizon + travel + sum(s.service_s for s in problem.stops))
    return load + distance + time_warp


def _loads(amounts, scales: tuple[int, ...], *, demand: bool) -> list[int]:
    """``amounts`` (one per unit) in PyVRP's units (see :func:`.cost_scale.load_down`)."""
    return [load_down(int(a), q, demand=demand) for a, q in zip(amounts, scales, strict=True)]


@dataclass(frozen=True)
class PyvrpRoutes:
    """PyVRP's answer in the problem's terms.

    Parameters
    ----------
    routes
        ``(vehicle_id, [stop_id, ...])`` per used vehicle, in visiting order.
    unserved
        Ids of optional stops left out.
    cost
        PyVRP's objective in the problem's cost units.
    feasible
        PyVRP's own feasibility verdict.
    seconds, iterations
        Wall time and search iterations.
    warm_start
        ``"accepted"`` or ``"rejected"`` (PyVRP could not build a solution of them,
        e.g. a pickup without its delivery: the search started from scratch) when
        initial routes were given, else ``None``.
    penalty_warnings
        How often PyVRP warned that a penalty reached its maximum (``PenaltyBoundWarning``).
        They are counted here, not printed: on a problem with a stop no vehicle can
        serve, every iteration warns (thousands of lines in a server's log), and the
        caller already answers that case (``feasible`` is false).
    load_scale, loads_exact
        Problem units per PyVRP unit of each load unit, and whether every amount was
        whole in them (see :func:`~solvers.routing.cost_scale.pyvrp_load_scale`).
    stopped
        Whether the caller's ``should_stop`` ended the search (its plan is then
        ``"cancelled"``: stopped early, the best so far).
    """

    routes: list[tuple[str, list[str]]]
    unserved: list[str]
    cost: float
    feasible: bool
    seconds: float
    iterations: int = 0
    history: list[tuple[float, float]] = field(default_factory=list)
    warm_start: str | None = None
    penalty_warnings: int = 0
    load_scale: tuple[int, ...] = ()
    loads_exact: bool = True
    stopped: bool = False


def _window(stop: Stop) -> tuple[int, int]:
    if not stop.time_windows:
        return 0, _INF
    w = stop.time_windows[0]
    return w.start, w.end


def _cost_factor(problem: RoutingProblem) -> int:
    if not problem.objective.vehicle_costs:
        return 1
    per_km = any(v.type.cost_per_km for v in problem.vehicles)
    per_hour = any(v.type.cost_per_hour for v in problem.vehicles)
    k = 1
    if per_km:
        k = math.lcm(k, 1000 * problem.distance_scale)
    if per_hour:
        k = math.lcm(k, 3600)
    return k


def _vehicle_groups(problem: RoutingProblem) -> dict[tuple, tuple[list[str], VehicleRates]]:
    """Vehicles of one PyVRP vehicle type: ``(type, start, end, shift start, shift end)``
    -> ``(vehicle ids, their cost rates)``."""
    groups: dict[tuple, tuple[list[str], VehicleRates]] = {}
    for v in problem.vehicles:
        key = (v.type, v.start_depot, v.end_depot, v.shift.start, v.shift.end)
        groups.setdefault(key, ([], vehicle_rates(problem, v)))[0].append(v.id)
    return groups


def _scale(problem: RoutingProblem, groups, dist: np.ndarray, dur: np.ndarray) -> int | Fraction:
    """PyVRP's cost scale: :func:`_cost_factor` unless costs that large would pass
    the unit, arc and vehicle costs its penalties are calibrated for (see
    :func:`penalty_params`)
    or its integer budget (:func:`.cost_scale.pyvrp_scale`: then each rate is rounded to
    the nearest engine unit; the plan's cost stays exact)."""
    max_arc = int(dist.max()) if dist.size else 0
    slowest = max(float(v.type.speed_factor) for v in problem.vehicles)
    max_travel = math.ceil((int(dur.max()) if dur.size else 0) * slowest)
    unit_rates = [r.per_distance for _, r in groups.values()]
    unit_rates += [r.per_second for _, r in groups.values()]
    arc_costs = [r.per_distance * max_arc for _, r in groups.values()]
    arc_costs += [r.per_second * max_travel for _, r in groups.values()]
    fixed_costs = [r.fixed for _, r in groups.values()]
    penalties = [s.penalty for s in problem.stops if s.penalty is not None]

    def bound(k: Fraction) -> int:
        types = [
            (
                len(ids),
                coef(r.fixed, k),
                coef(r.per_distance, k),
                coef(r.per_second, k),
                key[4] - key[3],
            )
            for key, (ids, r) in groups.items()
        ]
        prizes = sum(coef(p, k) for p in penalties)
        return pyvrp_plan_bound(types, max_arc, len(problem.stops), prizes)

    return pyvrp_scale(
        _cost_factor(problem),
        unit_rates,
        arc_costs,
        bound,
        _MAX_PENALTY_SCALE,
        _ARC_SPAN,
        fixed_costs,
    )


def build_pyvrp_data(problem: RoutingProblem) -> PyvrpModel:
    """Translate ``problem`` to PyVRP ``ProblemData``.

    Raises
    ------
    ValueError
        When the problem has features PyVRP cannot model (see :func:`supports`).
    """
    import pyvrp

    missing = unsupported_features(problem)
    if missing:
        raise ValueError("PyVRP cannot model: " + ", ".join(missing))
    dist, dur = problem_matrices(problem)
    n_dep = len(problem.depots)
    locs = [d.location for d in problem.depots] + [s.location for s in problem.stops]
    locations = [
        pyvrp.Location(
            x=float(getattr(p, "x", 0.0) or getattr(p, "lon", 0.0)),
            y=float(getattr(p, "y", 0.0) or getattr(p, "lat", 0.0)),
        )
        for p in locs
    ]
    depots = [
        pyvrp.Depot(location=i, tw_early=d.opening.start, tw_late=d.opening.end, name=d.id)
        for i, d in enumerate(problem.depots)
    ]
    paired = {p.pickup_id for p in problem.pairs} | {p.delivery_id for p in problem.pairs}
    groups = _vehicle_groups(problem)
    k = _scale(problem, groups, dist, dur)
    q = _load_scales(problem, groups)
    clients, client_stop = [], []
    for i, s in enumerate(problem.stops):
        if s.id in paired:
            continue
        early, late = _window(s)
        clients.append(
            pyvrp.Client(
                location=n_dep + i,
                delivery=_loads(s.delivery, q, demand=True),
                pickup=_loads(s.pickup, q, demand=True),
                service_duration=s.service_s,
                tw_early=early,
                tw_late=late,
                prize=coef(s.penalty or 0, k),
                required=s.penalty is None,
                name=s.id,
            )
        )
        client_stop.append(i)
    index = {s.id: i for i, s in enumerate(problem.stops)}
    shipments, shipment_stops = [], []
    for p in problem.pairs:
        a, b = index[p.pickup_id], index[p.delivery_id]
        pick, drop = problem.stops[a], problem.stops[b]
        pe, pl = _window(pick)
        de, dl = _window(drop)
        prize = (pick.penalty or 0) + (drop.penalty or 0)
        shipments.append(
            pyvrp.Shipment(
                pickup_location=n_dep + a,
                delivery_location=n_dep + b,
                pickup_tw_early=pe,
                pickup_tw_late=pl,
                pickup_service_duration=pick.service_s,
                delivery_tw_early=de,
                delivery_tw_late=dl,
                delivery_service_duration=drop.service_s,
                amount=_loads(pick.pickup, q, demand=True),
                prize=coef(prize, k),
                required=pick.penalty is None,
                name=f"{pick.id}->{drop.id}",
            )
        )
        shipment_stops.append((a, b))
    # Profiles: one per (speed factor, open route) combination.
    depot_index = {d.id: i for i, d in enumerate(problem.depots)}
    profiles: dict[tuple[float, bool], int] = {}
    dist_mats: list[np.ndarray] = []
    dur_mats: list[np.ndarray] = []

    def profile(speed: float, open_route: bool) -> int:
        key = (speed, open_route)
        if key not in profiles:
            d = np.array(dist, dtype=np.int64)
            t = np.array(dur, dtype=np.int64)
            if speed != 1.0:
                t = _travel.scaled(t, speed)  # as the plan builder times it
            if open_route:
                d[:, :n_dep] = 0
                t[:, :n_dep] = 0
            profiles[key] = len(dist_mats)
            dist_mats.append(d)
            dur_mats.append(t)
        return profiles[key]

    vehicle_types, vehicle_ids = [], []
    for (t, start, end, early, late), (ids, rates) in groups.items():
        open_route = end is None
        unit_dist = coef(rates.per_distance, k)
        unit_dur = coef(rates.per_second, k)
        fixed = coef(rates.fixed, k)
        vehicle_types.append(
            pyvrp.VehicleType(
                num_available=len(ids),
                capacity=_loads(t.capacity, q, demand=False),
                start_depot=depot_index[start],
                end_depot=depot_index[end if end is not None else start],
                fixed_cost=fixed,
                tw_early=early,
                tw_late=late,
                shift_duration=t.max_duration_s if t.max_duration_s is not None else _INF,
                max_distance=(
                    t.max_distance_m * problem.distance_scale
                    if t.max_distance_m is not None
                    else _INF
                ),
                unit_distance_cost=unit_dist,
                unit_duration_cost=unit_dur,
                profile=profile(float(t.speed_factor), open_route),
                name=t.id,
            )
        )
        vehicle_ids.append(tuple(ids))
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=vehicle_types,
        distance_matrices=dist_mats,
        duration_matrices=dur_mats,
        shipments=shipments,
    )
    unit_cost = max(
        [1]
        + [vt.unit_distance_cost for vt in vehicle_types]
        + [vt.unit_duration_cost for vt in vehicle_types]
    )
    arc_cost = max(
        [1]
        + [vt.unit_distance_cost * int(dist_mats[vt.profile].max()) for vt in vehicle_types]
        + [vt.unit_duration_cost * int(dur_mats[vt.profile].max()) for vt in vehicle_types]
    )
    max_excess = _violation_bound(problem, q, vehicle_types, dist_mats, dur_mats)
    loads_exact = all(
        a % q[u] == 0
        for u in range(len(q))
        for a in [s.delivery[u] for s in problem.stops]
        + [s.pickup[u] for s in problem.stops]
        + [key[0].capacity[u] for key in groups]
    )
    return PyvrpModel(
        data,
        k,
        tuple(vehicle_ids),
        tuple(client_stop),
        tuple(shipment_stops),
        unit_cost,
        arc_cost,
        q,
        max_excess=max_excess,
        loads_exact=loads_exact,
        fixed_cost=max([0] + [vt.fixed_cost for vt in vehicle_types]),
        mean_load=_mean_load(problem, q),
    )


def _mean_load(problem: RoutingProblem, q: tuple[int, ...]) -> float:
    """The mean over stops of a stop's largest delivery or pickup, in PyVRP units
    (at least 1: the unit a penalty is paid per)."""
    loads = [
        max(_loads(s.delivery, q, demand=True) + _loads(s.pickup, q, demand=True), default=0)
        for s in problem.stops
    ]
    return max(1.0, sum(loads) / max(len(loads), 1))


_MAX_PENALTY_SCALE = 10**7
"""Cap on :func:`penalty_params`' scale: PyVRP's largest penalty stays at most 1e12 per
unit of violation, far from int64 overflow for any violation PyVRP can produce."""

_ARC_SPAN = 100_000
"""Arc length (distance or time units) up to which PyVRP's penalty bounds suit a cost
of 1 per unit: its largest penalty (100,000 per unit of violation) is then at least
one arc's cost. Longer arcs scale the penalties up (see :func:`penalty_params`)."""


def penalty_params(model: PyvrpModel):
    """PyVRP's ``PenaltyParams`` for ``model``'s cost scale (``None``: PyVRP's defaults).

    PyVRP's penalty bounds (0.1 to 100,000 per unit of excess load, time warp or
    distance) assume a cost of about 1 per distance or duration unit, as in the
    benchmark instances. Cents per km and per hour scaled to whole numbers (the cost
    factor ``K``) make that cost thousands per unit (a Rio van: 810 per meter, 12,500
    per second), so the largest penalty was worth 8 seconds of a van's time:
    overloading a van or arriving late was cheaper than another van, the search
    stayed infeasible (a plain 200-stop day: two vans carrying 2,183 and 2,421 kg of
    800) and PyVRP warned that a penalty reached its maximum. The bounds are scaled
    by the largest unit cost, so they mean what they mean on the benchmarks.

    Arcs longer than :data:`_ARC_SPAN` units (100 km in meters) scale them by the
    largest arc cost over that span instead, when larger: otherwise one unit of
    excess load saved more than the largest penalty, and a fleet that could serve
    every required stop came back infeasible.

    The largest penalty is also at least a vehicle's fixed cost over the mean stop
    load (``model.mean_load``), so that moving an average stop off an overloaded route
    onto another vehicle pays. Otherwise, with a fixed cost far above it (10,000 EUR a
    van on a Rio day of 10 kg stops: 1.8e10 engine units against 1.25e9 per kg over),
    every such move cost more than it saved: PyVRP kept every stop on one overloaded
    van and the plan served nothing. Only the largest penalty is raised for it; the
    smallest stays with the unit costs. (Gehring-Homberger's hierarchical objective,
    10**6 units a vehicle and about 17 units a stop, keeps PyVRP's defaults; raising its
    largest penalty to the whole fixed cost was dropped: in its one side-by-side run
    rc1_2_2 took a vehicle more in both seeds, though rc1_2_2 also varies by a vehicle
    between runs of the same code.)

    The largest penalty is then capped so that times the largest violation PyVRP can
    see (``model.max_excess``: excess load, excess distance and time warp) it stays
    within int64 (:func:`~solvers.routing.cost_scale.pyvrp_max_penalty`): PyVRP
    multiplies in floating point and converts to int64, and a product past int64
    became a large negative penalty that made overloaded routes (loads near 10**9) or
    too long ones (distance limits at the cost maxima) look cheapest.
    """
    from pyvrp import PenaltyParams

    default = PenaltyParams()
    scale = min(max(model.unit_cost, -(-model.arc_cost // _ARC_SPAN)), _MAX_PENALTY_SCALE)
    scale = max(scale, 1)
    vehicle_scale = math.ceil(model.fixed_cost / (default.max_penalty * model.mean_load))
    top_scale = min(max(scale, vehicle_scale), _MAX_PENALTY_SCALE)
    top = pyvrp_max_penalty(default.max_penalty * top_scale, model.max_excess)
    if scale == 1 and top == default.max_penalty:
        return None
    return PenaltyParams(min_penalty=min(default.min_penalty * scale, top), max_penalty=top)


def routes_from_solution(problem: RoutingProblem, model: PyvrpModel, solution) -> tuple:
    """``(routes, unserved)`` of a PyVRP solution in the problem's vehicle and stop ids."""
    import pyvrp

    free = [list(ids) for ids in model.vehicle_ids]
    routes: list[tuple[str, list[str]]] = []
    served: set[int] = set()
    for route in solution.routes():
        stops: list[str] = []
        for a in route:
            kind = a.type
            if kind == pyvrp.ActivityType.CLIENT:
                idx = model.client_stop[a.idx]
            elif kind == pyvrp.ActivityType.PICKUP:
                idx = model.shipment_stops[a.idx][0]
            elif kind == pyvrp.ActivityType.DELIVERY:
                idx = model.shipment_stops[a.idx][1]
            else:
                continue
            served.add(idx)
            stops.append(problem.stops[idx].id)
        if stops:
            routes.append((free[route.vehicle_type()].pop(0), stops))
    unserved = [s.id for i, s in enumerate(problem.stops) if i not in served]
    return routes, unserved


def initial_solution(problem: RoutingProblem, model: PyvrpModel, routes):
    """A PyVRP ``Solution`` from ``(vehicle_id, [stop_id, ...])`` routes (warm start)."""
    import pyvrp

    client_of = {stop: c for c, stop in enumerate(model.client_stop)}
    pickup_of = {a: k for k, (a, _) in enumerate(model.shipment_stops)}
    delivery_of = {b: k for k, (_, b) in enumerate(model.shipment_stops)}
    type_of = {vid: t for t, ids in enumerate(model.vehicle_ids) for vid in ids}
    pos = {s.id: i for i, s in enumerate(problem.stops)}
    out = []
    for vid, stops in routes:
        acts = []
        for sid in stops:
            i = pos[sid]
            if i in client_of:
                acts.append(pyvrp.Activity(pyvrp.ActivityType.CLIENT, client_of[i]))
            elif i in pickup_of:
                acts.append(pyvrp.Activity(pyvrp.ActivityType.PICKUP, pickup_of[i]))
            else:
                acts.append(pyvrp.Activity(pyvrp.ActivityType.DELIVERY, delivery_of[i]))
        out.append(pyvrp.Route(model.data, acts, type_of[vid]))
    return pyvrp.Solution(model.data, out)


def run_pyvrp(
    problem: RoutingProblem,
    time_limit_s: float,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    initial_routes: list[tuple[str, list[str]]] | None = None,
    give_up_after: float | None = None,
    on_routes: RoutesCallback | None = None,
    history: int | None = None,
) -> PyvrpRoutes:
    """Run PyVRP's default iterated local search for ``time_limit_s`` seconds.

    Parameters
    ----------
    problem
        A problem PyVRP supports (see :func:`supports`).
    time_limit_s
        Seconds of search (wall clock, including the translation).
    seed
        Random seed: the same seed and iteration count give the same answer.
    on_progress
        Called with a :class:`~solvers.progress.Progress` when the best feasible cost
        improves: ``best`` in the problem's cost units, no ``bound`` (PyVRP proves
        none), phase ``"pyvrp"``.
    should_stop
        Polled at every iteration; true ends the search with the best so far.
    initial_routes
        ``(vehicle_id, [stop_id, ...])`` routes to start from (PyVRP keeps the
        best solution, so the answer is never worse than a feasible start; an
        infeasible start is only a starting point). Routes PyVRP cannot build a
        solution of are dropped: the search starts from scratch (``warm_start``
        ``"rejected"`` in the answer).
    give_up_after
        Seconds after which the search ends if it has found no feasible solution
        yet (an unservable required stop keeps PyVRP infeasible however long it
        runs; the caller can give the rest of its time to an engine that drops it).
    on_routes
        Called with the best feasible routes so far (vehicle position in
        ``problem.vehicles`` -> stop ids) at most every
        :data:`~solvers.routing.best_routes.ROUTES_EVERY_S` seconds while the search
        improves (see :class:`~solvers.routing.best_routes.RoutesThrottle`); the
        search itself is the same with or without it.
    history
        Late-acceptance history length of PyVRP's search (iterations); ``None``:
        PyVRP's 300, or with less than
        :data:`~solvers.routing.pyvrp_search.SHORT_BUDGET_S` (3 s) left after the
        translation one sized to the iterations the search can expect
        (:func:`~solvers.routing.pyvrp_search.search_short`).
    """
    import pyvrp
    from pyvrp.stop import MaxRuntime

    started = time.perf_counter()
    model = build_pyvrp_data(problem)
    remaining = max(0.05, time_limit_s - (time.perf_counter() - started))
    throttle = None if on_routes is None else RoutesThrottle(on_routes)
    stop = _Stop(
        MaxRuntime(remaining),
        on_progress,
        should_stop,
        started,
        model.cost_factor,
        give_up_after,
        throttle,
    )
    start, warm = None, None
    if initial_routes:
        try:
            start, warm = initial_solution(problem, model, initial_routes), "accepted"
        except (ValueError, RuntimeError):
            warm = "rejected"  # not a solution PyVRP can hold: start from scratch
    penalty = penalty_params(model)
    callbacks = None if throttle is None else _callbacks_reporting_best(problem, model, throttle)

    def search(stop_, history_, start_):
        return pyvrp.solve(
            model.data,
            stop_,
            seed=seed,
            collect_stats=False,
            display=False,
            params=_solve_params(ils_params(history_, callbacks), penalty),
            initial_solution=start_,
        )

    with _PenaltyWarnings() as penalty_warnings:
        if history is None and remaining < SHORT_BUDGET_S:
            result, iterations = search_short(search, stop, start, remaining)
        else:
            result = search(stop, history or DEFAULT_HISTORY, start)
            iterations = result.num_iterations
    best = result.best
    routes, unserved = routes_from_solution(problem, model, best)
    feasible = bool(best.is_feasible())
    if feasible and not model.loads_exact:
        feasible = _valid_in_exact_units(problem, routes)
    return PyvrpRoutes(
        routes=routes,
        unserved=unserved,
        cost=float(result.cost() / model.cost_factor) if feasible else math.inf,
        feasible=feasible,
        seconds=time.perf_counter() - started,
        iterations=int(iterations),
        warm_start=warm,
        penalty_warnings=penalty_warnings.count,
        load_scale=model.load_scale,
        loads_exact=model.loads_exact,
        stopped=stop.stopped,
    )


def _valid_in_exact_units(problem: RoutingProblem, routes) -> bool:
    """Whether ``routes`` (feasible for PyVRP with rounded loads) are within capacity
    by :func:`validate`, in the problem's own units. Demands rounded up and capacities
    down make this always true; it is checked so a feasible answer never rests on the
    rounding alone (other rules are PyVRP's as with exact loads)."""
    from solvers.routing.plan import plan_from_vehicle_routes
    from solvers.routing.validate import validate

    return "capacity" not in validate(problem, plan_from_vehicle_routes(problem, routes)).kinds


class _PenaltyWarnings:
    """Counts PyVRP's ``PenaltyBoundWarning`` inside the block instead of printing
    them; any other warning is shown as usual when the block ends."""

    def __enter__(self) -> _PenaltyWarnings:
        self.count = 0
        self._catch = warnings.catch_warnings(record=True)
        self._seen = self._catch.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc) -> None:
        from pyvrp.exceptions import PenaltyBoundWarning

        self._catch.__exit__(*exc)
        for w in self._seen:
            if issubclass(w.category, PenaltyBoundWarning):
                self.count += 1
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def plan_of(problem: RoutingProblem, run: PyvrpRoutes, backend: str = "pyvrp"):
    """The :class:`~logistics.domain.route_plan.RoutePlan` of PyVRP's routes (status
    ``"cancelled"`` when ``should_stop`` ended the run, as OR-Tools' plans)."""
    from solvers.routing.plan import plan_from_vehicle_routes

    plan = plan_from_vehicle_routes(
        problem,
        run.routes,
        backend=backend,
        seconds=run.seconds,
        objective=None if math.isinf(run.cost) else round(run.cost),
    )
    if run.stopped:
        plan = replace(plan, status="cancelled")
    return _with_run_notes(plan, run)


def _with_run_notes(plan, run: PyvrpRoutes):
    """``plan`` with what the run has to say in its extras: ``warm_start`` (when routes
    were given) and ``pyvrp_penalty_warnings`` (when PyVRP warned)."""
    if run.warm_start is not None:
        plan.extras["warm_start"] = run.warm_start
    if run.penalty_warnings:
        plan.extras["pyvrp_penalty_warnings"] = run.penalty_warnings
    if any(q != 1 for q in run.load_scale):
        plan.extras["pyvrp_load_scale"] = list(run.load_scale)
    return plan


def solve_pyvrp(
    problem: RoutingProblem,
    params,
    on_progress: ProgressCallback | None = None,
    *,
    should_stop=None,
    on_routes=None,
    initial_routes=None,
):
    """Plan routes with PyVRP (the ``backend="pyvrp"`` entry of ``solvers.routing.solve``).

    Parameters
    ----------
    problem
        The problem; it must be one PyVRP supports (see :func:`supports`).
    params
        :class:`~solvers.routing.params.RoutingParams` (time limit, seed).
    on_progress
        Called with a :class:`~solvers.progress.Progress` on every improvement (see
        :func:`run_pyvrp`).
    should_stop
        Polled during the search; true returns the best plan so far (status
        ``"cancelled"``).
    initial_routes
        ``(vehicle_id, [stop_id, ...])`` routes to start from (see :func:`run_pyvrp`).

    Returns
    -------
    RoutePlan
        Scheduled and costed by the shared plan builder. PyVRP cannot leave a
        required stop out, so when its best plan still breaks a rule (an
        unservable stop, too little capacity or time) the status is
        ``"no_solution"``: no routes, every stop unassigned with its diagnosed
        reason, and PyVRP's infeasible routes in ``extras["pyvrp_infeasible_routes"]``.

    Raises
    ------
    InvalidValueError
        When the problem has features PyVRP cannot model (use ``"ortools"`` or
        ``"auto"``).
    """
    from logistics.errors import InvalidValueError
    from solvers.routing.plan import build_plan

    missing = unsupported_features(problem)
    if missing:
        raise InvalidValueError(
            "backend", "pyvrp", "PyVRP cannot model " + ", ".join(missing) + "; use ortools"
        )
    if not problem.stops:
        return build_plan(problem, [], backend="pyvrp", seconds=0.0)
    run = run_pyvrp(
        problem,
        params.time_limit_s,
        params.seed,
        on_progress,
        should_stop,
        initial_routes=initial_routes,
        on_routes=on_routes,
    )
    if run.feasible:
        plan = plan_of(problem, run)
    else:
        # PyVRP's best breaks a rule (capacity, a window, a shift): never hand that out
        # as routes. Like OR-Tools without a solution: no routes, every stop unassigned
        # with the reason the plan builder finds; PyVRP's attempt stays in the extras.
        plan = build_plan(problem, [], backend="pyvrp", status="no_solution", seconds=run.seconds)
        plan = _with_run_notes(plan, run)
        plan.extras["pyvrp_infeasible_routes"] = [
            {"vehicle": vid, "stops": list(stops)} for vid, stops in run.routes
        ]
    plan.extras["pyvrp_iterations"] = run.iterations
    plan.extras["pyvrp_feasible"] = run.feasible
    return plan


def _by_position(problem: RoutingProblem, routes) -> list:
    """``(vehicle_id, stops)`` routes as :class:`~solvers.routing.plan.RouteSpec` (no
    times: the plan schedules them greedily)."""
    from solvers.routing.plan import RouteSpec

    vehicle = {v.id: i for i, v in enumerate(problem.vehicles)}
    stop = {s.id: i for i, s in enumerate(problem.stops)}
    return [
        RouteSpec(vehicle[vid], tuple(stop[sid] for sid in stops)) for vid, stops in routes if stops
    ]


def _solve_params(ils, penalty=None):
    """PyVRP's default ``SolveParams`` with ``ils`` (see :mod:`.pyvrp_search`) and, if
    given, ``penalty`` (see :func:`penalty_params`)."""
    from pyvrp import SolveParams

    if penalty is None:
        return SolveParams(ils=ils)
    return SolveParams(ils=ils, penalty=penalty)


def _callbacks_reporting_best(problem: RoutingProblem, model: PyvrpModel, throttle):
    """Iterated local search callbacks that hand each new feasible best (the start
    included) to ``throttle``; callbacks do not change the search."""
    from pyvrp.IteratedLocalSearch import IteratedLocalSearchCallbacks

    def offer(solution) -> None:
        if solution.is_feasible():  # a Solution is immutable: translate only if handed over
            throttle.improved(
                lambda: _by_position(problem, routes_from_solution(problem, model, solution)[0])
            )

    class Callbacks(IteratedLocalSearchCallbacks):
        def on_start(self, ils) -> None:
            offer(ils.initial_solution)

        def on_best(self, best) -> None:
            offer(best)

    return Callbacks()


class _Stop:
    """Stopping criterion: time limit or caller's stop; reports improvements."""

    def __init__(
        self,
        inner,
        on_progress,
        should_stop,
        started: float,
        factor: int,
        give_up_after=None,
        throttle=None,
    ) -> None:
        self._inner = inner
        self._throttle = throttle
        self._give_up_after = give_up_after
        self._on_progress = on_progress
        self._should_stop = should_stop
        self._started = started
        self._factor = factor
        self._best = math.inf
        self.stopped = False
        """Whether ``should_stop`` ended the search."""

    def __call__(self, best_cost: float) -> bool:
        # PyVRP gives the cost of its best *feasible* solution: int64 max while it has none
        feasible = math.isfinite(best_cost) and best_cost < _INF
        if feasible and best_cost < self._best:
            self._best = best_cost
            if self._on_progress is not None:
                self._on_progress(
                    Progress(
                        time.perf_counter() - self._started,
                        round(best_cost / self._factor),
                        phase="pyvrp",
                    )
                )
        if self._throttle is not None:
            self._throttle.tick()  # hand over a best found within the interval
        if self._should_stop is not None and self._should_stop():
            self.stopped = True
            return True
        if (
            self._give_up_after is not None
            and not math.isfinite(self._best)
            and time.perf_counter() - self._started >= self._give_up_after
        ):
            return True  # still no feasible solution: let the caller try another engine
        return self._inner(best_cost)
