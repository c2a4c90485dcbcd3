"""Warm starts for :func:`solvers.routing.solve`: routes a search starts from.

A warm start is a list of ``(vehicle_id, [stop_id, ...])`` routes, one per used
vehicle, in visiting order (the shape of PyVRP's answer and of
``[(r.vehicle_id, r.stop_ids) for r in plan.routes]``). :func:`check_initial_routes`
checks the ids (typed errors naming the field); whether the routes are *feasible*
is the engine's business: OR-Tools rejects routes that break a constraint
(``ReadAssignmentFromRoutes`` returns ``None``) and then starts from scratch, PyVRP
starts from them either way and keeps only feasible bests. A warm start never makes
a solve fail.
"""

from __future__ import annotations

from collections.abc import Sequence

from logistics.domain.routing import RoutingProblem
from logistics.errors import InvalidValueError

__all__ = ["InitialRoutes", "check_initial_routes", "per_vehicle"]

InitialRoutes = Sequence[tuple[str, Sequence[str]]]
"""``[(vehicle_id, [stop_id, ...]), ...]``: the used vehicles' routes, in visiting order."""


def check_initial_routes(
    problem: RoutingProblem, routes: InitialRoutes, field: str = "initial_routes"
) -> list[tuple[str, list[str]]]:
    """``routes`` as a list of ``(vehicle_id, [stop_id, ...])``, its ids checked.

    Raises
    ------
    InvalidValueError
        Naming the field (``initial_routes``, ``initial_routes[i].vehicle``,
        ``initial_routes[i].stops[j]``): more routes than vehicles, a route that is
        not a ``(vehicle_id, stops)`` pair, an unknown or repeated vehicle id, an
        unknown stop id, a stop in two places.
    """
    if isinstance(routes, str | bytes) or not isinstance(routes, Sequence):
        raise InvalidValueError(field, routes, "a list of (vehicle_id, [stop_id, ...]) routes")
    if len(routes) > len(problem.vehicles):
        raise InvalidValueError(
            field,
            f"{len(routes)} routes",
            f"at most one route per vehicle ({len(problem.vehicles)} vehicles)",
        )
    vehicles = {v.id for v in problem.vehicles}
    stops = {s.id for s in problem.stops}
    seen_vehicles: dict[str, int] = {}
    seen_stops: dict[str, str] = {}
    out: list[tuple[str, list[str]]] = []
    for i, route in enumerate(routes):
        here = f"{field}[{i}]"
        if (
            isinstance(route, str | bytes)
            or not isinstance(route, Sequence)
            or len(route) != 2
            or isinstance(route[1], str | bytes)
            or not isinstance(route[1], Sequence)
        ):
            raise InvalidValueError(here, route, "a (vehicle_id, [stop_id, ...]) pair")
        vid, route_stops = route
        if vid not in vehicles:
            raise InvalidValueError(f"{here}.vehicle", vid, "a vehicle id of the problem")
        if vid in seen_vehicles:
            also = f"{field}[{seen_vehicles[vid]}]"
            raise InvalidValueError(f"{here}.vehicle", vid, f"one route per vehicle (also {also})")
        seen_vehicles[vid] = i
        for j, sid in enumerate(route_stops):
            at = f"{here}.stops[{j}]"
            if sid not in stops:
                raise InvalidValueError(at, sid, "a stop id of the problem")
            if sid in seen_stops:
                raise InvalidValueError(at, sid, f"each stop once (also at {seen_stops[sid]})")
            seen_stops[sid] = at
        out.append((vid, list(route_stops)))
    return out


def per_vehicle(problem: RoutingProblem, routes: InitialRoutes) -> list[list[str]]:
    """One stop list per vehicle of ``problem``, in vehicle order (OR-Tools' form)."""
    by_vehicle = {vid: list(stops) for vid, stops in routes}
    return [by_vehicle.get(v.id, []) for v in problem.vehicles]
