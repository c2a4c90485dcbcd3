"""Dispatched stops: route prefixes fixed before solving, and their pre-solve check.

A vehicle's ``dispatched`` stops were handed to its driver already: every plan
keeps them on that vehicle, in that order, at the start of its route, and serves
them even when they are optional. :func:`check_dispatched` proves, before any
search, that each prefix can be driven on its own (capacity step by step, skills,
time windows, shift, route limits) and that the vehicle of a dispatched pickup can
then serve its delivery (skills, hard time windows), so a dispatcher gets an error
naming the vehicle and what breaks instead of a plan without a solution (or one that
breaks a rule).

Times follow the plan builder: the vehicle leaves at the start of its shift (or
when its depot opens), drives at its type's speed and serves each stop at the
earliest time a window allows. Driver breaks are not placed by the check; a prefix
that only breaks with them leaves the engine without a plan (status
``no_solution``).
"""

from __future__ import annotations

from collections.abc import Callable

from logistics.domain.route_plan import StepType
from logistics.domain.routing import RoutingProblem
from logistics.errors import InvalidValueError, quoted
from solvers.routing import _travel
from solvers.routing.plan import earliest_service

__all__ = [
    "has_dispatched",
    "dispatched_chains",
    "always_served",
    "served_first_routes",
    "check_dispatched",
]


def has_dispatched(problem: RoutingProblem) -> bool:
    """Whether any vehicle has dispatched stops."""
    return any(v.dispatched for v in problem.vehicles)


def dispatched_chains(problem: RoutingProblem) -> dict[int, tuple[int, ...]]:
    """Vehicle position -> positions in ``problem.stops`` of its dispatched stops, in order."""
    pos = {s.id: i for i, s in enumerate(problem.stops)}
    return {
        v: tuple(pos[sid] for sid in veh.dispatched)
        for v, veh in enumerate(problem.vehicles)
        if veh.dispatched
    }


def always_served(problem: RoutingProblem) -> set[int]:
    """Stop positions that may not be dropped: dispatched stops, and the delivery of a
    dispatched pickup (the goods are on board)."""
    pos = {s.id: i for i, s in enumerate(problem.stops)}
    out = {pos[sid] for v in problem.vehicles for sid in v.dispatched}
    for p in problem.pairs:
        if pos[p.pickup_id] in out:
            out.add(pos[p.delivery_id])
    return out


def _pending_deliveries(
    problem: RoutingProblem, chains: dict[int, tuple[int, ...]]
) -> dict[int, dict[int, str]]:
    """Vehicle position -> {stop position of a delivery not dispatched: its pickup's id}
    for each dispatched pickup: the goods are on board, so that vehicle must serve it."""
    pos = {s.id: i for i, s in enumerate(problem.stops)}
    out: dict[int, dict[int, str]] = {}
    for v, chain in chains.items():
        for pair in problem.pairs:
            if pos[pair.pickup_id] in chain and pos[pair.delivery_id] not in chain:
                out.setdefault(v, {})[pos[pair.delivery_id]] = pair.pickup_id
    return out


def served_first_routes(problem: RoutingProblem) -> list[list[int]]:
    """Per vehicle, the stop positions every plan gives it: its dispatched stops in
    order, then the deliveries of its dispatched pickups that are not dispatched
    themselves (empty for the other vehicles). A search can start from them when it
    finds no first solution of its own."""
    chains = dispatched_chains(problem)
    pending = _pending_deliveries(problem, chains)
    return [[*chains.get(v, ()), *sorted(pending.get(v, {}))] for v in range(len(problem.vehicles))]


def _seconds(t: int) -> str:
    return f"{t} s"


def check_dispatched(
    problem: RoutingProblem, *, format_time: Callable[[int], str] | None = None
) -> None:
    """Raise when a vehicle cannot serve its dispatched stops on their own.

    Parameters
    ----------
    problem
        The problem; vehicles without dispatched stops are not looked at.
    format_time
        Renders a time (seconds from the plan's origin) in messages, e.g. as
        RFC 3339; default ``"36000 s"``.

    Raises
    ------
    InvalidValueError
        Field ``vehicles[i].dispatched``, value the dispatched ids, and a reason
        naming the stop and the rule it breaks (skills, capacity, time window,
        shift, maximum distance or duration; the delivery of a dispatched pickup:
        skills, hard time windows).
    """
    if not has_dispatched(problem):
        return
    fmt = format_time or _seconds
    nd = len(problem.depots)
    depot_index = {d.id: i for i, d in enumerate(problem.depots)}
    chains = dispatched_chains(problem)
    pending = _pending_deliveries(problem, chains)
    locs = sorted(
        set(range(nd))
        | {nd + p for chain in chains.values() for p in chain}
        | {nd + q for qs in pending.values() for q in qs}
    )
    at = {loc: k for k, loc in enumerate(locs)}
    dist, dur = _travel.tables_over(problem, locs)
    delivered_by_pair = {p.delivery_id for p in problem.pairs}
    roles = {p.pickup_id: StepType.PICKUP for p in problem.pairs}
    for v, chain in chains.items():
        veh = problem.vehicles[v]
        vt = veh.type
        field = f"vehicles[{v}].dispatched"

        def fail(reason: str, _field: str = field, _ids: tuple = veh.dispatched) -> None:
            raise InvalidValueError(_field, list(_ids), reason)

        stops = [problem.stops[p] for p in chain]
        for s in stops:
            if not s.skills <= vt.skills:
                missing = ", ".join(sorted(s.skills - vt.skills))
                fail(
                    f"stop {quoted(s.id)} needs skills {missing} that vehicle "
                    f"{quoted(veh.id)} lacks"
                )
        for q, pickup in pending.get(v, {}).items():
            s = problem.stops[q]
            if not s.skills <= vt.skills:
                missing = ", ".join(sorted(s.skills - vt.skills))
                fail(
                    f"stop {quoted(s.id)}, the delivery of dispatched pickup {quoted(pickup)}, "
                    f"needs skills {missing} that vehicle {quoted(veh.id)} lacks"
                )
        # capacity: what the route loads at the depot, then stop by stop
        load = [0] * len(problem.units)
        for s in stops:
            if s.id not in delivered_by_pair:
                load = [a + b for a, b in zip(load, s.delivery, strict=True)]
        for u, cap in enumerate(vt.capacity):
            if load[u] > cap:
                fail(
                    f"vehicle {quoted(veh.id)} leaves with {load[u]} {problem.units[u]} for its "
                    f"dispatched stops, more than its capacity {cap}"
                )
        for s in stops:
            load = [a + p - d for a, p, d in zip(load, s.pickup, s.delivery, strict=True)]
            for u, cap in enumerate(vt.capacity):
                if load[u] > cap:
                    what = "picking up at" if s.id in roles else "after"
                    fail(
                        f"{what} stop {quoted(s.id)} it carries {load[u]} {problem.units[u]}, "
                        f"more than its capacity {cap}"
                    )
        # time, distance and duration limits
        home = depot_index[veh.start_depot]
        dep = problem.depots[home]
        t = max(veh.shift.start, dep.opening.start)
        travel = _travel.scaled(dur, vt.speed_factor)
        prev = at[home]
        meters = driving = 0
        for p, s in zip(chain, stops, strict=True):
            here = at[nd + p]
            leg = int(travel[prev, here])
            arrival = t + leg
            start, _ = earliest_service(s, arrival)
            windows = sorted(s.time_windows, key=lambda w: w.start)
            if windows and not s.soft_windows and arrival > windows[-1].end:
                fail(
                    f"stop {quoted(s.id)} cannot be reached before its window closes at "
                    f"{fmt(windows[-1].end)} (earliest arrival {fmt(arrival)})"
                )
            meters += int(dist[prev, here])
            driving += leg + s.service_s
            t = start + s.service_s
            prev = here
        for q, pickup in pending.get(v, {}).items():
            s = problem.stops[q]
            arrival = t + int(travel[prev, at[nd + q]])
            windows = sorted(s.time_windows, key=lambda w: w.start)
            if windows and not s.soft_windows and arrival > windows[-1].end:
                fail(
                    f"stop {quoted(s.id)}, the delivery of dispatched pickup {quoted(pickup)}, "
                    "cannot be reached after the dispatched stops before its window closes at "
                    f"{fmt(windows[-1].end)} (earliest arrival {fmt(arrival)})"
                )
        if veh.end_depot is not None:
            end = depot_index[veh.end_depot]
            leg = int(travel[prev, at[end]])
            meters += int(dist[prev, at[end]])
            driving += leg
            t += leg
            limit = min(veh.shift.end, problem.depots[end].opening.end)
            if t > limit:
                fail(
                    f"after its dispatched stops vehicle {quoted(veh.id)} is back at depot "
                    f"{quoted(veh.end_depot)} at {fmt(t)} at the earliest, after its shift or the "
                    f"depot closes at {fmt(limit)}"
                )
        elif t > veh.shift.end:
            fail(
                f"vehicle {quoted(veh.id)} finishes its dispatched stops at {fmt(t)} at the "
                f"earliest, after its shift ends at {fmt(veh.shift.end)}"
            )
        if vt.max_distance_m is not None and meters > vt.max_distance_m * problem.distance_scale:
            fail(
                f"its dispatched stops take {meters / problem.distance_scale:g} m, more than "
                f"the maximum distance {vt.max_distance_m} m of vehicle type {quoted(vt.id)}"
            )
        if vt.max_duration_s is not None and driving > vt.max_duration_s:
            fail(
                f"driving and serving its dispatched stops takes {driving} s, more than the "
                f"maximum duration {vt.max_duration_s} s of vehicle type {quoted(vt.id)}"
            )
