"""``solve``: the one entry point that picks a backend."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from logistics.domain.route_plan import RoutePlan
from logistics.domain.routing import RoutingProblem
from logistics.errors import InvalidValueError
from solvers.routing.best_routes import RoutesCallback
from solvers.routing.dispatched import check_dispatched
from solvers.routing.ortools_backend import ProgressCallback, solve_ortools
from solvers.routing.params import RoutingParams

__all__ = ["solve"]

# backend name -> (module, function); each function has the signature of ``solve``
_BACKENDS = {
    "pyvrp": ("solvers.routing.pyvrp_backend", "solve_pyvrp"),
    "auto": ("solvers.routing.portfolio", "solve_auto"),
}


def solve(
    problem: RoutingProblem,
    params: RoutingParams | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    should_stop: Callable[[], bool] | None = None,
    on_routes: RoutesCallback | None = None,
) -> RoutePlan:
    """Plan delivery routes.

    Parameters
    ----------
    problem
        The routing problem (depots, stops, fleet, objective).
    params
        Time limit, seed, backend (``"ortools"``, ``"pyvrp"``, ``"auto"``) and search
        settings; default ``RoutingParams()`` (10 s, ``auto`` backend).
    on_progress
        Called with ``(elapsed seconds, best objective)`` whenever the best improves.
    should_stop
        Polled during the search; true stops it and returns the best plan so far.
    on_routes
        Called with the best routes so far (vehicle position -> stop ids) at most
        once a second while the search improves, so a caller can show a plan while
        it runs (:func:`~solvers.routing.plan.plan_from_routes` makes one). Not
        called by the >1,000-stop decomposition. It does not change the search.

    Returns
    -------
    RoutePlan
        The best plan found within the time limit. Stops that could not be served
        are in ``plan.unassigned`` with a reason; this never raises for an
        infeasible request.

    Raises
    ------
    InvalidValueError
        When the requested backend is not available; when a vehicle cannot serve
        its dispatched stops on their own (``vehicles[i].dispatched``, see
        :func:`~solvers.routing.dispatched.check_dispatched`); when ``"pyvrp"`` is
        asked for a problem with dispatched stops (only OR-Tools keeps them; ``"auto"``
        sends such problems to OR-Tools).
    """
    params = params or RoutingParams()
    check_dispatched(problem)
    if params.backend == "ortools":
        return solve_ortools(
            problem, params, on_progress, should_stop=should_stop, on_routes=on_routes
        )
    module_name, func_name = _BACKENDS[params.backend]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        if params.backend == "auto":
            return solve_ortools(
                problem, params, on_progress, should_stop=should_stop, on_routes=on_routes
            )
        raise InvalidValueError(
            "backend", params.backend, f"backend not available here ({exc})"
        ) from exc
    return getattr(module, func_name)(
        problem, params, on_progress, should_stop=should_stop, on_routes=on_routes
    )
