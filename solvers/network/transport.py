"""Best split assignment for a fixed set of open sites (a transportation problem).

Integral demands and capacities (each capacity counted up to the total demand) go to
OR-Tools' min-cost-flow (network simplex; exact up to unit costs scaled to 1e-6 of a
cost unit per demand unit); anything else to GLOP as an LP.
"""

from __future__ import annotations

import numpy as np

from logistics.domain.facility import FacilityLocationProblem

__all__ = ["transport"]

_SCALE_DIGITS = 6


def transport(
    problem: FacilityLocationProblem, open_sites: np.ndarray, nearest: int | None = None
) -> np.ndarray | None:
    """Cheapest split assignment of every customer to ``open_sites``.

    Parameters
    ----------
    problem
        The problem.
    open_sites
        Boolean ``(m,)`` mask of open sites.
    nearest
        Offer each customer only its ``nearest`` cheapest open sites (a
        feasible, possibly slightly dearer assignment, found several times
        faster); ``None`` offers all. Falls back to all when too few arcs
        leave the problem infeasible.

    Returns
    -------
    numpy.ndarray or None
        ``(m, n)`` served fractions, or ``None`` when the open sites cannot
        serve every customer (capacity or reach).
    """
    sites = np.flatnonzero(open_sites)
    if sites.size == 0:
        return None
    d = problem.demands
    cost = problem.assignment_costs[sites]
    frac = np.zeros((problem.num_sites, problem.num_customers))
    # Zero-demand customers use no capacity: cheapest open site.
    zero = np.flatnonzero(d == 0)
    if zero.size:
        best = np.argmin(cost[:, zero], axis=0)
        if not np.all(np.isfinite(cost[best, zero])):
            return None
        frac[sites[best], zero] = 1.0
    pos = np.flatnonzero(d > 0)
    if pos.size == 0:
        return frac
    # a capacity past the total demand is never used: cut to it (a capacity of 1e19 became
    # a negative int64 in the flow); the flow also needs integral capacities (a fractional
    # one, 1.5, was rounded down, losing demand a split could serve)
    caps = np.minimum(problem.capacities[sites], d[pos].sum())
    if caps.sum() < d[pos].sum() - 1e-9:
        return None
    integral = (
        np.all(d[pos] == np.round(d[pos]))
        and np.all(caps == np.round(caps))
        and d[pos].max() < 2**40
    )
    solver = _flow if integral else _lp
    unit = cost[:, pos] / d[pos]
    x = None
    if nearest is not None and nearest < sites.size:
        keep = np.argsort(unit, axis=0)[:nearest]
        sparse = np.full(unit.shape, np.inf)
        np.put_along_axis(sparse, keep, np.take_along_axis(unit, keep, axis=0), axis=0)
        x = solver(sparse, caps, d[pos])
    if x is None:
        x = solver(unit, caps, d[pos])
    if x is None:
        return None
    frac[np.ix_(sites, pos)] = x
    return frac


def _flow(unit: np.ndarray, caps: np.ndarray, dem: np.ndarray) -> np.ndarray | None:
    from ortools.graph.python import min_cost_flow

    k, n = unit.shape
    caps_i = np.floor(caps + 1e-9).astype(np.int64)
    dem_i = np.round(dem).astype(np.int64)
    if caps_i.sum() < dem_i.sum():
        return None
    ok = np.isfinite(unit)
    ii, jj = np.nonzero(ok)
    scale = 10.0**_SCALE_DIGITS
    top = float(np.max(unit[ok])) if ok.any() else 0.0
    if top * scale > 2**52:  # keep costs exact in int64 arithmetic
        scale = 2**52 / max(top, 1.0)
    smcf = min_cost_flow.SimpleMinCostFlow()
    # nodes: sites 0..k-1, customers k..k+n-1, slack node k+n takes spare capacity
    slack = k + n
    tails = np.concatenate([ii, np.arange(k)]).astype(np.int32)
    heads = np.concatenate([k + jj, np.full(k, slack)]).astype(np.int32)
    arc_caps = np.concatenate([dem_i[jj], caps_i]).astype(np.int64)
    arc_costs = np.concatenate([np.round(unit[ii, jj] * scale), np.zeros(k)]).astype(np.int64)
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, arc_caps, arc_costs)
    supplies = np.concatenate([caps_i, -dem_i, [-(caps_i.sum() - dem_i.sum())]]).astype(np.int64)
    smcf.set_nodes_supplies(np.arange(k + n + 1, dtype=np.int32), supplies)
    if smcf.solve() != smcf.OPTIMAL:
        return None
    flows = smcf.flows(np.arange(ii.size, dtype=np.int64))
    x = np.zeros((k, n))
    x[ii, jj] = flows / dem_i[jj]
    return x


def _lp(unit: np.ndarray, caps: np.ndarray, dem: np.ndarray) -> np.ndarray | None:
    from ortools.linear_solver import pywraplp

    k, n = unit.shape
    s = pywraplp.Solver.CreateSolver("GLOP")
    x = {}
    for i in range(k):
        for j in range(n):
            if np.isfinite(unit[i, j]):
                x[i, j] = s.NumVar(0.0, 1.0, "")
    obj = s.Objective()
    for (i, j), var in x.items():
        obj.SetCoefficient(var, float(unit[i, j] * dem[j]))
    obj.SetMinimization()
    for j in range(n):
        c = s.Constraint(1.0, 1.0)
        for i in range(k):
            if (i, j) in x:
                c.SetCoefficient(x[i, j], 1.0)
    for i in range(k):
        c = s.Constraint(-s.infinity(), float(caps[i]))
        for j in range(n):
            if (i, j) in x:
                c.SetCoefficient(x[i, j], float(dem[j]))
    if s.Solve() != s.OPTIMAL:
        return None
    out = np.zeros((k, n))
    for (i, j), var in x.items():
        out[i, j] = var.solution_value()
    return out
