"""Dispatched stops: OR-Tools keeps each vehicle's fixed route start, ``auto`` sends such
problems to OR-Tools, ``validate`` catches a moved stop, and a prefix that cannot be
driven is refused before solving."""

from __future__ import annotations

from dataclasses import replace

import pytest
from _instances import line_problem

from logistics.domain import PickupDelivery, Point, Stop, TimeWindow
from logistics.errors import InvalidValueError
from solvers.routing import RoutingParams, plan_from_routes, solve, split_by_depot, validate
from solvers.routing.dispatched import check_dispatched
from solvers.routing.large import LARGE_STOPS, solve_large, validate_large
from solvers.routing.params import FIRST_SOLUTION_STRATEGIES
from solvers.routing.portfolio import choose_path

FAST = RoutingParams(time_limit_s=1, backend="ortools", solution_limit=200)


def _dispatch(problem, **by_vehicle):
    """``problem`` with ``vehicles[k].dispatched`` set from ``v<k>=(ids...)``."""
    vehicles = tuple(
        replace(v, dispatched=tuple(by_vehicle.get(v.id, ()))) for v in problem.vehicles
    )
    return replace(problem, vehicles=vehicles)


def _routes(plan) -> dict[str, list[str]]:
    return {r.vehicle_id: r.stop_ids for r in plan.routes}


def _starts_with(plan, problem) -> bool:
    got = _routes(plan)
    return all(
        got.get(v.id, [])[: len(v.dispatched)] == list(v.dispatched)
        for v in problem.vehicles
        if v.dispatched
    )


# s2 (-10, 0) and s0 (10, 0) lie on opposite sides of the depot: no good plan serves
# them one after the other, and none puts both first on one route
RING = line_problem(8, n_vehicles=2)
CROSS = _dispatch(RING, v0=("s2", "s0"))


def test_without_dispatched_stops_the_optimum_moves_them():
    plan = solve(RING, FAST)
    assert validate(RING, plan).feasible
    assert not _starts_with(plan, CROSS)
    report = validate(CROSS, plan)  # the free plan, judged against the dispatch
    assert "dispatched" in report.kinds and not report.feasible


def test_ortools_keeps_the_prefix_and_plans_new_stops_after_it():
    plan = solve(CROSS, FAST)
    assert _starts_with(plan, CROSS)
    assert validate(CROSS, plan).feasible
    assert plan.complete and len(plan.unassigned) == 0
    # the prefix costs: the free plan is shorter
    assert plan.summary.distance > solve(RING, FAST).summary.distance


@pytest.mark.parametrize("strategy", FIRST_SOLUTION_STRATEGIES)
def test_every_first_solution_strategy_keeps_prefixes(strategy):
    problem = _dispatch(RING, v0=("s2", "s0"), v1=("s3", "s1"))
    params = RoutingParams(time_limit_s=1, backend="ortools", first_solution=strategy)
    plan = solve(problem, replace(params, solution_limit=20))
    assert plan.status == "solved" and _starts_with(plan, problem)
    assert validate(problem, plan).feasible


def test_a_dispatched_optional_stop_is_served():
    stops = list(RING.stops)
    stops[2] = replace(stops[2], penalty=0)  # free to drop, and far from the others
    problem = _dispatch(replace(RING, stops=tuple(stops)), v1=("s2",))
    assert "s2" not in [
        sid
        for r in solve(replace(problem, vehicles=RING.vehicles), FAST).routes
        for sid in r.stop_ids
    ]
    plan = solve(problem, FAST)
    assert _routes(plan)["v1"][0] == "s2" and validate(problem, plan).feasible


def _with_pair(problem):
    stops = problem.stops + (
        Stop("p", Point(-5, 5), delivery=(0,), pickup=(3,)),
        Stop("q", Point(5, -5), delivery=(3,), pickup=(0,)),
    )
    return replace(problem, stops=stops, pairs=(PickupDelivery("p", "q"),))


def test_a_dispatched_pickup_keeps_its_delivery_on_the_vehicle():
    problem = _dispatch(_with_pair(RING), v1=("s4", "p"))
    plan = solve(problem, FAST)
    route = _routes(plan)["v1"]
    assert route[:2] == ["s4", "p"] and "q" in route
    assert validate(problem, plan).feasible


def test_a_dispatched_pair_stays_in_order():
    problem = _dispatch(_with_pair(RING), v0=("p", "s0", "q"), v1=("s2",))
    plan = solve(problem, FAST)
    assert _routes(plan)["v0"][:3] == ["p", "s0", "q"]
    assert _starts_with(plan, problem) and validate(problem, plan).feasible


def test_auto_runs_ortools_and_pyvrp_refuses():
    assert choose_path(RING) == "pyvrp"
    assert choose_path(CROSS) == "ortools"
    plan = solve(CROSS, RoutingParams(time_limit_s=1))
    assert plan.extras["portfolio"] == "ortools"
    assert _starts_with(plan, CROSS) and validate(CROSS, plan).feasible
    with pytest.raises(InvalidValueError, match="dispatched stops") as info:
        solve(CROSS, RoutingParams(time_limit_s=1, backend="pyvrp"))
    assert info.value.field == "backend"


def test_large_problems_with_dispatched_stops_go_to_ortools_whole():
    big = line_problem(LARGE_STOPS + 1, capacity=(10_000,), n_vehicles=3, demand=1)
    assert choose_path(big) == "large"
    pinned = _dispatch(big, v1=("s5", "s900"))
    assert choose_path(pinned) == "ortools"
    with pytest.raises(InvalidValueError) as info:
        solve_large(pinned, 1)
    assert info.value.field == "vehicles[1].dispatched"


def test_validate_catches_moved_reordered_and_unassigned_dispatched_stops():
    problem = _dispatch(RING, v0=("s2", "s0"))
    kept = plan_from_routes(problem, [["s2", "s0", "s1"], ["s3", "s4", "s5", "s6", "s7"]])
    assert validate(problem, kept).feasible
    cases = {
        "reordered": [["s0", "s2", "s1"], ["s3", "s4", "s5", "s6", "s7"]],
        "late": [["s1", "s2", "s0"], ["s3", "s4", "s5", "s6", "s7"]],
        "other vehicle": [["s2", "s1"], ["s0", "s3", "s4", "s5", "s6", "s7"]],
        "unassigned": [["s2", "s1"], ["s3", "s4", "s5", "s6", "s7"]],
    }
    for name, routes in cases.items():
        report = validate(problem, plan_from_routes(problem, routes))
        found = [v for v in report.violations if v.kind == "dispatched"]
        assert found and not report.feasible, name
        assert found[0].vehicle_id == "v0"
        assert validate_large(problem, plan_from_routes(problem, routes)).kinds >= {"dispatched"}
    msg = [
        v.message
        for v in validate(problem, plan_from_routes(problem, cases["reordered"])).violations
        if v.kind == "dispatched"
    ][0]
    assert msg == "dispatched stop 1 is 's2' but the route has 's0' there (dispatched: s2, s0)"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # s0 is 10 away: the vehicle arrives at 10 at the earliest
        (
            lambda p: _stop(p, 0, time_windows=(TimeWindow(0, 5),)),
            "stop 's0' cannot be reached before its window closes at 5 s (earliest arrival 10 s)",
        ),
        (
            lambda p: _stop(_stop(p, 0, delivery=(6,)), 2, delivery=(6,)),
            "vehicle 'v0' leaves with 12 parcels for its dispatched stops, more than its "
            "capacity 10",
        ),
        (
            lambda p: _stop(p, 0, pickup=(9,), delivery=(0,)),
            "after stop 's0' it carries 11 parcels, more than its capacity 10",
        ),
        (
            lambda p: _vehicle(p, shift=TimeWindow(0, 35)),
            "after its dispatched stops vehicle 'v0' is back at depot 'd' at 40 s at the "
            "earliest, after its shift or the depot closes at 35 s",
        ),
        (
            lambda p: _stop(p, 2, skills=frozenset({"fridge"})),
            "stop 's2' needs skills fridge that vehicle 'v0' lacks",
        ),
        (
            lambda p: _vehicle(p, type=replace(p.vehicles[0].type, max_distance_m=39)),
            "its dispatched stops take 40 m, more than the maximum distance 39 m of vehicle "
            "type 'van'",
        ),
    ],
)
def test_a_prefix_that_cannot_be_driven_is_refused_before_solving(change, reason):
    problem = change(_dispatch(RING, v0=("s0", "s2")))
    with pytest.raises(InvalidValueError) as info:
        check_dispatched(problem)
    assert info.value.field == "vehicles[0].dispatched"
    assert info.value.value == ["s0", "s2"]
    assert info.value.reason == reason
    for backend in ("ortools", "auto"):
        with pytest.raises(InvalidValueError) as info:
            solve(problem, RoutingParams(time_limit_s=1, backend=backend))
        assert info.value.reason == reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"skills": frozenset({"fridge"})},
            "stop 'q', the delivery of dispatched pickup 'p', needs skills fridge that "
            "vehicle 'v1' lacks",
        ),
        # s4 (7, 7), then p (-5, 5), then q (5, -5): at 9.9 + 12.2 + 14.1 = 36 s at the earliest
        (
            {"time_windows": (TimeWindow(0, 30),)},
            "stop 'q', the delivery of dispatched pickup 'p', cannot be reached after the "
            "dispatched stops before its window closes at 30 s (earliest arrival 36 s)",
        ),
    ],
)
def test_the_delivery_of_a_dispatched_pickup_must_be_servable_by_its_vehicle(change, reason):
    """It is always served, on the pickup's vehicle: a plan put it there against its skills,
    or, past its window, had no solution at all."""
    with_pair = _with_pair(RING)
    problem = _dispatch(_stop(with_pair, len(with_pair.stops) - 1, **change), v1=("s4", "p"))
    with pytest.raises(InvalidValueError) as info:
        check_dispatched(problem)
    assert info.value.field == "vehicles[1].dispatched"
    assert info.value.reason == reason
    with pytest.raises(InvalidValueError, match="the delivery of dispatched pickup"):
        solve(problem, RoutingParams(time_limit_s=1, backend="ortools"))
    served_late = _stop(with_pair, len(with_pair.stops) - 1, time_windows=(TimeWindow(0, 36),))
    check_dispatched(_dispatch(served_late, v1=("s4", "p")))  # reachable: no error


def _stop(problem, k, **kw):
    stops = list(problem.stops)
    stops[k] = replace(stops[k], **kw)
    return replace(problem, stops=tuple(stops))


def _vehicle(problem, **kw):
    return replace(problem, vehicles=(replace(problem.vehicles[0], **kw),) + problem.vehicles[1:])


def test_check_formats_times_as_asked():
    problem = _stop(_dispatch(RING, v0=("s0",)), 0, time_windows=(TimeWindow(0, 5),))
    with pytest.raises(InvalidValueError, match=r"closes at T\+5 \(earliest arrival T\+10\)"):
        check_dispatched(problem, format_time=lambda s: f"T+{s}")


def test_split_by_depot_keeps_dispatched_stops_with_their_vehicle():
    from logistics.domain import Depot

    two = replace(
        RING,
        depots=RING.depots + (Depot("far", Point(100, 0)),),
        vehicles=(RING.vehicles[0], replace(RING.vehicles[1], start_depot="far", end_depot="far")),
    )
    parts = split_by_depot(two)
    assert "s0" in {s.id for s in parts["d"].stops}  # nearest to d
    pinned = _dispatch(two, v1=("s0",))
    parts = split_by_depot(pinned)
    assert "s0" in {s.id for s in parts["far"].stops}
    with pytest.raises(InvalidValueError) as info:
        split_by_depot(pinned, {"s0": "d"})
    assert info.value.field == "stop_depot['s0']"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replanning_a_rich_day_keeps_what_was_dispatched(seed):
    """Dispatch the first two stops of every route of a plan, then plan again."""
    from _instances import random_rich_problem

    problem = random_rich_problem(seed)
    first = solve(problem, FAST)
    done = {r.vehicle_id: tuple(r.stop_ids[:2]) for r in first.routes}
    pinned = _dispatch(problem, **done)
    check_dispatched(pinned)  # a prefix of a feasible plan can be driven
    again = solve(pinned, FAST)
    assert _starts_with(again, pinned)
    assert validate(pinned, again).kinds <= {"unserved"}  # at worst a stop left out
