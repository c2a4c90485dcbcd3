"""Tiny routing instances for the tests (planar points, Euclidean travel)."""

from __future__ import annotations

from logistics.domain import (
    Depot,
    Objective,
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
    VehicleType,
)

DAY = TimeWindow(0, 10_000)


def van(capacity=(10,), **kw) -> VehicleType:
    return VehicleType(kw.pop("id", "van"), capacity, **kw)


def line_problem(
    n: int = 6,
    *,
    capacity=(10,),
    n_vehicles: int = 2,
    demand: int = 2,
    objective: Objective = Objective(vehicle_costs=False, distance_per_m=1),
    **stop_kw,
) -> RoutingProblem:
    """Stops on a ring around one depot at (0, 0)."""
    pts = [(10, 0), (0, 10), (-10, 0), (0, -10), (7, 7), (-7, -7), (7, -7), (-7, 7)]
    stops = tuple(
        Stop(
            f"s{i}",
            Point(*pts[i % len(pts)]) if i < len(pts) else Point(i, i),
            delivery=(demand,) + (0,) * (len(capacity) - 1),
            pickup=(0,) * len(capacity),
            **stop_kw,
        )
        for i in range(n)
    )
    t = van(capacity)
    vehicles = tuple(Vehicle(f"v{k}", t, "d", "d", shift=DAY) for k in range(n_vehicles))
    units = ("parcels",) if len(capacity) == 1 else tuple(f"u{k}" for k in range(len(capacity)))
    return RoutingProblem(
        depots=(Depot("d", Point(0, 0)),),
        stops=stops,
        vehicles=vehicles,
        units=units,
        objective=objective,
        name="ring",
    )
