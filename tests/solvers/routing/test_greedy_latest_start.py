"""The greedy schedule of a vehicle without breaks leaves as late as still ends as early.

Plans built from stop sequences (``plan_from_routes``: in-progress plans of a job, the
>1,000-stop path, unassigned diagnosis) used to delay the start only so as not to
wait at the first stop; a window late in the day then left the van idling at a later
stop, paying duty time for it (a 200-stop day: 31,088 s of duty for one van against
20,774 s in OR-Tools' schedule). The start is now the latest one that keeps the end,
every hard window and the shift, and adds no lateness (a backward pass over the
sequence); checked here against every possible start.
"""

from __future__ import annotations

import random

import pytest

from logistics.domain import (
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
    VehicleType,
)
from solvers.routing import RoutingParams, plan_from_routes, solve, validate
from solvers.routing.plan import PlanContext, _greedy_from, _greedy_schedule
from tests.solvers.routing._instances import DUTY, checked_route, one_van


def _problem(stops, *, end_depot: str | None = "d") -> RoutingProblem:
    return one_van(stops, end_depot=end_depot)


def _stop(sid: str, x: int, *windows: TimeWindow, soft: bool = False) -> Stop:
    return Stop(
        sid,
        Point(x, 0),
        service_s=50,
        time_windows=windows,
        soft_windows=soft,
        lateness_cost_per_s=5 if soft else 0,
    )


def _route(problem):
    return checked_route(problem, plan_from_routes(problem, [[s.id for s in problem.stops]]))


def test_a_window_late_in_the_day_delays_the_start_instead_of_idling():
    # a (100 s away) any time, b (200 s away) from 3000: leave at 2750, no waiting
    problem = _problem([_stop("a", 100), _stop("b", 200, TimeWindow(3000, 3100))])
    route = _route(problem)
    start, a, b, end = route.steps
    assert (start.departure, a.service_start, b.service_start, end.arrival) == (
        2750,
        2850,
        3000,
        3250,
    )
    assert route.duration == 500  # was 3250: left at 0 and waited 2750 s at b
    assert route.waiting_s == 0
    ortools = solve(problem, RoutingParams(backend="ortools", time_limit_s=5, solution_limit=50))
    assert ortools.summary.cost == ortools.objective == route.cost  # 400 m + 500 s


@pytest.mark.parametrize("soft", [False, True])
def test_the_first_stops_window_caps_the_start_and_no_lateness_is_added(soft):
    # a must start by 200 (hard), or is late after it (soft): the van leaves at 100,
    # serves a at 200 and waits at b; leaving later would miss a or make it late
    problem = _problem(
        [_stop("a", 100, TimeWindow(0, 200), soft=soft), _stop("b", 200, TimeWindow(3000, 3100))]
    )
    route = _route(problem)
    start, a, b, end = route.steps
    assert (start.departure, a.service_start, b.service_start, end.arrival) == (
        100,
        200,
        3000,
        3250,
    )
    assert route.lateness_s == 0
    assert route.waiting_s == 3000 - 350  # was 2750 + 100 (left at 0, served a at 100)


def test_a_later_window_of_a_stop_is_used_when_it_ends_as_early():
    # a: 0-200 or 2500-2600; leaving at 2500 serves a at 2600 (the end of its second
    # window; later would mean b after 3000 is not reached by an earlier a) and waits
    # 250 s at b, instead of serving a at 100 and waiting 2750 s
    problem = _problem(
        [
            _stop("a", 100, TimeWindow(0, 200), TimeWindow(2500, 2600)),
            _stop("b", 200, TimeWindow(3000, 3100)),
        ]
    )
    route = _route(problem)
    start, a, b, end = route.steps
    assert (start.departure, a.service_start, b.service_start, end.arrival) == (
        2500,
        2600,
        3000,
        3250,
    )
    assert route.duration == 750


def test_an_open_route_ends_at_its_last_service():
    problem = _problem([_stop("a", 100), _stop("b", 200, TimeWindow(3000, 3100))], end_depot=None)
    route = _route(problem)
    assert route.steps[0].departure == 2750
    assert route.steps[-1].arrival == 3050
    assert route.duration == 300


def _brute_force_start(ctx: PlanContext, stops: list[int]) -> int:
    """The latest start whose greedy schedule is as good, trying every second.

    As good: it ends no later, keeps every window and limit the first one keeps, and
    serves no stop later than its last window end (or than the first schedule does,
    when that is already later: no lateness added).
    """
    lo, hi = ctx.start_window(0)
    first = _greedy_from(ctx, 0, stops, lo)
    bound = [
        max(s, max(w.end for w in ctx.problem.stops[p].time_windows))
        if ctx.problem.stops[p].time_windows
        else None
        for p, s in zip(stops, first.starts, strict=True)
    ]
    best = lo
    for t in range(lo, hi + 1):
        sched = _greedy_from(ctx, 0, stops, t)
        kept = (sched.ok or not first.ok) and sched.end <= first.end
        kept = kept and sched.lateness <= first.lateness
        for s, b in zip(sched.starts, bound, strict=True):
            kept = kept and (b is None or s <= b)
        if kept:
            best = t
    return best


@pytest.mark.parametrize("seed", range(12))
def test_the_start_is_the_latest_that_ends_as_early(seed):
    rng = random.Random(seed)
    stops = []
    for k in range(rng.randint(1, 4)):
        windows = []
        at = rng.randint(0, 1500)
        for _ in range(rng.randint(0, 3)):
            windows.append(TimeWindow(at, at + rng.randint(0, 300)))
            at = windows[-1].end + rng.randint(1, 800)
        stops.append(_stop(f"s{k}", rng.randint(-300, 300), *windows, soft=rng.random() < 0.3))
    problem = _problem(stops, end_depot=rng.choice(["d", None]))
    problem = RoutingProblem(
        problem.depots,
        problem.stops,
        (
            Vehicle(
                "v",
                VehicleType("van", (10,)),
                "d",
                problem.vehicles[0].end_depot,
                shift=TimeWindow(0, 3000),
            ),
        ),
        objective=DUTY,
    )
    ctx = PlanContext(problem)
    order = list(range(len(stops)))
    start, starts, _ = _greedy_schedule(ctx, 0, order)
    assert start == _brute_force_start(ctx, order)
    assert starts == _greedy_from(ctx, 0, order, start).starts
    plan = plan_from_routes(problem, [[s.id for s in stops]])
    assert validate(problem, plan).cost == plan.summary.cost
