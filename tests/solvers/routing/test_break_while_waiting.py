"""A driver break that falls while the van waits for a stop's window: the stop's arrival
is when the van gets there (not the break's end), its waiting runs from there to the
service start, and ``validate`` recomputes arrivals the same way."""

from __future__ import annotations

from dataclasses import replace

import pytest

from logistics.domain import (
    Break,
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
)
from logistics.domain.route_plan import StepType
from solvers.routing import RouteSpec, RoutingParams, build_plan, solve, validate
from tests.solvers.routing._instances import one_van

# a: 100 s from the depot, served at 100-150; b: 60 s further, window opens at 1000
A = Stop("a", Point(100, 0), service_s=50, time_windows=(TimeWindow(100, 200),))
B = Stop("b", Point(160, 0), service_s=50, time_windows=(TimeWindow(1000, 1100),))
LEG = 60  # a -> b


def _problem(break_window: TimeWindow) -> RoutingProblem:
    return one_van((A, B), breaks=(Break(break_window, 200),))


def _steps(plan):
    steps = {s.id if s.type is not StepType.BREAK else "break": s for s in plan.routes[0].steps}
    return steps["a"], steps["break"], steps["b"]


def _consistent(route) -> None:
    assert route.duration == route.travel_s + route.service_s + route.waiting_s + route.break_s
    for s in route.steps:
        assert s.departure == s.service_start + s.service_s


@pytest.mark.parametrize(
    ("break_start", "arrival", "where"),
    [
        # the van leaves a at 150 and is at b at 210; the break starts later: at b
        (600, 150 + LEG, "stop"),
        (150 + LEG, 150 + LEG, "stop"),  # starts the moment the van arrives
        # the break starts while the van drives: it stops, rests 200 s, drives on
        (170, 150 + LEG + 200, "way"),
        (150, 150 + 200 + LEG, "way"),  # right on leaving a
    ],
)
def test_the_arrival_is_when_the_van_gets_there(break_start, arrival, where):
    p = _problem(TimeWindow(0, 1500))
    spec = RouteSpec(0, (0, 1), service_starts=(100, 1000), break_starts=(break_start,))
    plan = build_plan(p, [spec])
    a, brk, b = _steps(plan)
    assert (brk.arrival, brk.departure) == (break_start, break_start + 200)
    assert a.departure == 150
    assert b.arrival == arrival
    assert b.service_start == 1000 and b.waiting_s == 1000 - arrival
    if where == "stop":  # taken while waiting: inside the stop's wait
        assert b.arrival <= brk.arrival and brk.departure <= b.service_start
    route = plan.routes[0]
    assert route.waiting_s == 1000 - 150 - LEG - 200  # idle only, the break apart
    _consistent(route)
    assert validate(p, plan).feasible, validate(p, plan).violations


def test_validate_refuses_the_break_end_shown_as_the_arrival():
    # what plans used to say: b reached at the break's end (800) after no waiting,
    # though the van left a at 150 and needs 60 s
    p = _problem(TimeWindow(0, 1500))
    plan = build_plan(p, [RouteSpec(0, (0, 1), service_starts=(100, 1000), break_starts=(600,))])
    route = plan.routes[0]
    k = next(i for i, s in enumerate(route.steps) if s.id == "b")
    old = replace(route.steps[k], arrival=800, waiting_s=200)
    steps = route.steps[:k] + (old,) + route.steps[k + 1 :]
    bad = replace(plan, routes=(replace(route, steps=steps),))
    report = validate(p, bad)
    assert report.kinds == {"mismatch"}
    assert "arrival 800 != 210" in str(report.violations[0])


def test_solved_plan_reports_the_van_at_the_stop_before_its_break():
    # the break's window opens after the van reaches b and closes after b's window
    # opens: the solver puts the break in the wait at b
    p = _problem(TimeWindow(400, 1500))
    plan = solve(p, RoutingParams(time_limit_s=1, backend="ortools", solution_limit=50))
    report = validate(p, plan)
    assert report.feasible, report.violations
    a, brk, b = _steps(plan)
    assert [s.id for s in plan.routes[0].steps][1:4] == ["a", "0", "b"]
    assert b.arrival == a.departure + LEG  # not the break's end
    assert b.arrival < brk.arrival and brk.departure <= b.service_start
    assert b.waiting_s == b.service_start - b.arrival
    _consistent(plan.routes[0])
