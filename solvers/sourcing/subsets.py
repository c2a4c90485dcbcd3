"""Every possible shipment of an order, priced at once: a (site x subset of units) table.

For an order of ``G`` shipping units, subset ``S`` (a bitmask) shipped from site
``w`` costs ``handling(w, S) + min over on-time lanes of w of price(lane, weight(S))``;
it is possible when ``w`` holds every unit of ``S`` and some on-time lane takes
its weight. The table has ``W * 2^G`` entries, computed with numpy in well under
a millisecond for 20 sites and 10 units.

Entries are compared by an integer *key* ``objective * DIST_SCALE + distance_m``,
so ties in cost are broken by distance exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from logistics.domain.sourcing import SourcingProblem
from solvers.sourcing.feasibility import OrderView
from solvers.sourcing.lanes import Lane

__all__ = ["SubsetTable", "subset_table", "subset_bits", "INF", "DIST_SCALE"]

DIST_SCALE = 1 << 30  # > total distance of any plan in meters
INF = np.int64(1 << 61)


@lru_cache(maxsize=16)
def subset_bits(n: int) -> np.ndarray:
    """``(2^n, n)`` 0/1 matrix: row ``S`` has the bits of ``S`` (read-only, cached)."""
    s = np.arange(1 << n, dtype=np.int64)
    bits = (s[:, None] >> np.arange(n, dtype=np.int64)[None, :]) & 1
    bits.setflags(write=False)
    return bits


@dataclass(frozen=True, eq=False)
class SubsetTable:
    """Priced shipments ``(site, subset)``.

    Parameters
    ----------
    key
        ``(W, 2^G)`` int64 comparison key; :data:`INF` where impossible.
    cost
        ``(W, 2^G)`` landed cents (shipping + handling) of the shipment.
    shipping, handling, opportunity
        Parts of the cost (``opportunity`` = look-ahead stock price, not cash).
    lane
        ``(W, 2^G)`` index into :attr:`lanes` of the cheapest on-time lane (-1 if none).
    lanes
        On-time lanes, earliest delivery first within a site.
    weight_g
        ``(2^G,)`` grams per subset.
    distance_m
        ``(W,)`` straight-line meters from each site to the customer.
    """

    key: np.ndarray
    shipping: np.ndarray
    handling: np.ndarray
    opportunity: np.ndarray
    lane: np.ndarray
    lanes: tuple[Lane, ...]
    weight_g: np.ndarray
    distance_m: np.ndarray


def subset_table(
    problem: SourcingProblem,
    view: OrderView,
    lanes: list[Lane],
    unit_prices: np.ndarray | None,
) -> SubsetTable:
    """Price every (site, subset) shipment of the order.

    Parameters
    ----------
    unit_prices
        ``(W, n_lines)`` look-ahead cents per unit of each line at each site, or ``None``.
    """
    net = problem.network
    n_w, n_g = len(net.warehouses), view.n_groups
    bits = subset_bits(n_g)
    n_s = 1 << n_g
    weight = bits @ view.group_weight_g
    units = bits @ view.group_units
    kg = -(-weight // 1000)
    on_time = sorted(
        (ln for ln in lanes if ln.on_time),
        key=lambda ln: (ln.warehouse, ln.delivers_by, ln.carrier),
    )
    shipping = np.full((n_w, n_s), INF, dtype=np.int64)
    lane_idx = np.full((n_w, n_s), -1, dtype=np.int64)
    for li, ln in enumerate(on_time):
        price = ln.base_cents + ln.per_kg_cents * kg
        if ln.max_weight_g:
            price = np.where(weight <= ln.max_weight_g, price, INF)
        better = price < shipping[ln.warehouse]
        shipping[ln.warehouse] = np.where(better, price, shipping[ln.warehouse])
        lane_idx[ln.warehouse] = np.where(better, li, lane_idx[ln.warehouse])
    # Distance tie-breaker: site to customer (great circle), whatever the lane.
    coords = net.warehouse_coords
    lat1 = np.radians(coords[:, 0])
    lon1 = np.radians(coords[:, 1])
    lat2 = np.radians(problem.order.ship_to.lat)
    lon2 = np.radians(problem.order.ship_to.lon)
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    distance = np.rint(2 * 6_371_008.8 * np.arcsin(np.minimum(1.0, np.sqrt(h)))).astype(np.int64)
    hpo = np.array([w.handling_cost_per_order for w in net.warehouses], dtype=np.int64)
    hpu = np.array([w.handling_cost_per_unit for w in net.warehouses], dtype=np.int64)
    handling = hpo[:, None] + hpu[:, None] * units[None, :]
    if unit_prices is not None:
        qty = np.array([ln.quantity for ln in problem.order.lines], dtype=np.int64)
        line_cost = unit_prices * qty[None, :]
        group_cost = np.stack(
            [line_cost[:, list(g)].sum(axis=1) for g in view.groups], axis=1
        ).astype(np.int64)
        opportunity = group_cost @ bits.T
    else:
        opportunity = np.zeros((n_w, n_s), dtype=np.int64)
    s_idx = np.arange(n_s, dtype=np.int64)
    possible = (s_idx[None, :] & ~view.stock_mask[:, None]) == 0
    possible &= shipping < INF
    possible[:, 0] = False
    total = shipping + handling + opportunity
    key = np.where(possible, total * DIST_SCALE + distance[:, None], INF)
    return SubsetTable(
        key=key,
        shipping=shipping,
        handling=handling,
        opportunity=opportunity,
        lane=lane_idx,
        lanes=tuple(on_time),
        weight_g=weight,
        distance_m=distance,
    )
