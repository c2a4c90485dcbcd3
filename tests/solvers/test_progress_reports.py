"""Every public solver calls ``on_progress`` with :class:`solvers.progress.Progress`.

Was: routing called ``on_progress(elapsed, objective)``, sourcing ``(elapsed, best,
bound)`` and wave selection a ``WaveSelectionProgress`` of its own, so one callback
could not serve every solver.
"""

from __future__ import annotations

import dataclasses
import random
import time
from pathlib import Path

import pytest

from logistics.datasets.orlib_cap import read_orlib_cap
from logistics.domain.layout import WarehouseLayout
from logistics.domain.slotting import MoveBudget, SlottingProblem
from logistics.domain.stops import TimeWindow
from solvers import network, picking, routing, slotting, sourcing, wave_selection, waves
from solvers.progress import Progress
from solvers.routing import portfolio
from solvers.routing.large import solve_large
from solvers.slotting.construct import random_plan
from tests.solvers.routing._instances import line_problem, random_cvrp, two_depot_day
from tests.solvers.slotting.slotting_fixtures import correlated
from tests.solvers.sourcing.sourcing_cases import large_order
from tests.solvers.sourcing.sourcing_cases import random_problem as sourcing_problem
from tests.solvers.sourcing.test_batch_stop import RULES as BATCH_RULES
from tests.solvers.sourcing.test_batch_stop import _pool as batch_pool
from tests.solvers.sourcing.test_batch_stop import _stream as batch_stream
from tests.solvers.test_wave_selection import random_problem as wave_problem
from tests.solvers.waves.test_waves_batching import LAYOUT, _with_cutoffs, make_orders

ORLIB = Path(__file__).resolve().parents[2] / "datasets" / "orlib_cap_warehouse_location"
FOUR_BLOCKS = WarehouseLayout.multi_block(aisles=12, blocks=4, slots_per_side=10, depot="center")
HENN = WarehouseLayout.single_block(aisles=10, slots_per_side=45, depot="left")


def _reports(seen: list, phases: set[str]) -> list[Progress]:
    """``seen`` once it is a non-empty run of ``Progress`` in time order, each phase
    one of ``phases``."""
    assert seen, "no progress reported"
    assert all(type(p) is Progress for p in seen), {type(p).__name__ for p in seen}
    elapsed = [p.elapsed_s for p in seen]
    assert elapsed == sorted(elapsed) and elapsed[0] >= 0
    assert {p.phase for p in seen} <= phases, {p.phase for p in seen}
    return seen


@pytest.mark.parametrize(
    ("backend", "phase"), [("ortools", "ortools"), ("pyvrp", "pyvrp"), ("auto", "pyvrp")]
)
def test_routing(backend, phase):
    seen: list = []
    problem = line_problem(8)
    params = routing.RoutingParams(time_limit_s=0.5, seed=1, backend=backend)
    plan = routing.solve(problem, params, seen.append)
    _reports(seen, {phase})
    best = [p.best for p in seen]
    assert best == sorted(best, reverse=True) and best[-1] == plan.summary.cost
    assert all(p.bound is None for p in seen)


def test_routing_auto_counts_elapsed_from_its_own_start(monkeypatch):
    # was: each engine of the portfolio counted from its own start, so OR-Tools after
    # PyVRP reported from 0 again
    started: dict[str, float] = {}

    def timed(name, engine):
        def run(*args, **kw):
            started.setdefault(name, time.monotonic())
            return engine(*args, **kw)

        return run

    monkeypatch.setattr(portfolio, "run_pyvrp", timed("pyvrp", portfolio.run_pyvrp))
    monkeypatch.setattr(portfolio, "solve_ortools", timed("ortools", portfolio.solve_ortools))
    problem = random_cvrp(30, seed=1)
    soft = dict(time_windows=(TimeWindow(0, 4000),), soft_windows=True, lateness_cost_per_s=1)
    problem = dataclasses.replace(
        problem, stops=tuple(dataclasses.replace(s, **soft) for s in problem.stops)
    )
    assert portfolio.choose_path(problem) == "warm_start"  # PyVRP's warm-up, then OR-Tools
    seen: list = []
    routing.solve(problem, routing.RoutingParams(time_limit_s=1.0, seed=1), on_progress=seen.append)
    _reports(seen, {"ortools"})
    # a report comes after OR-Tools started; the solve's clock started before PyVRP did
    assert seen[0].elapsed_s >= started["ortools"] - started["pyvrp"] > 0


def test_routing_decomposition_reports_each_region():
    seen: list = []
    big = solve_large(random_cvrp(60, seed=1), 1.0, region_size=20, improve_share=0,
                      on_progress=seen.append)  # fmt: skip
    _reports(seen, {"regions"})
    assert len(seen) == big.regions == 3
    distance = [p.best for p in seen]  # grows region by region
    assert distance == sorted(distance) and distance[0] > 0


def test_routing_plan_day_per_depot_reports_on_the_day_s_clock():
    # was: plan_day_per_depot took no on_progress, though its limit is the whole day's
    seen: list = []
    params = routing.RoutingParams(time_limit_s=1.0, seed=1, backend="ortools")
    plans = routing.plan_day_per_depot(two_depot_day(), params, seen.append)
    _reports(seen, {"D: ortools", "E: ortools"})  # elapsed_s never restarts at a depot
    depots = [p.phase.split(":")[0] for p in seen]
    assert depots == sorted(depots, key=list(plans).index) and set(depots) == set(plans)
    assert seen[-1].best == sum(p.summary.cost for p in plans.values())
    assert all(p.bound is None for p in seen)


def test_sourcing_solve():
    reports = 0
    for seed in range(6):
        seen: list = []
        result = sourcing.solve(sourcing_problem(seed), None, seen.append)
        (p,) = _reports(seen, {"done"})
        if result.plan is None:
            assert p.best is None
        else:
            reports += 1
            assert p.best == result.plan.objective and p.bound == result.bound
    assert reports  # some seeds source the order, some cannot


def test_sourcing_solve_reports_while_cpsat_searches():
    # was: one report at the end, though a large order's CP-SAT search takes up to the
    # time limit (this one 1.4 s of the default 2 s)
    seen: list = []
    result = sourcing.solve(large_order(), None, seen.append)
    _reports(seen, {"cpsat", "done"})
    assert seen[0].phase == "cpsat" and [p.phase for p in seen].count("done") == 1
    assert seen[-1].phase == "done" and seen[-1].best == result.plan.objective
    best = [p.best for p in seen]
    assert best == sorted(best, reverse=True)
    assert all(p.bound <= p.best for p in seen)


@pytest.mark.parametrize(
    ("method", "backend"),
    [("chains", "cp-sat"), ("mip", "cp-sat"), ("mip", "highs"), ("mip", "scip"), ("mip", "cbc")],
)
def test_sourcing_reoptimize_batch(method, backend):
    # was: only the MIP on CP-SAT reported; the default chains and the other backends
    # never called on_progress (30 s by default)
    orders, plans = batch_stream()  # two split orders, each fixed by a chain of moves
    params = sourcing.BatchParams(time_limit_s=5, method=method, backend=backend, workers=1)
    seen: list = []
    result = sourcing.reoptimize_batch(batch_pool(), BATCH_RULES, orders, plans, params,
                                       seen.append)  # fmt: skip
    solver_phase = "chains" if method == "chains" else {"cp-sat": "cpsat"}.get(backend, backend)
    _reports(seen, {"candidates", solver_phase})
    best = [p.best for p in seen]
    assert best == sorted(best, reverse=True) and best[0] <= result.cost_before
    assert seen[-1].phase == solver_phase and seen[-1].best == result.cost_after
    assert all(p.bound is None or p.bound <= p.best for p in seen)
    if method == "chains":
        assert len(seen) == result.candidate_orders == 2  # one report per split order
        assert best[0] < result.cost_before  # the first chain is already applied
    else:
        assert [p.phase for p in seen].count("candidates") == result.candidate_orders == 4
        assert seen[-1].bound is not None


def test_wave_selection_reports_both_phases_with_the_bound():
    seen: list = []
    params = wave_selection.WaveSelectionParams(time_limit_s=10, seed=3, max_evaluations=300)
    result = wave_selection.solve(wave_problem(7, 25, 10, 8), params, seen.append)
    _reports(seen, {"local_search", "cpsat"})
    assert [p.phase for p in seen][0] == "local_search" and seen[-1].phase == "cpsat"
    assert seen[-1].best == result.objective and seen[-1].bound == result.upper_bound
    assert all(p.bound is None for p in seen if p.phase == "local_search")


@pytest.mark.parametrize("length_only", [False, True])
def test_picking_tsp_reports_each_shorter_tour(length_only):
    # was: route and route_length_mm took no on_progress; tsp searches its whole limit
    picks = random.Random(3).sample(FOUR_BLOCKS.slot_ids(), 30)
    seen: list = []
    params = picking.RouteParams(time_limit_s=0.3)
    if length_only:
        length = picking.route_length_mm(FOUR_BLOCKS, picks, "tsp", params, seen.append)
    else:
        length = picking.route(FOUR_BLOCKS, picks, "tsp", params, seen.append).length_mm
    _reports(seen, {"tsp"})
    best = [p.best for p in seen]
    assert best == sorted(best, reverse=True) and len(set(best)) == len(best)
    assert best[-1] == length and all(p.bound is None for p in seen)


@pytest.mark.parametrize(("method", "optimal"), [("exact", True), ("s_shape", False)])
def test_picking_other_methods_report_their_route_once(method, optimal):
    picks = random.Random(4).sample(HENN.slot_ids(), 12)
    seen: list = []
    r = picking.route(HENN, picks, method, None, seen.append)
    (p,) = _reports(seen, {method})
    assert p.best == r.length_mm and p.bound == (r.length_mm if optimal else None)


def test_slotting_solve_and_plan_moves():
    p = correlated()
    params = slotting.SlottingParams(method="order_aware", time_limit_s=0.5)
    seen: list = []
    slotting.solve(p, params, seen.append)
    assert _reports(seen, {"judging shapes", "local_search", "done"})[-1].phase == "done"
    current = random_plan(p, seed=5).assignment()
    moved = SlottingProblem(p.layout, p.skus, p.history, current, budget=MoveBudget(max_moves=60))
    seen = []
    slotting.plan_moves(moved, params, on_progress=seen.append)
    _reports(seen, {"judging shapes", "local_search", "done", "moves"})


def test_slotting_walking_saved_and_replay():
    # was: neither took on_progress, though each searches (slotting; ALNS batching)
    p = correlated(n_orders=300)
    seen: list = []
    slotting.walking_saved(p.layout, p.skus, p.history, time_limit_s=0.5,
                           on_progress=seen.append)  # fmt: skip
    assert _reports(seen, {"judging shapes", "local_search", "done"})[-1].phase == "done"
    plan = slotting.solve(p, slotting.SlottingParams(method="coi")).assignment
    seen = []
    res = slotting.replay(p.layout, plan, p.history, batching="alns", time_limit_s=0.5,
                          on_progress=seen.append)  # fmt: skip
    _reports(seen, {"fcfs", "seed", "savings", "alns"})
    assert seen[-1].best == res.walking_mm / 1000


def test_waves_plan_and_batching():
    orders = make_orders(24)
    cart = waves.CartCapacity(items=12)
    batching = waves.BatchingProblem(LAYOUT, orders, cart)
    params = waves.BatchingParams(time_limit_s=1.0, max_iterations=40, seed=1)
    seen: list = []
    result = waves.solve_batching(batching, params, seen.append)
    _reports(seen, {"fcfs", "seed", "savings", "alns"})
    assert seen[-1].best == result.total_length_mm / 1000


def test_waves_plan_keeps_the_best_plan_so_far_while_it_tries_merges():
    # was: the batching of a merge trial reported ``best=None`` after the first plan
    orders = _with_cutoffs([3600] * 8 + [7200] * 8 + [None] * 4)
    batching = waves.BatchingProblem(LAYOUT, orders, waves.CartCapacity(items=10))
    pickers = (waves.Picker("a", 0, 8 * 3600), waves.Picker("b", 0, 8 * 3600))
    problem = waves.WaveProblem(batching, pickers, setup_s=30)
    params = waves.WaveParams(waves.BatchingParams(time_limit_s=2, max_iterations=20), 4)
    seen: list = []
    plan = waves.plan_waves(problem, params, on_progress=seen.append)
    batching_phases = {f"batching wave {k}/3" for k in (1, 2, 3)}
    _reports(seen, batching_phases | {"waves", "merge"})
    first = next(k for k, p in enumerate(seen) if p.phase == "waves")
    assert all(p.best is None for p in seen[:first])
    assert any(p.phase == "merge" for p in seen[first:])  # merge trials were batched
    assert all(p.best is not None for p in seen[first:])
    best = [p.best for p in seen[first:]]
    assert best == sorted(best, reverse=True) and best[-1] == plan.total_length_mm / 1000


def test_network_design():
    problem = read_orlib_cap(ORLIB / "instances" / "cap41.txt").problem
    seen: list = []
    network.solve(problem, network.NetworkParams(time_limit_s=5), on_progress=seen.append)
    _reports(seen, {"mip", "lagrangian", "search", "rounding", "core", "done"})
