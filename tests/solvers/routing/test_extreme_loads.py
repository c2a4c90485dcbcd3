"""Loads near the allowed maximum (10**9 per unit) on every engine.

PyVRP charges ``penalty x excess load`` converted to int64. With amounts near 10**9
the product passed int64 once its penalty per unit was scaled up for cents per hour
(a Rio van: 12,500 per unit) or for the cost maxima (10**12): it wrapped to a large
negative number, an overloaded route looked cheapest, and a feasible day (the same
day with amounts 10**6 times smaller is solved) came back ``no_solution``. Now loads
above ``PYVRP_LOAD_SPAN`` are counted in coarser units for PyVRP (exactly when they
divide, else demands up and capacities down) and its largest penalty is capped.
OR-Tools and the large path are checked with the same loads. One penalty bound covers
excess distance too: vans with a distance limit at the cost maxima made PyVRP's local
search never return (its distance penalty wrapped the same way).
"""

from __future__ import annotations

import multiprocessing as mp
from dataclasses import replace

import numpy as np
import pytest

from logistics.domain import Objective
from logistics.domain._checks import MAX_AMOUNT
from solvers.routing import RoutingParams, solve, validate
from solvers.routing import portfolio as portfolio_module
from solvers.routing.cost_scale import (
    PYVRP_BUDGET,
    PYVRP_LOAD_SPAN,
    PYVRP_PENALTY_BUDGET,
    load_down,
    pyvrp_load_scale,
)
from solvers.routing.pyvrp_backend import build_pyvrp_data, penalty_params
from tests.solvers.routing._instances import extreme_costs

TIME_LIMIT = 1.5
HANG_S = 45
"""A solve still running this long after its time limit hangs (before the fix PyVRP's
local search never returned on the Rio-cost day: a C++ loop no signal interrupts, so
the solve runs in a process of its own that is killed then)."""


def heavy_day(
    mult: int = 10**6,
    *,
    n: int = 24,
    dims: int = 2,
    costs: str = "extreme",
    noise: bool = False,
    pickups: bool = False,
    seed: int = 0,
) -> object:
    """A bin-packing-tight day: ``n`` required stops of 150..599 units times ``mult``
    per unit (minus up to 999 when ``noise``, so no common divisor), vans of
    ``1000 * mult`` (10**9 by default), 8% more vans than the load needs.
    ``costs``: "extreme" (every cost at 10**9, see ``extreme_costs``) or "rio" (cents
    per km and per hour and a fixed cost, the vehicles' costs as objective).
    ``pickups``: every third stop also picks up what it delivers."""
    rng = np.random.default_rng(seed)
    base = extreme_costs(n, n_vehicles=n)
    d = rng.integers(150, 600, size=(n, dims)) * mult
    if noise:
        d -= rng.integers(0, 1000, size=(n, dims))
    vans = int(np.ceil(d.sum(axis=0).max() * 1.08 / (1000 * mult)))
    van = replace(base.vehicles[0].type, capacity=(1000 * mult,) * dims)
    objective = base.objective
    if costs == "rio":
        van = replace(van, cost_per_km=81, cost_per_hour=4500, fixed_cost=5000)
        objective = Objective(vehicle_costs=True)
    stops = tuple(
        replace(
            s,
            delivery=tuple(int(x) for x in d[i]),
            pickup=tuple(int(x) for x in d[i]) if pickups and i % 3 == 0 else (0,) * dims,
        )
        for i, s in enumerate(base.stops)
    )
    return replace(
        base,
        stops=stops,
        vehicles=tuple(replace(v, type=van) for v in base.vehicles[:vans]),
        units=tuple(f"u{k}" for k in range(dims)),
        objective=objective,
        name="heavy-day",
    )


def _served_exactly(problem, plan) -> None:
    assert plan.status == "solved", plan.extras.get("pyvrp_infeasible_routes")
    assert plan.unassigned == (), [(u.stop_id, u.reason) for u in plan.unassigned]
    report = validate(problem, plan)
    assert report.feasible, report.violations[:3]
    assert report.cost == plan.summary.cost == sum(r.cost for r in plan.routes)
    capacity = {v.id: v.type.capacity for v in problem.vehicles}
    for route in plan.routes:
        cap = capacity[route.vehicle_id]
        for step in route.steps:
            assert all(a <= c for a, c in zip(step.load, cap, strict=True))


def _solve_into(queue, problem, params, large_stops) -> None:
    if large_stops is not None:
        portfolio_module.LARGE_STOPS = large_stops
    queue.put(solve(problem, params))


def _solve(problem, backend: str, time_limit_s: float = TIME_LIMIT, large_stops=None):
    """``solve`` in a child process (above ``large_stops`` stops ``auto`` takes the
    large path); fails when it outlives its time limit by :data:`HANG_S`."""
    params = RoutingParams(time_limit_s=time_limit_s, backend=backend, seed=0)
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    args = (queue, problem, params, large_stops)
    child = ctx.Process(target=_solve_into, args=args, daemon=True)
    child.start()
    try:
        return queue.get(timeout=time_limit_s + HANG_S)
    except Exception:
        pytest.fail(
            f"{backend} solve hung: no answer {time_limit_s + HANG_S:.0f} s after its start"
        )
    finally:
        child.join(5)
        if child.is_alive():
            child.kill()


@pytest.mark.parametrize("costs", ["extreme", "rio"])
@pytest.mark.parametrize("noise", [False, True])
@pytest.mark.parametrize("backend", ["pyvrp", "auto", "ortools"])
def test_a_feasible_day_at_the_load_maxima_is_served(backend, noise, costs):
    problem = heavy_day(n=30, costs=costs, noise=noise)
    _served_exactly(problem, _solve(problem, backend))


@pytest.mark.parametrize("backend", ["pyvrp", "auto"])
def test_pickups_and_three_units_at_the_load_maxima(backend):
    """(OR-Tools leaves one stop of this tight packing out at 1.5 s with small loads
    too: a search limit, not arithmetic; it serves every stop at 5 s.)"""
    problem = heavy_day(dims=3, pickups=True, noise=True, costs="rio", seed=2)
    _served_exactly(problem, _solve(problem, backend))


def test_pyvrp_at_the_load_maxima_plans_as_at_small_loads():
    """The same day with every amount 10**6 times smaller: the same plan and cost."""
    big = heavy_day(10**6, costs="rio")
    small = heavy_day(1, costs="rio")
    plan_big, plan_small = _solve(big, "pyvrp"), _solve(small, "pyvrp")
    _served_exactly(big, plan_big)
    assert plan_big.extras["pyvrp_load_scale"] == [10**6, 10**6]  # exact: it divides
    assert plan_big.summary.cost == plan_small.summary.cost


@pytest.mark.parametrize("costs", ["extreme", "rio"])
def test_large_path_at_the_load_maxima(costs):
    problem = heavy_day(costs=costs, noise=True)
    plan = _solve(problem, "auto", time_limit_s=3.0, large_stops=8)
    assert plan.extras["portfolio"] == "large"
    assert plan.unassigned == (), [(u.stop_id, u.reason) for u in plan.unassigned]
    report = validate(problem, plan)
    assert report.feasible, report.violations[:3]
    assert report.cost == plan.summary.cost


@pytest.mark.parametrize("n", [24, 1000])
def test_pyvrp_penalty_of_the_worst_overload_stays_in_int64(n):
    """Every stop on one van at PyVRP's largest penalty: a positive penalised cost
    above the plan's cost (it was -9.2e18: int64 wrapped)."""
    import pyvrp

    problem = heavy_day(n=n, dims=3, noise=True, pickups=True)
    model = build_pyvrp_data(problem)
    top = penalty_params(model).max_penalty
    assert top * model.max_excess <= PYVRP_PENALTY_BUDGET
    data = model.data
    everything = pyvrp.Solution(data, [list(range(data.num_clients))])
    worst = pyvrp.CostEvaluator([top] * data.num_load_dimensions, top, top)
    penalised = worst.penalised_cost(everything)
    assert sum(everything.excess_load()) > 0
    assert 0 < penalised < PYVRP_PENALTY_BUDGET + PYVRP_BUDGET
    assert penalised > everything.distance_cost() + everything.duration_cost()


def test_load_rounding_never_makes_an_overload_fit():
    q = pyvrp_load_scale([MAX_AMOUNT - 1, 3], [MAX_AMOUNT])
    assert q == MAX_AMOUNT // PYVRP_LOAD_SPAN  # divides the capacity: it stays exact
    assert load_down(MAX_AMOUNT, q, demand=False) == PYVRP_LOAD_SPAN
    assert load_down(MAX_AMOUNT - 1, q, demand=True) == PYVRP_LOAD_SPAN  # still fits
    assert load_down(3, q, demand=True) == 1  # rounded up
    # two demands whose exact sum passes the capacity never fit in PyVRP's units
    cap = 999_999_937  # a prime: no scale divides it
    q = pyvrp_load_scale([cap // 2 + 1, cap // 2 + 1], [cap])
    assert q > 1
    assert 2 * load_down(cap // 2 + 1, q, demand=True) > load_down(cap, q, demand=False)
    assert pyvrp_load_scale([7 * 10**8, 3 * 10**8], [10**9]) == 10**8  # gcd: exact


def test_ordinary_amounts_keep_their_units():
    assert pyvrp_load_scale([1, 99, 100_000], [100_000]) == 1
    model = build_pyvrp_data(heavy_day(1, costs="rio"))
    assert model.load_scale == (1, 1) and model.loads_exact


@pytest.mark.parametrize(
    ("dataset", "name"), [("cvrplib_x", "X-n101-k25"), ("solomon_vrptw_100", "R105")]
)
def test_benchmark_instances_keep_their_loads_and_penalties(dataset, name):
    """Typical loads: PyVRP gets the amounts as given and its default penalties, as
    before loads were scaled (the whole of CVRPLIB X up to 1,000 stops, Solomon and
    Li & Lim were compared once: the same engine data and penalties)."""
    from logistics.datasets.catalog import instance_files
    from logistics.datasets.cvrplib import read_cvrplib
    from logistics.datasets.vrptw import read_solomon

    path = next(f for f in instance_files(dataset) if f.stem == name)
    problem = (read_cvrplib if dataset == "cvrplib_x" else read_solomon)(path).problem
    model = build_pyvrp_data(problem)
    assert model.load_scale == (1,) and model.loads_exact
    assert penalty_params(model) is None  # PyVRP's own defaults
    data = model.data
    assert [list(vt.capacity) for vt in data.vehicle_types()] == [
        list(v.type.capacity) for v in problem.vehicles[:1]
    ]
    assert [list(c.delivery) for c in data.clients()] == [list(s.delivery) for s in problem.stops]


def test_pyvrp_answer_is_rechecked_in_exact_units(monkeypatch):
    """Rounded loads are re-checked exactly: with a rounding that (wrongly) rounds
    demands down, PyVRP packs two stops that overload a van together; the run says
    infeasible instead of handing that out."""
    from logistics.domain import Depot, Point, RoutingProblem, Stop, Vehicle, VehicleType
    from solvers.routing import pyvrp_backend

    cap = 999_999_937  # a prime: PyVRP's units round it
    half = cap // 2 + 1
    van = VehicleType("van", (cap,))
    problem = RoutingProblem(
        (Depot("d", Point(0, 0)),),
        (Stop("a", Point(1, 0), delivery=(half,)), Stop("b", Point(2, 0), delivery=(half,))),
        (Vehicle("v0", van, "d", "d"), Vehicle("v1", van, "d", "d")),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
    )
    honest = pyvrp_backend.run_pyvrp(problem, 0.3)
    assert honest.feasible and len(honest.routes) == 2 and not honest.loads_exact
    monkeypatch.setattr(pyvrp_backend, "load_down", lambda value, q, demand: value // q)
    wrong = pyvrp_backend.run_pyvrp(problem, 0.3)
    # one van: shorter (4 m against 6 m), and it "fits" in rounded-down units
    assert [sorted(stops) for _, stops in wrong.routes] == [["a", "b"]]
    assert not wrong.feasible


def _distance_limited_extreme_costs():
    """``extreme_costs`` with vans limited to 100,000 km (arcs of 20,000-40,000 km):
    at most two stops a van."""
    problem = extreme_costs()
    van = replace(problem.vehicles[0].type, max_distance_m=100_000_000)
    return replace(problem, vehicles=tuple(replace(v, type=van) for v in problem.vehicles))


def test_pyvrp_distance_penalty_stays_in_int64_at_the_cost_maxima():
    """The same penalty bound covers excess distance: every stop on one van went
    -9.2e18 (and PyVRP's local search never returned)."""
    import pyvrp

    model = build_pyvrp_data(_distance_limited_extreme_costs())
    top = penalty_params(model).max_penalty
    data = model.data
    everything = pyvrp.Solution(data, [list(range(data.num_clients))])
    assert everything.excess_distance() > 0
    penalised = pyvrp.CostEvaluator([top], top, top).penalised_cost(everything)
    assert everything.distance_cost() < penalised < PYVRP_PENALTY_BUDGET + PYVRP_BUDGET


@pytest.mark.parametrize("backend", ["pyvrp", "auto"])
def test_distance_limited_vans_at_the_cost_maxima_serve_every_stop(backend):
    problem = _distance_limited_extreme_costs()
    _served_exactly(problem, _solve(problem, backend))
