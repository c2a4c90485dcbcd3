"""Turn visiting sequences into a full :class:`~logistics.domain.route_plan.RoutePlan`.

Every backend ends here: it hands over, per vehicle, the stops in visiting order
(and, when its engine scheduled them, the service start times and break starts).
This module computes arrival, waiting, departure, loads, distances, costs and CO2,
and says why each stop left out was not served. When no times are given it
schedules greedily: earliest service at every stop, each break taken as soon as it
must be (or when it fits into waiting), and the vehicle leaves at the latest start
that still ends the route as early, keeping every hard window, break window, the
shift and depot hours, and adding no lateness: no duty time is paid for idling
that leaving later avoids (exact by a backward pass over the sequence; with breaks,
by bisection over the start). A break after the last stop is taken on the way back
(or at the end depot) like one before a stop, not after idling at the last stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from logistics.domain.route_plan import (
    PlanSummary,
    Route,
    RoutePlan,
    Step,
    StepType,
    Unassigned,
    UnassignedReason,
)
from logistics.domain.routing import RoutingProblem
from logistics.domain.stops import Stop
from solvers.routing import _travel
from solvers.routing.costs import route_cost, unserved_cost, vehicle_rates

__all__ = [
    "RouteSpec",
    "PlanContext",
    "build_plan",
    "diagnose",
    "plan_from_routes",
    "earliest_service",
]


@dataclass(frozen=True, slots=True)
class RouteSpec:
    """One vehicle's visiting order as an engine found it.

    Parameters
    ----------
    vehicle
        Position of the vehicle in ``problem.vehicles``.
    stops
        Positions in ``problem.stops``, in visiting order.
    service_starts
        Service start time at each stop (seconds); ``None`` to schedule greedily.
    break_starts
        Start of each of the vehicle's breaks (seconds), same order as
        ``vehicle.breaks``; used only with ``service_starts``.
    start_time
        Departure from the start depot; used only with ``service_starts``.
    """

    vehicle: int
    stops: tuple[int, ...]
    service_starts: tuple[int, ...] | None = None
    break_starts: tuple[int, ...] | None = None
    start_time: int | None = None


class PlanContext:
    """Matrices and lookups of one problem, computed once per solve."""

    def __init__(self, problem: RoutingProblem) -> None:
        self.problem = problem
        self.n_depots = len(problem.depots)
        self.distance = _travel.distance_table(problem)
        self.duration = _travel.duration_table(problem)
        self._by_speed: dict[float, np.ndarray | _travel.Pairwise] = {}
        self.depot_index = {d.id: i for i, d in enumerate(problem.depots)}
        self.stop_pos = {s.id: i for i, s in enumerate(problem.stops)}
        self.role: dict[int, StepType] = {}
        self.partner: dict[int, int] = {}
        for p in problem.pairs:
            a, b = self.stop_pos[p.pickup_id], self.stop_pos[p.delivery_id]
            self.role[a], self.role[b] = StepType.PICKUP, StepType.DELIVERY
            self.partner[a], self.partner[b] = b, a
        self.rates = [vehicle_rates(problem, v) for v in problem.vehicles]
        self._alone: dict[tuple, UnassignedReason | None] = {}

    def travel(self, vehicle: int) -> np.ndarray | _travel.Pairwise:
        """Travel-time table of a vehicle (its type's speed factor applied)."""
        sf = float(self.problem.vehicles[vehicle].type.speed_factor)
        if sf not in self._by_speed:
            if isinstance(self.duration, _travel.Pairwise):
                self._by_speed[sf] = self.duration.with_speed(sf)
            else:
                self._by_speed[sf] = _travel.scaled(self.duration, sf)
        return self._by_speed[sf]

    def loc(self, stop: int) -> int:
        """Location index of a stop position."""
        return self.n_depots + stop

    def depot_loaded(self, stop: int) -> tuple[int, ...]:
        """Quantities a stop receives that are loaded at the depot (not from a pickup)."""
        s = self.problem.stops[stop]
        if self.role.get(stop) is StepType.DELIVERY:
            return tuple(0 for _ in s.delivery)
        return s.delivery

    def alone_failure(self, vehicle: int, stops: tuple[int, ...]) -> UnassignedReason | None:
        """:func:`_alone_failure`, computed once per class of identical vehicles."""
        v = self.problem.vehicles[vehicle]
        key = (v.type, v.start_depot, v.end_depot, v.shift, v.breaks, stops)
        if key not in self._alone:
            self._alone[key] = _alone_failure(self, vehicle, stops)
        return self._alone[key]

    def start_window(self, vehicle: int) -> tuple[int, int]:
        v = self.problem.vehicles[vehicle]
        dep = self.problem.depots[self.depot_index[v.start_depot]]
        return max(v.shift.start, dep.opening.start), min(v.shift.end, dep.opening.end)

    def end_limit(self, vehicle: int) -> int:
        v = self.problem.vehicles[vehicle]
        if v.end_depot is None:
            return v.shift.end
        return min(v.shift.end, self.problem.depots[self.depot_index[v.end_depot]].opening.end)


def earliest_service(stop: Stop, arrival: int) -> tuple[int, int]:
    """Earliest service start at or after ``arrival`` and the lateness (soft windows).

    Hard windows that are all closed at ``arrival`` give the arrival itself (the
    caller sees the violation); soft ones give the arrival and its lateness.
    """
    if not stop.time_windows:
        return arrival, 0
    windows = sorted(stop.time_windows, key=lambda w: w.start)
    for w in windows:
        if arrival <= w.end:
            return max(arrival, w.start), 0
    late = arrival - windows[-1].end
    return arrival, (late if stop.soft_windows else 0)


def _drive_arrival(departure: int, leg: int, breaks: Sequence[tuple[int, int]]) -> int:
    """When a vehicle that leaves at ``departure`` and drives ``leg`` seconds arrives.

    ``breaks`` are the ``(start, duration)`` of the breaks taken between leaving and
    the next service, in time order. A break that starts before the vehicle gets
    there interrupts the drive; one that starts later is taken at the stop, after
    arriving (``validate`` recomputes arrivals by the same rule, its own code).
    """
    t, left = departure, leg
    for start, duration in breaks:
        if start >= t + left:
            break
        left -= max(0, start - t)
        t = max(t, start) + duration
    return t + left


def _greedy_schedule(
    ctx: PlanContext, vehicle: int, stops: Sequence[int]
) -> tuple[int, list[int], list[int]]:
    """Start time, service starts and break starts by the greedy rule above.

    The vehicle leaves at the latest time that still ends its route as early as
    leaving at the shift start does, with every hard window, break window and the
    shift kept and no more lateness: duty time is paid for, idling at stops is not
    worth it. Without breaks that start is exact (:func:`_latest_departure`, a
    backward pass); with breaks it is found by bisection over the start, each
    candidate checked (the shift start when the first schedule breaks a limit).
    """
    lo, latest = ctx.start_window(vehicle)
    first = _greedy_from(ctx, vehicle, stops, lo)
    if not ctx.problem.vehicles[vehicle].breaks:
        if not stops:
            return first.start, first.starts, first.break_starts
        start = min(max(lo, _latest_departure(ctx, vehicle, stops, first)), latest)
        sched = _greedy_from(ctx, vehicle, stops, max(start, lo))
        return start, sched.starts, sched.break_starts
    if not first.ok:
        return first.start, first.starts, first.break_starts
    hi = min(latest, first.end)

    def no_worse(sched: _Schedule) -> bool:
        return sched.ok and sched.end <= first.end and sched.lateness <= first.lateness

    best = first
    while lo < hi:
        mid = (lo + hi + 1) // 2
        sched = _greedy_from(ctx, vehicle, stops, mid)
        if no_worse(sched):
            best, lo = sched, mid
        else:
            hi = mid - 1
    return best.start, best.starts, best.break_starts


def _latest_departure(
    ctx: PlanContext, vehicle: int, stops: Sequence[int], sched: _Schedule
) -> int:
    """Latest departure whose greedy schedule (no breaks) still ends at ``sched.end``.

    A backward pass over the fixed sequence: the latest service start at each stop
    given the next one's, capped by the stop's last window end (or by its service
    start in ``sched`` when that is already later: no window missed, no lateness
    added), then the latest arrival whose earliest service is no later. Every
    greedy schedule from a departure between ``sched.start`` and the result serves
    each stop no later than these bounds and ends no later than ``sched.end``;
    one from a later departure ends later or serves some stop later than its bound.
    """
    problem = ctx.problem
    v = problem.vehicles[vehicle]
    travel = ctx.travel(vehicle)
    locs = [ctx.depot_index[v.start_depot], *(ctx.loc(pos) for pos in stops)]
    latest = sched.end  # the latest departure from the last stop
    if v.end_depot is not None:
        latest -= int(travel[locs[-1], ctx.depot_index[v.end_depot]])
    for i in range(len(stops) - 1, -1, -1):
        stop = problem.stops[stops[i]]
        service = latest - stop.service_s
        if stop.time_windows:
            last_end = max(w.end for w in stop.time_windows)
            service = min(service, max(sched.starts[i], last_end))
        latest = _latest_arrival(stop, service) - int(travel[locs[i], locs[i + 1]])
    return latest


def _latest_arrival(stop: Stop, service: int) -> int:
    """Latest arrival whose :func:`earliest_service` is no later than ``service``.

    ``service`` itself when it is in a window (or past them all, or there are none);
    in a gap between windows the end of the last window before it (arriving after
    that means waiting for the next window, which opens after ``service``).
    """
    windows = stop.time_windows
    if not windows or any(w.start <= service <= w.end for w in windows):
        return service
    ends = [w.end for w in windows if w.end < service]
    if len(ends) == len(windows):
        return service  # past every window: served on arrival, late
    # before every window cannot happen for a bound taken from a schedule
    return max(ends) if ends else service


@dataclass(frozen=True, slots=True)
class _Schedule:
    start: int
    starts: list[int]
    break_starts: list[int]
    end: int
    lateness: Fraction
    ok: bool
    """Hard windows, break windows and the end of the shift kept."""


def _greedy_from(ctx: PlanContext, vehicle: int, stops: Sequence[int], t: int) -> _Schedule:
    """The greedy schedule of a vehicle that may leave at ``t`` or later."""
    problem = ctx.problem
    v = problem.vehicles[vehicle]
    travel = ctx.travel(vehicle)
    prev = ctx.depot_index[v.start_depot]
    pending = sorted(range(len(v.breaks)), key=lambda k: v.breaks[k].window.start)
    break_starts = [0] * len(v.breaks)
    starts: list[int] = []
    start_time = t
    ok = True
    lateness = Fraction(0)
    for pos in stops:
        stop = problem.stops[pos]
        loc = ctx.loc(pos)
        leg = int(travel[prev, loc])
        ss, _ = earliest_service(stop, t + leg)
        while pending:
            b = v.breaks[pending[0]]
            bs = max(t, b.window.start)
            must = ss + stop.service_s > b.window.end
            fits = bs + b.duration_s + leg <= ss
            if not (must or fits):
                break
            ok = ok and bs <= b.window.end
            break_starts[pending.pop(0)] = bs
            t = bs + b.duration_s
            ss, _ = earliest_service(stop, t + leg)
        if stop.time_windows and not stop.soft_windows:
            ok = ok and any(w.start <= ss <= w.end for w in stop.time_windows)
        lateness += _lateness(stop, ss) * Fraction(stop.lateness_cost_per_s)
        starts.append(ss)
        t = ss + stop.service_s
        prev = loc
    last_departure = t
    on_leg = []
    for k in pending:
        b = v.breaks[k]
        break_starts[k] = max(t, b.window.start)
        ok = ok and break_starts[k] <= b.window.end
        t = break_starts[k] + b.duration_s
        on_leg.append((break_starts[k], b.duration_s))
    end = t
    if v.end_depot is not None:
        leg = int(travel[prev, ctx.depot_index[v.end_depot]])
        end = max(t, _drive_arrival(last_departure, leg, on_leg))
    ok = ok and end <= ctx.end_limit(vehicle)
    return _Schedule(start_time, starts, break_starts, end, lateness, ok)


def _build_route(ctx: PlanContext, spec: RouteSpec) -> Route:
    problem = ctx.problem
    v = problem.vehicles[spec.vehicle]
    n_units = len(problem.units)
    travel = ctx.travel(spec.vehicle)
    if spec.service_starts is None:
        start_time, starts, break_starts = _greedy_schedule(ctx, spec.vehicle, spec.stops)
    else:
        starts = list(spec.service_starts)
        break_starts = list(spec.break_starts or [])
        start_time = (
            spec.start_time if spec.start_time is not None else ctx.start_window(spec.vehicle)[0]
        )
    breaks = sorted(
        ((break_starts[k], k) for k in range(len(v.breaks)) if k < len(break_starts)),
    )
    load = [0] * n_units
    for pos in spec.stops:
        for u, q in enumerate(ctx.depot_loaded(pos)):
            load[u] += q
    start_loc = ctx.depot_index[v.start_depot]
    steps = [
        Step(StepType.START, v.start_depot, start_loc, start_time, start_time, 0, 0, tuple(load), 0)
    ]
    t = start_time
    dist = 0
    prev = start_loc
    travel_s = service_s = waiting_s = break_s = lateness_s = 0
    lateness_cost = 0
    delivered = [0] * n_units
    picked = [0] * n_units
    bi = 0

    def take_breaks(until: int | None) -> None:
        nonlocal bi, t, break_s
        while bi < len(breaks) and (until is None or breaks[bi][0] < until):
            bs, k = breaks[bi]
            d = v.breaks[k].duration_s
            steps.append(Step(StepType.BREAK, str(k), None, bs, bs + d, 0, d, tuple(load), dist))
            t = max(t, bs + d)
            break_s += d
            bi += 1

    for pos, ss in zip(spec.stops, starts, strict=True):
        stop = problem.stops[pos]
        loc = ctx.loc(pos)
        leg = int(travel[prev, loc])
        leg_start = t
        before = len(steps)
        take_breaks(ss)
        # the van drives on leaving; a break that starts before it gets there is taken
        # on the way, a later one at the stop while it waits (inside its waiting time)
        leg_breaks = [(s.arrival, s.service_s) for s in steps[before:]]
        arrival = min(ss, _drive_arrival(leg_start, leg, leg_breaks))
        dist += int(ctx.distance[prev, loc])
        travel_s += leg
        waiting = ss - arrival
        waiting_s += max(waiting, 0)
        late = _lateness(stop, ss)
        lateness_s += late
        lateness_cost += late * stop.lateness_cost_per_s
        for u in range(n_units):
            load[u] += stop.pickup[u] - stop.delivery[u]
            delivered[u] += stop.delivery[u]
            picked[u] += stop.pickup[u]
        service_s += stop.service_s
        t = ss + stop.service_s
        steps.append(
            Step(
                ctx.role.get(pos, StepType.JOB),
                stop.id,
                loc,
                arrival,
                t,
                max(waiting, 0),
                stop.service_s,
                tuple(load),
                dist,
                late,
            )
        )
        prev = loc
    last_departure = t
    before = len(steps)
    take_breaks(None)
    if v.end_depot is None:
        end_time = t
        steps.append(Step(StepType.END, None, None, end_time, end_time, 0, 0, tuple(load), dist))
    else:
        end_loc = ctx.depot_index[v.end_depot]
        leg = int(travel[prev, end_loc])
        # as on the way to a stop: the van drives back on leaving, a break that starts
        # before it gets there is taken on the way, a later one at the end depot (the
        # route ends when it is over); not after waiting at the last stop for it
        leg_breaks = [(s.arrival, s.service_s) for s in steps[before:]]
        end_time = max(t, _drive_arrival(last_departure, leg, leg_breaks))
        dist += int(ctx.distance[prev, end_loc])
        travel_s += leg
        steps.append(
            Step(StepType.END, v.end_depot, end_loc, end_time, end_time, 0, 0, tuple(load), dist)
        )
    duration = end_time - start_time
    waiting_s = duration - travel_s - service_s - break_s
    cost = route_cost(ctx.rates[spec.vehicle], dist, duration, lateness_cost)
    co2 = round(v.type.co2_g_per_km * dist / (1000 * problem.distance_scale))
    return Route(
        vehicle_id=v.id,
        vehicle_index=spec.vehicle,
        steps=tuple(steps),
        distance=dist,
        duration=duration,
        travel_s=travel_s,
        service_s=service_s,
        waiting_s=max(waiting_s, 0),
        break_s=break_s,
        lateness_s=lateness_s,
        cost=cost,
        co2_g=co2,
        delivery=tuple(delivered),
        pickup=tuple(picked),
    )


def _lateness(stop: Stop, service_start: int) -> int:
    if not stop.soft_windows or not stop.time_windows:
        return 0
    last_end = max(w.end for w in stop.time_windows)
    return max(0, service_start - last_end)


def _alone_failure(ctx: PlanContext, vehicle: int, stops: Sequence[int]) -> UnassignedReason | None:
    """Why ``vehicle`` cannot serve ``stops`` on an otherwise empty route (None: it can)."""
    problem = ctx.problem
    v = problem.vehicles[vehicle]
    for pos in stops:
        for u, cap in enumerate(v.type.capacity):
            if max(problem.stops[pos].delivery[u], problem.stops[pos].pickup[u]) > cap:
                return UnassignedReason.CAPACITY
    route = _build_route(ctx, RouteSpec(vehicle, tuple(stops)))
    for step in route.steps:
        if step.location_index is None or step.type in (StepType.START, StepType.END):
            continue
        stop = problem.stops[step.location_index - ctx.n_depots]
        in_window = any(w.start <= step.service_start <= w.end for w in stop.time_windows)
        if stop.time_windows and not stop.soft_windows and not in_window:
            return UnassignedReason.TIME_WINDOW
    if route.end > ctx.end_limit(vehicle):
        return UnassignedReason.TIME_WINDOW
    if v.type.max_distance_m is not None and route.distance > (
        v.type.max_distance_m * problem.distance_scale
    ):
        return UnassignedReason.MAX_DISTANCE
    if v.type.max_duration_s is not None and route.duration > v.type.max_duration_s:
        return UnassignedReason.MAX_DURATION
    return None


_DETAIL = {
    UnassignedReason.SKILLS: "no vehicle has every required skill ({skills})",
    UnassignedReason.CAPACITY: "no vehicle had room left for its quantities",
    UnassignedReason.TIME_WINDOW: "no vehicle can reach it within its time windows and shift",
    UnassignedReason.MAX_DISTANCE: "serving it exceeds every vehicle's maximum distance",
    UnassignedReason.MAX_DURATION: "serving it exceeds every vehicle's maximum duration",
    UnassignedReason.DROPPED_FOR_COST: "optional; its penalty is lower than the cost to serve it",
    UnassignedReason.NO_ROOM: "servable alone, but no route had room for it in time",
    UnassignedReason.NO_SOLUTION: "servable alone, but the search found no solution in time",
}


def diagnose(
    ctx: PlanContext, pos: int, routes: Sequence[Route], used: set[int], *, searched: bool = True
) -> tuple[UnassignedReason, str]:
    """Why stop ``pos`` (with its pair partner) is unserved, and the detail text.

    Single-stop routes decide: no capable vehicle (skills), or every capable vehicle
    failing it alone (capacity, time window, maximum distance or duration: the most
    common); an optional stop otherwise was dropped for cost; a required one lacked
    room (capacity when no used vehicle's peak load leaves room, else ``no_room``).
    ``routes`` and ``used`` (vehicle positions) are the plan's. Without ``searched``
    (no search placed the stops: no solution in time) a stop servable alone is
    ``no_solution``: neither cost nor room decided it.
    """
    problem = ctx.problem
    stop = problem.stops[pos]
    group = [pos]
    if pos in ctx.partner:
        other = ctx.partner[pos]
        group = [pos, other] if ctx.role[pos] is StepType.PICKUP else [other, pos]
    needed = frozenset().union(*(problem.stops[g].skills for g in group))
    capable = [i for i, v in enumerate(problem.vehicles) if needed <= v.type.skills]
    if not capable:
        return UnassignedReason.SKILLS, _DETAIL[UnassignedReason.SKILLS].format(
            skills=", ".join(sorted(needed))
        )
    failures = [ctx.alone_failure(i, tuple(group)) for i in capable]
    if all(f is not None for f in failures):
        order = [
            UnassignedReason.CAPACITY,
            UnassignedReason.TIME_WINDOW,
            UnassignedReason.MAX_DISTANCE,
            UnassignedReason.MAX_DURATION,
        ]
        reason = max(order, key=lambda r: (failures.count(r), -order.index(r)))
        return reason, _DETAIL[reason]
    if not searched:
        return UnassignedReason.NO_SOLUTION, _DETAIL[UnassignedReason.NO_SOLUTION]
    if stop.penalty is not None:
        return UnassignedReason.DROPPED_FOR_COST, _DETAIL[UnassignedReason.DROPPED_FOR_COST]
    free = [i for i, f in zip(capable, failures, strict=True) if i not in used and f is None]
    if not free:
        demand = [
            max(problem.stops[g].delivery[u] for g in group) for u in range(len(problem.units))
        ]
        roomy = False
        for r in routes:
            if r.vehicle_index not in capable:
                continue
            cap = problem.vehicles[r.vehicle_index].type.capacity
            peak = [max(s.load[u] for s in r.steps) for u in range(len(cap))]
            if all(peak[u] + demand[u] <= cap[u] for u in range(len(cap))):
                roomy = True
                break
        if not roomy:
            return UnassignedReason.CAPACITY, _DETAIL[UnassignedReason.CAPACITY]
    return UnassignedReason.NO_ROOM, _DETAIL[UnassignedReason.NO_ROOM]


def build_plan(
    problem: RoutingProblem,
    specs: Sequence[RouteSpec],
    *,
    backend: str = "",
    status: str | None = None,
    seconds: float = 0.0,
    objective: int | None = None,
    context: PlanContext | None = None,
    searched: bool | None = None,
) -> RoutePlan:
    """Build the full plan from the engines' visiting orders.

    Parameters
    ----------
    problem
        The problem that was solved.
    specs
        One :class:`RouteSpec` per used vehicle (empty ones are skipped).
    backend, seconds, objective
        Recorded in the plan.
    status
        ``None`` derives ``"solved"`` or ``"partial"`` from the unserved required stops.
    context
        Precomputed matrices (engines pass theirs to avoid recomputing).
    searched
        False when no search made ``specs`` (the time ran out before any solution):
        unserved stops that could be served alone get ``no_solution``, not a verdict
        on room or cost. ``None``: false for status ``"no_solution"``, else true.

    Returns
    -------
    RoutePlan
        Routes with timed steps, summary and unassigned stops with reasons.
    """
    ctx = context or PlanContext(problem)
    routes = [_build_route(ctx, s) for s in sorted(specs, key=lambda s: s.vehicle) if s.stops]
    served = {pos for s in specs for pos in s.stops}
    used = {r.vehicle_index for r in routes}
    if searched is None:
        searched = status != "no_solution"
    unassigned = []
    penalties = Fraction(0)
    for pos, stop in enumerate(problem.stops):
        if pos in served:
            continue
        reason, detail = diagnose(ctx, pos, routes, used, searched=searched)
        unassigned.append(Unassigned(stop.id, ctx.loc(pos), reason, stop.penalty is None, detail))
        penalties += unserved_cost(problem, stop)
    summary = PlanSummary.of_routes(
        routes,
        unassigned,
        span_cost_per_s=problem.objective.span_cost_per_s,
        penalties=round(penalties),
        n_units=len(problem.units),
    )
    if status is None:
        status = "solved" if summary.unassigned_required == 0 else "partial"
    return RoutePlan(
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        summary=summary,
        backend=backend,
        status=status,
        seconds=seconds,
        objective=objective,
        name=problem.name,
    )


def plan_from_routes(
    problem: RoutingProblem,
    routes: Sequence[Sequence[str]],
    *,
    vehicles: Sequence[int] | None = None,
    backend: str = "",
    seconds: float = 0.0,
    objective: int | None = None,
) -> RoutePlan:
    """Plan from stop-id sequences (one per vehicle), scheduled greedily.

    Parameters
    ----------
    routes
        Stop ids in visiting order; ``routes[k]`` is driven by vehicle
        ``vehicles[k]`` (default: vehicle ``k``).
    vehicles
        Vehicle positions in ``problem.vehicles``.
    """
    ctx = PlanContext(problem)
    vehicles = list(range(len(routes))) if vehicles is None else list(vehicles)
    specs = [
        RouteSpec(v, tuple(ctx.stop_pos[sid] for sid in r))
        for v, r in zip(vehicles, routes, strict=True)
    ]
    return build_plan(
        problem, specs, backend=backend, seconds=seconds, objective=objective, context=ctx
    )


def plan_from_vehicle_routes(
    problem: RoutingProblem,
    routes: Sequence[tuple[str, Sequence[str]]],
    *,
    backend: str = "",
    seconds: float = 0.0,
    objective: int | None = None,
) -> RoutePlan:
    """:func:`plan_from_routes` of ``(vehicle_id, [stop_id, ...])`` routes (the form
    engines, warm starts and ``initial_routes`` use), scheduled greedily."""
    position = {v.id: i for i, v in enumerate(problem.vehicles)}
    return plan_from_routes(
        problem,
        [stops for _, stops in routes],
        vehicles=[position[vid] for vid, _ in routes],
        backend=backend,
        seconds=seconds,
        objective=objective,
    )
