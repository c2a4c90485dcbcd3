"""A live re-plan in the routing JSON: the day from ``now`` on, vans on the road.

The routing domain has no clock and no van positions; the JSON reader
(:mod:`logistics.routing_json`) turns a document's ``now`` and a vehicle's
``position`` into what it does have:

* :func:`from_now`: no shift starts before now;
* a depot at the van's position, open at now only, that its route starts from
  (built by the reader);
* :func:`keep_new_deliveries_off_the_road`: a van on the road carries only what it
  loaded, its dispatched deliveries; goods still at a depot need a van there. A route
  counts every delivery on it as loaded at its start, so new deliveries get the skill
  :data:`LOADS_AT_DEPOT` and only vans without a position have it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from logistics.domain.fleet import Vehicle, VehicleType
from logistics.domain.stops import PickupDelivery, Stop, TimeWindow

__all__ = [
    "LOADS_AT_DEPOT",
    "ON_THE_ROAD",
    "from_now",
    "keep_new_deliveries_off_the_road",
]

LOADS_AT_DEPOT = "loads-at-depot"
"""Skill of a delivery whose goods are still at a depot, and of every vehicle type of the
vans that can load them (those without a ``position``)."""

ON_THE_ROAD = ":on-the-road"
"""Suffix of the copy of a vehicle type, without :data:`LOADS_AT_DEPOT`, that vans with a
``position`` get (``van`` -> ``van:on-the-road``)."""


def from_now(shift: TimeWindow, now: int) -> TimeWindow:
    """A vehicle's shift from ``now`` on (s): no route starts before now; a shift over by
    then is the empty window at now."""
    return TimeWindow(max(shift.start, now), max(shift.end, now))


def keep_new_deliveries_off_the_road(
    vehicles: Sequence[Vehicle],
    on_the_road: set[str],
    stops: Sequence[Stop],
    pairs: Sequence[PickupDelivery],
) -> tuple[list[Vehicle], list[Stop]]:
    """Vehicles and stops such that a van of ``on_the_road`` (vehicle ids) is given no
    delivery but its dispatched ones and those of pickups (goods it collects on the way).

    Every other delivery needs :data:`LOADS_AT_DEPOT`; the other vans' types have it,
    the vans on the road get a copy of their type without it (:data:`ON_THE_ROAD`).
    Unchanged when no van is on the road.
    """
    if not on_the_road:
        return list(vehicles), list(stops)
    aboard = {s for v in vehicles if v.id in on_the_road for s in v.dispatched}
    collected = {p.delivery_id for p in pairs}
    out_stops = [
        replace(s, skills=s.skills | {LOADS_AT_DEPOT})
        if any(s.delivery) and s.id not in aboard and s.id not in collected
        else s
        for s in stops
    ]
    at_depot: dict[str, VehicleType] = {}
    on_road: dict[str, VehicleType] = {}
    out_vehicles = []
    for v in vehicles:
        t = v.type
        if v.id in on_the_road:
            new = on_road.setdefault(t.id, replace(t, id=t.id + ON_THE_ROAD))
        else:
            new = at_depot.setdefault(t.id, replace(t, skills=t.skills | {LOADS_AT_DEPOT}))
        out_vehicles.append(replace(v, type=new))
    return out_vehicles, out_stops
