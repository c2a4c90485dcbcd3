"""Look-ahead: price scarce stock with the duals of a transportation LP (Acimovic & Graves 2015).

Myopic sourcing ships each order at its cheapest; it happily spends the last
units near a big city on a far-away order, and the next order from that city
then ships from far away (or misses its promise). Acimovic & Graves ("Making
better fulfillment decisions on the fly in an online retail environment",
M&SOM 17(1), 2015) price each unit of stock with the dual of its supply
constraint in a transportation LP over the *expected* demand of the coming
period, and add that price to the myopic cost.

Per SKU ``k`` the LP is::

    min  sum_ij c_ij x_ij + sum_j p_j u_j
    s.t. sum_j x_ij <= s_i                (dual lambda_i <= 0: the stock price is -lambda_i)
         sum_i x_ij + u_j = d_j
         x, u >= 0

with ``s_i`` the units site ``i`` may promise, ``d_j`` the expected units of
region ``j`` over the horizon, ``c_ij`` the cost of shipping one unit from ``i``
to ``j`` (the cheapest on-time lane, plus handling) and ``p_j`` the cost of not
serving it from stock (``unserved_cost``). SKUs decouple (site capacity is not
in the LP), so each is a small LP solved with GLOP; prices are refreshed
periodically by the caller (the decision itself only adds them up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from logistics.domain.geo import LatLon
from logistics.domain.orders import Order, OrderLine, Promise
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem
from logistics.domain.timezones import CustomerClock, zone_info
from logistics.errors import InvalidValueError
from solvers.sourcing.clocks import order_clocks

__all__ = ["StockPrices", "price_stock", "unit_costs"]


@dataclass(frozen=True, eq=False)
class StockPrices:
    """Opportunity cost of one unit of stock, cents, per site and SKU.

    Parameters
    ----------
    warehouse_ids, sku_ids
        Row and column labels.
    cents
        ``(len(warehouse_ids), len(sku_ids))`` non-negative array.
    """

    warehouse_ids: tuple[str, ...]
    sku_ids: tuple[str, ...]
    cents: np.ndarray

    def __post_init__(self) -> None:
        arr = np.asarray(self.cents, dtype=np.float64)
        if arr.shape != (len(self.warehouse_ids), len(self.sku_ids)):
            raise InvalidValueError("cents", arr.shape, "shape (sites, SKUs)")
        if not np.isfinite(arr).all() or (arr < 0).any():
            raise InvalidValueError("cents", "...", "finite, non-negative prices")
        arr = np.rint(arr).astype(np.int64)
        arr.setflags(write=False)
        object.__setattr__(self, "cents", arr)

    def aligned(self, warehouse_ids: Sequence[str], sku_ids: Sequence[str]) -> np.ndarray:
        """Prices re-ordered to the given sites and SKUs (0 where unknown)."""
        if tuple(warehouse_ids) == self.warehouse_ids and tuple(sku_ids) == self.sku_ids:
            return self.cents
        wi = {w: i for i, w in enumerate(self.warehouse_ids)}
        ki = {k: i for i, k in enumerate(self.sku_ids)}
        out = np.zeros((len(warehouse_ids), len(sku_ids)), dtype=np.int64)
        rows = [(a, wi[w]) for a, w in enumerate(warehouse_ids) if w in wi]
        cols = [(b, ki[k]) for b, k in enumerate(sku_ids) if k in ki]
        for a, i in rows:
            for b, j in cols:
                out[a, b] = self.cents[i, j]
        return out


def price_stock(
    available: np.ndarray,
    unit_cost: np.ndarray,
    demand: np.ndarray,
    unserved_cost: np.ndarray,
    warehouse_ids: Sequence[str],
    sku_ids: Sequence[str],
) -> StockPrices:
    """Solve the per-SKU transportation LPs and return the stock prices (duals).

    Parameters
    ----------
    available
        ``(sites, SKUs)`` units each site may promise.
    unit_cost
        ``(sites, regions)`` or ``(sites, regions, SKUs)`` cents to serve one unit
        of a region from a site (``inf`` where the site cannot serve it).
    demand
        ``(regions, SKUs)`` expected units over the horizon.
    unserved_cost
        ``(regions,)`` or ``(regions, SKUs)`` cents per unit not served from stock.
    warehouse_ids, sku_ids
        Labels.

    Returns
    -------
    StockPrices
        ``-dual`` of each supply constraint (>= 0), cents per unit.
    """
    from ortools.linear_solver import pywraplp

    available = np.asarray(available)
    unit_cost = np.asarray(unit_cost, dtype=np.float64)
    demand = np.asarray(demand, dtype=np.float64)
    unserved_cost = np.asarray(unserved_cost, dtype=np.float64)
    n_w, n_k = available.shape
    prices = np.zeros((n_w, n_k))
    for k in range(n_k):
        cost = unit_cost[:, :, k] if unit_cost.ndim == 3 else unit_cost
        pen = unserved_cost[:, k] if unserved_cost.ndim == 2 else unserved_cost
        d = demand[:, k]
        regions = np.flatnonzero(d > 1e-9)
        sites = np.flatnonzero(available[:, k] > 0)
        if regions.size == 0 or sites.size == 0:
            continue
        # One transportation LP per SKU: the duals of its supply rows price the stock
        # (0 where the stock cannot run short).
        solver = pywraplp.Solver.CreateSolver("GLOP")
        inf = solver.infinity()
        supply = [solver.Constraint(-inf, float(available[i, k])) for i in sites]
        obj = solver.Objective()
        for j in regions:
            dem = solver.Constraint(float(d[j]), float(d[j]))
            u = solver.NumVar(0.0, inf, "")
            dem.SetCoefficient(u, 1.0)
            obj.SetCoefficient(u, float(pen[j]))
            for a, i in enumerate(sites):
                c = cost[i, j]
                if not np.isfinite(c) or c >= pen[j]:
                    continue
                x = solver.NumVar(0.0, inf, "")
                supply[a].SetCoefficient(x, 1.0)
                dem.SetCoefficient(x, 1.0)
                obj.SetCoefficient(x, float(c))
        obj.SetMinimization()
        if solver.Solve() != pywraplp.Solver.OPTIMAL:  # pragma: no cover - LP always feasible
            continue
        for a, i in enumerate(sites):
            prices[i, k] = max(0.0, -supply[a].dual_value())
    return StockPrices(tuple(warehouse_ids), tuple(sku_ids), prices)


def unit_costs(
    network: NetworkSnapshot,
    regions: Sequence[LatLon],
    region_offsets_s: Sequence[int],
    promise_mix: Sequence[tuple[Promise, float]],
    miss_penalty: int,
    at_local_s: int = 12 * 3600,
    day_start: int = 0,
    *,
    region_clocks: Sequence[CustomerClock | None] | None = None,
) -> np.ndarray:
    """Expected cents to serve one unit of each SKU in each region from each site.

    For each promise of the mix (weight = its share), the cheapest on-time lane
    of a one-unit shipment, or the cheapest lane plus ``miss_penalty`` when no
    lane is on time; plus the site's handling of a one-unit order. ``inf`` where
    no carrier reaches the region. Evaluated for an order placed at
    ``at_local_s`` (region local time) on the date whose 00:00 UTC is unix
    ``day_start``: each region's own clock on that date, so a region at UTC+9
    orders 16 hours before one at UTC-7 (pass a UTC midnight, not a local one).

    ``region_clocks`` (one per region, optional): a region's clock with an IANA
    ``time_zone`` or a ``utc_offset_s`` replaces its ``region_offsets_s`` entry, so a
    region in ``"America/New_York"`` orders at ``at_local_s`` EDT in summer and EST
    in winter and its promises end at its own midnight; ``None`` (or a clock with
    neither) keeps the fixed offset.

    Returns
    -------
    np.ndarray
        ``(sites, regions, SKUs)`` cents.
    """
    from logistics.errors import InvalidValueError as _Invalid
    from solvers.sourcing.lanes import lane_for
    from solvers.sourcing.timing import DAY_S, local_time

    n_w, n_r, n_k = len(network.warehouses), len(regions), len(network.skus)
    kg = -(-network.sku_weights_g // 1000)
    out = np.zeros((n_w, n_r, n_k))
    probe_sku = network.skus[0].id
    handling = np.array(
        [w.handling_cost_per_order + w.handling_cost_per_unit for w in network.warehouses],
        dtype=float,
    )
    total_share = sum(s for _, s in promise_mix)
    clocks = order_clocks(regions, region_clocks, "region_clocks")
    for j, (loc, off) in enumerate(zip(regions, region_offsets_s, strict=True)):
        tz = clocks[j].time_zone if clocks[j] is not None else None
        if clocks[j] is not None and clocks[j].utc_offset_s is not None:
            off = clocks[j].utc_offset_s
        if tz is None:
            created = day_start + at_local_s - off  # day_start is 00:00Z of the date
            clock = {"customer_utc_offset_s": off}
        else:  # at_local_s on the region's wall clock that date (its offset that day)
            created = local_time(day_start // DAY_S, day_start % DAY_S + at_local_s, zone_info(tz))
            clock = {"customer_time_zone": tz}
        for promise, share in promise_mix:
            order = Order("probe", (OrderLine(probe_sku, 1),), loc, promise, max(created, 0))
            try:
                problem = SourcingProblem(order, network, **clock)
            except _Invalid:
                out[:, j, :] = np.inf
                break
            for i in range(n_w):
                best_on = np.full(n_k, np.inf)
                best_any = np.full(n_k, np.inf)
                for c in range(len(network.carriers)):
                    ln = lane_for(problem, i, c)
                    if ln is None:
                        continue
                    price = ln.base_cents + ln.per_kg_cents * kg
                    if ln.max_weight_g:
                        price = np.where(network.sku_weights_g <= ln.max_weight_g, price, np.inf)
                    best_any = np.minimum(best_any, price)
                    if ln.on_time:
                        best_on = np.minimum(best_on, price)
                cost = np.where(np.isfinite(best_on), best_on, best_any + miss_penalty)
                out[i, j, :] += share / total_share * (cost + handling[i])
    return out
