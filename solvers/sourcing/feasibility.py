"""Feasibility of one order: its shipping units (kits whole), and what each site can ship.

A *shipping unit* is an order line, or all lines of one kit when kits must not
be split. A site can ship a unit when it is usable (not excluded by the rules,
capacity left for the day it would ship) and holds every line of the unit in stock after the
channel's safety stock. The promise is checked per lane (:mod:`.lanes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from logistics.domain.sourcing import SourcingProblem

__all__ = ["OrderView", "order_view"]

_INT64_MAX = int(np.iinfo(np.int64).max)


@dataclass(frozen=True, eq=False)
class OrderView:
    """What the search needs to know about one order, as arrays.

    Parameters
    ----------
    groups
        Shipping units as tuples of line indexes, in order of their first line.
    line_sku
        Snapshot column of each line's SKU.
    group_weight_g, group_units
        ``(G,)`` grams and units per shipping unit. ``group_weight_g`` is int64, or
        Python ints (``dtype=object``) when the order's total weight does not fit
        in int64 (bulk quantities of heavy SKUs).
    usable
        ``(W,)`` bool: site not excluded and with capacity left.
    in_stock
        ``(W, G)`` bool: usable site holds every line of the unit.
    stock_mask
        ``(W,)`` bitmask of the units in stock at each site.
    reserve
        Units per SKU held back for the order's channel.
    """

    groups: tuple[tuple[int, ...], ...]
    line_sku: np.ndarray
    group_weight_g: np.ndarray
    group_units: np.ndarray
    usable: np.ndarray
    in_stock: np.ndarray
    stock_mask: np.ndarray
    reserve: int

    @property
    def n_groups(self) -> int:
        return len(self.groups)

    @cached_property
    def weights_g(self) -> tuple[int, ...]:
        """:attr:`group_weight_g` as Python ints (cheap per-item access), grams."""
        return tuple(self.group_weight_g.tolist())

    @cached_property
    def has_all(self) -> tuple[bool, ...]:
        """Per site: holds every shipping unit (``in_stock`` row all true)."""
        return tuple(self.in_stock.all(axis=1).tolist())


def shipping_units(problem: SourcingProblem) -> tuple[tuple[int, ...], ...]:
    """Group the order's lines into shipping units (kits whole when the rules say so)."""
    net = problem.network
    skus = net.skus
    index = net.sku_index
    groups: list[list[int]] = []
    kit_group: dict[str, int] = {}
    for i, line in enumerate(problem.order.lines):
        kit = skus[index[line.sku_id]].kit_id
        if kit is not None and problem.rules.never_split_kits:
            if kit in kit_group:
                groups[kit_group[kit]].append(i)
                continue
            kit_group[kit] = len(groups)
        groups.append([i])
    return tuple(tuple(g) for g in groups)


def order_view(problem: SourcingProblem) -> OrderView:
    """Arrays describing the order against the snapshot."""
    net = problem.network
    lines = problem.order.lines
    index = net.sku_index
    col_list = [index[ln.sku_id] for ln in lines]
    qty_list = [ln.quantity for ln in lines]
    cols = np.array(col_list, dtype=np.int64)
    qty = np.array(qty_list, dtype=np.int64)
    groups = shipping_units(problem)
    unit_g = net.sku_weights_g[cols].tolist()
    weights = [w * q for w, q in zip(unit_g, qty_list, strict=True)]
    reserve = problem.rules.channel_reserve(problem.order.channel)
    excluded = problem.rules.excluded_warehouse_ids
    usable = net.capacity_left > 0
    if excluded:
        usable = usable & np.array([w.id not in excluded for w in net.warehouses])
    line_ok = (net.available[:, cols] - reserve) >= qty[None, :]
    if len(groups) == len(lines):  # no kit merged lines: units are the lines, in order
        in_stock = line_ok & usable[:, None]
    else:
        in_stock = np.empty((len(net.warehouses), len(groups)), dtype=bool)
        for g, members in enumerate(groups):
            in_stock[:, g] = line_ok[:, list(members)].all(axis=1)
        in_stock &= usable[:, None]
    bits = np.left_shift(np.int64(1), np.arange(len(groups), dtype=np.int64))
    stock_mask = (in_stock.astype(np.int64) * bits[None, :]).sum(axis=1)
    group_weight = [sum(weights[i] for i in g) for g in groups]
    # subset weights are sums of group weights: int64 only while the whole order fits
    wide = sum(group_weight) > _INT64_MAX
    return OrderView(
        groups=groups,
        line_sku=cols,
        group_weight_g=np.array(group_weight, dtype=object if wide else np.int64),
        group_units=np.array([sum(qty_list[i] for i in g) for g in groups], dtype=np.int64),
        usable=usable,
        in_stock=in_stock,
        stock_mask=stock_mask,
        reserve=reserve,
    )
