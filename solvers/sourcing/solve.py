"""The decision: the cheapest way to ship one order that keeps its promise.

Objective: total landed cost (shipping + handling + ``cost_per_extra_shipment`` per
shipment beyond the first), plus the look-ahead stock price when given; ties broken
by total distance. Orders of up to ``params.exact_max_groups`` shipping units are
solved exactly by dynamic programming over subsets (:mod:`.partition`); larger
ones by CP-SAT (:mod:`.large`, optimal or with a proven bound at the time limit).
"""

from __future__ import annotations

import time

import numpy as np

from logistics.domain.sourcing import SourcingProblem
from logistics.errors import InvalidValueError
from solvers.progress import Progress, ProgressCallback, StopCheck
from solvers.sourcing.explain import diagnose, site_notes
from solvers.sourcing.feasibility import order_view
from solvers.sourcing.lanes import Lane, order_lanes
from solvers.sourcing.large import cpsat_overflow, solve_large
from solvers.sourcing.params import SourcingParams
from solvers.sourcing.partition import Partition, best_partitions
from solvers.sourcing.plans import make_option, option_signature
from solvers.sourcing.result import SourcingOption, SourcingResult, SourcingStatus
from solvers.sourcing.subsets import DIST_SCALE, site_distances_m, subset_table
from solvers.sourcing.timing import promise_deadline

__all__ = ["solve"]

_DEFAULT_PARAMS = SourcingParams()  # frozen: one shared default


def _units_of(mask: int, n: int) -> tuple[int, ...]:
    return tuple(g for g in range(n) if mask >> g & 1)


def _size(problem: SourcingProblem) -> str:
    lines = problem.order.lines
    return f"{len(lines)} lines, {sum(ln.quantity for ln in lines)} units"


def _alone_sites(view, lanes_by_site, table, n: int, keep: int) -> list[int]:
    """Sites that may ship the whole order alone, for the "all from" runner-ups.

    With the subset table, only the ``keep`` cheapest (all ties at the last one
    included) are returned: at most ``keep - runner_ups`` of them can repeat a
    plan already listed, and every other site costs strictly more, so the
    runner-up list is the same as pricing every site.
    """
    sites = [w for w, has in enumerate(view.has_all) if has and w in lanes_by_site]
    if table is None:
        return sites
    full = (1 << n) - 1
    keys = {w: int(table.key[w, full]) for w in sites}
    objective = {w: k // DIST_SCALE for w, k in keys.items() if k < table.inf}
    ranked = sorted(objective, key=objective.__getitem__)
    if len(ranked) <= keep:
        return ranked
    last = objective[ranked[keep - 1]]
    return [w for w in ranked if objective[w] <= last]


def solve(
    problem: SourcingProblem,
    params: SourcingParams | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    should_stop: StopCheck | None = None,
) -> SourcingResult:
    """Decide where the order ships from.

    Parameters
    ----------
    problem
        Order, network snapshot and rules.
    params
        Search settings and the optional look-ahead stock prices.
    on_progress
        Called with a :class:`~solvers.progress.Progress` whose ``best`` and ``bound``
        are the best plan's objective so far and a proven lower bound on it, in cents
        (``None`` without a plan or bound): on each improving plan of the CP-SAT search
        (phase ``"cpsat"``; large orders, which can take up to ``params.time_limit_s``:
        1.6 s of the default 2 s on a 26-line order), then once at the end (phase
        ``"done"``: the decision, whose subset search alone takes milliseconds).
    should_stop
        Polled every 0.1 s while CP-SAT searches (the subset search is not polled: it
        takes milliseconds); once true, the search ends with the best plan so far
        (``exact`` false unless proven), as at the time limit. What it raises propagates.

    Returns
    -------
    SourcingResult
        The plan (shipments with carrier, cost and promised delivery) or the
        reason the promise cannot be met, with runner-up plans and per-site notes.

    Raises
    ------
    InvalidValueError
        ``order.lines``: the order needs the CP-SAT search (more than
        ``params.exact_max_groups`` shipping units) and its weights and costs are
        too large for its 64-bit arithmetic (the exact subset search has no limit).
    """
    params = params or _DEFAULT_PARAMS
    started = time.perf_counter()
    net = problem.network
    rules = problem.rules
    view = order_view(problem)
    # only sites holding some shipping unit are ever priced, listed or explained
    lanes = order_lanes(problem, np.flatnonzero(view.stock_mask).tolist())
    deadline = promise_deadline(
        problem.order.promise, problem.order.created_at, problem.customer_zone
    )
    lanes_by_site: dict[int, list[Lane]] = {}
    for ln in lanes:
        lanes_by_site.setdefault(ln.warehouse, []).append(ln)
    unit_prices = None
    if params.stock_prices is not None:
        prices = params.stock_prices.aligned(
            [w.id for w in net.warehouses], [s.id for s in net.skus]
        )
        unit_prices = prices[:, view.line_sku]
    n = view.n_groups
    max_parts = min(rules.max_shipments, n)
    candidates: list[SourcingOption] = []
    chosen: SourcingOption | None = None
    exact = True
    bound: int | None = None
    use_large = n > params.exact_max_groups
    table = None
    found: list[Partition] = []  # the subset search's best partition per shipment count
    surcharge = 0
    if not use_large:
        table = subset_table(problem, view, lanes, unit_prices)
        best_site = table.key.argmin(axis=0)
        best = table.key[best_site, np.arange(1 << n)]
        surcharge = rules.cost_per_extra_shipment * DIST_SCALE  # within table.inf's bound
        inf = table.inf
        best = np.where(best < inf, best + surcharge, inf)
        parts = best_partitions(best, n, max_parts, inf)
        for k, part in enumerate(parts, start=1):
            if part is None:
                continue
            assignment = [(int(best_site[s]), _units_of(s, n)) for s in part.subsets]
            sites = [a[0] for a in assignment]
            label = "best with 1 shipment" if k == 1 else f"best with {k} shipments"
            if len(set(sites)) < len(sites):
                continue  # one site twice: only pays off when weight limits bind
            option = make_option(problem, view, assignment, lanes_by_site, unit_prices, label)
            if option is not None:
                candidates.append(option)
        found = [p for p in parts if p is not None]
        if candidates:
            chosen = min(candidates, key=lambda o: (o.objective, o.distance_m))
        if found and (
            chosen is None
            or (min(p.key for p in found) - int(surcharge)) // DIST_SCALE < chosen.objective
        ):
            use_large = True  # the relaxed optimum ships twice from one site: re-solve
    too_large = cpsat_overflow(problem, view, lanes, unit_prices) if use_large else None
    if too_large is not None:
        if chosen is None:
            raise InvalidValueError("order.lines", _size(problem), too_large)
        # keep the subset search's plan; its relaxed optimum bounds the true one
        use_large, exact = False, False
        bound = (min(p.key for p in found) - surcharge) // DIST_SCALE
    if use_large:
        incumbent = None if chosen is None else chosen.objective

        def on_solution(cents: int, bound_cents: int) -> None:
            best = cents if incumbent is None else min(cents, incumbent)
            if on_progress is not None:
                elapsed = time.perf_counter() - started
                on_progress(Progress(elapsed, float(best), float(bound_cents), phase="cpsat"))

        sol = solve_large(
            problem,
            view,
            lanes,
            unit_prices,
            site_distances_m(problem),
            params.time_limit_s,
            params.seed,
            on_solution=None if on_progress is None else on_solution,
            should_stop=should_stop,
        )
        if sol is not None:
            option = make_option(
                problem, view, list(sol.shipments), lanes_by_site, unit_prices, "CP-SAT plan"
            )
            if option is not None and (chosen is None or option.objective <= chosen.objective):
                label = f"best with {len(option.shipments)} shipment(s)"
                chosen = SourcingOption(
                    option.shipments,
                    option.extra_shipment_cost,
                    option.stock_opportunity_cost,
                    label,
                )
                candidates.append(chosen)
            exact = sol.optimal
            bound = sol.bound_cents
    if chosen is not None and exact:
        bound = chosen.objective
    # Runner-ups: the best plan per number of shipments, and every site alone.
    keep = max(params.runner_ups, 1) + len(candidates)  # the list below takes at least one
    for w in _alone_sites(view, lanes_by_site, table, n, keep):
        alone = make_option(
            problem,
            view,
            [(w, tuple(range(n)))],
            lanes_by_site,
            unit_prices,
            f"all from {net.warehouses[w].id}",
        )
        if alone is not None:
            candidates.append(alone)
    runner_ups: list[SourcingOption] = []
    seen = set() if chosen is None else {option_signature(chosen)}
    for option in sorted(candidates, key=lambda o: (o.objective, o.distance_m, o.label)):
        sig = option_signature(option)
        if sig in seen:
            continue
        seen.add(sig)
        runner_ups.append(option)
        if len(runner_ups) >= params.runner_ups:
            break
    notes = site_notes(problem, view, lanes_by_site) if params.explain else ()
    if chosen is None:
        status, reason = diagnose(problem, view, lanes, deadline)
    else:
        status, reason = SourcingStatus.SOURCED, None
    if on_progress is not None:
        on_progress(
            Progress(
                time.perf_counter() - started,
                None if chosen is None else float(chosen.objective),
                None if bound is None else float(bound),
                phase="done",
            )
        )
    return SourcingResult(
        order_id=problem.order.id,
        status=status,
        plan=chosen,
        reason=reason,
        runner_ups=tuple(runner_ups),
        site_notes=notes,
        exact=exact if chosen is not None else True,
        bound=bound,
        promise_deadline=deadline,
    )
