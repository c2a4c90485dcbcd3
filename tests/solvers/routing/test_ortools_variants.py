"""Every variant of the model solved by OR-Tools on a tiny instance, checked by validate."""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics.domain import (
    Break,
    Depot,
    Objective,
    PickupDelivery,
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
    VehicleType,
)
from solvers.routing import RoutingParams, StepType, UnassignedReason, solve, validate
from tests.solvers.routing._instances import DAY, line_problem, van

FAST = RoutingParams(time_limit_s=0.4, backend="ortools")


def solved(problem: RoutingProblem, params: RoutingParams = FAST):
    plan = solve(problem, params)
    report = validate(problem, plan)
    return plan, report


def served(plan) -> set[str]:
    return {sid for r in plan.routes for sid in r.stop_ids}


def test_cvrp_serves_everything_within_capacity():
    p = line_problem(8, capacity=(6,), n_vehicles=4, demand=2)
    plan, report = solved(p)
    assert report.feasible, report.violations
    assert served(plan) == {s.id for s in p.stops}
    assert plan.summary.vehicles >= 3  # 16 parcels, 6 per van
    for r in plan.routes:
        assert r.steps[0].load[0] == sum(2 for _ in r.stop_ids) <= 6
        assert r.steps[-1].load == (0,)
    assert plan.cost == report.cost == plan.summary.distance


def test_multi_unit_capacity_splits_by_the_binding_unit():
    stops = (
        Stop("heavy", Point(5, 0), delivery=(9, 1), pickup=(0, 0)),
        Stop("bulky", Point(6, 0), delivery=(1, 9), pickup=(0, 0)),
        Stop("small", Point(7, 0), delivery=(1, 1), pickup=(0, 0)),
    )
    t = van((10, 10))
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        tuple(Vehicle(f"v{k}", t, "d", "d") for k in range(3)),
        units=("kg", "l"),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    assert plan.summary.vehicles == 2
    route_of = {sid: r.vehicle_id for r in plan.routes for sid in r.stop_ids}
    assert route_of["heavy"] != route_of["bulky"]


def test_multiple_time_windows_wait_for_the_second_window():
    s = Stop(
        "two",
        Point(10, 0),
        time_windows=(TimeWindow(0, 5), TimeWindow(100, 120)),
        service_s=3,
    )
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        (s,),
        (Vehicle("v", van(), "d", "d", shift=TimeWindow(0, 1000)),),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    step = plan.routes[0].steps[1]
    assert 100 <= step.service_start <= 120
    assert step.departure == step.service_start + 3


def test_soft_window_is_served_late_at_a_cost():
    late = Stop(
        "late",
        Point(100, 0),
        time_windows=(TimeWindow(0, 40),),
        soft_windows=True,
        lateness_cost_per_s=7,
    )
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        (late,),
        (Vehicle("v", van(), "d", "d", shift=TimeWindow(0, 1000)),),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    step = plan.routes[0].steps[1]
    assert step.lateness_s == 60
    assert plan.routes[0].cost == 200 + 60 * 7
    assert report.cost == plan.cost


def test_hard_window_out_of_reach_is_unassigned_with_reason():
    far = Stop("far", Point(100, 0), time_windows=(TimeWindow(0, 40),))
    near = Stop("near", Point(1, 0))
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        (far, near),
        (Vehicle("v", van(), "d", "d", shift=TimeWindow(0, 1000)),),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert plan.status == "partial"
    assert served(plan) == {"near"}
    (u,) = plan.unassigned
    assert (u.stop_id, u.reason, u.required) == ("far", UnassignedReason.TIME_WINDOW, True)
    assert not report.feasible and report.kinds == {"unserved"}
    assert plan.summary.penalties == p.objective.unserved_penalty
    assert report.cost == plan.cost == plan.summary.distance + p.objective.unserved_penalty


@pytest.mark.parametrize(("penalty", "kept"), [(50, False), (5_000, True)])
def test_optional_stop_is_dropped_only_when_cheaper(penalty, kept):
    p = line_problem(2, n_vehicles=1)
    extra = Stop("opt", Point(500, 0), penalty=penalty)
    p = replace(p, stops=p.stops + (extra,))
    plan, report = solved(p)
    assert report.feasible, report.violations
    assert ("opt" in served(plan)) is kept
    if not kept:
        assert plan.unassigned[0].reason is UnassignedReason.DROPPED_FOR_COST
        assert plan.summary.penalties == penalty


def test_priority_decides_which_required_stop_is_kept():
    stops = (
        Stop("low", Point(5, 0), delivery=(8,), priority=0),
        Stop("high", Point(-5, 0), delivery=(8,), priority=90),
    )
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        (Vehicle("v", van((10,)), "d", "d"),),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, _ = solved(p)
    assert served(plan) == {"high"}
    assert plan.unassigned[0].reason is UnassignedReason.CAPACITY


def test_skills_route_to_capable_vehicle_or_unassign():
    fridge = van(id="fridge", skills=frozenset({"cold"}))
    plain = van(id="plain")
    stops = (
        Stop("ice", Point(5, 0), skills=frozenset({"cold"})),
        Stop("box", Point(-5, 0)),
        Stop("piano", Point(0, 5), skills=frozenset({"crane"})),
    )
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        (Vehicle("a", plain, "d", "d"), Vehicle("b", fridge, "d", "d")),
        objective=Objective(vehicle_costs=False, distance_per_m=1, per_vehicle=1000),
    )
    plan, report = solved(p)
    assert report.kinds == {"unserved"}
    route_of = {sid: r.vehicle_id for r in plan.routes for sid in r.stop_ids}
    assert route_of["ice"] == "b"
    (u,) = plan.unassigned
    assert (u.stop_id, u.reason) == ("piano", UnassignedReason.SKILLS)
    assert "crane" in u.detail


def test_pickup_and_delivery_pairs_same_vehicle_pickup_first():
    stops = (
        Stop("p1", Point(10, 0), pickup=(5,)),
        Stop("d1", Point(-10, 0), delivery=(5,)),
        Stop("p2", Point(0, 10), pickup=(5,)),
        Stop("d2", Point(0, -10), delivery=(5,)),
    )
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        tuple(Vehicle(f"v{k}", van((6,)), "d", "d") for k in range(2)),
        pairs=(PickupDelivery("p1", "d1"), PickupDelivery("p2", "d2")),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    for r in plan.routes:
        ids = r.stop_ids
        for a, b in (("p1", "d1"), ("p2", "d2")):
            assert (a in ids) == (b in ids)
            if a in ids:
                assert ids.index(a) < ids.index(b)
        types = {s.id: s.type for s in r.steps}
        assert all(types[i] is (StepType.PICKUP if i[0] == "p" else StepType.DELIVERY) for i in ids)
        assert r.steps[0].load == (0,)
        # capacity 6 holds one pair's 5 parcels at a time
        assert max(s.load[0] for s in r.steps) == 5


def test_depot_deliveries_and_pickups_share_the_capacity():
    # 8 parcels delivered, 8 picked up, capacity 10: deliver before picking up
    stops = (
        Stop("drop", Point(10, 0), delivery=(8,)),
        Stop("collect", Point(9, 0), pickup=(8,)),
    )
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        (Vehicle("v", van((10,)), "d", "d"),),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    assert plan.routes[0].stop_ids == ["drop", "collect"]
    assert [s.load for s in plan.routes[0].steps] == [(8,), (0,), (8,), (8,)]


def test_several_depots_and_open_routes():
    stops = tuple(Stop(f"w{i}", Point(-100 - i, 0)) for i in range(3)) + tuple(
        Stop(f"e{i}", Point(100 + i, 0)) for i in range(3)
    )
    t = van((10,))
    p = RoutingProblem(
        (Depot("west", Point(-100, 1)), Depot("east", Point(100, 1))),
        stops,
        (Vehicle("vw", t, "west", "west"), Vehicle("ve", t, "east", None)),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    r_w, r_e = plan.route_of("vw"), plan.route_of("ve")
    assert set(r_w.stop_ids) == {"w0", "w1", "w2"}
    assert set(r_e.stop_ids) == {"e0", "e1", "e2"}
    assert r_e.steps[-1].location_index is None and r_e.steps[-1].id is None
    assert r_w.steps[-1].id == "west"


def test_shift_max_duration_and_max_distance():
    t_short = VehicleType("short", (10,), max_distance_m=50)
    t_quick = VehicleType("quick", (10,), max_duration_s=300)
    stops = (Stop("near", Point(10, 0)), Stop("far", Point(200, 0)))
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        (
            Vehicle("a", t_short, "d", "d", shift=TimeWindow(50, 1000)),
            Vehicle("b", t_quick, "d", "d", shift=TimeWindow(0, 1000)),
        ),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.kinds == {"unserved"}
    assert served(plan) == {"near"}
    (u,) = plan.unassigned
    assert u.stop_id == "far" and u.reason in (
        UnassignedReason.MAX_DISTANCE,
        UnassignedReason.MAX_DURATION,
    )
    for r in plan.routes:
        if r.vehicle_id == "a":
            assert r.start >= 50


def test_driver_break_is_scheduled_in_its_window():
    stops = tuple(Stop(f"s{i}", Point(10 * (i + 1), 0), service_s=30) for i in range(4))
    brk = Break(TimeWindow(60, 120), 45)
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        (Vehicle("v", van(), "d", "d", shift=TimeWindow(0, 2000), breaks=(brk,)),),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    breaks = [s for s in plan.routes[0].steps if s.type is StepType.BREAK]
    assert len(breaks) == 1 and 60 <= breaks[0].arrival <= 120
    assert breaks[0].departure - breaks[0].arrival == 45
    assert plan.routes[0].break_s == 45


def test_speed_factor_makes_a_slower_vehicle_take_longer():
    p = line_problem(1, n_vehicles=1)
    slow = replace(p, vehicles=(Vehicle("v", van(speed_factor=2.0), "d", "d", shift=DAY),))
    plan_fast, _ = solved(p)
    plan_slow, report = solved(slow)
    assert report.feasible, report.violations
    assert plan_slow.routes[0].travel_s == 2 * plan_fast.routes[0].travel_s


def test_fixed_costs_and_money_rates_are_charged_exactly():
    t = VehicleType("van", (20,), fixed_cost=10_000, cost_per_km=120, cost_per_hour=1800)
    stops = tuple(Stop(f"s{i}", Point(1000 * (i + 1), 0)) for i in range(3))
    p = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        tuple(Vehicle(f"v{k}", t, "d", "d", shift=TimeWindow(0, 50_000)) for k in range(3)),
    )
    plan, report = solved(p)
    assert report.feasible, report.violations
    assert plan.summary.vehicles == 1  # fixed cost makes one van cheapest
    r = plan.routes[0]
    assert r.distance == 6000
    assert r.cost == round(10_000 + 120 * 6000 / 1000 + 1800 * r.duration / 3600)


def test_span_cost_balances_the_workload():
    base = line_problem(8, n_vehicles=2, capacity=(100,))
    lazy = replace(base, objective=Objective(vehicle_costs=False, distance_per_m=1))
    fair = replace(
        base, objective=Objective(vehicle_costs=False, distance_per_m=1, span_cost_per_s=100)
    )
    plan_fair, report = solved(fair)
    plan_lazy, _ = solved(lazy)
    assert report.feasible, report.violations
    longest = max(r.duration for r in plan_fair.routes)
    assert plan_fair.summary.vehicles == 2
    assert longest < max(r.duration for r in plan_lazy.routes)
    assert plan_fair.summary.span_cost == 100 * longest


def test_progress_callback_reports_improvements():
    seen = []
    plan = solve(line_problem(8), FAST, on_progress=seen.append)
    assert seen and all(b.best <= a.best for a, b in zip(seen, seen[1:], strict=False))
    assert seen[-1].best == plan.cost
    assert {(p.bound, p.phase) for p in seen} == {(None, "ortools")}


def test_same_seed_and_solution_limit_give_the_same_plan():
    p = line_problem(8, n_vehicles=3, capacity=(6,))
    params = RoutingParams(time_limit_s=5, solution_limit=30, seed=3, backend="ortools")
    a, b = solve(p, params), solve(p, params)
    assert [r.stop_ids for r in a.routes] == [r.stop_ids for r in b.routes]


def test_warm_start_from_given_routes():
    from solvers.routing.ortools_backend import solve_ortools

    p = line_problem(4, n_vehicles=2, capacity=(100,))
    plan = solve_ortools(p, FAST, initial_routes=[["s0", "s1", "s2", "s3"], []])
    assert validate(p, plan).feasible
    assert served(plan) == {"s0", "s1", "s2", "s3"}


def test_no_stops_gives_an_empty_plan():
    p = replace(line_problem(1), stops=())
    plan, report = solved(p)
    assert plan.routes == () and report.feasible and plan.cost == 0


def test_plan_serialises_like_vroom():
    plan, _ = solved(line_problem(3))
    d = plan.to_dict()
    assert set(d) >= {"summary", "routes", "unassigned"}
    step = d["routes"][0]["steps"][1]
    assert {"type", "id", "location_index", "arrival", "departure", "load", "distance"} <= set(step)
    assert d["routes"][0]["steps"][0]["type"] == "start"


@pytest.mark.parametrize("seed", range(8))
def test_random_rich_problems_solve_to_valid_plans(seed):
    from tests.solvers.routing._instances import random_rich_problem

    p = random_rich_problem(seed)
    plan = solve(p, RoutingParams(time_limit_s=0.2, backend="ortools"))
    report = validate(p, plan)
    assert report.kinds <= {"unserved"}, report.violations
    assert {u.stop_id for u in plan.unassigned} | served(plan) == {s.id for s in p.stops}
