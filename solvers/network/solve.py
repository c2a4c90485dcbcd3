"""``solve(problem, params)``: capacitated facility location with a proven gap."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import numpy as np

from logistics.domain.facility import FacilityLocationProblem
from logistics.errors import InfeasibleError, InvalidValueError, LogisticsError
from solvers.network.lagrangian import fix_sites, subgradient
from solvers.network.mip import solve_mip
from solvers.network.params import MAX_TIME_LIMIT, NetworkParams
from solvers.network.result import NetworkResult, Progress
from solvers.network.rounding import round_best
from solvers.network.search import OpenSetSearch
from solvers.network.solution import build_result
from solvers.network.transport import transport
from solvers.progress import ProgressCallback

__all__ = ["solve"]

#: Largest ``core sites * customers`` handed to the MIP after Lagrangian fixing.
CORE_LIMIT = 40_000
#: Seconds ``pywraplp`` takes to build the MIP per site-customer pair (10-16 us measured on
#: the 2-core machine for 39,000 to 411,000 pairs; taken twice as slow).
BUILD_S_PER_PAIR = 3.2e-5
#: A MIP stage runs only when building its model takes at most this share of the time it
#: has (SCIP needs the rest to do anything). Building cannot be interrupted: on 300 sites x
#: 3,000 customers a 137-site core (the best design's 124 and more; 411,000 pairs) was built
#: and its root LP run 2.7 s past a 30 s limit, finding nothing; the OR-Library cores (at
#: most 39,000 pairs) take at most 0.65 of their time at 10 s.
BUILD_SHARE_MAX = 0.75
#: Single source: the cheapest distinct split designs rounded before the MIP (each 0.02-0.1 s
#: on 1,000 customers, 0.15 s on 3,000). Where rounding is dear (lumpy demands, tight
#: capacities) a dearer split design often rounds cheaper than the best one.
POOL_SIZE = 8
#: Designs kept; those after the first ``POOL_SIZE`` are rounded only with time that no
#: MIP stage uses (a deep one won on a seeded lumpy 300 x 3,000 problem: 0.58% cheaper).
POOL_KEEP = 24
#: Share of the time limit that rounding designs after the first may take before the MIP.
POOL_SHARE = 0.1


def _build_fits(problem: FacilityLocationProblem, sites: np.ndarray, until: float) -> bool:
    """Whether the MIP over ``sites`` can be built, and then searched, before ``until``
    (``perf_counter`` s)."""
    pairs = int(np.isfinite(problem.assignment_costs[sites]).sum())
    return pairs * BUILD_S_PER_PAIR <= BUILD_SHARE_MAX * (until - time.perf_counter())


def _check_feasible(problem: FacilityLocationProblem, single_source: bool) -> None:
    cap = float(problem.capacities[problem.may_open].sum())
    if cap < problem.total_demand - 1e-9:
        raise InfeasibleError(
            f"total demand {problem.total_demand:g} exceeds the capacity of the sites that may "
            f"open ({cap:g})"
        )
    if single_source:
        best = np.where(problem.reach, problem.capacities[:, None], -1.0).max(axis=0)
        too_big = np.flatnonzero(problem.demands > best + 1e-9)
        if too_big.size:
            j = int(too_big[0])
            raise InfeasibleError(
                f"single source: customer {j} ({problem.customer_names[j]}) has demand "
                f"{problem.demands[j]:g}, more than any site that may serve it can hold "
                f"({best[j]:g}); allow split deliveries"
            )


def solve(
    problem: FacilityLocationProblem,
    params: NetworkParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> NetworkResult:
    """Open sites and assign customers at least cost, with a proven lower bound.

    Parameters
    ----------
    problem
        Sites, customers and costs (OR-Library convention: ``assignment_costs``
        is the cost of serving all of a customer's demand).
    params
        Time limit, split or single-source, method, MIP backend, seed.
    on_progress
        Called with :class:`Progress` (elapsed seconds, best cost, bound, phase)
        whenever the best cost or the bound improves and between phases.
    should_stop
        Polled while solving (at least every 0.1 s in a MIP, after each step or move
        of the Lagrangian phase and the search): once true the solve ends and returns the
        best design found so far, with its bound (a single-source one first rounds one
        split design). ``LogisticsError`` if none was found yet (a MIP without a solution).

    Returns
    -------
    NetworkResult
        Open sites, flows, cost, bound and gap.

    Raises
    ------
    InfeasibleError
        The sites that may open cannot serve all demand (capacity or reach).
    LogisticsError
        No feasible design was found within the time limit.
    """
    if not isinstance(problem, FacilityLocationProblem):
        raise InvalidValueError("problem", type(problem).__name__, "a FacilityLocationProblem")
    params = params or NetworkParams()
    idle = problem.idle_customers
    if idle.any():
        return _without_idle(problem, params, idle, on_progress, should_stop)
    start = time.perf_counter()
    deadline = start + min(float(params.time_limit_s), MAX_TIME_LIMIT)
    _check_feasible(problem, params.single_source)

    def report(best: float | None, bound: float | None, phase: str) -> None:
        if on_progress is not None:
            on_progress(Progress(time.perf_counter() - start, best, bound, phase))

    method = params.method
    if method == "auto":
        size = problem.num_sites * problem.num_customers
        method = "mip" if size <= params.direct_limit else "lagrangian"
    if method == "mip":
        return _solve_mip(problem, params, start, deadline, report, should_stop)
    return _solve_lagrangian(problem, params, start, deadline, report, should_stop)


def _without_idle(problem, params, idle, on_progress, should_stop) -> NetworkResult:
    """Solve without the idle customers; they get no flows (the cost is the same)."""
    keep = np.flatnonzero(~idle)
    if keep.size == 0:
        empty = np.zeros((problem.num_sites, problem.num_customers))
        return build_result(
            problem, empty, bound=np.inf, seconds=0.0, method="trivial",
            single_source=params.single_source, mip_gap=params.mip_gap,
        )  # fmt: skip
    rest = FacilityLocationProblem(
        capacities=problem.capacities,
        fixed_costs=problem.fixed_costs,
        demands=problem.demands[keep],
        assignment_costs=problem.assignment_costs[:, keep],
        site_names=problem.site_names,
        customer_names=[problem.customer_names[j] for j in keep],
        must_open=problem.must_open,
        must_close=problem.must_close,
        name=problem.name,
    )
    result = solve(rest, params, on_progress, should_stop)
    flows = tuple((int(keep[j]), i, f) for j, i, f in result.flows)
    return dataclasses.replace(result, flows=flows)


def _solve_mip(problem, params, start, deadline, report, should_stop) -> NetworkResult:
    out = solve_mip(
        problem,
        problem.may_open,
        single_source=params.single_source,
        deadline=deadline,
        backend=params.backend,
        mip_gap=params.mip_gap,
        seed=params.seed,
        lean=problem.num_sites * problem.num_customers <= params.direct_limit,
        should_stop=should_stop,
    )
    if out.frac is None:
        if out.optimal:
            raise InfeasibleError("no assignment serves every customer within the capacities")
        if should_stop is not None and should_stop():  # it read "within 30 s" after 1 s
            seconds = time.perf_counter() - start
            raise LogisticsError(f"stopped after {seconds:.1f} s, before any feasible design")
        raise LogisticsError(f"no feasible design found within {params.time_limit_s:g} s")
    result = build_result(
        problem,
        out.frac,
        bound=out.bound,
        seconds=time.perf_counter() - start,
        method="mip",
        single_source=params.single_source,
        mip_gap=params.mip_gap,
    )
    report(result.cost, result.bound, "mip")
    return result


def _solve_lagrangian(problem, params, start, deadline, report, should_stop) -> NetworkResult:
    if transport(problem, problem.may_open, nearest=OpenSetSearch.NEAREST) is None:
        # every site that may open cannot serve everyone (capacity within reach): no design
        raise InfeasibleError("no assignment serves every customer within the capacities")
    budget = deadline - time.perf_counter()
    end = deadline - min(0.5, 0.02 * budget)  # room to package the result
    state_bound = [-np.inf]
    split = not params.single_source
    # split designs are the answer only with split deliveries: single source reports its own
    on_improve = (lambda c: report(c, state_bound[0], "search")) if split else None
    search = OpenSetSearch(problem, on_improve=on_improve, pool_size=0 if split else POOL_KEEP)

    def on_bound(b: float) -> None:
        state_bound[0] = b

    lag_end = min(time.perf_counter() + 0.3 * budget, end)

    def on_candidate(y: np.ndarray) -> None:
        # single source too: it starts from the best split design; the first is always
        # priced (a design to return), later ones only if they end within the phase
        if search.best_open is None or search.fits(lag_end):
            search.price(y)

    def upper() -> float:
        return search.best_cost

    lag = subgradient(
        problem,
        upper,
        deadline=lag_end,
        on_candidate=on_candidate,
        on_bound=on_bound,
        should_stop=should_stop,
    )
    bound = lag.bound
    report(search.best_cost if split else None, bound, "lagrangian")
    order = np.argsort(lag.site_values, kind="stable")
    search.improve(min(time.perf_counter() + 0.2 * budget, end), order, should_stop=should_stop)
    search.polish(until=end)
    anchor = search.best_open  # the design the small MIP core is built around
    if split:
        report(search.best_cost, bound, "search")
        ub, best_frac, method = search.best_cost, search.best_frac, "lagrangian+search"
    else:  # the split designs, each customer rounded to one site: a bound and a start
        ub, best_frac, method = np.inf, None, "lagrangian"
        until = min(time.perf_counter() + POOL_SHARE * budget, end)
        rounded = round_best(problem, search.pool[:POOL_SIZE], until, should_stop)
        if rounded is not None:
            best_frac, ub = rounded
            method = "lagrangian+rounding"
            anchor = (best_frac > 0).any(axis=1)
            anchor[list(problem.must_open)] = True
            report(ub, bound, "rounding")

    def time_left() -> bool:
        """Whether a further stage has time (and no stop was asked)."""
        return end - time.perf_counter() > 0.2 and not (should_stop and should_stop())

    if (np.isfinite(ub) and bound >= ub - params.mip_gap * abs(ub)) or not time_left():
        core_exact, core = True, None  # proven, or no time for a MIP stage: no core
    else:
        closed, _opened = fix_sites(problem, lag, ub) if np.isfinite(ub) else (None, None)
        allowed = problem.may_open  # a fresh array
        core = allowed & ~closed if closed is not None else allowed
        core_exact = closed is not None
        limit = max(1, CORE_LIMIT // max(1, problem.num_customers))
        if core.sum() > limit:
            keep = [i for i in order if core[i]][:limit]
            if anchor is not None:
                keep += list(np.flatnonzero(anchor))
            keep += list(problem.must_open)
            core = np.zeros_like(core)
            core[keep] = True
            core_exact = False
    if core is not None and anchor is not None and time_left():
        # Stage 1: a small core (the best design's sites and as many promising others)
        # where the MIP moves fast; it finds what local search cannot reach.
        small = anchor & problem.may_open
        extra = [i for i in order if core[i] and not small[i]][: max(6, int(small.sum()))]
        small[extra] = True
        half = time.perf_counter() + 0.7 * (end - time.perf_counter())
        if small.sum() < core.sum() and _build_fits(problem, small, half):
            out = solve_mip(
                problem,
                small,
                single_source=params.single_source,
                deadline=half,
                backend=params.backend,
                mip_gap=params.mip_gap,
                seed=params.seed,
                hint=best_frac,
                should_stop=should_stop,
            )
            if out.frac is not None:
                cost = _cost(problem, out.frac)
                if cost < ub - 1e-9:
                    best_frac, ub = out.frac, cost
                    report(ub, bound, "core")
    stage_2 = (
        core is not None
        and time_left()
        and (best_frac is None or _build_fits(problem, core, end))  # a late design over none
    )
    if stage_2:
        # Stage 2: every site not proven closed; its bound is global when fixing was exact.
        out = solve_mip(
            problem,
            core,
            single_source=params.single_source,
            deadline=end,
            backend=params.backend,
            mip_gap=params.mip_gap,
            seed=params.seed,
            hint=best_frac,
            should_stop=should_stop,
        )
        method += "+mip"
        whole = np.array_equal(core, problem.may_open)  # the core is every site that may open
        if out.frac is None and out.optimal and best_frac is None and whole:
            # its MIP proved that no assignment exists (single source, when no split design
            # rounded): before, this said 'no feasible design found within ... s'
            raise InfeasibleError("no assignment serves every customer within the capacities")
        if out.frac is not None:
            cost = _cost(problem, out.frac)
            if best_frac is None or cost < ub - 1e-9:
                best_frac, ub = out.frac, cost
        if core_exact and np.isfinite(out.bound):
            # every better design uses only core sites, so the core's bound is global
            bound = max(bound, min(out.bound, ub))
    if not split and core is not None and not stage_2 and time_left():
        # the time stage 2 did not use rounds the designs kept beyond the first POOL_SIZE
        more = [d for d in search.pool[POOL_SIZE:] if d.cost < ub]
        rounded = round_best(problem, more, end, should_stop) if more else None
        if rounded is not None and rounded[1] < ub - 1e-9:
            best_frac, ub = rounded
            report(ub, bound, "rounding")
    if best_frac is None:
        raise LogisticsError(f"no feasible design found within {params.time_limit_s:g} s")
    result = build_result(
        problem,
        best_frac,
        bound=bound,
        seconds=time.perf_counter() - start,
        method=method,
        single_source=params.single_source,
        mip_gap=params.mip_gap,
    )
    report(result.cost, result.bound, "done")
    return result


def _cost(problem: FacilityLocationProblem, frac: np.ndarray) -> float:
    from solvers.network.solution import evaluate

    return sum(evaluate(problem, frac))
