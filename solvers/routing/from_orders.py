"""Build the day's routing problem from customer orders (the demo, the dispatcher).

Each order becomes one delivery stop at its ship-to address carrying its units;
each warehouse a depot. The promise sets priority and, for same-city promises, a
soft deadline: being late costs ``lateness_cost_per_s`` instead of dropping the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from logistics.domain.fleet import Vehicle
from logistics.domain.network import Warehouse
from logistics.domain.orders import Order, PromiseKind
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import Stop, TimeWindow
from logistics.errors import InvalidValueError

__all__ = ["PROMISE_PRIORITY", "problem_from_orders"]

PROMISE_PRIORITY = {
    PromiseKind.SAME_CITY: 90,
    PromiseKind.SAME_DAY: 60,
    PromiseKind.NEXT_DAY: 30,
    PromiseKind.STANDARD: 0,
}
"""Stop priority per promise: faster promises are kept first when not all fit."""


def problem_from_orders(
    orders: Sequence[Order],
    warehouses: Sequence[Warehouse],
    vehicles: Sequence[Vehicle],
    *,
    day_start: int,
    order_warehouse: Mapping[str, str] | None = None,
    service_s: int = 120,
    service_per_unit_s: int = 10,
    lateness_cost_per_s: int = 1,
    objective: Objective = Objective(),
    name: str = "",
) -> tuple[RoutingProblem, dict[str, str]]:
    """The routing problem of a day's orders and the depot of each stop.

    Parameters
    ----------
    orders
        Orders to deliver (one stop each; stop id = order id).
    warehouses
        Depots (depot id = warehouse id).
    vehicles
        The fleet; ``start_depot``/``end_depot`` are warehouse ids.
    day_start
        Unix time (s) of the plan's time origin; times become seconds from it.
    order_warehouse
        Order id -> warehouse that ships it (from sourcing); orders not listed are
        left to the nearest depot by :func:`plan_day_per_depot`.
    service_s, service_per_unit_s
        Time at the door: a fixed part plus a part per unit.
    lateness_cost_per_s
        Cents per second late past a same-city deadline.
    objective
        The objective of the problem.

    Returns
    -------
    tuple
        ``(problem, stop_depot)`` ready for
        :func:`solvers.routing.plan_day_per_depot`.
    """
    depots = tuple(Depot(w.id, w.location) for w in warehouses)
    stops = []
    for i, o in enumerate(orders):
        kw: dict = {}
        if o.promise.kind is PromiseKind.SAME_CITY and o.promise.hours is not None:
            deadline = o.created_at + o.promise.hours * 3600 - day_start
            if 0 <= deadline <= 86_400:
                kw = {
                    "time_windows": (TimeWindow(0, deadline),),
                    "soft_windows": True,
                    "lateness_cost_per_s": lateness_cost_per_s,
                }
        try:
            stops.append(
                Stop(
                    o.id,
                    o.ship_to,
                    delivery=(o.units,),
                    pickup=(0,),
                    service_s=service_s + service_per_unit_s * o.units,
                    priority=PROMISE_PRIORITY[PromiseKind(o.promise.kind)],
                    **kw,
                )
            )
        except InvalidValueError as e:
            raise e.prefixed(f"orders[{i}]") from None
    problem = RoutingProblem(
        depots=depots,
        stops=tuple(stops),
        vehicles=tuple(vehicles),
        units=("units",),
        objective=objective,
        name=name,
    )
    known = {w.id for w in warehouses}
    stop_depot = {}
    for oid, wid in (order_warehouse or {}).items():
        if wid not in known:
            raise InvalidValueError(f"order_warehouse[{oid!r}]", wid, "no such warehouse")
        stop_depot[oid] = wid
    return problem, stop_depot
