"""``solve``: the one entry point that picks a backend."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from logistics.ctrl_c import raised_by_ctrl_c
from logistics.domain.route_plan import RoutePlan
from logistics.domain.routing import RoutingProblem
from logistics.errors import InvalidValueError
from solvers.progress import ProgressCallback
from solvers.routing.best_routes import RoutesCallback
from solvers.routing.dispatched import check_dispatched
from solvers.routing.initial_routes import InitialRoutes, check_initial_routes, per_vehicle
from solvers.routing.ortools_backend import solve_ortools
from solvers.routing.params import RoutingParams

__all__ = ["solve"]

# backend name -> (module, function); each function has the signature of ``solve``
# (``initial_routes`` as checked ``(vehicle_id, stops)`` pairs)
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
    initial_routes: InitialRoutes | None = None,
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
        Called with a :class:`~solvers.progress.Progress` whenever the best improves:
        ``best`` is the engine's objective (cents; OR-Tools counts an unserved required
        stop at its huge internal penalty), no ``bound``; ``phase`` names the engine
        (``"ortools"``, ``"pyvrp"``, or ``"regions"`` for the >1,000-stop decomposition,
        whose ``best`` is the distance of the regions planned so far).
    should_stop
        Polled during the search; true stops it and returns the best plan so far
        (status ``"cancelled"``, whichever engine ran; ``"no_solution"`` without one).
    on_routes
        Called with the best routes so far (vehicle position -> stop ids) at most
        once a second while the search improves, so a caller can show a plan while
        it runs (:func:`~solvers.routing.plan.plan_from_routes` makes one). Not
        called by the >1,000-stop decomposition. It does not change the search.
    initial_routes
        Warm start: ``(vehicle_id, [stop_id, ...])`` per used vehicle, in visiting
        order (e.g. ``[(r.vehicle_id, r.stop_ids) for r in plan.routes]`` of an
        earlier plan of the same problem). The engine that runs starts from them
        (``"auto"``: see :func:`~solvers.routing.portfolio.solve_auto`; the
        >1,000-stop decomposition ignores them). Their ids are checked here; routes
        the engine cannot start from (OR-Tools rejects routes that break a
        constraint) give a search from scratch, never an error; an empty list is no
        start.
        ``plan.extras["warm_start"]`` says ``"accepted"``, ``"rejected"`` or
        ``"ignored"``.

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
        sends such problems to OR-Tools); when ``initial_routes`` name an unknown or
        repeated vehicle or stop, or have more routes than vehicles (the field is
        ``initial_routes[i].vehicle``, ``initial_routes[i].stops[j]`` or
        ``initial_routes``).
    """
    params = params or RoutingParams()
    check_dispatched(problem)
    warm = None if initial_routes is None else check_initial_routes(problem, initial_routes)
    warm = warm or None  # no routes: no start (an empty plan is no help to any engine)

    def ortools():
        return solve_ortools(
            problem,
            params,
            on_progress,
            should_stop=should_stop,
            on_routes=on_routes,
            initial_routes=None if warm is None else per_vehicle(problem, warm),
        )

    if params.backend == "ortools":
        return ortools()
    module_name, func_name = _BACKENDS[params.backend]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        if raised_by_ctrl_c(exc):  # Ctrl-C broke PyVRP's import: not "not installed"
            raise
        if params.backend == "auto":
            return ortools()
        raise InvalidValueError(
            "backend", params.backend, f"backend not available here ({exc})"
        ) from exc
    return getattr(module, func_name)(
        problem,
        params,
        on_progress,
        should_stop=should_stop,
        on_routes=on_routes,
        initial_routes=warm,
    )
