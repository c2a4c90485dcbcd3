"""PyVRP on a day in cents per km and per hour: the travel it plans is the travel the plan
times, and its penalties are on the scale of those costs.

A generated 200-stop Rio day (14 vans of 800 kg, cents per km and per hour, no breaks)
showed both defects: PyVRP got straight-line matrices without the road factor 1.3, so
its "feasible" routes broke 19 windows once the plan timed them (the ``auto`` portfolio
trusted that verdict and returned the infeasible plan), and its penalty bounds
(at most 100,000 per kg or second) were worth less than 8 seconds of a van's time at the
cost factor 18,000, so without windows it kept two vans carrying 2,183 and 2,421 kg.
"""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain import (
    Depot,
    LatLon,
    Objective,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
    VehicleType,
)
from solvers.routing import RoutingParams, _travel, solve, validate
from solvers.routing.pyvrp_backend import (
    build_pyvrp_data,
    penalty_params,
    problem_matrices,
)

HOUR = 3600


def rio_day(
    n: int = 40,
    *,
    windows: bool = True,
    seed: int = 7,
    speed: float = 1.0,
    fixed_cost: int = 5000,
):
    """``n`` stops a few km around Rio, 5 vans of 100 kg in cents per km and per hour
    (``fixed_cost`` cents a van), a 2-hour window on every third stop (when ``windows``),
    shifts 07-17."""
    rng = np.random.default_rng(seed)
    stops = []
    for i in range(n):
        tw = ()
        if windows and i % 3 == 0:
            start = int(rng.choice([8, 10, 12, 14])) * HOUR
            tw = (TimeWindow(start, start + 2 * HOUR),)
        stops.append(
            Stop(
                f"s{i:02d}",
                LatLon(-22.9 + rng.uniform(-0.04, 0.04), -43.2 + rng.uniform(-0.04, 0.04)),
                delivery=(int(rng.integers(5, 16)),),
                service_s=240,
                time_windows=tw,
            )
        )
    van = VehicleType(
        "van", (100,), fixed_cost=fixed_cost, cost_per_km=45, cost_per_hour=2500, speed_factor=speed
    )
    vans = tuple(
        Vehicle(f"van-{k}", van, "dc", "dc", shift=TimeWindow(7 * HOUR, 17 * HOUR))
        for k in range(5)
    )
    depot = Depot("dc", LatLon(-22.887, -43.23), TimeWindow(6 * HOUR, 21 * HOUR))
    return RoutingProblem((depot,), tuple(stops), vans, objective=Objective())


def test_pyvrp_gets_the_travel_the_plan_times():
    problem = rio_day(12)
    dist, dur = problem_matrices(problem)
    np.testing.assert_array_equal(dist, _travel.distance_matrix(problem))
    np.testing.assert_array_equal(dur, _travel.duration_matrix(problem))
    data = build_pyvrp_data(problem).data
    np.testing.assert_array_equal(data.distance_matrix(0), _travel.distance_matrix(problem))
    np.testing.assert_array_equal(data.duration_matrix(0), _travel.duration_matrix(problem))


def test_pyvrp_slower_van_travel_matches_the_plan():
    problem = rio_day(12, speed=1.3)
    data = build_pyvrp_data(problem).data
    expected = _travel.scaled(_travel.duration_matrix(problem), 1.3)
    np.testing.assert_array_equal(data.duration_matrix(0), expected)


def test_penalty_bounds_follow_the_cost_scale():
    model = build_pyvrp_data(rio_day(6))
    assert model.cost_factor == 18_000
    assert model.unit_cost == 12_500  # 2500 cents an hour, per second, times K
    params = penalty_params(model)
    assert params.max_penalty == pytest.approx(100_000 * 12_500)
    assert params.min_penalty == pytest.approx(0.1 * 12_500)


def test_benchmark_scale_keeps_pyvrp_defaults():
    problem = rio_day(6)
    bench = RoutingProblem(
        problem.depots,
        problem.stops,
        problem.vehicles,
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    model = build_pyvrp_data(bench)
    assert (model.cost_factor, model.unit_cost) == (1, 1)
    assert penalty_params(model) is None


@pytest.mark.parametrize("windows", [False, True])
def test_pyvrp_plan_of_a_costed_day_is_feasible(windows):
    problem = rio_day(windows=windows)
    plan = solve(problem, RoutingParams(time_limit_s=2.0, backend="pyvrp", seed=0))
    report = validate(problem, plan)
    assert report.feasible, report.violations[:3]
    assert plan.complete
    total = sum(s.delivery[0] for s in problem.stops)
    assert len(plan.routes) >= -(-total // 100)  # no overloaded vans
    # PyVRP's own cost of its best solution (the same run: two time-limited runs can
    # differ under load) is the plan's
    assert plan.objective is not None
    assert plan.summary.cost == pytest.approx(plan.objective, abs=1)


def test_auto_on_a_costed_day_returns_a_valid_plan():
    problem = rio_day()
    plan = solve(problem, RoutingParams(time_limit_s=2.0, backend="auto", seed=0))
    assert validate(problem, plan).feasible
    assert plan.complete


@pytest.mark.parametrize("fixed_cost", [10**6, 10**9])
def test_pyvrp_serves_a_day_whose_vans_cost_more_than_its_largest_penalty(fixed_cost):
    # PyVRP's largest penalty was set by the costs per unit and per arc only: with
    # 10,000 EUR a van (10**6 cents, 1.8e10 engine units against a largest penalty of
    # 1.25e9 per kg over) one kg over cost less than a second van, PyVRP kept every
    # stop on one overloaded van and the plan served nothing ("no_solution")
    problem = rio_day(windows=False, fixed_cost=fixed_cost)
    model = build_pyvrp_data(problem)
    # moving an average stop off an overloaded van onto another van pays
    assert penalty_params(model).max_penalty * model.mean_load >= model.fixed_cost
    plan = solve(problem, RoutingParams(time_limit_s=2.0, backend="pyvrp", seed=0))
    assert validate(problem, plan).feasible
    assert plan.complete
