"""Pick units (orders, or parts of splittable orders) and the cached batch-length oracle."""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain.layout import PickPoint, WarehouseLayout
from logistics.domain.picking import PickLine, PickOrder
from solvers.picking import route
from solvers.picking.exact import MAX_DP_BLOCKS, exact_length_mm
from solvers.picking.heuristics import HEURISTICS, heuristic_tour
from solvers.waves.problem import BatchingProblem, CartCapacity, order_load

__all__ = ["Unit", "make_units", "BatchCoster", "fits", "add_load"]


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


class BatchCoster:
    """Walking distance (mm) of a batch of units, cached by the set of units."""

    def __init__(self, layout: WarehouseLayout, units: list[Unit], method: str = "exact") -> None:
        self.layout = layout
        self.units = units
        self.method = method
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
        return route(self.layout, slots, self.method).length_mm

    def _slot_at(self, p: PickPoint) -> str:
        for u in self.units:
            for line in u.lines:
                if self.layout.slot(line.slot_id).point == p:
                    return line.slot_id
        raise KeyError(p)  # pragma: no cover
