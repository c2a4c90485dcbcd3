"""``solve(..., initial_routes=...)``: warm starts checked, threaded to the engine that
runs, and routes an engine cannot start from give a search from scratch, not an error."""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics.domain.stops import PickupDelivery, TimeWindow
from logistics.errors import InvalidValueError
from solvers.routing import RoutingParams, solve, validate
from solvers.routing.initial_routes import check_initial_routes, per_vehicle
from tests.solvers.routing._instances import line_problem, random_cvrp

FAST = RoutingParams(time_limit_s=1.0)


def _routes(plan):
    return [(r.vehicle_id, r.stop_ids) for r in plan.routes]


@pytest.mark.parametrize(
    ("routes", "field"),
    [
        ([("v0", ["s0", "nope"])], "initial_routes[0].stops[1]"),
        ([("v0", ["s0"]), ("v1", ["s1", "s0"])], "initial_routes[1].stops[1]"),
        ([("v0", ["s0", "s0"])], "initial_routes[0].stops[1]"),
        ([("v9", ["s0"])], "initial_routes[0].vehicle"),
        ([("v0", ["s0"]), ("v0", ["s1"])], "initial_routes[1].vehicle"),
        ([("v0", []), ("v1", []), ("v0", [])], "initial_routes"),  # 3 routes, 2 vehicles
        ([("v0", "s0")], "initial_routes[0]"),  # a string is not a list of stops
        ([("v0",)], "initial_routes[0]"),
        ("v0", "initial_routes"),
    ],
)
def test_bad_initial_routes_name_the_field(routes, field):
    p = line_problem(4, n_vehicles=2)
    with pytest.raises(InvalidValueError) as err:
        solve(p, FAST, initial_routes=routes)
    assert err.value.field == field


def test_checked_routes_and_their_per_vehicle_form():
    p = line_problem(4, n_vehicles=3)
    routes = check_initial_routes(p, [("v2", ("s1", "s0")), ("v0", ["s3"])])
    assert routes == [("v2", ["s1", "s0"]), ("v0", ["s3"])]
    assert per_vehicle(p, routes) == [["s3"], [], ["s1", "s0"]]


@pytest.mark.parametrize("backend", ["auto", "pyvrp", "ortools"])
def test_a_feasible_start_is_used_and_never_lost(backend):
    p = random_cvrp(40, seed=3)
    params = RoutingParams(time_limit_s=1.0, backend=backend)
    start = solve(p, RoutingParams(time_limit_s=0.5, backend=backend))
    plan = solve(p, params, initial_routes=_routes(start))
    assert plan.extras["warm_start"] == "accepted"
    assert validate(p, plan).feasible and plan.complete
    assert plan.cost <= start.cost


def test_ortools_rejects_an_infeasible_start_and_starts_afresh():
    # windows that only the order s0, s1, s2, s3 meets; the start visits them backwards
    p = line_problem(4, n_vehicles=1, capacity=(100,))
    stops = tuple(
        replace(s, time_windows=(TimeWindow(100 * i, 100 * i + 60),)) for i, s in enumerate(p.stops)
    )
    p = replace(p, stops=stops)
    bad = [("v0", ["s3", "s2", "s1", "s0"])]
    for backend in ("ortools", "auto"):
        plan = solve(
            p,
            RoutingParams(
                time_limit_s=1.0, backend=backend, first_solution="parallel_cheapest_insertion"
            ),
            initial_routes=bad,
        )
        if backend == "ortools":
            assert plan.extras["warm_start"] == "rejected"
        assert validate(p, plan).feasible and plan.complete, backend


def test_pyvrp_drops_a_start_it_cannot_hold():
    # a pickup without its delivery is no PyVRP solution: PyVRP starts afresh
    p = line_problem(4, n_vehicles=2, capacity=(100,))
    stops = list(p.stops)
    stops[0] = replace(stops[0], pickup=(2,), delivery=(0,))
    p = replace(p, stops=tuple(stops), pairs=(PickupDelivery("s0", "s1"),))
    plan = solve(
        p, RoutingParams(time_limit_s=0.5, backend="pyvrp"), initial_routes=[("v0", ["s0"])]
    )
    assert plan.extras["warm_start"] == "rejected"
    assert validate(p, plan).feasible and plan.complete


def test_the_large_path_ignores_a_start(monkeypatch):
    from solvers.routing import portfolio

    monkeypatch.setattr(portfolio, "LARGE_STOPS", 30)
    p = random_cvrp(40, seed=1)
    start = solve(p, RoutingParams(time_limit_s=0.5, backend="pyvrp"))
    plan = solve(p, FAST, initial_routes=_routes(start))
    assert plan.extras["portfolio"] == "large"
    assert plan.extras["warm_start"] == "ignored"
    assert validate(p, plan).feasible
