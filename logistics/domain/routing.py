"""The delivery route planning problem: depots, stops, fleet, travel and objective.

Locations are indexed ``0..len(depots)-1`` for depots, then one index per stop in
``stops`` order. Travel matrices (when given) use that indexing. Benchmark sets
give planar coordinates whose distance convention (full precision, rounded,
truncated) is chosen by the reader; ``distance_scale`` says how many matrix units
make one unit of the set's own cost, so results can be reported in its convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from logistics.domain._checks import (
    MAX_AMOUNT,
    require_bool,
    require_id,
    require_tuple_of,
    require_unique,
    store_int,
)
from logistics.domain.fleet import Vehicle
from logistics.domain.geo import LatLon, Point
from logistics.domain.stops import PickupDelivery, Stop, TimeWindow
from logistics.errors import InvalidValueError, quoted

__all__ = ["Depot", "Objective", "RoutingProblem"]


@dataclass(frozen=True, slots=True)
class Depot:
    """Where vehicles start and end; ``opening`` in seconds from the plan's origin."""

    id: str
    location: LatLon | Point
    opening: TimeWindow = TimeWindow(0, 86_400)

    def __post_init__(self) -> None:
        require_id("id", self.id)
        if not isinstance(self.location, LatLon | Point):
            raise InvalidValueError("location", self.location, "a depot needs a location")


@dataclass(frozen=True, slots=True)
class Objective:
    """What a plan costs; every term is in cents (or the set's cost units).

    Parameters
    ----------
    vehicle_costs
        Charge each vehicle type's fixed cost, cost per km and per hour.
    distance_per_m, duration_per_s
        Extra weights on total distance (per matrix unit) and duration (per s);
        benchmarks with a distance-only objective set ``distance_per_m=1`` and
        ``vehicle_costs=False``.
    per_vehicle
        Extra cost per vehicle used (a large value gives the hierarchical
        vehicles-then-distance objective).
    span_cost_per_s
        Workload balance: cost per second of the longest route.
    unserved_penalty
        Cost counted in a plan's cost for each *required* stop it leaves unserved
        (optional stops carry their own ``penalty``); the solvers treat dropping a
        required stop as far costlier than any route, so this only prices the
        reported plan.
    """

    vehicle_costs: bool = True
    distance_per_m: int = 0
    duration_per_s: int = 0
    per_vehicle: int = 0
    span_cost_per_s: int = 0
    unserved_penalty: int = 1_000_000

    def __post_init__(self) -> None:
        require_bool("vehicle_costs", self.vehicle_costs)
        for name in (
            "distance_per_m",
            "duration_per_s",
            "per_vehicle",
            "span_cost_per_s",
            "unserved_penalty",
        ):
            store_int(self, name, minimum=0, maximum=MAX_AMOUNT)


@dataclass(frozen=True, eq=False)
class RoutingProblem:
    """A day's routing problem for one or several depots.

    Parameters
    ----------
    depots, stops, vehicles
        The places and the fleet; ids unique within each group. A vehicle's
        ``dispatched`` ids must be stops, each on one vehicle only, and a dispatched
        delivery needs its pickup dispatched before it on the same vehicle.
    pairs
        Pickup-and-delivery pairs (same vehicle, pickup first).
    units
        Names of the capacity units, e.g. ``("kg", "l", "parcels")``; every
        stop's quantities and every vehicle's capacity have this length.
    distance
        Optional integer matrix (depots then stops) of travel distance in
        meters times ``distance_scale``; computed from locations when ``None``.
    duration
        Optional integer matrix of travel time in seconds (same indexing).
    distance_scale
        Matrix units per meter (or per unit of the set's own distance).
    objective
        The weighted objective.
    name
        Instance name (benchmarks) or plan label.
    """

    depots: tuple[Depot, ...]
    stops: tuple[Stop, ...]
    vehicles: tuple[Vehicle, ...]
    pairs: tuple[PickupDelivery, ...] = ()
    units: tuple[str, ...] = ("parcels",)
    distance: np.ndarray | None = field(default=None, repr=False)
    duration: np.ndarray | None = field(default=None, repr=False)
    distance_scale: int = 1
    objective: Objective = Objective()
    name: str = ""

    def __post_init__(self) -> None:
        # tuples: a list stayed the caller's, so stops appended after validation were solved
        for name, cls in (
            ("depots", Depot),
            ("stops", Stop),
            ("vehicles", Vehicle),
            ("pairs", PickupDelivery),
            ("units", str),
        ):
            value = getattr(self, name)
            if isinstance(value, list):
                value = tuple(value)
                object.__setattr__(self, name, value)
            require_tuple_of(name, value, cls)
        if not self.depots:
            raise InvalidValueError("depots", self.depots, "at least one depot")
        if not self.vehicles:
            raise InvalidValueError("vehicles", self.vehicles, "at least one vehicle")
        require_unique("depots", (d.id for d in self.depots))
        require_unique("stops", (s.id for s in self.stops))
        require_unique("vehicles", (v.id for v in self.vehicles))
        store_int(self, "distance_scale", minimum=1)
        n_units = len(self.units)
        depot_ids = {d.id for d in self.depots}
        for i, v in enumerate(self.vehicles):
            if len(v.type.capacity) != n_units:
                raise InvalidValueError(
                    f"vehicles[{i}].type.capacity", v.type.capacity, f"needs {n_units} units"
                )
            if v.start_depot not in depot_ids:
                raise InvalidValueError(
                    f"vehicles[{i}].start_depot", v.start_depot, "no such depot"
                )
            if v.end_depot is not None and v.end_depot not in depot_ids:
                raise InvalidValueError(f"vehicles[{i}].end_depot", v.end_depot, "no such depot")
            home = next(d for d in self.depots if d.id == v.start_depot)
            if v.shift.start > home.opening.end or v.shift.end < home.opening.start:
                raise InvalidValueError(
                    f"vehicles[{i}].shift",
                    v.shift,
                    f"does not overlap the opening hours of depot {quoted(v.start_depot)}",
                )
            if v.end_depot is not None:
                end = next(d for d in self.depots if d.id == v.end_depot)
                if end.opening.end < max(v.shift.start, home.opening.start):
                    raise InvalidValueError(
                        f"vehicles[{i}].end_depot",
                        v.end_depot,
                        f"depot {quoted(v.end_depot)} closes before the vehicle can leave "
                        f"depot {quoted(v.start_depot)}",
                    )
        capacities = {v.type.capacity for v in self.vehicles}
        for i, s in enumerate(self.stops):
            if not isinstance(s, Stop):
                raise InvalidValueError(f"stops[{i}]", s, "expected a Stop")
            if len(s.delivery) != n_units:
                raise InvalidValueError(
                    f"stops[{i}].delivery", s.delivery, f"needs {n_units} units"
                )
            for what in ("delivery", "pickup"):
                qty = getattr(s, what)
                for u in range(n_units):
                    if qty[u] > max(v.type.capacity[u] for v in self.vehicles):
                        raise InvalidValueError(
                            f"stops[{i}].{what}[{u}]",
                            qty[u],
                            f"stop {quoted(s.id)}: {qty[u]} {self.units[u]} is more than any "
                            "vehicle carries",
                        )
            _check_fits_one_vehicle(i, s, capacities, self.units)
        stop_ids = {s.id for s in self.stops}
        paired: set[str] = set()
        for i, p in enumerate(self.pairs):
            for name in ("pickup_id", "delivery_id"):
                if getattr(p, name) not in stop_ids:
                    raise InvalidValueError(f"pairs[{i}].{name}", getattr(p, name), "no such stop")
                if getattr(p, name) in paired:
                    raise InvalidValueError(
                        f"pairs[{i}].{name}", getattr(p, name), "stop already in another pair"
                    )
                paired.add(getattr(p, name))
        by_id = {s.id: s for s in self.stops}
        for i, p in enumerate(self.pairs):
            got, drop = by_id[p.pickup_id].pickup, by_id[p.delivery_id].delivery
            for u, (d, g) in enumerate(zip(drop, got, strict=True)):
                if d > g:
                    raise InvalidValueError(
                        f"pairs[{i}].delivery_id",
                        p.delivery_id,
                        f"delivers {d} {self.units[u]}, more than its pickup {quoted(p.pickup_id)} "
                        f"collects ({g} {self.units[u]})",
                    )
        _check_dispatched(self.vehicles, by_id, self.pairs)
        n = len(self.depots) + len(self.stops)
        for name in ("distance", "duration"):
            m = getattr(self, name)
            if m is None:
                continue
            if not isinstance(m, np.ndarray) or m.shape != (n, n):
                raise InvalidValueError(
                    name, getattr(m, "shape", m), f"expected an ({n}, {n}) array"
                )
            if not np.issubdtype(m.dtype, np.integer):
                raise InvalidValueError(name, str(m.dtype), "expected an integer matrix")
            if (m < 0).any():
                i, j = np.argwhere(m < 0)[0]
                raise InvalidValueError(
                    f"{name}[{i}][{j}]", int(m[i, j]), "travel must not be negative"
                )
            if m.flags.writeable or m.base is not None:
                # a private copy: freezing the caller's array in place made it read-only
                # for them, and writes through a view's base still reached the problem
                m = m.copy()
                m.setflags(write=False)
                object.__setattr__(self, name, m)

    @property
    def n_locations(self) -> int:
        """Depots plus stops."""
        return len(self.depots) + len(self.stops)

    @property
    def horizon(self) -> int:
        """The latest time in the problem (s): shift ends, depot closings, window ends."""
        return max(
            [v.shift.end for v in self.vehicles]
            + [d.opening.end for d in self.depots]
            + [w.end for s in self.stops for w in s.time_windows]
        )

    def stop_index(self, stop_id: str) -> int:
        """Location index of a stop id."""
        for i, s in enumerate(self.stops):
            if s.id == stop_id:
                return len(self.depots) + i
        raise InvalidValueError("stop_id", stop_id, "no such stop")


def _check_fits_one_vehicle(
    i: int, stop: Stop, capacities: set[tuple[int, ...]], units: tuple[str, ...]
) -> None:
    """Some one vehicle carries the stop's delivery (to it) and its pickup (from it).

    Each unit alone was checked against the roomiest vehicle for that unit; a stop
    may still need more of two units than any single vehicle has.
    """

    def fits(need: tuple[int, ...]) -> bool:
        return any(all(q <= c for q, c in zip(need, cap, strict=True)) for cap in capacities)

    def told(qty: tuple[int, ...]) -> str:
        return " and ".join(f"{q} {u}" for q, u in zip(qty, units, strict=True) if q) or "nothing"

    for what in ("delivery", "pickup"):
        qty = getattr(stop, what)
        if not fits(qty):
            raise InvalidValueError(
                f"stops[{i}].{what}",
                qty,
                f"stop {quoted(stop.id)}: no vehicle carries {told(qty)} at once",
            )
    if not fits(tuple(max(d, p) for d, p in zip(stop.delivery, stop.pickup, strict=True))):
        raise InvalidValueError(
            f"stops[{i}].pickup",
            stop.pickup,
            f"stop {quoted(stop.id)}: no vehicle carries both its delivery ({told(stop.delivery)}) "
            f"and its pickup ({told(stop.pickup)})",
        )


def _check_dispatched(
    vehicles: tuple[Vehicle, ...], stops: dict[str, Stop], pairs: tuple[PickupDelivery, ...]
) -> None:
    """Dispatched stops exist, sit on one vehicle only, and keep their pairs together.

    A dispatched delivery needs its pickup dispatched before it on the same vehicle;
    a dispatched pickup's delivery may not be dispatched on another vehicle.
    """
    where: dict[str, tuple[int, int]] = {}  # stop id -> (vehicle position, rank)
    for i, v in enumerate(vehicles):
        for k, sid in enumerate(v.dispatched):
            field = f"vehicles[{i}].dispatched[{k}]"
            if sid not in stops:
                raise InvalidValueError(field, sid, "no such stop")
            if sid in where:
                other = vehicles[where[sid][0]].id
                raise InvalidValueError(
                    field, sid, f"already dispatched on vehicle {quoted(other)}"
                )
            where[sid] = (i, k)
    for p in pairs:
        if p.delivery_id not in where:
            continue
        i, k = where[p.delivery_id]
        field = f"vehicles[{i}].dispatched[{k}]"
        if p.pickup_id not in where:
            raise InvalidValueError(
                field,
                p.delivery_id,
                f"its pickup {quoted(p.pickup_id)} must be dispatched before it on the same "
                "vehicle",
            )
        pi, pk = where[p.pickup_id]
        if pi != i:
            raise InvalidValueError(
                field,
                p.delivery_id,
                f"its pickup {quoted(p.pickup_id)} is dispatched on vehicle "
                f"{quoted(vehicles[pi].id)}",
            )
        if pk > k:
            raise InvalidValueError(
                field, p.delivery_id, f"its pickup {quoted(p.pickup_id)} is dispatched after it"
            )
