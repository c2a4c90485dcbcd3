"""Pin the names ``solvers.routing`` exports."""

import solvers.routing


def test_routing_exports():
    assert sorted(solvers.routing.__all__) == sorted(
        [
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
    )
    for name in solvers.routing.__all__:
        assert hasattr(solvers.routing, name)
