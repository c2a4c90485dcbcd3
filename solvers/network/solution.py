"""Turn a matrix of served fractions into a clean :class:`NetworkResult`."""

from __future__ import annotations

import numpy as np

from logistics.domain.facility import FacilityLocationProblem
from solvers.network.result import NetworkResult, NetworkStatus

__all__ = ["evaluate", "build_result", "clean_fractions"]

_EPS = 1e-9


def clean_fractions(frac: np.ndarray) -> np.ndarray:
    """Drop solver noise (< 1e-9) and rescale each customer's column to sum to 1."""
    x = np.where(frac > _EPS, frac, 0.0)
    col = x.sum(axis=0)
    col[col == 0] = 1.0
    return x / col


def evaluate(problem: FacilityLocationProblem, frac: np.ndarray) -> tuple[float, float]:
    """``(fixed_cost, assignment_cost)`` of serving ``frac`` (sites x customers).

    A site is counted open when it serves anything or is forced open.
    """
    used = (frac > 0).any(axis=1)
    if problem.must_open:
        used[list(problem.must_open)] = True
    fixed = float(problem.fixed_costs[used].sum())
    mask = frac > 0
    assign = float((problem.assignment_costs[mask] * frac[mask]).sum())
    return fixed, assign


def build_result(
    problem: FacilityLocationProblem,
    frac: np.ndarray,
    *,
    bound: float,
    seconds: float,
    method: str,
    single_source: bool,
    mip_gap: float,
    extra_open: np.ndarray | None = None,
) -> NetworkResult:
    """Package a solution; the gap is against ``bound`` (capped at the cost)."""
    frac = clean_fractions(frac)
    fixed, assign = evaluate(problem, frac)
    open_mask = (frac > 0).any(axis=1)
    if problem.must_open:
        open_mask[list(problem.must_open)] = True
    if extra_open is not None:
        open_mask |= extra_open
        fixed = float(problem.fixed_costs[open_mask].sum())
    cost = fixed + assign
    bound = min(float(bound), cost)
    gap = 0.0 if cost <= 0 else max(0.0, (cost - bound) / cost)
    flows = tuple(
        (int(j), int(i), float(frac[i, j]))
        for j in range(problem.num_customers)
        for i in np.flatnonzero(frac[:, j] > 0)
    )
    return NetworkResult(
        open=tuple(int(i) for i in np.flatnonzero(open_mask)),
        flows=flows,
        cost=cost,
        fixed_cost=fixed,
        assignment_cost=assign,
        bound=bound,
        gap=gap,
        status=NetworkStatus.OPTIMAL if gap <= max(mip_gap, 1e-9) else NetworkStatus.FEASIBLE,
        seconds=seconds,
        method=method,
        single_source=single_source,
    )
