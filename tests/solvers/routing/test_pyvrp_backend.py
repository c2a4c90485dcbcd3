"""PyVRP backend: what it supports, and that its plans validate on every variant it takes."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest

from logistics.datasets.catalog import instance_files
from logistics.datasets.lilim import read_lilim
from logistics.datasets.vrptw import read_solomon
from logistics.domain.fleet import Break, Vehicle, VehicleType
from logistics.domain.geo import Point
from logistics.domain.routing import Depot, Objective, RoutingProblem
from logistics.domain.stops import PickupDelivery, Stop, TimeWindow
from logistics.errors import InvalidValueError
from solvers.routing import RoutingParams, solve, validate
from solvers.routing.pyvrp_backend import build_pyvrp_data, supports, unsupported_features


def _grid_problem(n: int = 12, **kw) -> RoutingProblem:
    rng = np.random.default_rng(3)
    pts = rng.integers(0, 100, size=(n, 2))
    stops = tuple(
        Stop(
            f"s{i}",
            Point(float(x), float(y)),
            delivery=(int(rng.integers(1, 5)), 1),
            pickup=(0, 0),
            service_s=5,
        )
        for i, (x, y) in enumerate(pts)
    )
    van = VehicleType("van", (12, 6), fixed_cost=100, cost_per_km=0)
    truck = VehicleType("truck", (30, 20), fixed_cost=500, speed_factor=1.5)
    vehicles = (
        Vehicle("v1", van, "A", "A"),
        Vehicle("v2", van, "B", "B"),
        Vehicle("t1", truck, "A", "A"),
    )
    defaults = dict(
        depots=(Depot("A", Point(50, 50)), Depot("B", Point(10, 90))),
        stops=stops,
        vehicles=vehicles,
        units=("kg", "parcels"),
        objective=Objective(vehicle_costs=True, distance_per_m=1),
        name="grid",
    )
    defaults.update(kw)
    return RoutingProblem(**defaults)


def _small_solomon(n: int = 25) -> RoutingProblem:
    p = read_solomon(instance_files("solomon_vrptw_100")[0]).problem
    keep = n + 1
    return replace(
        p,
        stops=p.stops[:n],
        distance=p.distance[:keep, :keep].copy(),
        duration=p.duration[:keep, :keep].copy(),
    )


def _check(problem: RoutingProblem, backend: str = "pyvrp", seconds: float = 0.5):
    plan = solve(problem, RoutingParams(time_limit_s=seconds, backend=backend, seed=1))
    report = validate(problem, plan)
    assert report.feasible, report.violations[:3]
    return plan, report


def test_vrptw_plan_validates_and_is_good():
    problem = _small_solomon()
    plan, report = _check(problem)
    assert plan.backend == "pyvrp"
    served = {s for r in plan.routes for s in r.stop_ids}
    assert served == {s.id for s in problem.stops}
    # C101's first 25 customers fit in 3 routes of the optimal structure.
    assert report.vehicles <= 4


def test_multi_depot_heterogeneous_multi_unit_speed():
    problem = _grid_problem()
    assert supports(problem)
    plan, _ = _check(problem)
    for r in plan.routes:
        assert r.vehicle_id in {"v1", "v2", "t1"}
    assert sum(len(r.stop_ids) for r in plan.routes) == 12


def test_optional_stops_with_prize_can_be_dropped():
    far = Stop("far", Point(1000, 1000), delivery=(1, 1), pickup=(0, 0), penalty=10)
    base = _grid_problem()
    problem = replace(base, stops=base.stops + (far,))
    plan, _ = _check(problem)
    assert [u.stop_id for u in plan.unassigned] == ["far"]
    assert not plan.unassigned[0].required


def test_open_routes_do_not_pay_the_way_back():
    base = _grid_problem()
    open_fleet = tuple(replace(v, end_depot=None) for v in base.vehicles)
    closed, _ = _check(base)
    opened, _ = _check(replace(base, vehicles=open_fleet))
    assert opened.summary.distance < closed.summary.distance


def test_max_distance_respected():
    base = _grid_problem()
    short = VehicleType("short", (30, 20), max_distance_m=150)
    fleet = tuple(Vehicle(f"x{i}", short, "A", "A") for i in range(8))
    problem = replace(base, vehicles=fleet, depots=base.depots[:1])
    plan, _ = _check(problem, seconds=0.5)
    assert all(r.distance <= 150 for r in plan.routes)


def test_pairs_become_shipments():
    inst = read_lilim(instance_files("li_lim_pdptw_100")[0])
    problem = inst.problem
    model = build_pyvrp_data(problem)
    assert model.data.num_shipments == len(problem.pairs)
    assert model.data.num_clients == 0
    plan, report = _check(problem, seconds=1.0)
    for r in plan.routes:
        ids = r.stop_ids
        for pair in problem.pairs:
            if pair.pickup_id in ids:
                assert ids.index(pair.pickup_id) < ids.index(pair.delivery_id)
    assert report.vehicles >= 10  # lc101 needs 10 vehicles


def test_hierarchical_objective_is_a_fixed_cost():
    problem = _small_solomon()
    hier = replace(problem, objective=replace(problem.objective, per_vehicle=100_000))
    model = build_pyvrp_data(hier)
    assert model.data.vehicle_types()[0].fixed_cost == 100_000


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda p: replace(p, objective=replace(p.objective, span_cost_per_s=1)), "span"),
        (
            lambda p: replace(
                p,
                stops=(replace(p.stops[0], soft_windows=True, lateness_cost_per_s=1),)
                + p.stops[1:],
            ),
            "soft",
        ),
        (
            lambda p: replace(
                p, stops=(replace(p.stops[0], skills=frozenset({"fridge"})),) + p.stops[1:]
            ),
            "skills",
        ),
        (
            lambda p: replace(
                p,
                vehicles=(replace(p.vehicles[0], breaks=(Break(TimeWindow(100, 200), 30),)),)
                + p.vehicles[1:],
            ),
            "breaks",
        ),
        (
            lambda p: replace(
                p,
                stops=(
                    replace(
                        p.stops[0],
                        time_windows=(TimeWindow(0, 10), TimeWindow(20, 30)),
                    ),
                )
                + p.stops[1:],
            ),
            "several time windows",
        ),
    ],
)
def test_unsupported_features_are_named(change, words):
    problem = change(_grid_problem())
    assert not supports(problem)
    assert any(words in f for f in unsupported_features(problem))
    with pytest.raises(InvalidValueError, match=words):
        solve(problem, RoutingParams(time_limit_s=0.2, backend="pyvrp"))


def test_pair_with_unequal_quantities_is_unsupported():
    base = _grid_problem()
    pick = Stop("p", Point(1, 1), delivery=(0, 0), pickup=(2, 1))
    drop = Stop("d", Point(2, 2), delivery=(1, 1), pickup=(0, 0))
    problem = replace(base, stops=base.stops + (pick, drop), pairs=(PickupDelivery("p", "d"),))
    assert "pickup quantity" in unsupported_features(problem)[0]


def test_progress_is_reported():
    seen = []
    solve(
        _small_solomon(),
        RoutingParams(time_limit_s=0.3, backend="pyvrp"),
        on_progress=seen.append,
    )
    assert seen and all(isinstance(p.best, int) for p in seen)
    costs = [p.best for p in seen]
    assert costs == sorted(costs, reverse=True)
    assert {(p.bound, p.phase) for p in seen} == {(None, "pyvrp")}


def test_penalty_bound_warnings_are_counted_not_printed():
    # a stop no van reaches in its window keeps every plan infeasible: PyVRP warned at
    # every iteration (thousands of lines in the server's log of a route-plan job)
    from solvers.routing.pyvrp_backend import plan_of, run_pyvrp
    from tests.solvers.routing._instances import one_van

    far = Stop("far", Point(3000, 0), delivery=(1,), time_windows=(TimeWindow(0, 10),))
    problem = one_van([Stop("a", Point(100, 0), delivery=(1,)), far])
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        run = run_pyvrp(problem, 1.0)
        warnings.warn("an unrelated warning still shows", UserWarning, stacklevel=1)
    assert not run.feasible and run.penalty_warnings > 0
    assert [str(w.message) for w in shown] == ["an unrelated warning still shows"]
    assert plan_of(problem, run).extras["pyvrp_penalty_warnings"] == run.penalty_warnings
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        plan = solve(problem, RoutingParams(backend="pyvrp", time_limit_s=1))
    assert plan.status == "no_solution" and plan.extras["pyvrp_penalty_warnings"] > 0
    assert not shown
