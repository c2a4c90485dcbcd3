"""Delivery route planning (design.md §4).

>>> plan = solve(problem, RoutingParams(time_limit_s=5))      # doctest: +SKIP
>>> report = validate(problem, plan)                         # doctest: +SKIP

``solve`` runs OR-Tools (or PyVRP, or the ``auto`` portfolio) and returns a
:class:`RoutePlan`; ``validate`` recomputes it independently;
``solve_in_worker`` runs a solve in a recycled worker process with progress and
cancellation.
"""

from logistics.domain.route_plan import (
    PlanSummary,
    Route,
    RoutePlan,
    Step,
    StepType,
    Unassigned,
    UnassignedReason,
)
from solvers.routing.day_plan import plan_day_per_depot, split_by_depot
from solvers.routing.from_orders import problem_from_orders
from solvers.routing.params import RoutingParams
from solvers.routing.plan import RouteSpec, build_plan, plan_from_routes
from solvers.routing.solve import solve
from solvers.routing.validate import ValidationReport, Violation, validate
from solvers.routing.worker import SolveHandle, solve_in_worker

__all__ = [
    "PlanSummary",
    "Route",
    "RoutePlan",
    "RouteSpec",
    "RoutingParams",
    "SolveHandle",
    "Step",
    "StepType",
    "Unassigned",
    "UnassignedReason",
    "ValidationReport",
    "Violation",
    "build_plan",
    "plan_day_per_depot",
    "plan_from_routes",
    "problem_from_orders",
    "solve",
    "solve_in_worker",
    "split_by_depot",
    "validate",
]
