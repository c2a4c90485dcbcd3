"""Array form of a :class:`WaveSelectionProblem` shared by the heuristics and CP-SAT.

Orders are kept in CSR form (``order_ptr``, ``order_item``, ``order_qty``) and
also as Python lists for the tight greedy loops; aisles likewise. Orders that
can never be part of a wave (no units, more units than ``ub``, or an item that
all aisles together cannot supply) are marked unusable once, here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logistics.domain.wave_selection import WaveSelectionProblem


@dataclass(frozen=True)
class Arrays:
    n_orders: int
    n_items: int
    n_aisles: int
    lb: int
    ub: int
    order_ptr: np.ndarray
    order_item: np.ndarray
    order_qty: np.ndarray
    order_units: np.ndarray
    aisle_ptr: np.ndarray
    aisle_item: np.ndarray
    aisle_qty: np.ndarray
    usable: np.ndarray  # bool per order
    order_lists: list[list[tuple[int, int]]]
    demand: np.ndarray  # per item: units demanded by usable orders

    def capacity(self, aisles) -> np.ndarray:
        """Units of each item stocked in the given aisles together."""
        mask = np.zeros(self.n_aisles, dtype=bool)
        mask[list(aisles)] = True
        rep = np.repeat(mask, np.diff(self.aisle_ptr))
        return np.bincount(
            self.aisle_item[rep], weights=self.aisle_qty[rep], minlength=self.n_items
        ).astype(np.int64)

    def aisle_slice(self, a: int) -> tuple[np.ndarray, np.ndarray]:
        """Items and units stocked in aisle ``a``."""
        s, e = self.aisle_ptr[a], self.aisle_ptr[a + 1]
        return self.aisle_item[s:e], self.aisle_qty[s:e]

    def covered_units(self, cap: np.ndarray) -> int:
        """Units of all orders each coverable by ``cap`` on its own (contention ignored)."""
        return int(self.order_units[self.covered(cap)].sum())

    def usage(self, orders) -> np.ndarray:
        """Units of each item demanded by ``orders`` together."""
        mask = np.zeros(self.n_orders, dtype=bool)
        mask[list(orders)] = True
        rep = np.repeat(mask, np.diff(self.order_ptr))
        return np.bincount(
            self.order_item[rep], weights=self.order_qty[rep], minlength=self.n_items
        ).astype(np.int64)

    def covered(self, cap: np.ndarray) -> np.ndarray:
        """Bool per order: usable and every item available in ``cap`` on its own."""
        ok = cap[self.order_item] >= self.order_qty
        if len(ok) == 0:
            return np.zeros(self.n_orders, dtype=bool)
        # reduceat over non-empty segments; empty orders are not usable anyway
        starts = np.minimum(self.order_ptr[:-1], len(ok) - 1)
        cov = np.logical_and.reduceat(ok, starts)
        return cov & self.usable


def _csr(rows, n_items):
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    items = np.fromiter((i for r in rows for i, _ in r), dtype=np.int64, count=int(ptr[-1]))
    qty = np.fromiter((q for r in rows for _, q in r), dtype=np.int64, count=int(ptr[-1]))
    return ptr, items, qty


def build_arrays(problem: WaveSelectionProblem) -> Arrays:
    o_ptr, o_item, o_qty = _csr(problem.orders, problem.n_items)
    a_ptr, a_item, a_qty = _csr(problem.aisles, problem.n_items)
    units = np.asarray(problem.order_units, dtype=np.int64)
    total_stock = np.zeros(problem.n_items, dtype=np.int64)
    np.add.at(total_stock, a_item, a_qty)
    sizes = np.diff(o_ptr)
    usable = (sizes > 0) & (units <= problem.ub) & (units > 0)
    if len(o_item):
        ok = total_stock[o_item] >= o_qty
        starts = np.minimum(o_ptr[:-1], len(ok) - 1)
        usable &= np.logical_and.reduceat(ok, starts)
    demand = np.zeros(problem.n_items, dtype=np.int64)
    mask = np.repeat(usable, sizes)
    np.add.at(demand, o_item[mask], o_qty[mask])
    return Arrays(
        n_orders=problem.n_orders,
        n_items=problem.n_items,
        n_aisles=problem.n_aisles,
        lb=problem.lb,
        ub=problem.ub,
        order_ptr=o_ptr,
        order_item=o_item,
        order_qty=o_qty,
        order_units=units,
        aisle_ptr=a_ptr,
        aisle_item=a_item,
        aisle_qty=a_qty,
        usable=usable,
        order_lists=[list(o) for o in problem.orders],
        demand=demand,
    )
