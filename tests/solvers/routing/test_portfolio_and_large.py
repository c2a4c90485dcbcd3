"""``backend="auto"``: the path chosen per feature set, and large-instance decomposition."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from logistics.domain.fleet import Break, Vehicle, VehicleType
from logistics.domain.geo import LatLon, Point
from logistics.domain.routing import Depot, RoutingProblem
from logistics.domain.stops import PickupDelivery, Stop, TimeWindow
from solvers.routing import RoutingParams, solve, validate
from solvers.routing.large import plan_large, route_cost, solve_large, sweep_regions
from solvers.routing.portfolio import choose_path
from tests.solvers.routing._instances import random_cvrp


def _windows(problem: RoutingProblem) -> RoutingProblem:
    stops = tuple(
        replace(s, time_windows=(TimeWindow(0, 20_000),), service_s=10) for s in problem.stops
    )
    return replace(problem, stops=stops)


def test_choose_path_by_features():
    p = random_cvrp(20)
    assert choose_path(p) == "pyvrp"
    soft = replace(
        p, stops=tuple(replace(s, soft_windows=True, lateness_cost_per_s=1) for s in p.stops)
    )
    assert choose_path(soft) == "warm_start"
    balanced = replace(p, objective=replace(p.objective, span_cost_per_s=1))
    assert choose_path(balanced) == "warm_start"
    two = replace(
        p,
        stops=(replace(p.stops[0], time_windows=(TimeWindow(0, 10), TimeWindow(50, 90))),)
        + p.stops[1:],
    )
    assert choose_path(two) == "warm_start"
    skills = replace(p, stops=(replace(p.stops[0], skills=frozenset({"x"})),) + p.stops[1:])
    assert choose_path(skills) == "ortools"
    assert choose_path(random_cvrp(1001)) == "large"


def test_auto_pyvrp_path_validates():
    p = _windows(random_cvrp(40))
    plan = solve(p, RoutingParams(time_limit_s=0.5, backend="auto"))
    assert plan.extras["portfolio"] == "pyvrp"
    assert validate(p, plan).feasible


def test_auto_pyvrp_path_leaves_an_unreachable_required_stop_unassigned():
    # a hard window no vehicle can make: PyVRP (which cannot drop a required stop) stays
    # infeasible however long it runs; it used to take the whole budget and come back
    # "solved" with the stop served late, past its window and the shift
    p = _windows(random_cvrp(20))
    late = replace(p.stops[0], location=Point(500, 90_000), time_windows=(TimeWindow(0, 100),))
    p = replace(p, stops=(late,) + p.stops[1:])
    assert choose_path(p) == "pyvrp"
    plan = solve(p, RoutingParams(time_limit_s=1.0, backend="auto"))
    assert plan.extras["portfolio"] == "pyvrp+ortools"
    assert plan.status == "partial"
    assert [(u.stop_id, str(u.reason)) for u in plan.unassigned] == [("0", "time_window")]
    report = validate(p, plan)
    assert [v.kind for v in report.violations] == ["unserved"], report.violations
    assert sorted(s for r in plan.routes for s in r.stop_ids) == sorted(s.id for s in p.stops[1:])


def test_explicit_pyvrp_never_hands_out_routes_that_break_a_rule():
    # backend="pyvrp" on the same unservable stop: PyVRP's best serves it late. That
    # plan used to come back "solved" with the late stop on a route; now there are no
    # routes, every stop is unassigned with its reason, and PyVRP's attempt is kept
    p = _windows(random_cvrp(20))
    late = replace(p.stops[0], location=Point(500, 90_000), time_windows=(TimeWindow(0, 100),))
    p = replace(p, stops=(late,) + p.stops[1:])
    plan = solve(p, RoutingParams(time_limit_s=0.5, backend="pyvrp"))
    assert plan.status == "no_solution"
    assert plan.extras["pyvrp_feasible"] is False
    assert not plan.routes
    assert {u.stop_id for u in plan.unassigned} == {s.id for s in p.stops}
    assert dict((u.stop_id, str(u.reason)) for u in plan.unassigned)["0"] == "time_window"
    attempt = plan.extras["pyvrp_infeasible_routes"]
    assert sorted(s for r in attempt for s in r["stops"]) == sorted(s.id for s in p.stops)
    report = validate(p, plan)
    assert {v.kind for v in report.violations} == {"unserved"}


def test_explicit_pyvrp_keeps_its_feasible_plan():
    p = _windows(random_cvrp(20))
    plan = solve(p, RoutingParams(time_limit_s=0.5, backend="pyvrp"))
    assert plan.status == "solved" and plan.extras["pyvrp_feasible"] is True
    assert "pyvrp_infeasible_routes" not in plan.extras
    assert validate(p, plan).feasible


def test_auto_warm_start_path_optimises_the_real_objective():
    base = _windows(random_cvrp(30))
    soft = replace(
        base,
        stops=tuple(replace(s, soft_windows=True, lateness_cost_per_s=2) for s in base.stops),
        objective=replace(base.objective, span_cost_per_s=1),
    )
    plan = solve(soft, RoutingParams(time_limit_s=1.0, backend="auto"))
    assert plan.extras["portfolio"] == "warm_start"
    assert plan.extras.get("warm_start_routes", 0) > 0
    report = validate(soft, plan)
    assert report.feasible and plan.complete


def test_auto_ortools_path_for_breaks_and_skills():
    base = _windows(random_cvrp(15))
    fleet = tuple(
        replace(v, breaks=(Break(TimeWindow(1000, 5000), 60),)) for v in base.vehicles[:4]
    )
    skilled = VehicleType("fridge", (50,), skills=frozenset({"cold"}))
    p = replace(
        base,
        vehicles=fleet + (Vehicle("f1", skilled, "D", "D"),),
        stops=(replace(base.stops[0], skills=frozenset({"cold"})),) + base.stops[1:],
    )
    plan = solve(p, RoutingParams(time_limit_s=1.0, backend="auto"))
    assert plan.extras["portfolio"] == "ortools"
    assert validate(p, plan).feasible
    assert plan.route_of("f1") is not None and "0" in plan.route_of("f1").stop_ids


def test_auto_pairs_use_pyvrp_shipments():
    base = _windows(random_cvrp(20))
    stops = list(base.stops)
    pairs = []
    for i in range(0, 10, 2):
        q = stops[i].delivery
        stops[i] = replace(stops[i], delivery=(0,), pickup=q)
        stops[i + 1] = replace(stops[i + 1], delivery=q, pickup=(0,))
        pairs.append(PickupDelivery(stops[i].id, stops[i + 1].id))
    p = replace(base, stops=tuple(stops), pairs=tuple(pairs))
    plan = solve(p, RoutingParams(time_limit_s=0.5, backend="auto"))
    assert plan.extras["portfolio"] == "pyvrp"
    assert validate(p, plan).feasible


def test_sweep_regions_partition_and_keep_pairs_together():
    p = random_cvrp(300)
    stops = list(p.stops)
    stops[0] = replace(stops[0], delivery=(0,), pickup=stops[0].delivery)
    stops[299] = replace(stops[299], delivery=stops[0].pickup, pickup=(0,))
    p = replace(p, stops=tuple(stops), pairs=(PickupDelivery("0", "299"),))
    regions = sweep_regions(p, 100)
    assert len(regions) == 3
    flat = sorted(i for _, idx in regions for i in idx)
    assert flat == list(range(300))
    together = [idx for _, idx in regions if 0 in idx][0]
    assert 299 in together


def test_sweep_regions_several_depots_use_nearest():
    p = random_cvrp(200)
    p = replace(
        p,
        depots=(Depot("W", Point(0, 500)), Depot("E", Point(1000, 500))),
        vehicles=tuple(
            replace(v, start_depot="W" if k % 2 else "E", end_depot="W" if k % 2 else "E")
            for k, v in enumerate(p.vehicles)
        ),
    )
    for dep, idx in sweep_regions(p, 60):
        xs = [p.stops[i].location.x for i in idx]
        assert (np.mean(xs) < 500) == (dep == 0)


def test_large_problem_served_completely_without_full_matrix():
    p = random_cvrp(1200, seed=5)
    assert p.distance is None
    big = solve_large(p, 6.0, region_size=400)
    assert big.regions == 3
    assert not big.unserved and big.feasible
    served = sorted(int(s) for _, r in big.routes for s in r)
    assert served == list(range(1200))
    plan = plan_large(p, big.routes, big.unserved)
    assert plan.complete and plan.summary.vehicles == len(big.routes)
    assert plan.summary.distance == route_cost(p, big.routes)
    for r in plan.routes:
        assert r.delivery[0] <= 50
        ids = [s.location_index for s in r.steps if s.location_index is not None]
        assert ids[0] == 0 and ids[-1] == 0 and len(ids) == len(r.stop_ids) + 2


def test_auto_takes_the_large_path_and_keeps_time():
    p = random_cvrp(1100, seed=2)
    plan = solve(p, RoutingParams(time_limit_s=5.0, backend="auto"))
    assert plan.extras["portfolio"] == "large"
    assert plan.complete
    assert plan.seconds < 7.0  # budget plus plan building, generous for a noisy machine


def test_route_cost_latlon_matches_haversine():
    depot = Depot("D", LatLon(-22.8, -43.3))
    stop = Stop("a", LatLon(-22.9, -43.2), delivery=(1,))
    vt = VehicleType("van", (5,))
    p = RoutingProblem((depot,), (stop,), (Vehicle("v", vt, "D", "D"),))
    from geopy.distance import great_circle

    d = great_circle((-22.8, -43.3), (-22.9, -43.2)).meters
    assert abs(route_cost(p, [("v", ["a"])]) - 2 * d) < 5


def test_validate_large_agrees_with_validate_and_catches_overload():
    from solvers.routing.large import validate_large

    p = random_cvrp(1050, seed=7)
    big = solve_large(p, 3.0, region_size=350, improve_share=0)
    plan = plan_large(p, big.routes, big.unserved)
    full, grouped = validate(p, plan), validate_large(p, plan)
    assert full.feasible and grouped.feasible
    assert (full.distance, full.cost, full.vehicles) == (
        grouped.distance,
        grouped.cost,
        grouped.vehicles,
    )
    # two routes merged into one vehicle exceed its capacity of 50
    (v1, r1), (_, r2) = big.routes[0], big.routes[1]
    merged = [(v1, r1 + r2)] + big.routes[2:]
    bad = plan_large(p, merged, [])
    assert "capacity" in validate_large(p, bad).kinds
