"""``validate`` catches broken plans: each rule broken on purpose is reported."""

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
from logistics.domain.route_plan import StepType
from solvers.routing import build_plan, plan_from_routes, validate
from solvers.routing.plan import RouteSpec
from tests.solvers.routing._instances import line_problem, van

OBJ = Objective(vehicle_costs=False, distance_per_m=1)


def _replace_step(plan, route_i, step_i, **kw):
    routes = list(plan.routes)
    steps = list(routes[route_i].steps)
    steps[step_i] = replace(steps[step_i], **kw)
    routes[route_i] = replace(routes[route_i], steps=tuple(steps))
    return replace(plan, routes=tuple(routes))


def test_hand_built_plan_is_feasible_and_costed():
    p = line_problem(4, n_vehicles=2, capacity=(10,))
    plan = plan_from_routes(p, [["s0", "s1"], ["s2", "s3"]])
    report = validate(p, plan)
    assert report.feasible, report.violations
    assert report.cost == plan.cost == plan.summary.distance
    assert report.vehicles == 2


def test_capacity_overflow_is_caught():
    p = line_problem(6, n_vehicles=2, capacity=(6,), demand=2)
    plan = plan_from_routes(p, [["s0", "s1", "s2", "s3"], ["s4", "s5"]])
    assert "capacity" in validate(p, plan).kinds


def test_window_violation_and_time_travel_are_caught():
    p = line_problem(2, n_vehicles=1, time_windows=(TimeWindow(0, 15),))
    plan = plan_from_routes(p, [["s0", "s1"]])  # s1 is reached at 10 + 14 > 15
    assert "time_window" in validate(p, plan).kinds
    ok = line_problem(2, n_vehicles=1)
    good = plan_from_routes(ok, [["s0", "s1"]])
    # claim to be at s1 one second after leaving s0: impossible
    s0 = good.routes[0].steps[1]
    broken = _replace_step(good, 0, 2, arrival=s0.departure + 1, departure=s0.departure + 1)
    assert "sequence" in validate(ok, broken).kinds


def test_missing_duplicate_and_unserved_stops_are_caught():
    p = line_problem(3, n_vehicles=2)
    plan = plan_from_routes(p, [["s0", "s1"], ["s1"]])
    kinds = validate(p, plan).kinds
    assert {"duplicate"} <= kinds
    dropped = plan_from_routes(p, [["s0", "s1"]])
    assert dropped.unassigned[0].stop_id == "s2"
    report = validate(p, dropped)
    assert report.kinds == {"unserved"} and report.unserved_required == 1
    forgotten = replace(dropped, unassigned=())
    assert "missing" in validate(p, forgotten).kinds


def test_wrong_numbers_are_caught():
    p = line_problem(3, n_vehicles=1)
    plan = plan_from_routes(p, [["s0", "s1", "s2"]])
    assert "cost" in validate(p, replace(plan, summary=replace(plan.summary, cost=1))).kinds
    assert "mismatch" in validate(p, _replace_step(plan, 0, 1, load=(99,))).kinds
    assert "mismatch" in validate(p, _replace_step(plan, 0, 2, distance=1)).kinds


def test_skills_pairs_breaks_and_limits_are_caught():
    stops = (
        Stop("p", Point(10, 0), pickup=(1,)),
        Stop("d", Point(20, 0), delivery=(1,)),
        Stop("cold", Point(0, 10), skills=frozenset({"fridge"})),
    )
    t = VehicleType("van", (10,), max_distance_m=30)
    brk = Break(TimeWindow(0, 5), 10)
    p = RoutingProblem(
        (Depot("dep", Point(0, 0)),),
        stops,
        (Vehicle("v", t, "dep", "dep", breaks=(brk,)), Vehicle("w", t, "dep", "dep")),
        pairs=(PickupDelivery("p", "d"),),
        objective=OBJ,
    )
    ctx_plan = build_plan(p, [RouteSpec(0, (1, 0)), RouteSpec(1, (2,))])
    kinds = validate(p, ctx_plan).kinds
    assert {"pair", "skills", "max_distance"} <= kinds
    # the greedy scheduler takes the break; removing it is a violation
    routes = list(ctx_plan.routes)
    no_break = tuple(s for s in routes[0].steps if s.type is not StepType.BREAK)
    routes[0] = replace(routes[0], steps=no_break)
    assert "break" in validate(p, replace(ctx_plan, routes=tuple(routes))).kinds


def test_soft_window_lateness_must_be_reported():
    p = line_problem(
        1,
        n_vehicles=1,
        time_windows=(TimeWindow(0, 4),),
        soft_windows=True,
        lateness_cost_per_s=3,
    )
    plan = plan_from_routes(p, [["s0"]])
    report = validate(p, plan)
    assert report.feasible, report.violations
    assert plan.routes[0].lateness_s == 6 and plan.cost == 20 + 18
    assert "mismatch" in validate(p, _replace_step(plan, 0, 1, lateness_s=0)).kinds


@pytest.mark.parametrize("open_end", [False, True])
def test_wrong_end_is_caught(open_end):
    p = line_problem(1, n_vehicles=1)
    if open_end:
        p = replace(p, vehicles=(Vehicle("v0", van(), "d", None),))
    plan = plan_from_routes(p, [["s0"]])
    assert validate(p, plan).feasible
    end = plan.routes[0].steps[-1]
    moved = _replace_step(plan, 0, -1, location_index=1 if end.location_index is None else None)
    assert "sequence" in validate(p, moved).kinds


def test_on_demand_tables_match_dense_matrices(monkeypatch):
    from solvers.routing import _travel
    from tests.solvers.routing._instances import line_problem as lp

    p = lp(6, n_vehicles=2, capacity=(10,))
    fast = replace(p, vehicles=tuple(replace(v, type=van(speed_factor=1.3)) for v in p.vehicles))
    dense = plan_from_routes(fast, [["s0", "s1", "s4"], ["s2", "s3", "s5"]])
    monkeypatch.setattr(_travel, "DENSE_LIMIT", 2)
    assert isinstance(_travel.distance_table(fast), _travel.Pairwise)
    lazy = plan_from_routes(fast, [["s0", "s1", "s4"], ["s2", "s3", "s5"]])
    assert lazy.to_dict() == dense.to_dict()
    assert validate(fast, lazy).feasible
    table = _travel.duration_table(fast).with_speed(1.3)
    assert (table.take(range(7)) == _travel.scaled(_travel.duration_matrix(fast), 1.3)).all()


def test_a_violation_reads_as_a_sentence_not_a_python_repr():
    # the API's validation.violations are these strings; they were the dataclass repr
    # "Violation(kind='unserved', vehicle_id=None, stop_id='o-1', message=...)"
    from solvers.routing.validate import Violation

    assert str(Violation("unserved", None, "o-1", "required stop unserved (time_window)")) == (
        "unserved: stop 'o-1': required stop unserved (time_window)"
    )
    assert str(Violation("skills", "van-1", "o-2", "vehicle lacks skills: crane")) == (
        "skills: vehicle 'van-1', stop 'o-2': vehicle lacks skills: crane"
    )
    assert str(Violation("cost", None, None, "plan says 5, recomputed 6")) == (
        "cost: plan says 5, recomputed 6"
    )
