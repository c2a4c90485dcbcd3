"""Every possible shipment of an order, priced at once: a (site x subset of units) table.

For an order of ``G`` shipping units, subset ``S`` (a bitmask) shipped from site
``w`` costs ``handling(w, S) + min over on-time lanes of w of price(lane, weight(S))``;
it is possible when ``w`` holds every unit of ``S`` and some on-time lane takes
its weight. The table has ``W * 2^G`` entries, computed with numpy in well under
a millisecond for 20 sites and 10 units.

Entries are compared by an integer *key* ``objective * DIST_SCALE + distance_m``,
so ties in cost are broken by distance exactly. The keys are int64 (the fast
path) when an upper bound on the key of every plan of the order proves that
int64 holds them exactly, with :data:`INF` for impossible shipments; an order
whose costs could go past that (tens of millions of cents per order, reachable
with bulk quantities of heavy SKUs) gets the same table with Python integers
(``dtype=object``, slower but exact) and a larger sentinel, :attr:`SubsetTable.inf`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from logistics.domain.sourcing import EARTH_RADIUS_M, SourcingProblem
from solvers.sourcing.feasibility import OrderView
from solvers.sourcing.lanes import Lane
from solvers.sourcing.sites import network_consts

__all__ = ["SubsetTable", "subset_table", "subset_bits", "site_distances_m", "INF", "DIST_SCALE"]

DIST_SCALE = 1 << 30  # > total distance of any plan in meters
INF = np.int64(1 << 61)  # "impossible" on the int64 path; sums of two keys stay below 2^63


@lru_cache(maxsize=16)
def subset_bits(n: int) -> np.ndarray:
    """``(2^n, n)`` 0/1 matrix: row ``S`` has the bits of ``S`` (read-only, cached)."""
    s = np.arange(1 << n, dtype=np.int64)
    bits = (s[:, None] >> np.arange(n, dtype=np.int64)[None, :]) & 1
    bits.setflags(write=False)
    return bits


def site_distances_m(problem: SourcingProblem) -> np.ndarray:
    """``(W,)`` great-circle meters from every site to the ship-to (vectorised haversine)."""
    net = problem.network
    sites = network_consts(net.warehouses, net.carriers)
    lat2 = np.radians(problem.order.ship_to.lat)
    lon2 = np.radians(problem.order.ship_to.lon)
    h = (
        np.sin((lat2 - sites.lat) / 2) ** 2
        + sites.cos_lat * np.cos(lat2) * np.sin((lon2 - sites.lon) / 2) ** 2
    )
    return np.rint(2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))).astype(np.int64)


@dataclass(frozen=True, eq=False)
class SubsetTable:
    """Priced shipments ``(site, subset)``.

    Parameters
    ----------
    key
        ``(W, 2^G)`` comparison key ``objective * DIST_SCALE + distance_m`` (``inf``
        where impossible); objective = shipping + handling + look-ahead price of
        the shipment. int64, or Python ints (``dtype=object``) when int64 could
        overflow for this order.
    weight_g
        ``(2^G,)`` grams per subset.
    distance_m
        ``(W,)`` straight-line meters from each site to the customer.
    inf
        The "impossible" key: :data:`INF` for int64 keys, else a Python int above
        ``max_parts`` times the largest key plus surcharge. Any sum of at most
        ``min(rules.max_shipments, G)`` possible keys, each with
        ``cost_per_extra_shipment * DIST_SCALE`` added, is below it.
    """

    key: np.ndarray
    weight_g: np.ndarray
    distance_m: np.ndarray
    inf: int = int(INF)

    @property
    def exact_int64(self) -> bool:
        """The keys are int64 (the fast path)."""
        return self.key.dtype != object


def _key_bound(
    problem: SourcingProblem,
    view: OrderView,
    lane: np.ndarray | None,
    sites: np.ndarray | None,
    unit_prices: np.ndarray | None,
) -> int:
    """Upper bound (exact Python int) on the sum of the keys of any plan, surcharges included.

    Every shipment costs at most the dearest lane's base plus its per-kg rate at the
    whole order's weight, plus the dearest handling and look-ahead price for all
    units, plus the surcharge; a plan has at most ``min(max_shipments, G)`` of them.
    """
    n_parts = min(problem.rules.max_shipments, view.n_groups)
    per = problem.rules.cost_per_extra_shipment
    if lane is not None and sites is not None:
        consts = network_consts(problem.network.warehouses, problem.network.carriers)
        units = int(view.group_units.sum())
        kg = -(-sum(view.weights_g) // 1000)
        per += int(lane[:, 1].max()) + int(lane[:, 2].max()) * kg
        per += int(consts.handling_per_order[sites].max())
        per += int(consts.handling_per_unit[sites].max()) * units
        if unit_prices is not None:
            per += int(unit_prices[sites].max()) * units
    return n_parts * (per + 1) * DIST_SCALE


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
    sites_c = network_consts(net.warehouses, net.carriers)
    n_w, n_g = len(net.warehouses), view.n_groups
    n_s = 1 << n_g
    bits = subset_bits(n_g)
    distance = site_distances_m(problem)
    stock_mask = view.stock_mask
    rows = [
        (ln.warehouse, ln.base_cents, ln.per_kg_cents, ln.max_weight_g)
        for ln in lanes
        if ln.on_time and stock_mask[ln.warehouse]
    ]
    lane = sites = starts = None
    if rows:
        lane = np.array(rows, dtype=np.int64)
        lane = lane[np.argsort(lane[:, 0], kind="stable")]  # each site's lanes together
        site_of = lane[:, 0]
        starts = np.flatnonzero(np.concatenate(([True], site_of[1:] != site_of[:-1])))
        sites = site_of[starts]
    bound = _key_bound(problem, view, lane, sites, unit_prices)
    if bound < int(INF) and view.group_weight_g.dtype != object:
        inf, dtype = int(INF), np.int64
    else:  # int64 could overflow: the same table in exact Python ints
        inf, dtype = 1 << bound.bit_length(), object
        bits = bits.astype(object)
        if lane is not None:
            lane = lane.astype(object)
    weight = bits @ view.group_weight_g
    key = np.full((n_w, n_s), inf, dtype=dtype)
    if lane is None or sites is None:
        return SubsetTable(key=key, weight_g=weight, distance_m=distance, inf=inf)
    # (lanes, subsets) price; inf where too heavy; cheapest lane per site by segment minimum
    kg = -(-weight // 1000)
    price = lane[:, 1:2] + lane[:, 2:3] * kg[None, :]
    limit = lane[:, 3:4]
    price[(limit > 0) & (weight[None, :] > limit)] = inf
    ship = np.minimum.reduceat(price, starts, axis=0)
    units = bits @ view.group_units
    total = (
        ship
        + sites_c.handling_per_order[sites][:, None].astype(dtype, copy=False)
        + sites_c.handling_per_unit[sites][:, None].astype(dtype, copy=False) * units[None, :]
    )
    if unit_prices is not None:
        qty = np.array([ln.quantity for ln in problem.order.lines], dtype=dtype)
        member = np.zeros((len(qty), n_g), dtype=dtype)  # line -> its shipping unit
        for g, lines in enumerate(view.groups):
            member[list(lines), g] = 1
        prices = unit_prices[sites].astype(dtype, copy=False)
        group_cost = (prices * qty[None, :]) @ member  # (sites, G) cents
        total = total + group_cost @ bits.T
    subs = np.arange(n_s, dtype=np.int64)
    held = (subs[None, :] & ~stock_mask[sites][:, None]) == 0  # subset in stock at the site
    held[:, 0] = False
    ok = held & (ship < inf)
    dist = distance[sites][:, None].astype(dtype, copy=False)
    key[sites] = np.where(ok, total * DIST_SCALE + dist, inf)
    return SubsetTable(key=key, weight_g=weight, distance_m=distance, inf=inf)
