"""The classic picker-routing heuristics for single-block layouts.

S-shape (traversal), return, midpoint, largest gap (Hall 1993) and combined
(Roodbergen & de Koster 2001: per aisle, traverse it or enter and return,
chosen here by a two-state dynamic program over the aisles with picks). They
are the baselines of the literature and of the benchmarks; every one produces
an explicit walk, so its length is measured, not estimated.
"""

from __future__ import annotations

from logistics.domain.layout import PickPoint, WarehouseLayout
from logistics.errors import InvalidValueError, one_of

__all__ = ["HEURISTICS", "heuristic_tour"]

HEURISTICS = ("s_shape", "return", "midpoint", "largest_gap", "combined")


class _Walk:
    """Builds a walk on a single-block layout, recording picks as they are passed."""

    def __init__(self, layout: WarehouseLayout, points: list[PickPoint]) -> None:
        self.layout = layout
        self.front, self.back = layout.cross_aisle_y_mm[0], layout.cross_aisle_y_mm[1]
        self.by_aisle: dict[int, list[int]] = {}
        for p in points:
            self.by_aisle.setdefault(p.aisle, []).append(p.position_mm)
        for v in self.by_aisle.values():
            v.sort()
        self.x, self.y = layout.depot_xy_mm
        self.waypoints = [(self.x, self.y)]
        self.length = 0
        self.order: list[PickPoint] = []
        self.seen: set[PickPoint] = set()

    def _to(self, x: int, y: int) -> None:
        if (x, y) != (self.x, self.y):
            self.length += abs(x - self.x) + abs(y - self.y)
            self.x, self.y = x, y
            self.waypoints.append((x, y))

    def cross(self, aisle: int) -> None:
        """Walk along the current cross-aisle to ``aisle``."""
        assert self.y in (self.front, self.back)
        self._to(self.layout.aisle_x_mm[aisle], self.y)

    def aisle(self, aisle: int, y: int) -> None:
        """Walk along ``aisle`` (where the picker stands) to height ``y``, picking on the way."""
        lo, hi = sorted((self.y, y))
        passed = [pos for pos in self.by_aisle.get(aisle, ()) if lo <= self.front + pos <= hi]
        if y < self.y:
            passed.reverse()
        for pos in passed:
            p = PickPoint(aisle, 0, pos)
            if p not in self.seen:
                self.seen.add(p)
                self.order.append(p)
        self._to(self.layout.aisle_x_mm[aisle], y)

    def home(self) -> tuple[int, list[tuple[int, int]], list[PickPoint]]:
        assert self.y == self.front
        self._to(*self.layout.depot_xy_mm)
        if len(self.waypoints) == 1:
            self.waypoints.append(self.waypoints[0])
        return self.length + 2 * self.layout.depot_offset_mm, self.waypoints, self.order


def heuristic_tour(
    layout: WarehouseLayout, points: list[PickPoint], method: str
) -> tuple[int, list[tuple[int, int]], list[PickPoint]]:
    """Route ``points`` with heuristic ``method``: ``(length_mm, waypoints, order)``.

    Raises
    ------
    InvalidValueError
        For an unknown method, a layout with more than one block or a depot that
        is not on the front cross-aisle (the heuristics are defined for those).
    """
    if method not in HEURISTICS:
        raise InvalidValueError("method", method, one_of(HEURISTICS))
    if layout.n_blocks != 1:
        raise InvalidValueError(
            "method",
            method,
            "heuristics are defined for single-block layouts; use 'exact' or 'tsp'",
        )
    if layout.depot_cross_aisle != 0:
        raise InvalidValueError(
            "depot_cross_aisle", layout.depot_cross_aisle, "heuristics need the depot at the front"
        )
    if not points:  # nothing to pick: no walk, as for every other method
        return 0, [layout.depot_xy_mm], []
    w = _Walk(layout, points)
    aisles = sorted(w.by_aisle)
    length = layout.block_length_mm(0)
    front, back = w.front, w.back
    if method == "s_shape":
        at_front = True
        for i, a in enumerate(aisles):
            w.cross(a)
            if at_front and i == len(aisles) - 1:
                w.aisle(a, front + w.by_aisle[a][-1])
                w.aisle(a, front)
            else:
                w.aisle(a, back if at_front else front)
                at_front = not at_front
    elif method == "return":
        for a in aisles:
            w.cross(a)
            w.aisle(a, front + w.by_aisle[a][-1])
            w.aisle(a, front)
    elif method in ("midpoint", "largest_gap"):
        if len(aisles) == 1:
            a = aisles[0]
            w.cross(a)
            w.aisle(a, front + w.by_aisle[a][-1])
            w.aisle(a, front)
            return w.home()
        split: dict[int, int] = {}  # picks at positions <= split are taken from the front
        for a in aisles[1:-1]:
            pos = w.by_aisle[a]
            if method == "midpoint":
                split[a] = length // 2
            else:
                ends = [0, *pos, length]
                gi = max(range(len(ends) - 1), key=lambda i: ends[i + 1] - ends[i])
                split[a] = ends[gi]
        w.cross(aisles[0])
        w.aisle(aisles[0], back)
        for a in aisles[1:-1]:
            upper = [p for p in w.by_aisle[a] if p > split[a]]
            if upper:
                w.cross(a)
                w.aisle(a, front + upper[0])
                w.aisle(a, back)
        w.cross(aisles[-1])
        w.aisle(aisles[-1], front)
        for a in reversed(aisles[1:-1]):
            lower = [p for p in w.by_aisle[a] if p <= split[a]]
            if lower:
                w.cross(a)
                w.aisle(a, front + lower[-1])
                w.aisle(a, front)
    else:  # combined: DP over (aisle, side) choosing traverse or return
        inf = 1 << 62
        cost = {0: 0, 1: inf}  # side 0 = front, 1 = back
        choice: list[dict[int, tuple[int, str]]] = []
        for a in aisles:
            pos = w.by_aisle[a]
            ret = {0: 2 * pos[-1], 1: 2 * (length - pos[0])}
            new = {0: inf, 1: inf}
            ch: dict[int, tuple[int, str]] = {}
            for side in (0, 1):
                if cost[side] >= inf:
                    continue
                for kind, to, c in (("traverse", 1 - side, length), ("return", side, ret[side])):
                    if cost[side] + c < new[to]:
                        new[to] = cost[side] + c
                        ch[to] = (side, kind)
            cost = new
            choice.append(ch)
        end = 0 if cost[0] <= cost[1] + length else 1
        plan: list[tuple[int, str]] = []
        side = end
        for ch in reversed(choice):
            prev, kind = ch[side]
            plan.append((prev, kind))
            side = prev
        plan.reverse()
        for a, (side, kind) in zip(aisles, plan, strict=True):
            w.cross(a)
            pos = w.by_aisle[a]
            if kind == "traverse":
                w.aisle(a, back if side == 0 else front)
            elif side == 0:
                w.aisle(a, front + pos[-1])
                w.aisle(a, front)
            else:
                w.aisle(a, front + pos[0])
                w.aisle(a, back)
        if end == 1:
            w.aisle(aisles[-1], front)
    return w.home()
