"""What the network solver returns: open sites, flows, cost and a proven gap."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from solvers.progress import Progress

__all__ = ["NetworkResult", "NetworkStatus", "Progress"]


class NetworkStatus(StrEnum):
    """``optimal``: gap closed (within ``mip_gap``); ``feasible``: a solution, gap open."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"


@dataclass(frozen=True)
class NetworkResult:
    """A network design.

    Parameters
    ----------
    open
        0-based indices of the open sites, ascending.
    flows
        ``(customer, site, fraction)``: the fraction of the customer's demand
        that site serves; every customer's fractions sum to 1, except a
        customer with no demand that no site may serve, which has no flows.
    cost
        ``fixed_cost + assignment_cost``.
    fixed_cost
        Sum of the open sites' fixed costs.
    assignment_cost
        Sum of ``fraction * assignment_costs[site, customer]``.
    bound
        A proven lower bound on the optimal cost (of the model solved: split
        or single-source).
    gap
        ``(cost - bound) / cost``, a fraction (0 when proven optimal).
    status
        Optimal or feasible.
    seconds
        Wall-clock time of the solve.
    method
        What produced it (``mip``, ``lagrangian+mip``, ...).
    single_source
        Whether the single-source model was solved.
    """

    open: tuple[int, ...]
    flows: tuple[tuple[int, int, float], ...]
    cost: float
    fixed_cost: float
    assignment_cost: float
    bound: float
    gap: float
    status: NetworkStatus
    seconds: float
    method: str
    single_source: bool = False

    def fractions(self, num_sites: int, num_customers: int) -> np.ndarray:
        """The ``(sites, customers)`` matrix of served fractions."""
        out = np.zeros((num_sites, num_customers))
        for j, i, f in self.flows:
            out[i, j] += f
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``open``, ``flows`` (``[customer, site, fraction]``), ``cost``, ``gap``."""
        return {
            "open": list(self.open),
            "flows": [[j, i, round(f, 12)] for j, i, f in self.flows],
            "cost": self.cost,
            "gap": self.gap,
            "bound": self.bound,
            "fixed_cost": self.fixed_cost,
            "assignment_cost": self.assignment_cost,
            "status": str(self.status),
            "seconds": round(self.seconds, 4),
            "method": self.method,
            "single_source": self.single_source,
        }
