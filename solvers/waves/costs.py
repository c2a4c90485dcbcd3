"""Pick units (orders, or parts of splittable orders) and the cached batch-length oracle.

With the ``tsp`` router (and ``auto`` past three blocks, where it routes large carts with
``tsp``) a cart priced inside a search gets OR-Tools' first tour improved to its first
local optimum (a few ms), within the time left before the search's deadline, and only the
first tour once the deadline passed or a stop was asked: OR-Tools' guided local search
(1 s a cart by default) is kept for the carts of the plan (:func:`final_route_params`).
Carts the exact router prices with Held-Karp (``exact`` and ``auto`` past three blocks, up
to 12 points: about 0.04 s a cart of 12, measured on one 2-core machine) get that first tour
too once the deadline passed or a stop was asked; the carts of the plan are still routed
exactly.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction

from logistics.domain.layout import PickPoint, WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from solvers.picking import RouteParams, route_length_mm
from solvers.picking.exact import MAX_DP_BLOCKS, exact_length_mm
from solvers.picking.heuristics import HEURISTICS, heuristic_tour
from solvers.progress import StopCheck
from solvers.waves.problem import BatchingProblem, CartCapacity, order_load

__all__ = [
    "Unit",
    "make_units",
    "most_points_per_cart",
    "BatchCoster",
    "fits",
    "add_load",
    "routes_with_tsp",
    "search_route_params",
    "final_route_params",
]

_TSP_LIMIT_S = RouteParams().time_limit_s
_TOO_LITTLE_S = 0.005
"""Less time left than this (s): the first tour only (a search this short finds nothing)."""


def routes_with_tsp(layout: WarehouseLayout, router: str) -> bool:
    """True when ``router`` may route some carts of ``layout`` with OR-Tools."""
    return router == "tsp" or (router == "auto" and layout.n_blocks > MAX_DP_BLOCKS)


def _time_left(deadline: float | None, should_stop: StopCheck | None) -> float:
    if should_stop is not None and should_stop():
        return 0.0
    return math.inf if deadline is None else deadline - time.perf_counter()


def search_route_params(
    deadline: float | None, should_stop: StopCheck | None = None
) -> RouteParams:
    """How a search prices one cart with ``tsp``: a descent within the time left before
    ``deadline`` (``time.perf_counter()``; at most 1 s), the first tour once less than
    5 ms is left or ``should_stop()``."""
    left = _time_left(deadline, should_stop)
    if left < _TOO_LITTLE_S:
        return RouteParams(tsp_search="first")
    return RouteParams(time_limit_s=min(_TSP_LIMIT_S, left), tsp_search="descent")


def final_route_params(
    deadline: float | None, carts_left: int, should_stop: StopCheck | None = None
) -> RouteParams:
    """How a cart of the result is routed with ``tsp``: guided local search for its share of
    the time left before ``deadline`` among the ``carts_left`` still to route (at most 1 s),
    the first tour once that share is under 5 ms or ``should_stop()``."""
    share = _time_left(deadline, should_stop) / max(carts_left, 1)
    if share < _TOO_LITTLE_S:
        return RouteParams(tsp_search="first")
    return RouteParams(time_limit_s=min(_TSP_LIMIT_S, share))


@dataclass(frozen=True)
class Unit:
    """What the batching moves around: a whole order or one part of a split order."""

    index: int
    order_index: int
    order_id: str
    part: int
    lines: tuple[PickLine, ...]
    load: tuple[int, int, int, int]
    points: frozenset[PickPoint]
    aisles: frozenset[int]
    arrival_s: int
    cutoff_s: int | None


def add_load(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, int, int, int]:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]  # type: ignore[return-value]


def fits(load: tuple[int, ...], cart: CartCapacity) -> bool:
    return all(cap is None or have <= cap for have, cap in zip(load, cart.limits(), strict=True))


def make_units(problem: BatchingProblem) -> list[Unit]:
    """One unit per order; a splittable order that does not fit one cart is cut into parts.

    Parts are filled line by line (first fit, lines in order); each part takes
    the order's totes once. Orders that fit are never split.
    """
    layout = problem.layout
    units: list[Unit] = []

    def unit(oi: int, order: PickOrder, part: int, lines: tuple[PickLine, ...]) -> Unit:
        sub = PickOrder(order.id, lines, totes=order.totes)
        pts = frozenset(layout.slot(ln.slot_id).point for ln in lines)
        return Unit(
            len(units), oi, order.id, part, lines, order_load(sub), pts,
            frozenset(p.aisle for p in pts), order.arrival_s, order.cutoff_s,
        )  # fmt: skip

    for oi, order in enumerate(problem.orders):
        if fits(order_load(order), problem.cart) or not order.allow_split:
            units.append(unit(oi, order, 0, order.lines))
            continue
        parts: list[list[PickLine]] = []
        for line in order.lines:
            for part in parts:
                trial = PickOrder(order.id, (*part, line), totes=order.totes)
                if fits(order_load(trial), problem.cart):
                    part.append(line)
                    break
            else:
                parts.append([line])
        for k, part in enumerate(parts):
            units.append(unit(oi, order, k, tuple(part)))
    return units


def most_points_per_cart(problem: BatchingProblem) -> int:
    """An upper bound on the distinct pick points any cart of ``problem`` may hold.

    A cart holds units (:func:`make_units`: whole orders, or parts of a split order, each
    with its own points and load); its points are at most the sum of its units'. For each
    limit of the cart, two bounds of that sum over the units that fit the limit together:
    the units fitting at most are the lightest ones (sorted by load in that limit), so at
    most that many units with the most points; and the fractional knapsack (units by points
    per unit of load, the last one in part), which bounds the integer one. The result is the
    least of these and of all the orders' distinct points: never less than a cart can hold.
    """
    units = make_units(problem)
    most = len(frozenset().union(*(u.points for u in units)))
    for i, cap in enumerate(problem.cart.limits()):
        if cap is not None:
            most = min(most, _most_by_count(units, i, cap), _most_by_knapsack(units, i, cap))
    return most


def _most_by_count(units: list[Unit], limit: int, cap: int) -> int:
    """Points of the ``k`` units with the most points, ``k`` the most units whose loads in
    ``limit`` fit ``cap`` together (the ``k`` lightest)."""
    k = used = 0
    for load in sorted(u.load[limit] for u in units):
        used += load
        if used > cap:
            break
        k += 1
    return sum(sorted((len(u.points) for u in units), reverse=True)[:k])


def _most_by_knapsack(units: list[Unit], limit: int, cap: int) -> int:
    """The fractional knapsack's points in ``limit`` of capacity ``cap``, rounded down."""
    weightless = sum(len(u.points) for u in units if u.load[limit] == 0)
    rest = sorted(
        (u for u in units if u.load[limit] > 0),
        key=lambda u: Fraction(len(u.points), u.load[limit]),
        reverse=True,
    )
    total, room = weightless, cap
    for u in rest:
        load = u.load[limit]
        if load >= room:
            return total + room * len(u.points) // load
        total += len(u.points)
        room -= load
    return total


class BatchCoster:
    """Walking distance (mm) of a batch of units, cached by the set of units.

    ``tsp`` prices within ``deadline`` (``time.perf_counter()``) and ``should_stop`` as
    :func:`search_route_params` says, and OR-Tools' search of a price ends once
    ``should_stop()``; Held-Karp prices (``exact`` and ``auto`` past three blocks) give way
    to the first tour once that says the first tour only, and a Held-Karp price under way
    polls ``should_stop`` and ends with the first tour once it is true.
    """

    def __init__(
        self,
        layout: WarehouseLayout,
        units: list[Unit],
        method: str = "exact",
        deadline: float | None = None,
        should_stop: StopCheck | None = None,
    ) -> None:
        self.layout = layout
        self.units = units
        self.method = method
        self.deadline = deadline
        self.should_stop = should_stop
        self.cache: dict[frozenset[int], int] = {}
        self.evaluations = 0

    def length(self, batch: frozenset[int]) -> int:
        got = self.cache.get(batch)
        if got is not None:
            return got
        pts: set[PickPoint] = set()
        for u in batch:
            pts |= self.units[u].points
        value = self.length_of_points(pts)
        self.evaluations += 1
        if len(self.cache) > 400_000:
            self.cache.clear()
        self.cache[batch] = value
        return value

    def length_of_points(self, pts: set[PickPoint]) -> int:
        points = sorted(pts, key=lambda p: (p.aisle, p.block, p.position_mm))
        if self.method == "exact" and self.layout.n_blocks <= MAX_DP_BLOCKS:
            return exact_length_mm(self.layout, points)
        if self.method in HEURISTICS:
            return heuristic_tour(self.layout, points, self.method)[0]
        slots = [self._slot_at(p) for p in points]
        params = search_route_params(self.deadline, self.should_stop)
        method = self.method
        if params.tsp_search == "first" and self._held_karp(len(points), params):
            method = "tsp"  # time is up or a stop was asked: no Held-Karp, the first tour
        return route_length_mm(self.layout, slots, method, params, should_stop=self.should_stop)

    def _held_karp(self, n_points: int, params: RouteParams) -> bool:
        """Whether ``self.method`` routes ``n_points`` with Held-Karp (more than three blocks;
        larger carts are ``tsp`` under ``auto`` and refused under ``exact``)."""
        return (
            self.method in ("exact", "auto")
            and self.layout.n_blocks > MAX_DP_BLOCKS
            and n_points <= params.exact_max_points
        )

    def _slot_at(self, p: PickPoint) -> str:
        for u in self.units:
            for line in u.lines:
                if self.layout.slot(line.slot_id).point == p:
                    return line.slot_id
        raise KeyError(p)  # pragma: no cover
