"""Baseline policies to compare with: what shops run today.

``nearest_with_stock``
    The nearest site (straight line) that holds the whole order and has an
    on-time carrier; when none holds it all, each shipping unit from the nearest
    site holding it. Carrier: the cheapest on-time one.
``rule_chain``
    A Shopify-style order-routing rule chain: keep sites that can meet the
    promise, then *fewest shipments* (the smallest set of sites covering the
    order), then *closest* (least total distance); each unit goes to the nearest
    site of the set holding it; carrier: the cheapest on-time one.

Both return a :class:`~solvers.sourcing.result.SourcingResult` like
:func:`solvers.sourcing.solve` (no runner-ups), so benchmarks treat all policies
alike.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from logistics.domain.sourcing import SourcingProblem
from solvers.sourcing.explain import diagnose
from solvers.sourcing.feasibility import OrderView, order_view
from solvers.sourcing.lanes import Lane, order_lanes
from solvers.sourcing.plans import make_option
from solvers.sourcing.result import SourcingOption, SourcingResult, SourcingStatus
from solvers.sourcing.subsets import site_distances_m
from solvers.sourcing.timing import promise_deadline

__all__ = ["nearest_with_stock", "rule_chain"]


def _setup(problem: SourcingProblem):
    view = order_view(problem)
    lanes = order_lanes(problem)
    by_site: dict[int, list[Lane]] = {}
    for ln in lanes:
        if ln.on_time:
            by_site.setdefault(ln.warehouse, []).append(ln)
    dist = site_distances_m(problem)
    deadline = promise_deadline(
        problem.order.promise, problem.order.created_at, problem.customer_zone
    )
    return view, lanes, by_site, dist, deadline


def _result(
    problem: SourcingProblem,
    view: OrderView,
    lanes: list[Lane],
    deadline: int,
    option: SourcingOption | None,
) -> SourcingResult:
    if option is None:
        status, reason = diagnose(problem, view, lanes, deadline)
    else:
        status, reason = SourcingStatus.SOURCED, None
    return SourcingResult(problem.order.id, status, option, reason, (), (), False, None, deadline)


def _nearest_holding(view: OrderView, sites: list[int], g: int) -> int | None:
    for w in sites:
        if view.in_stock[w, g]:
            return w
    return None


def nearest_with_stock(problem: SourcingProblem) -> SourcingResult:
    """Nearest site with the whole order in stock; else each unit from its nearest holder."""
    view, lanes, by_site, dist, deadline = _setup(problem)
    n = view.n_groups
    sites = [int(w) for w in np.argsort(dist, kind="stable") if int(w) in by_site]
    option = None
    for w in sites:
        if view.in_stock[w].all():
            option = make_option(problem, view, [(w, tuple(range(n)))], by_site, None, "nearest")
            if option is not None:
                break
    if option is None:
        assign: dict[int, list[int]] = {}
        for g in range(n):
            w = _nearest_holding(view, sites, g)
            if w is None:
                assign = {}
                break
            assign.setdefault(w, []).append(g)
        if assign and len(assign) <= problem.rules.max_shipments:
            option = make_option(
                problem, view, [(w, tuple(gs)) for w, gs in assign.items()], by_site, None, "split"
            )
    return _result(problem, view, lanes, deadline, option)


def rule_chain(problem: SourcingProblem) -> SourcingResult:
    """Fewest shipments, then closest (sites that can meet the promise only)."""
    view, lanes, by_site, dist, deadline = _setup(problem)
    n = view.n_groups
    full = (1 << n) - 1
    sites = [
        int(w) for w in np.argsort(dist, kind="stable") if int(w) in by_site and view.stock_mask[w]
    ]
    option = None
    for k in range(1, min(problem.rules.max_shipments, n) + 1):
        best: tuple[int, tuple[int, ...]] | None = None
        for combo in combinations(sites, k):
            mask = 0
            for w in combo:
                mask |= int(view.stock_mask[w])
            if mask != full:
                continue
            total = int(sum(dist[w] for w in combo))
            if best is None or total < best[0]:
                best = (total, combo)
        if best is None:
            continue
        ordered = sorted(best[1], key=lambda w: dist[w])
        assign: dict[int, list[int]] = {}
        for g in range(n):
            w = _nearest_holding(view, ordered, g)
            assert w is not None
            assign.setdefault(w, []).append(g)
        option = make_option(
            problem, view, [(w, tuple(gs)) for w, gs in assign.items()], by_site, None, "rule chain"
        )
        if option is not None:
            break
    return _result(problem, view, lanes, deadline, option)
