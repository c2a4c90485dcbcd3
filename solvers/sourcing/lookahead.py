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
from logistics.errors import InvalidValueError

__all__ = ["StockPrices", "DemandForecast", "price_stock"]


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


@dataclass(frozen=True, eq=False)
class DemandForecast:
    """Expected demand of the coming period.

    Parameters
    ----------
    regions
        Demand points (e.g. city centres).
    region_offsets_s
        UTC offset of each region (for promise deadlines), seconds.
    sku_ids
        Columns of ``units``.
    units
        ``(len(regions), len(sku_ids))`` expected units (floats allowed).
    """

    regions: tuple[LatLon, ...]
    region_offsets_s: tuple[int, ...]
    sku_ids: tuple[str, ...]
    units: np.ndarray

    def __post_init__(self) -> None:
        arr = np.asarray(self.units, dtype=np.float64)
        if arr.shape != (len(self.regions), len(self.sku_ids)):
            raise InvalidValueError("units", arr.shape, "shape (regions, SKUs)")
        if len(self.region_offsets_s) != len(self.regions):
            raise InvalidValueError(
                "region_offsets_s", len(self.region_offsets_s), "one per region"
            )
        if not np.isfinite(arr).all() or (arr < 0).any():
            raise InvalidValueError("units", "...", "finite, non-negative expected units")
        object.__setattr__(self, "units", arr)


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
        ``(sites, regions)`` cents to serve one unit of a region from a site
        (``inf`` where no on-time lane exists).
    demand
        ``(regions, SKUs)`` expected units over the horizon.
    unserved_cost
        ``(regions,)`` cents per unit of a region not served from stock.
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
    n_r = unit_cost.shape[1]
    prices = np.zeros((n_w, n_k))
    finite = np.isfinite(unit_cost)
    for k in range(n_k):
        d = demand[:, k]
        regions = np.flatnonzero(d > 1e-9)
        sites = np.flatnonzero(available[:, k] > 0)
        if regions.size == 0 or sites.size == 0:
            continue
        # A site is worth pricing only if its stock is scarce against nearby demand;
        # the LP decides that. Skip the LP when total stock covers demand from every
        # site's best region trivially? No: always solve, it is small.
        solver = pywraplp.Solver.CreateSolver("GLOP")
        inf = solver.infinity()
        supply = [solver.Constraint(-inf, float(available[i, k])) for i in sites]
        obj = solver.Objective()
        for j in regions:
            dem = solver.Constraint(float(d[j]), float(d[j]))
            u = solver.NumVar(0.0, inf, "")
            dem.SetCoefficient(u, 1.0)
            obj.SetCoefficient(u, float(unserved_cost[j]))
            for a, i in enumerate(sites):
                if not finite[i, j] or unit_cost[i, j] >= unserved_cost[j]:
                    continue
                x = solver.NumVar(0.0, inf, "")
                supply[a].SetCoefficient(x, 1.0)
                dem.SetCoefficient(x, 1.0)
                obj.SetCoefficient(x, float(unit_cost[i, j]))
        obj.SetMinimization()
        if solver.Solve() != pywraplp.Solver.OPTIMAL:  # pragma: no cover - LP always feasible
            continue
        for a, i in enumerate(sites):
            prices[i, k] = max(0.0, -supply[a].dual_value())
    del n_r
    return StockPrices(tuple(warehouse_ids), tuple(sku_ids), prices)
