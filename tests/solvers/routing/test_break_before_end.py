"""The last leg and the start of a route with a driver break.

A break left after the last stop is taken like one on the way to a stop: the van
drives back on leaving, a break that starts before it gets there interrupts the
drive, a later one is taken at the end depot (the route ends when it is over). It
used to be taken at the last stop, the van idling there until the break and only
then driving back, so the plan paid duty time the solver's schedule did not (a
200-stop day: 2,087 cents above the OR-Tools objective). The greedy schedule
(plans built from stop sequences) leaves as late as still ends the route as early,
instead of at the shift start."""

from __future__ import annotations

import pytest

from logistics.domain import (
    Break,
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
)
from logistics.domain.route_plan import StepType
from solvers.routing import RouteSpec, RoutingParams, build_plan, plan_from_routes, solve
from tests.solvers.routing._instances import checked_route, one_van

LEG = 100  # depot <-> a


def _problem(stop_window: TimeWindow, break_window: TimeWindow | None) -> RoutingProblem:
    breaks = () if break_window is None else (Break(break_window, 200),)
    return one_van(
        [Stop("a", Point(LEG, 0), service_s=50, time_windows=(stop_window,))], breaks=breaks
    )


@pytest.mark.parametrize(
    ("break_start", "end"),
    [
        (150, 150 + 200 + LEG),  # at the last stop, as the van leaves it
        (200, 150 + LEG + 200),  # on the way back: interrupts the drive
        (150 + LEG, 150 + LEG + 200),  # the moment the van is back: at the depot
        (400, 400 + 200),  # later: the van waits at the depot, the route ends after it
    ],
)
def test_break_after_the_last_stop_is_taken_on_the_way_or_at_the_depot(break_start, end):
    problem = _problem(TimeWindow(100, 200), TimeWindow(0, 1000))
    # as OR-Tools schedules it: leave at 0, serve a at 100-150, break at break_start
    plan = build_plan(problem, [RouteSpec(0, (0,), (100,), (break_start,), 0)])
    route = checked_route(problem, plan)
    assert route.steps[-1].type is StepType.END
    assert route.steps[-1].arrival == end  # was max(150, break end) + LEG
    assert route.duration == end
    assert route.waiting_s == end - (2 * LEG + 50 + 200)


def test_ortools_plan_costs_its_objective_with_the_break_at_the_end():
    # the break window opens after the van is back: OR-Tools takes it at the depot
    problem = _problem(TimeWindow(100, 200), TimeWindow(300, 1000))
    plan = solve(problem, RoutingParams(backend="ortools", time_limit_s=5, solution_limit=50))
    route = checked_route(problem, plan)
    assert plan.extras["cost_scale"] == 1
    assert plan.summary.cost == plan.objective  # was 100 s of idling above it
    brk = next(s for s in route.steps if s.type is StepType.BREAK)
    assert route.steps[-1].arrival == brk.departure


def test_greedy_schedule_with_a_break_leaves_late_instead_of_idling():
    # a's window opens at 2000; the break (window 1500-3000) fits into the wait
    problem = _problem(TimeWindow(2000, 2100), TimeWindow(1500, 3000))
    route = checked_route(problem, plan_from_routes(problem, [["a"]]))
    start, brk, stop, end = route.steps
    assert (start.departure, brk.arrival, stop.service_start, end.arrival) == (
        1700,
        1700,
        2000,
        2150,
    )
    assert route.duration == 450  # was 2150: left at the shift start and waited
    assert route.waiting_s == 0
    ortools = solve(problem, RoutingParams(backend="ortools", time_limit_s=5, solution_limit=50))
    assert ortools.summary.cost == ortools.objective == route.cost  # 200 m + 450 s


def test_greedy_schedule_keeps_hard_windows_and_lateness():
    # leaving later would miss a's window (hard) or add lateness (soft): stays at 0
    problem = _problem(TimeWindow(100, 200), TimeWindow(0, 1000))
    route = checked_route(problem, plan_from_routes(problem, [["a"]]))
    assert route.steps[0].departure == 0 and route.steps[1].service_start == 100
    soft = problem.__class__(
        problem.depots,
        (
            Stop(
                "a",
                Point(LEG, 0),
                service_s=50,
                time_windows=(TimeWindow(0, 100),),
                soft_windows=True,
                lateness_cost_per_s=5,
            ),
        ),
        problem.vehicles,
        objective=problem.objective,
    )
    route = checked_route(soft, plan_from_routes(soft, [["a"]]))
    assert route.lateness_s == 0 and route.steps[0].departure == 0


def test_without_breaks_the_greedy_schedule_is_unchanged():
    problem = _problem(TimeWindow(2000, 2100), None)
    route = checked_route(problem, plan_from_routes(problem, [["a"]]))
    assert route.steps[0].departure == 2000 - LEG
    assert route.steps[-1].arrival == 2050 + LEG
