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

from logistics.domain.sourcing import EARTH_RADIUS_M, SourcingProblem
from solvers.sourcing.feasibility import OrderView
from solvers.sourcing.lanes import Lane

__all__ = ["SubsetTable", "subset_table", "subset_bits", "site_distances_m", "INF", "DIST_SCALE"]

DIST_SCALE = 1 << 30  # > total distance of any plan in meters
INF = np.int64(1 << 61)


@lru_cache(maxsize=16)
def subset_bits(n: int) -> np.ndarray:
    """``(2^n, n)`` 0/1 matrix: row ``S`` has the bits of ``S`` (read-only, cached)."""
    s = np.arange(1 << n, dtype=np.int64)
    bits = (s[:, None] >> np.arange(n, dtype=np.int64)[None, :]) & 1
    bits.setflags(write=False)
    return bits


def site_distances_m(problem: SourcingProblem) -> np.ndarray:
    """``(W,)`` great-circle meters from every site to the ship-to (vectorised haversine)."""
    coords = problem.network.warehouse_coords
    lat1 = np.radians(coords[:, 0])
    lon1 = np.radians(coords[:, 1])
    lat2 = np.radians(problem.order.ship_to.lat)
    lon2 = np.radians(problem.order.ship_to.lon)
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.rint(2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))).astype(np.int64)


@dataclass(frozen=True, eq=False)
class SubsetTable:
    """Priced shipments ``(site, subset)``.

    Parameters
    ----------
    key
        ``(W, 2^G)`` int64 comparison key ``objective * DIST_SCALE + distance_m``
        (:data:`INF` where impossible); objective = shipping + handling + look-ahead
        price of the shipment.
    weight_g
        ``(2^G,)`` grams per subset.
    distance_m
        ``(W,)`` straight-line meters from each site to the customer.
    """

    key: np.ndarray
    weight_g: np.ndarray
    distance_m: np.ndarray


@lru_cache(maxsize=8192)
def _submasks(mask: int, n: int) -> np.ndarray:
    """Every submask of ``mask`` (an ``n``-bit integer), including 0, ascending (cached)."""
    pos = [b for b in range(n) if mask >> b & 1]
    if not pos:
        out = np.zeros(1, dtype=np.int64)
    else:
        out = subset_bits(len(pos)) @ (np.int64(1) << np.array(pos, dtype=np.int64))
    out.setflags(write=False)
    return out


def subset_table(
    problem: SourcingProblem,
    view: OrderView,
    lanes: list[Lane],
    unit_prices: np.ndarray | None,
) -> SubsetTable:
    """Price every (site, subset) shipment of the order.

    Only the subsets a site holds in stock are priced (per site, its submasks).

    Parameters
    ----------
    unit_prices
        ``(W, n_lines)`` look-ahead cents per unit of each line at each site, or ``None``.
    """
    net = problem.network
    n_w, n_g = len(net.warehouses), view.n_groups
    n_s = 1 << n_g
    bits = subset_bits(n_g)
    weight = bits @ view.group_weight_g
    units = bits @ view.group_units
    kg = -(-weight // 1000)
    distance = site_distances_m(problem)
    by_site: dict[int, list[Lane]] = {}
    for ln in lanes:
        if ln.on_time:
            by_site.setdefault(ln.warehouse, []).append(ln)
    group_cost = None
    if unit_prices is not None:
        qty = np.array([ln.quantity for ln in problem.order.lines], dtype=np.int64)
        line_cost = unit_prices * qty[None, :]
        group_cost = np.stack(
            [line_cost[:, list(g)].sum(axis=1) for g in view.groups], axis=1
        ).astype(np.int64)
    key = np.full((n_w, n_s), INF, dtype=np.int64)
    for w, mine in by_site.items():
        mask = int(view.stock_mask[w])
        if not mask:
            continue
        subs = _submasks(mask, n_g)[1:]
        wt, kgs = weight[subs], kg[subs]
        ship = np.full(subs.shape, INF, dtype=np.int64)
        for ln in mine:
            price = ln.base_cents + ln.per_kg_cents * kgs
            if ln.max_weight_g:
                price = np.where(wt <= ln.max_weight_g, price, INF)
            np.minimum(ship, price, out=ship)
        site = net.warehouses[w]
        total = ship + site.handling_cost_per_order + site.handling_cost_per_unit * units[subs]
        if group_cost is not None:
            total = total + bits[subs] @ group_cost[w]
        key[w, subs] = np.where(ship < INF, total * DIST_SCALE + distance[w], INF)
    return SubsetTable(key=key, weight_g=weight, distance_m=distance)
