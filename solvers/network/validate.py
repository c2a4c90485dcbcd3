"""Check a network design independently of the solver that produced it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from logistics.domain.facility import FacilityLocationProblem
from solvers.network.result import NetworkResult

__all__ = ["Validation", "validate"]

_TOL = 1e-6


@dataclass(frozen=True)
class Validation:
    """``feasible`` with every violation listed; ``cost`` recomputed from the flows."""

    feasible: bool
    cost: float
    fixed_cost: float
    assignment_cost: float
    violations: list[str] = field(default_factory=list)


def validate(problem: FacilityLocationProblem, result: NetworkResult) -> Validation:
    """Recompute cost and check every constraint.

    Checks: each customer's fractions are in [0, 1] and sum to 1 (or to 0 for a
    customer with no demand that no site may serve); only open
    sites serve; no site serves past its capacity; no customer is served by a
    site that may not serve it (infinite cost); must-open sites are open and
    must-close sites closed; single-source results use one site per customer;
    and the reported cost equals the recomputed one.
    """
    m, n = problem.num_sites, problem.num_customers
    bad: list[str] = []
    frac = np.zeros((m, n))
    for k, (j, i, f) in enumerate(result.flows):
        if not (0 <= j < n and 0 <= i < m):
            bad.append(f"flows[{k}]: customer {j} or site {i} out of range")
            continue
        if not -_TOL <= f <= 1 + _TOL:
            bad.append(f"flows[{k}]: fraction {f} not in [0, 1]")
        frac[i, j] += f
    open_mask = np.zeros(m, dtype=bool)
    for i in result.open:
        if 0 <= i < m:
            open_mask[i] = True
        else:
            bad.append(f"open: site {i} out of range")
    served = frac.sum(axis=0)
    idle = problem.idle_customers  # needs no service, may have none
    for j in np.flatnonzero((np.abs(served - 1.0) > _TOL) & ~(idle & (served == 0))):
        bad.append(f"customer {j}: served fraction {served[j]:.9f} != 1")
    for i in np.flatnonzero((frac > _TOL).any(axis=1) & ~open_mask):
        bad.append(f"site {i}: serves customers but is not open")
    load = frac @ problem.demands
    over = load - problem.capacities
    for i in np.flatnonzero(over > _TOL * np.maximum(1.0, problem.capacities)):
        bad.append(f"site {i}: load {load[i]:.6f} > capacity {problem.capacities[i]:.6f}")
    unreachable = (frac > 0) & ~np.isfinite(problem.assignment_costs)
    for i, j in np.argwhere(unreachable):
        bad.append(f"customer {j}: served by site {i}, which may not serve it")
    for i in problem.must_open:
        if not open_mask[i]:
            bad.append(f"site {i}: must be open")
    for i in problem.must_close:
        if open_mask[i]:
            bad.append(f"site {i}: must be closed")
    if result.single_source:
        for j in np.flatnonzero((frac > _TOL).sum(axis=0) > 1):
            bad.append(f"customer {j}: served by several sites in a single-source design")
    fixed = float(problem.fixed_costs[open_mask].sum())
    with np.errstate(invalid="ignore"):
        assign = float(np.where(frac > 0, problem.assignment_costs * frac, 0.0).sum())
    cost = fixed + assign
    if abs(cost - result.cost) > _TOL * max(1.0, abs(cost)):
        bad.append(f"cost: reported {result.cost!r}, recomputed {cost!r}")
    if result.bound > result.cost + _TOL * max(1.0, abs(cost)):
        bad.append(f"bound: {result.bound!r} above the cost {result.cost!r}")
    return Validation(not bad, cost, fixed, assign, bad)
