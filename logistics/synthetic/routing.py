"""Turn a synthetic day's orders into a delivery routing problem for one depot.

Which warehouse ships which order is order sourcing's decision; this helper
takes the orders it is given (by default every order whose nearest warehouse
is the depot, a naive stand-in for sourcing) and builds a
:class:`~logistics.domain.RoutingProblem`:

* one stop per order at its ship-to address, delivering ``(kg, litres,
  parcels)`` (:meth:`SyntheticDay.order_load`), with 2 minutes of service plus
  30 seconds per parcel;
* same-city orders get a hard window from 30 minutes after ordering (pick and
  pack) to their promised deadline; other promises have no window today;
* every stop may be dropped at a penalty that grows with the promise (cents):
  same-city 50,000, same-day 20,000, next-day 8,000, standard 3,000 — the cost
  of a broken promise or a re-delivery — and priority 90/70/40/10;
* the depot's own vehicles (08:00-18:00 shift, lunch break);
* integer travel matrices (depot first, then stops) from a
  :class:`~logistics.matrices.MatrixProvider`: by default great-circle
  distances times a 1.3 road factor and the congested urban speed profile
  for departures at 11:00 (mid-shift).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from logistics.domain.orders import Order, PromiseKind
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import Stop, TimeWindow
from logistics.errors import InvalidValueError, one_of
from logistics.matrices import HaversineProvider, MatrixProvider, haversine_matrix
from logistics.synthetic.day import SyntheticDay
from logistics.synthetic.transport import SHIFT
from logistics.travel_time import SpeedProfile

__all__ = ["UNITS", "PROMISE_PENALTY", "nearest_warehouse_orders", "delivery_problem"]

UNITS = ("kg", "l", "parcels")
"""Capacity units of the synthetic fleet and stops."""

PROMISE_PENALTY = {
    PromiseKind.SAME_CITY: (50_000, 90),
    PromiseKind.SAME_DAY: (20_000, 70),
    PromiseKind.NEXT_DAY: (8_000, 40),
    PromiseKind.STANDARD: (3_000, 10),
}
"""(penalty in cents for not delivering, priority 0..100) per promise."""


def nearest_warehouse_orders(day: SyntheticDay, warehouse_id: str) -> tuple[Order, ...]:
    """The orders whose nearest warehouse (straight line) is ``warehouse_id``."""
    ids = [w.id for w in day.warehouses]
    if warehouse_id not in ids:
        raise InvalidValueError("warehouse_id", warehouse_id, one_of(ids))
    d = haversine_matrix([o.ship_to for o in day.orders], [w.location for w in day.warehouses])
    nearest = np.argmin(d, axis=1)
    k = ids.index(warehouse_id)
    return tuple(o for o, j in zip(day.orders, nearest, strict=True) if j == k)


def delivery_problem(
    day: SyntheticDay,
    warehouse_id: str,
    orders: Sequence[Order] | None = None,
    *,
    provider: MatrixProvider | None = None,
    departure_s: int | None = 11 * 3600,
    objective: Objective | None = None,
) -> RoutingProblem:
    """A routing problem delivering ``orders`` from ``warehouse_id`` (see module doc).

    Parameters
    ----------
    day
        The synthetic day.
    warehouse_id
        The depot; its vehicles do the work.
    orders
        Orders to deliver; ``None`` takes :func:`nearest_warehouse_orders`.
    provider
        Travel matrices; default haversine x 1.3 with the congested urban profile.
    departure_s
        Departure time (seconds after local midnight) the durations are for;
        ``None`` uses the profile's mean speed.
    objective
        Default: vehicle fixed, per-km and per-hour costs (cents).

    Raises
    ------
    InvalidValueError
        Unknown warehouse, an order twice, or an order that is not of this day.
    """
    wh = next((w for w in day.warehouses if w.id == warehouse_id), None)
    if wh is None:
        raise InvalidValueError("warehouse_id", warehouse_id, one_of(w.id for w in day.warehouses))
    chosen = nearest_warehouse_orders(day, warehouse_id) if orders is None else tuple(orders)
    known = set(day.orders)
    seen: set[str] = set()
    for i, o in enumerate(chosen):
        if not isinstance(o, Order) or o not in known:
            raise InvalidValueError(f"orders[{i}]", getattr(o, "id", o), "not an order of this day")
        if o.id in seen:
            raise InvalidValueError(f"orders[{i}]", o.id, "order listed twice")
        seen.add(o.id)
    stops = tuple(_stop(day, o) for o in chosen)
    provider = provider or HaversineProvider(1.3, SpeedProfile.urban_congested())
    travel = provider.build([wh.location, *(s.location for s in stops)], departure_s=departure_s)
    return RoutingProblem(
        depots=(Depot(wh.id, wh.location, opening=SHIFT),),
        stops=stops,
        vehicles=tuple(v for v in day.vehicles if v.start_depot == wh.id),
        units=UNITS,
        distance=travel.distance_m,
        duration=travel.duration_s,
        objective=objective or Objective(),
        name=f"synthetic-{day.config.seed}-{wh.id}",
    )


def _stop(day: SyntheticDay, order: Order) -> Stop:
    load = day.order_load(order)
    penalty, priority = PROMISE_PENALTY[order.promise.kind]
    windows: tuple[TimeWindow, ...] = ()
    if order.promise.kind == PromiseKind.SAME_CITY:
        created = day.local_time_s(order.created_at)
        windows = (TimeWindow(created + 1800, created + order.promise.hours * 3600),)
    return Stop(
        id=order.id,
        location=order.ship_to,
        delivery=load,
        pickup=(0, 0, 0),
        service_s=120 + 30 * load[2],
        time_windows=windows,
        priority=priority,
        penalty=penalty,
    )
