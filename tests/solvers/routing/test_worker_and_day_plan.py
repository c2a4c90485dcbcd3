"""Solves in a worker process (progress, cancel) and the per-depot day plan."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest

from logistics.domain import Depot, Point, RoutingProblem, Stop, Vehicle
from logistics.errors import InvalidValueError
from solvers.progress import Progress
from solvers.routing import (
    RoutingParams,
    plan_day_per_depot,
    solve_in_worker,
    split_by_depot,
    validate,
)
from solvers.routing.worker import WorkerPool
from tests.solvers.routing._instances import line_problem, two_depot_day, van


@pytest.fixture(scope="module")
def pool():
    p = WorkerPool(max_workers=1, max_tasks_per_child=2)
    yield p
    p.shutdown()


def test_worker_streams_progress_and_returns_a_valid_plan(pool):
    problem = line_problem(8, n_vehicles=3, capacity=(6,))
    seen = []
    handle = solve_in_worker(problem, RoutingParams(time_limit_s=0.5), seen.append, pool=pool)
    plan = handle.result(timeout=60)
    assert validate(problem, plan).feasible
    assert seen and all(isinstance(p, Progress) for p in seen)
    assert seen[-1].best == plan.cost
    elapsed = [p.elapsed_s for p in seen]
    assert elapsed == sorted(elapsed)
    assert handle.progress == seen[-1]


def test_cancel_returns_the_best_plan_so_far(pool):
    problem = line_problem(8, n_vehicles=3, capacity=(6,))
    handle = solve_in_worker(problem, RoutingParams(time_limit_s=60, backend="ortools"), pool=pool)
    while handle.progress is None or handle.best_routes is None:
        time.sleep(0.05)
    running = handle.best_plan(problem)
    assert running is not None and validate(problem, running).feasible
    t0 = time.monotonic()
    handle.cancel()
    plan = handle.result(timeout=30)
    assert time.monotonic() - t0 < 30
    assert plan.status == "cancelled" and validate(problem, plan).feasible


def _two_depots() -> RoutingProblem:
    stops = tuple(Stop(f"w{i}", Point(-50 - i, 0)) for i in range(3)) + tuple(
        Stop(f"e{i}", Point(50 + i, 0)) for i in range(3)
    )
    return RoutingProblem(
        (Depot("west", Point(-50, 5)), Depot("east", Point(50, 5))),
        stops,
        (Vehicle("vw", van(), "west", "west"), Vehicle("ve", van(), "east", "east")),
    )


def test_split_by_depot_uses_nearest_depot_or_the_given_one():
    parts = split_by_depot(_two_depots(), {"e0": "west"})
    assert {s.id for s in parts["west"].stops} == {"w0", "w1", "w2", "e0"}
    assert {s.id for s in parts["east"].stops} == {"e1", "e2"}
    assert [v.id for v in parts["east"].vehicles] == ["ve"]


def test_split_by_depot_sends_a_stop_to_the_nearest_depot_that_can_serve_it():
    # the nearest depot was taken even when none of its vehicles had the stop's skill
    # or room for it: the stop came back unassigned while the other depot's van could go
    base = _two_depots()
    fridge = van((20,), skills=frozenset({"fridge"}), id="cold")
    vehicles = (Vehicle("vw", fridge, "west", "west"), Vehicle("ve", van(), "east", "east"))
    stops = (
        Stop("e0", Point(50, 0), skills=frozenset({"fridge"})),
        Stop("e1", Point(51, 0), delivery=(11,)),
        Stop("e2", Point(52, 0)),
    )
    problem = replace(base, stops=base.stops[:3] + stops, vehicles=vehicles)
    parts = split_by_depot(problem)
    assert {s.id for s in parts["west"].stops} == {"w0", "w1", "w2", "e0", "e1"}
    assert {s.id for s in parts["east"].stops} == {"e2"}
    plans = plan_day_per_depot(problem, RoutingParams(time_limit_s=0.3, backend="ortools"))
    assert not plans["west"].unassigned and not plans["east"].unassigned


def test_split_by_depot_refuses_a_stop_it_does_not_know():
    # a misspelt stop id was ignored: the stop went to its nearest depot instead
    with pytest.raises(InvalidValueError) as err:
        split_by_depot(_two_depots(), {"e9": "west"})
    assert (err.value.field, err.value.value) == ("stop_depot['e9']", "west")
    assert err.value.reason == "no such stop"


def test_plan_day_per_depot():
    problem = _two_depots()
    seen = []
    plans = plan_day_per_depot(
        problem, RoutingParams(time_limit_s=0.6), on_depot=lambda d, p: seen.append(d)
    )
    assert sorted(plans) == sorted(seen) == ["east", "west"]
    parts = split_by_depot(problem)
    for depot, plan in plans.items():
        assert validate(parts[depot], plan).feasible
        assert plan.routes[0].steps[0].id == depot


@pytest.mark.parametrize("backend", ["ortools", "auto"])
def test_plan_day_per_depot_stopped_after_the_first_report_plans_every_depot(backend):
    # was: no should_stop; a day's plan ran its whole budget, depot after depot
    problem = two_depot_day()
    seen: list = []
    params = RoutingParams(time_limit_s=60, seed=1, backend=backend)
    plans = plan_day_per_depot(problem, params, seen.append, should_stop=lambda: bool(seen))
    parts = split_by_depot(problem)
    assert list(plans) == list(parts)  # every depot still gets a plan
    for depot, plan in plans.items():
        assert validate(parts[depot], plan).feasible and not plan.unassigned
    assert [p.phase.split(":")[0] for p in seen] == list(plans)  # each stopped at once
    assert seen[-1].best == sum(p.summary.cost for p in plans.values())


def test_day_plan_from_orders():
    from logistics.domain import LatLon, Order, OrderLine, Promise, PromiseKind, Warehouse
    from solvers.routing.from_orders import problem_from_orders

    day = 1_795_000_000 - 1_795_000_000 % 86_400
    whs = [
        Warehouse("north", LatLon(-22.88, -43.23), 1000),
        Warehouse("south", LatLon(-22.98, -43.20), 1000),
    ]
    orders = [
        Order(
            f"o{i}",
            (OrderLine("sku", 1 + i % 3),),
            LatLon(-22.88 - 0.01 * i, -43.22),
            Promise(PromiseKind.SAME_CITY, hours=4) if i % 2 else Promise(PromiseKind.NEXT_DAY),
            day + 8 * 3600,
        )
        for i in range(10)
    ]
    t = van((40,))
    fleet = [Vehicle("n1", t, "north", "north"), Vehicle("s1", t, "south", "south")]
    problem, stop_depot = problem_from_orders(
        orders, whs, fleet, day_start=day, order_warehouse={"o9": "north"}
    )
    assert problem.stops[1].soft_windows and problem.stops[1].time_windows[0].end == 12 * 3600
    assert problem.stops[1].priority > problem.stops[0].priority
    plans = plan_day_per_depot(problem, RoutingParams(time_limit_s=0.5), stop_depot=stop_depot)
    assert "o9" in plans["north"].routes[0].stop_ids
    parts = split_by_depot(problem, stop_depot)
    assert all(validate(parts[d], p).feasible for d, p in plans.items())


def test_pool_recovers_after_a_worker_dies():
    import os
    import signal
    from concurrent.futures.process import BrokenProcessPool

    pool = WorkerPool(max_workers=1, max_tasks_per_child=5)
    try:
        problem = line_problem(8, n_vehicles=3, capacity=(6,))
        handle = solve_in_worker(
            problem, RoutingParams(time_limit_s=30, backend="ortools"), pool=pool
        )
        while handle.progress is None:
            time.sleep(0.05)
        for pid in list(pool._executor._processes):
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            handle.result(timeout=30)
        again = solve_in_worker(problem, RoutingParams(time_limit_s=0.3), pool=pool)
        assert validate(problem, again.result(timeout=60)).feasible
    finally:
        pool.shutdown()


def test_a_raising_progress_callback_cancels_the_solve_and_reaches_result(pool):
    # was: the relay thread died with a traceback on stderr, the worker searched on
    # and result() returned a plan as if nothing had happened
    calls = []

    def on_progress(p):
        calls.append(p.best)
        raise KeyError("caller's bug")

    problem = line_problem(8, n_vehicles=3, capacity=(6,))
    params = RoutingParams(time_limit_s=60, backend="ortools")
    handle = solve_in_worker(problem, params, on_progress, pool=pool)
    with pytest.raises(KeyError, match="caller's bug"):
        handle.result(timeout=60)
    assert len(calls) == 1


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")
def test_workers_leave_ctrl_c_to_the_caller():
    # a terminal's Ctrl-C reaches the whole process group: the worker died printing a
    # KeyboardInterrupt traceback under `logistics demo`'s one line. Its own pool: the
    # module's recycles its worker after two solves, however xdist shares out the tests
    pool = WorkerPool(max_workers=1, max_tasks_per_child=5)
    try:
        problem = line_problem(5, n_vehicles=2, capacity=(6,))
        solve_in_worker(problem, RoutingParams(time_limit_s=0.2), pool=pool).result(timeout=60)
        pids = list(pool._executor._processes)
        assert pids
        statuses = [Path(f"/proc/{pid}/status").read_text() for pid in pids]
    finally:
        pool.shutdown()
    for status in statuses:
        ignored = int(status.split("SigIgn:")[1].split()[0], 16)
        blocked = int(status.split("SigBlk:")[1].split()[0], 16)
        bit = 1 << (signal.SIGINT - 1)
        assert ignored & bit and not blocked & bit


def test_ctrl_c_while_the_pool_starts_comes_after_it_started():
    # held back while the manager and the worker start (a KeyboardInterrupt there left
    # the manager writing to a closed pipe), then raised as usual
    p = WorkerPool(max_workers=1, max_tasks_per_child=2)
    # Python's own handler, whatever an earlier test in this process left
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        real = p._shared

        def shared_with_ctrl_c():
            manager = real()
            os.kill(os.getpid(), signal.SIGINT)
            return manager

        p._shared = shared_with_ctrl_c
        problem = line_problem(5, n_vehicles=2, capacity=(6,))
        with pytest.raises(KeyboardInterrupt):
            p.submit(problem, RoutingParams(time_limit_s=0.2))
        assert p._executor._processes  # the worker was started before Ctrl-C was raised
        p._shared = real
        # the pool still works
        handle = p.submit(problem, RoutingParams(time_limit_s=0.2))
        assert validate(problem, handle.result(timeout=60)).feasible
    finally:
        signal.signal(signal.SIGINT, before)
        p.shutdown()
