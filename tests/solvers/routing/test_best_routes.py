"""RoutesThrottle: the best routes so far, at most once per interval, newest first."""

from __future__ import annotations

from solvers.routing.best_routes import RoutesThrottle


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_first_at_once_then_the_newest_best_after_the_interval():
    clock, got = Clock(), []
    th = RoutesThrottle(got.append, every_s=1.0, clock=clock)
    th.improved({0: ["a"]})
    assert got == [{0: ["a"]}]
    clock.t = 0.5
    made = []
    th.improved(lambda: made.append(1) or {0: ["b"]})  # superseded before it is due
    th.improved({0: ["c"]})
    th.tick()
    assert got == [{0: ["a"]}] and made == []
    clock.t = 1.0
    th.tick()  # nothing better came: the pending best is still handed over
    assert got == [{0: ["a"]}, {0: ["c"]}]
    clock.t = 5.0
    th.tick()
    assert len(got) == 2 and made == []


def test_ortools_hands_over_its_own_schedule_so_a_plan_costs_what_the_engine_found():
    """Routes handed over mid-search carry OR-Tools' times: a plan built from the last
    ones is the final plan (a day with driver breaks, where a greedy schedule of the same
    routes cost more, so stored plans stopped improving mid-solve)."""
    from pathlib import Path

    from logistics.routing_json import load_problem
    from solvers.routing import RoutingParams, build_plan
    from solvers.routing.ortools_backend import solve_ortools

    path = Path(__file__).resolve().parents[3] / "examples/routing/rio_day.json"
    problem = load_problem(path).problem
    assert any(v.breaks for v in problem.vehicles)
    handed: list = []
    plan = solve_ortools(
        problem,
        RoutingParams(time_limit_s=5, solution_limit=120),
        on_routes=handed.append,
        routes_every_s=0.0,
    )
    assert handed and all(spec.service_starts is not None for spec in handed[-1])
    last = build_plan(problem, handed[-1], backend="ortools")
    assert last.summary.cost == plan.summary.cost
    assert [r.steps for r in last.routes] == [r.steps for r in plan.routes]


def test_ortools_hands_over_routes_with_soft_windows_without_aborting():
    """With soft windows a cumul can still be a range when a solution is accepted; its
    ``Value()`` aborted the whole process (a C++ check; found running the route-plan
    job's searches on Solomon R105 with every window soft). The earliest time is read."""
    from dataclasses import replace

    from logistics.datasets.catalog import instance_files
    from logistics.datasets.vrptw import read_solomon
    from solvers.routing import RoutingParams, build_plan, validate
    from solvers.routing.ortools_backend import solve_ortools

    path = next(f for f in instance_files("solomon_vrptw_100") if f.stem == "R105")
    p = read_solomon(path).problem
    n = 40
    stops = tuple(replace(s, soft_windows=True, lateness_cost_per_s=1) for s in p.stops[:n])
    keep = n + 1
    p = replace(
        p,
        stops=stops,
        distance=p.distance[:keep, :keep].copy(),
        duration=p.duration[:keep, :keep].copy(),
    )
    handed: list = []
    plan = solve_ortools(
        p,
        RoutingParams(time_limit_s=2, solution_limit=100),
        on_routes=handed.append,
        routes_every_s=0.0,
    )
    assert handed and plan.complete
    for routes in (handed[0], handed[-1]):
        assert validate(p, build_plan(p, routes, backend="ortools")).feasible
