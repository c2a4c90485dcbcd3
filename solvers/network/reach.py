"""Whether sites can serve every customer within reach: a max-flow check, no costs.

Enough capacity in total is not enough when a customer may be served only by some sites
(``inf`` assignment costs, e.g. a reach limit): a group of customers whose sites hold
less than the group's demand makes the problem infeasible (Hall's condition). A maximum
flow from customers to the sites that reach them finds such a group, in well under a
second for a million site-customer pairs, without a solve.
"""

from __future__ import annotations

import numpy as np

__all__ = ["short_within_reach"]

#: Total demand in flow units (integers for OR-Tools' max flow; 2**40 keeps the sum of a
#: million sites' capacities within int64).
_FLOW_UNITS = 2.0**40


def short_within_reach(
    capacities: np.ndarray, demands: np.ndarray, reach: np.ndarray
) -> np.ndarray | None:
    """Customers the sites within their reach cannot serve together, if any.

    Parameters
    ----------
    capacities
        ``(m,)`` site capacities (units); a site that may not open has capacity 0 or no
        reach.
    demands
        ``(n,)`` customer demands (units).
    reach
        ``(m, n)`` boolean: site ``i`` may serve customer ``j``.

    Returns
    -------
    numpy.ndarray or None
        Boolean ``(n,)`` mask of a group of customers whose demand is more than the
        capacity of all the sites that reach any of them; ``None`` when a split
        assignment serves every customer. Integer rounding only ever errs towards
        ``None`` (capacities rounded up, demands down), so a group returned is short.
    """
    from ortools.graph.python import max_flow

    total = float(demands.sum())
    if total <= 0:
        return None
    m, n = reach.shape
    scale = _FLOW_UNITS / total
    dem = np.floor(demands * scale).astype(np.int64)
    cap = np.ceil(np.minimum(capacities, total) * scale).astype(np.int64)
    ii, jj = np.nonzero(reach)
    # nodes: source 0, customers 1..n, sites n+1..n+m, sink n+m+1
    source, sink = 0, n + m + 1
    tails = np.concatenate([np.zeros(n), 1 + jj, n + 1 + np.arange(m)]).astype(np.int32)
    heads = np.concatenate([1 + np.arange(n), n + 1 + ii, np.full(m, sink)]).astype(np.int32)
    caps = np.concatenate([dem, np.full(ii.size, int(dem.sum())), cap]).astype(np.int64)
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, caps)
    if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() >= int(dem.sum()):
        return None
    side = np.asarray(flow.get_source_side_min_cut(), dtype=np.int64)
    group = np.zeros(n, dtype=bool)
    group[side[(side >= 1) & (side <= n)] - 1] = True
    # the cut's customer side is short by construction; confirm in units before naming it
    sites = reach[:, group].any(axis=1)
    if demands[group].sum() <= capacities[sites].sum():
        return None
    return group
