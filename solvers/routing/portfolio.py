"""``backend="auto"``: choose the engine by the problem's features.

The choice, measured in ``benchmarks/results/routing_*.md``:

1. **More than** :data:`~solvers.routing.large.LARGE_STOPS` **stops**: sweep
   decomposition (:mod:`solvers.routing.large`), each region solved by the rule
   below.
2. **Everything PyVRP models** (capacities, one hard window, pickups and
   deliveries, pairs as shipments, several depots, mixed fleet, open routes,
   optional stops, duration and distance limits): PyVRP for the whole budget;
   it is several points better than OR-Tools' guided local search at equal
   time. If it has no feasible plan after half the budget (a required stop no
   vehicle can serve keeps PyVRP infeasible: it cannot drop required stops),
   OR-Tools gets the rest and leaves such stops unassigned with a reason; if
   PyVRP's plan is feasible but leaves stops out, OR-Tools gets what is left of
   the time, warm-started from PyVRP's routes.
3. **Rich constraints PyVRP cannot model but that a tighter PyVRP problem
   implies** (soft windows, several windows per stop, workload balance): PyVRP
   solves the tightened problem (hard windows, each stop's longest window, no
   span term) for a share of the budget; any plan of it is feasible for the
   real problem, so its routes
   warm-start OR-Tools on the real problem (``ReadAssignmentFromRoutes`` then
   ``SolveFromAssignmentWithParameters``), which then optimises the true
   objective.
4. **Otherwise** (skills, driver breaks): OR-Tools alone.

**Dispatched stops** (a vehicle's fixed route start, ``Vehicle.dispatched``) go to
OR-Tools alone on the whole problem, before rule 1: only its model fixes a route
prefix, and the decomposition would have to keep each vehicle's dispatched stops
in its region. Above :data:`~solvers.routing.large.LARGE_STOPS` stops this costs
the decomposition's speed and builds the full matrices in memory.

The plan says which path ran in ``plan.extras["portfolio"]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from logistics.domain.route_plan import RoutePlan
from logistics.domain.routing import RoutingProblem
from solvers.progress import ProgressCallback, timed_from
from solvers.routing.best_routes import RoutesCallback
from solvers.routing.dispatched import has_dispatched
from solvers.routing.initial_routes import per_vehicle
from solvers.routing.large import LARGE_STOPS, plan_large, solve_large
from solvers.routing.ortools_backend import solve_ortools
from solvers.routing.params import RoutingParams
from solvers.routing.plan import plan_from_vehicle_routes
from solvers.routing.pyvrp_backend import plan_of, run_pyvrp, unsupported_features

__all__ = ["solve_auto", "choose_path", "WARM_START_SHARE"]

WARM_START_SHARE = 0.5
"""Share of the budget PyVRP gets before warm-starting OR-Tools (path 3)."""

_RELAXABLE = {
    "workload balance (span cost)",
    "soft time windows",
    "several time windows per stop",
}


def _tighten_stop(stop):
    if stop.soft_windows:
        stop = replace(stop, soft_windows=False, lateness_cost_per_s=0)
    if len(stop.time_windows) > 1:
        longest = max(stop.time_windows, key=lambda w: (w.end - w.start, -w.start))
        stop = replace(stop, time_windows=(longest,))
    return stop


def _tightened(problem: RoutingProblem) -> RoutingProblem:
    """The problem with soft windows made hard, one window per stop, no span term.

    Any plan feasible for it is feasible for ``problem`` (a valid warm start).
    """
    stops = tuple(_tighten_stop(s) for s in problem.stops)
    objective = replace(problem.objective, span_cost_per_s=0)
    return replace(problem, stops=stops, objective=objective)


def choose_path(problem: RoutingProblem) -> str:
    """Which path ``solve_auto`` takes: ``large``, ``pyvrp``, ``warm_start`` or ``ortools``."""
    if has_dispatched(problem):
        return "ortools"  # only OR-Tools keeps route prefixes (see the module docs)
    if len(problem.stops) > LARGE_STOPS:
        return "large"
    missing = set(unsupported_features(problem))
    if not missing:
        return "pyvrp"
    if missing <= _RELAXABLE:
        return "warm_start"
    return "ortools"


def solve_auto(
    problem: RoutingProblem,
    params: RoutingParams,
    on_progress: ProgressCallback | None = None,
    *,
    should_stop: Callable[[], bool] | None = None,
    on_routes: RoutesCallback | None = None,
    initial_routes: list[tuple[str, list[str]]] | None = None,
) -> RoutePlan:
    """Plan routes with the engine that suits the problem (see module docs).

    Parameters
    ----------
    problem
        Any routing problem.
    params
        Time limit (for the whole portfolio), seed; ``first_solution`` and
        ``metaheuristic`` apply to the OR-Tools part.
    on_progress
        Called with a :class:`~solvers.progress.Progress` on every improvement of
        either engine (phase ``"pyvrp"`` or ``"ortools"``; ``"regions"`` in ``large``,
        see :func:`~solvers.routing.large.solve_large`), ``elapsed_s`` counted from the
        start of this call.
    should_stop
        Polled during the search; true returns the best plan so far.
    on_routes
        The best routes so far of either engine, at most once a second (see
        :func:`solvers.routing.solve`); in the ``warm_start`` path also PyVRP's routes
        of the tightened problem (feasible for the real one); not in ``large``.
    initial_routes
        ``(vehicle_id, [stop_id, ...])`` routes to start from (checked by
        :func:`solvers.routing.solve`): the ``pyvrp`` path starts PyVRP from them
        (and OR-Tools too if it takes over from an infeasible PyVRP); the ``ortools``
        path starts OR-Tools from them; the ``warm_start`` path starts PyVRP's
        tightened search from them (routes that break a tightened window are an
        infeasible start PyVRP repairs) and OR-Tools from the better of them and
        PyVRP's routes (greedy plans compared: more required stops served, then
        cheaper); ``large`` ignores them (``extras["warm_start"] == "ignored"``).

    Returns
    -------
    RoutePlan
        With ``extras["portfolio"]`` naming the path taken.
    """
    t0 = time.monotonic()
    path = choose_path(problem)
    on_progress = timed_from(t0, on_progress)

    def left() -> float:
        return max(0.05, params.time_limit_s - (time.monotonic() - t0))

    if path == "large":
        plan = _solve_large(problem, params, on_progress, should_stop)
        if initial_routes:
            plan.extras["warm_start"] = "ignored"
    elif path == "pyvrp":
        run = run_pyvrp(
            problem,
            params.time_limit_s,
            params.seed,
            on_progress,
            should_stop,
            initial_routes=initial_routes,
            give_up_after=params.time_limit_s * WARM_START_SHARE,
            on_routes=on_routes,
        )
        plan = plan_of(problem, run, backend="auto:pyvrp")
        if not run.feasible:
            # PyVRP cannot leave a required stop out: an unservable one (a window no
            # vehicle reaches) keeps every plan of it infeasible. OR-Tools drops it
            # and says why, even when that overruns a tiny budget a little.
            plan = _ortools_warm(
                problem,
                params,
                max(left(), 0.2),
                initial_routes,
                on_progress,
                should_stop,
                on_routes,
            )
            path = "pyvrp+ortools"
        elif not plan.complete and left() > 0.2:
            plan = _ortools_warm(
                problem, params, left(), run.routes, on_progress, should_stop, on_routes
            )
            path = "pyvrp+ortools"
    elif path == "warm_start":
        budget = params.time_limit_s * WARM_START_SHARE
        run = run_pyvrp(
            _tightened(problem),
            budget,
            params.seed,
            None,
            should_stop,
            initial_routes=initial_routes,
            on_routes=on_routes,
        )
        warm = run.routes if run.feasible else None
        if initial_routes:
            warm = _better_start(problem, warm, initial_routes)
        plan = _ortools_warm(problem, params, left(), warm, on_progress, should_stop, on_routes)
    else:
        plan = _ortools_warm(
            problem, params, left(), initial_routes, on_progress, should_stop, on_routes
        )
    plan.extras["portfolio"] = path
    backend = plan.backend if plan.backend.startswith("auto") else f"auto:{plan.backend}"
    return replace(plan, seconds=time.monotonic() - t0, backend=backend)


def _better_start(problem, a, b):
    """Of two ``(vehicle_id, stops)`` starts (``a`` may be ``None``), the one whose greedy
    plan of ``problem`` serves more required stops, then costs less (``a`` on a tie)."""
    if not a:
        return b
    key_a = plan_from_vehicle_routes(problem, a).ranking_key
    return a if key_a <= plan_from_vehicle_routes(problem, b).ranking_key else b


def _ortools_warm(
    problem, params, seconds, warm, on_progress, should_stop, on_routes=None
) -> RoutePlan:
    """OR-Tools for ``seconds`` on ``problem``, from ``(vehicle_id, stops)`` routes if given."""
    sub = replace(params, time_limit_s=seconds, backend="ortools")
    # OR-Tools wants one route per vehicle, in order
    initial = per_vehicle(problem, warm) if warm else None
    plan = solve_ortools(
        problem,
        sub,
        on_progress,
        initial_routes=initial,
        should_stop=should_stop,
        on_routes=on_routes,
    )
    if warm:
        plan.extras["warm_start_routes"] = len(warm)
        # OR-Tools found no solution in time (a loaded machine, a tiny budget): the
        # start is a plan too, and the answer if it serves more
        start = None if plan.status != "no_solution" else plan_from_vehicle_routes(problem, warm)
        if start is not None and start.ranking_key < plan.ranking_key:
            start.extras.update(plan.extras, warm_start="kept: no better solution in time")
            return replace(start, backend="ortools", seconds=plan.seconds)
    return plan


def _solve_large(problem, params, on_progress, should_stop=None) -> RoutePlan:
    # keep a margin for building the plan region by region (no full matrix)
    budget = max(0.5, params.time_limit_s * 0.97 - 0.5)
    big = solve_large(
        problem, budget, params.seed, on_progress=on_progress, should_stop=should_stop
    )
    plan = plan_large(problem, big.routes, big.unserved, backend="auto:large", seconds=big.seconds)
    if should_stop is not None and should_stop():
        plan = replace(plan, status="cancelled")
    plan.extras["regions"] = big.regions
    plan.extras["improved_border_groups"] = big.improved_groups
    return plan
