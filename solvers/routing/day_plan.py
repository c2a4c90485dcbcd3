"""Plan a day's routes depot by depot (the dispatcher's view and the demo).

A multi-depot problem can be solved whole by :func:`solvers.routing.solve`; a
dispatcher usually wants one plan per depot instead: each depot's vehicles serve
that depot's stops (given, e.g. the warehouse that picked the order, or the nearest
depot that has vehicles).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np

from logistics.domain.fleet import Vehicle
from logistics.domain.route_plan import RoutePlan
from logistics.domain.routing import RoutingProblem
from logistics.domain.stops import Stop
from logistics.errors import InvalidValueError, quoted
from solvers.progress import Progress, ProgressCallback, StopCheck
from solvers.routing import _travel
from solvers.routing.params import RoutingParams
from solvers.routing.solve import solve

__all__ = ["split_by_depot", "plan_day_per_depot"]


def _carries(vehicle: Vehicle, stop: Stop) -> bool:
    """``vehicle`` has the stop's skills and room for its delivery and its pickup."""
    t = vehicle.type
    return stop.skills <= t.skills and all(
        max(d, p) <= c for d, p, c in zip(stop.delivery, stop.pickup, t.capacity, strict=False)
    )


def split_by_depot(
    problem: RoutingProblem, stop_depot: Mapping[str, str] | None = None
) -> dict[str, RoutingProblem]:
    """One sub-problem per depot that has vehicles.

    Parameters
    ----------
    problem
        The whole day.
    stop_depot
        Stop id -> depot id; stops not listed go to the nearest depot (by the
        problem's distance matrix) with a vehicle starting there that has the stop's
        skills and room for it (the nearest depot with vehicles if none has). A
        pickup and its delivery go where the pickup goes; a dispatched stop goes to
        its vehicle's depot.

    Returns
    -------
    dict
        Depot id -> sub-problem (its vehicles, its stops, the depots its vehicles
        start and end at, the matching slices of the matrices).

    Raises
    ------
    InvalidValueError
        An unknown stop is mapped, a stop is mapped to an unknown depot or to one
        without vehicles, or a dispatched stop to a depot other than its vehicle's.
    """
    homes = sorted({v.start_depot for v in problem.vehicles})
    depot_pos = {d.id: i for i, d in enumerate(problem.depots)}
    nd = len(problem.depots)
    dist = _travel.distance_table(problem)
    stop_depot = dict(stop_depot or {})
    known = {s.id for s in problem.stops}
    for sid, d in stop_depot.items():  # a misspelt id would silently go to the nearest
        if sid not in known:
            raise InvalidValueError(f"stop_depot[{sid!r}]", d, "no such stop")
    partner_pickup = {p.delivery_id: p.pickup_id for p in problem.pairs}
    chosen: dict[str, str] = {}
    for i, s in enumerate(problem.stops):
        if s.id in stop_depot:
            d = stop_depot[s.id]
            if d not in homes:
                raise InvalidValueError(f"stop_depot[{s.id!r}]", d, "no vehicles start there")
        else:
            loc = nd + i
            # the nearest home with a vehicle that can carry the stop (skills and
            # capacity); only if none has one, the nearest home (it comes back unassigned)
            able = [
                h
                for h in homes
                if any(_carries(v, s) for v in problem.vehicles if v.start_depot == h)
            ]
            d = min(able or homes, key=lambda h: (int(dist[depot_pos[h], loc]), h))
        chosen[s.id] = d
    for v in problem.vehicles:  # a dispatched stop stays with its vehicle's depot
        for sid in v.dispatched:
            if stop_depot.get(sid, v.start_depot) != v.start_depot:
                raise InvalidValueError(
                    f"stop_depot[{sid!r}]",
                    stop_depot[sid],
                    f"dispatched on vehicle {quoted(v.id)}, which starts at "
                    f"{quoted(v.start_depot)}",
                )
            chosen[sid] = v.start_depot
    for delivery, pickup in partner_pickup.items():
        chosen[delivery] = chosen[pickup]
    out: dict[str, RoutingProblem] = {}
    for home in homes:
        vehicles = tuple(v for v in problem.vehicles if v.start_depot == home)
        dep_ids = [home] + sorted(
            {v.end_depot for v in vehicles if v.end_depot not in (None, home)}
        )
        keep_stops = [i for i, s in enumerate(problem.stops) if chosen[s.id] == home]
        locs = [depot_pos[d] for d in dep_ids] + [nd + i for i in keep_stops]
        stop_ids = {problem.stops[i].id for i in keep_stops}

        def sub(m: np.ndarray | None, _locs=locs) -> np.ndarray | None:
            return None if m is None else np.array(m[np.ix_(_locs, _locs)])

        out[home] = replace(
            problem,
            depots=tuple(problem.depots[depot_pos[d]] for d in dep_ids),
            stops=tuple(problem.stops[i] for i in keep_stops),
            vehicles=vehicles,
            pairs=tuple(p for p in problem.pairs if p.pickup_id in stop_ids),
            distance=sub(problem.distance),
            duration=sub(problem.duration),
            name=f"{problem.name}@{home}" if problem.name else home,
        )
    return out


def _depot_reports(
    on_progress: ProgressCallback | None,
    started: float,
    done: float,
    depot_id: str,
    last: list[float],
) -> ProgressCallback | None:
    """``on_progress`` for one depot's solve: the day's clock (from ``started``, a
    ``time.monotonic()`` reading) and objective (``done`` plus the depot's best, which
    ``last`` keeps)."""
    if on_progress is None:
        return None
    callback = on_progress

    def report(p: Progress) -> None:
        last[:] = [] if p.best is None else [p.best]
        best = None if p.best is None else done + p.best
        callback(Progress(time.monotonic() - started, best, None, f"{depot_id}: {p.phase}"))

    return report


def plan_day_per_depot(
    problem: RoutingProblem,
    params: RoutingParams | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
    stop_depot: Mapping[str, str] | None = None,
    on_depot: Callable[[str, RoutePlan], None] | None = None,
) -> dict[str, RoutePlan]:
    """Solve the day's routes of each depot, one after another.

    Parameters
    ----------
    problem
        The whole day (all depots, stops and vehicles).
    params
        Search parameters; ``time_limit_s`` is the budget for the whole day, shared
        between depots in proportion to their stops.
    on_progress
        Called with a :class:`~solvers.progress.Progress` each time the depot being
        solved improves (:func:`~solvers.routing.solve`): ``elapsed_s`` counts from the
        start of the day's solve, ``best`` is the day's objective so far (the engine's
        objective in cents of the depots done plus the current depot's best: it grows as
        depots are added), no bound, ``phase`` ``"<depot id>: <engine phase>"``.
    should_stop
        Handed to each depot's solve: once true the depot being solved ends with its
        best plan so far and the depots after it with their engine's first plan (every
        depot still gets a plan).
    stop_depot
        Which depot serves which stop (see :func:`split_by_depot`).
    on_depot
        Called with ``(depot id, plan)`` as each depot's plan is ready.

    Returns
    -------
    dict
        Depot id -> its :class:`RoutePlan`.
    """
    started = time.monotonic()
    params = params or RoutingParams()
    parts = split_by_depot(problem, stop_depot)
    total = sum(max(1, len(p.stops)) for p in parts.values())
    plans: dict[str, RoutePlan] = {}
    done = 0.0  # the engine's objective of the depots planned so far
    for depot_id, part in parts.items():
        share = params.time_limit_s * max(1, len(part.stops)) / total
        last: list[float] = []  # this depot's best so far
        plan = solve(
            part,
            replace(params, time_limit_s=max(0.2, share)),
            _depot_reports(on_progress, started, done, depot_id, last),
            should_stop=should_stop,
        )
        done += last[0] if last else plan.summary.cost
        plans[depot_id] = plan
        if on_depot is not None:
            on_depot(depot_id, plan)
    return plans
