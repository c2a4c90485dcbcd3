"""The one place that imports OR-Tools routing (design.md §4).

OR-Tools moved routing from ``ortools.constraint_solver.pywrapcp`` to
``ortools.routing.pywraprouting`` in newer releases; everything else in this
package goes through these few names so an upgrade touches only this module.
"""

from __future__ import annotations

from typing import Any

from logistics.ctrl_c import raised_by_ctrl_c

try:  # newer releases (routing in its own package)
    from ortools.routing import enums_pb2 as _enums  # type: ignore[import-not-found]
    from ortools.routing import pywraprouting as _routing  # type: ignore[import-not-found]

    RoutingIndexManager = _routing.RoutingIndexManager
    RoutingModel = _routing.RoutingModel
    _default_parameters = _routing.DefaultRoutingSearchParameters
except ImportError as _exc:  # ortools <= 9.15: routing lives in the CP solver's wrapper
    if raised_by_ctrl_c(_exc):  # Ctrl-C broke the import: the newer path is there
        raise
    from ortools.constraint_solver import pywrapcp as _routing
    from ortools.constraint_solver import routing_enums_pb2 as _enums

    RoutingIndexManager = _routing.RoutingIndexManager
    RoutingModel = _routing.RoutingModel
    _default_parameters = _routing.DefaultRoutingSearchParameters

__all__ = [
    "RoutingIndexManager",
    "RoutingModel",
    "copy_parameters",
    "search_parameters",
    "status_name",
]


def search_parameters(
    *,
    first_solution: str,
    metaheuristic: str,
    time_limit_s: float,
    solution_limit: int | None,
    log: bool,
    gls_lambda: float | None = None,
) -> Any:
    """OR-Tools search parameters from plain names (lower-case enum names)."""
    params = _default_parameters()
    if gls_lambda is not None:
        params.guided_local_search_lambda_coefficient = gls_lambda
    params.first_solution_strategy = getattr(_enums.FirstSolutionStrategy, first_solution.upper())
    params.local_search_metaheuristic = getattr(
        _enums.LocalSearchMetaheuristic, metaheuristic.upper()
    )
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    if solution_limit is not None:
        params.solution_limit = solution_limit
    params.log_search = log
    return params


def copy_parameters(params: Any) -> Any:
    """A copy of OR-Tools search parameters (a protobuf message)."""
    out = _default_parameters()
    out.CopyFrom(params)
    return out


def status_name(model: Any) -> str:
    """The model's status as a lower-case name, e.g. ``"routing_success"``."""
    code = model.status()
    for name, value in _enums.RoutingSearchStatus.Value.items():
        if value == code:
            return name.lower()
    return str(code)
