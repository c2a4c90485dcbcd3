"""Required stops are served whatever the costs; unserved ones say why.

At the allowed cost maxima (10**9 cents per meter, per second and per vehicle, arcs
up to 4e7 m) OR-Tools' internal costs overflowed int64 and its drop penalty for a
required stop, capped to stay in int64, fell below the cost of serving it: a fleet
that could serve every stop came back with required stops unserved as ``no_room``.
PyVRP's costs overflowed too (a run ignored its time limit) or outweighed its
penalties, so ``backend="pyvrp"`` answered ``no_solution``. The >1,000-stop
decomposition gave every stop it left out ``no_room``, even one no vehicle can reach
in its window.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics.domain import Point, Stop, TimeWindow, VehicleType
from logistics.domain._checks import MAX_AMOUNT
from logistics.domain.route_plan import UnassignedReason
from solvers.routing import RoutingParams, solve, validate
from solvers.routing import portfolio as portfolio_module
from solvers.routing.cost_scale import (
    INT64_SAFE,
    PYVRP_BUDGET,
    ortools_plan_bound,
    ortools_required_penalty,
    ortools_scale,
)
from solvers.routing.costs import vehicle_rates
from solvers.routing.large import plan_large, solve_large, validate_large
from solvers.routing.pyvrp_backend import build_pyvrp_data, penalty_params
from tests.solvers.routing._instances import MAX_ARC_M, MAX_COST, extreme_costs, line_problem


def _served_exactly(problem, plan) -> None:
    """Every stop served, the plan valid and its cost the exact one in cents."""
    assert plan.unassigned == (), [(u.stop_id, u.reason) for u in plan.unassigned]
    assert plan.complete
    report = validate(problem, plan)
    assert report.feasible, report.violations[:3]
    assert report.cost == plan.summary.cost == sum(r.cost for r in plan.routes)


@pytest.mark.parametrize("backend", ["ortools", "pyvrp", "auto"])
@pytest.mark.parametrize("max_arc", [400_000, MAX_ARC_M])
def test_required_stops_served_at_the_cost_maxima(backend, max_arc):
    problem = extreme_costs(max_arc=max_arc)
    plan = solve(problem, RoutingParams(time_limit_s=1.0, backend=backend, seed=0))
    _served_exactly(problem, plan)


def test_required_stops_with_windows_served_at_the_cost_maxima():
    problem = extreme_costs(windows=True)
    for backend in ("ortools", "pyvrp"):
        plan = solve(problem, RoutingParams(time_limit_s=1.0, backend=backend, seed=0))
        _served_exactly(problem, plan)


@pytest.mark.parametrize("backend", ["ortools", "auto"])
def test_required_stops_served_at_the_cost_maxima_with_span_cost(backend):
    """The longest-route term (a second dimension, its coefficient rounded at a
    fractional engine scale) counts in the bound: still every required stop served."""
    problem = extreme_costs()
    objective = replace(problem.objective, span_cost_per_s=MAX_COST)
    problem = replace(problem, objective=objective)
    plan = solve(problem, RoutingParams(time_limit_s=1.0, backend=backend, seed=0))
    assert plan.unassigned == (), [(u.stop_id, u.reason) for u in plan.unassigned]
    report = validate(problem, plan)
    assert report.feasible, report.violations[:3]
    longest = max(r.duration for r in plan.routes)
    assert plan.summary.span_cost == MAX_COST * longest
    assert report.cost == plan.summary.cost == sum(r.cost for r in plan.routes) + MAX_COST * longest


@pytest.mark.parametrize("backend", ["ortools", "auto"])
def test_only_the_unreachable_required_stop_is_unserved_at_the_cost_maxima(backend):
    problem = extreme_costs()
    late = replace(problem.stops[0], time_windows=(TimeWindow(0, 300),))  # 600 s away
    problem = replace(problem, stops=(late, *problem.stops[1:]))
    plan = solve(problem, RoutingParams(time_limit_s=1.5, backend=backend, seed=0))
    assert [(u.stop_id, u.reason, u.required) for u in plan.unassigned] == [
        ("s0", UnassignedReason.TIME_WINDOW, True)
    ]
    report = validate(problem, plan)
    assert [(v.kind, v.stop_id) for v in report.violations] == [("unserved", "s0")]
    assert report.cost == plan.summary.cost


@pytest.mark.parametrize("skills", [False, True])  # True: regions go to OR-Tools
def test_large_path_serves_required_stops_at_the_cost_maxima(monkeypatch, skills):
    problem = extreme_costs(max_arc=400_000)
    if skills:
        van = replace(problem.vehicles[0].type, skills=frozenset({"a"}))
        problem = replace(
            problem,
            stops=tuple(replace(s, skills=frozenset({"a"})) for s in problem.stops),
            vehicles=tuple(replace(v, type=van) for v in problem.vehicles),
        )
    monkeypatch.setattr(portfolio_module, "LARGE_STOPS", 4)
    plan = solve(problem, RoutingParams(time_limit_s=2.0, backend="auto", seed=0))
    assert plan.extras["portfolio"] == "large"
    _served_exactly(problem, plan)


@pytest.mark.parametrize("n", [1, 12, 1000])
def test_ortools_required_penalty_dominates_every_plan_within_int64(n):
    problem = extreme_costs(n, max_arc=1000)  # the bound is given the longest arc below
    rates = [vehicle_rates(problem, v) for v in problem.vehicles]
    horizon = MAX_AMOUNT
    scale = ortools_scale(problem, rates, 18, MAX_ARC_M, horizon)
    bound = ortools_plan_bound(problem, rates, scale, MAX_ARC_M, horizon)
    huge = ortools_required_penalty(n, bound)
    assert huge > bound  # dropping a servable required stop never pays
    assert n * 101 * huge + bound <= INT64_SAFE // 4  # every stop dropped: no overflow
    assert scale < 18  # below K: rates rounded, the plan's cost recomputed exactly


def test_ortools_keeps_the_exact_scale_on_ordinary_costs():
    problem = line_problem()
    plan = solve(problem, RoutingParams(time_limit_s=0.5, backend="ortools", solution_limit=50))
    assert plan.extras["cost_scale"] == 1
    assert plan.objective == plan.summary.cost


def test_pyvrp_costs_stay_in_its_calibrated_range_at_the_cost_maxima():
    model = build_pyvrp_data(extreme_costs())
    assert model.unit_cost <= 10**7
    assert model.arc_cost <= 10**7 * 100_000 * 1.001  # (rates rounded to engine units)
    # the largest penalty is worth an arc (within rounding): overloading does not pay
    assert penalty_params(model).max_penalty >= 0.999 * model.arc_cost
    data = model.data
    worst = sum(
        vt.num_available * (vt.fixed_cost + vt.unit_duration_cost * (vt.tw_late - vt.tw_early))
        for vt in data.vehicle_types()
    )
    assert worst + model.arc_cost * (data.num_clients + 2 * data.num_vehicles) <= PYVRP_BUDGET


def _with_unreachable_stop():
    """Six ring stops and ``far``: 1,000 m out with a window closing at 100 s, so no
    van (a speed of one meter a second) reaches it in time even on its own."""
    base = line_problem(6, n_vehicles=3)
    far = Stop("far", Point(1000, 0), delivery=(1,), time_windows=(TimeWindow(0, 100),))
    return replace(base, stops=(*base.stops, far))


def test_plan_large_names_why_a_required_stop_is_unserved():
    problem = _with_unreachable_stop()
    big = solve_large(problem, 1.0, region_size=3)
    assert big.unserved == ["far"]
    plan = plan_large(problem, big.routes, big.unserved)
    (u,) = plan.unassigned
    assert (u.stop_id, u.reason, u.required) == ("far", UnassignedReason.TIME_WINDOW, True)
    assert u.location_index == problem.stop_index("far")


def test_large_path_charges_the_unserved_penalty_of_a_required_stop():
    """plan_large and validate_large charge a required stop left out at the objective's
    ``unserved_penalty``, as the plan builder and validate() do (they charged 0)."""
    problem = _with_unreachable_stop()
    big = solve_large(problem, 1.0, region_size=3)
    plan = plan_large(problem, big.routes, big.unserved)
    routes_and_span = plan.summary.routes_cost + plan.summary.span_cost
    assert plan.summary.cost == routes_and_span + problem.objective.unserved_penalty
    assert validate_large(problem, plan).cost == validate(problem, plan).cost == plan.summary.cost


def test_plan_large_reasons_match_the_plan_builders():
    base = _with_unreachable_stop()
    short = VehicleType("short", (10,), max_distance_m=100)
    problem = replace(
        base,
        stops=(
            *base.stops,
            Stop("skilled", Point(5, 5), delivery=(1,), skills=frozenset({"crane"})),
            Stop("out", Point(60, 0), delivery=(1,)),
        ),
        vehicles=tuple(replace(v, type=short) for v in base.vehicles),
    )
    routes = [("v0", ["s0", "s1"])]
    unserved = [s.id for s in problem.stops if s.id not in {"s0", "s1"}]
    large = {u.stop_id: u.reason for u in plan_large(problem, routes, unserved).unassigned}
    from solvers.routing.plan import plan_from_routes

    built = {u.stop_id: u.reason for u in plan_from_routes(problem, [routes[0][1]]).unassigned}
    assert large == built
    assert large["far"] == UnassignedReason.TIME_WINDOW
    assert large["skilled"] == UnassignedReason.SKILLS
    assert large["out"] == UnassignedReason.MAX_DISTANCE
    assert large["s2"] == UnassignedReason.NO_ROOM  # servable: the decomposition left it


def test_auto_large_path_names_why_a_required_stop_is_unserved(monkeypatch):
    problem = _with_unreachable_stop()
    monkeypatch.setattr(portfolio_module, "LARGE_STOPS", 4)
    plan = solve(problem, RoutingParams(time_limit_s=2.0, backend="auto", seed=0))
    assert plan.extras["portfolio"] == "large"
    assert [(u.stop_id, u.reason) for u in plan.unassigned] == [
        ("far", UnassignedReason.TIME_WINDOW)
    ]
