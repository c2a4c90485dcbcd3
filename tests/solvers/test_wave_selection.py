"""Wave selection (SBPO 2025): checker, solver optimality on tiny instances, bounds."""

import itertools
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from logistics.datasets.sbpo import read_sbpo
from logistics.domain.wave_selection import WaveSelectionProblem
from logistics.errors import InvalidValueError
from solvers.wave_selection import (
    WaveSelectionParams,
    WaveSelectionResult,
    check_wave,
    solve,
    validate,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "sbpo"


def brute_force(p: WaveSelectionProblem) -> float:
    """Best units/aisle by enumerating aisle subsets and order subsets."""
    best = 0.0
    for k in range(1, p.n_aisles + 1):
        for aisles in itertools.combinations(range(p.n_aisles), k):
            have: Counter[int] = Counter()
            for a in aisles:
                have.update(dict(p.aisles[a]))
            for r in range(1, p.n_orders + 1):
                for orders in itertools.combinations(range(p.n_orders), r):
                    need: Counter[int] = Counter()
                    for o in orders:
                        need.update(dict(p.orders[o]))
                    units = sum(need.values())
                    if p.lb <= units <= p.ub and all(have[i] >= q for i, q in need.items()):
                        best = max(best, units / k)
    return best


def random_problem(seed: int, n_orders=6, n_items=4, n_aisles=4) -> WaveSelectionProblem:
    rng = random.Random(seed)

    def row(max_k, max_q):
        items = rng.sample(range(n_items), rng.randint(1, max_k))
        return {i: rng.randint(1, max_q) for i in items}

    orders = [row(2, 3) for _ in range(n_orders)]
    aisles = [row(3, 5) for _ in range(n_aisles)]
    total = sum(sum(o.values()) for o in orders)
    lb = rng.randint(0, total // 3)
    ub = rng.randint(max(lb, 1), total)
    return WaveSelectionProblem(orders, aisles, n_items, lb, ub, name=f"rand{seed}")


def test_small_file_optimum():
    p = read_sbpo(DATA / "OkSmall.txt")
    r = solve(p, WaveSelectionParams(time_limit_s=10))
    assert r.optimal and r.objective == pytest.approx(5.0) == pytest.approx(brute_force(p))
    assert r.orders == (2,) and r.aisles == (1,)
    check = validate(p, r)
    assert check.feasible and check.objective == pytest.approx(r.objective)


@pytest.mark.parametrize("seed", range(12))
def test_optimal_on_tiny_random_instances(seed):
    p = random_problem(seed)
    expected = brute_force(p)
    r = solve(p, WaveSelectionParams(time_limit_s=20, seed=seed))
    if expected == 0:
        assert not r.found
        return
    check = validate(p, r)
    assert check.feasible, check.violations
    assert r.objective == pytest.approx(expected)
    assert r.optimal and r.upper_bound == pytest.approx(expected)
    assert p.lb <= r.units <= p.ub


@pytest.mark.parametrize("method", ["heuristic", "cpsat"])
def test_each_method_gives_a_valid_wave(method):
    p = random_problem(99, n_orders=30, n_items=12, n_aisles=10)
    r = solve(p, WaveSelectionParams(time_limit_s=3, method=method, max_evaluations=500))
    check = validate(p, r)
    assert check.feasible, check.violations
    assert r.objective <= brute_force_bound(p)
    if r.upper_bound is not None:
        assert r.objective <= r.upper_bound + 1e-9


def brute_force_bound(p: WaveSelectionProblem) -> float:
    # one aisle can at best hold the whole wave
    return float(p.ub)


def test_progress_reports_improving_objectives_and_same_seed_same_answer():
    p = random_problem(7, n_orders=25, n_items=10, n_aisles=8)
    seen = []
    params = WaveSelectionParams(time_limit_s=10, seed=3, max_evaluations=300)
    r1 = solve(p, params, on_progress=seen.append)
    r2 = solve(p, params)
    assert seen, "no progress reported"
    objs = [s.best for s in seen if s.best is not None]
    assert objs == sorted(objs)
    assert all(s.elapsed_s >= 0 for s in seen)
    assert r1.optimal and r2.optimal
    assert (r1.orders, r1.aisles) == (r2.orders, r2.aisles)


def test_infeasible_instance_finds_nothing():
    # the only order needs 5 units of item 0, the aisles hold 3 in total
    p = WaveSelectionProblem([{0: 5}], [{0: 1}, {0: 2}], n_items=1, lb=1, ub=10)
    r = solve(p, WaveSelectionParams(time_limit_s=2))
    assert not r.found and r.objective == 0.0
    assert r.optimal  # proven: no wave exists, not "none found in time"
    assert not validate(p, r).feasible
    # an order the aisles can supply but below the lower bound on units
    p = WaveSelectionProblem([{0: 3}], [{0: 5}], n_items=1, lb=5, ub=9)
    r = solve(p, WaveSelectionParams(time_limit_s=10))
    assert not r.found and r.optimal and r.elapsed < 5


def test_bounds_are_respected_when_they_bind():
    # big orders would give a better ratio but exceed ub
    p = WaveSelectionProblem(
        [{0: 6}, {0: 1}, {0: 1}, {1: 1}], [{0: 9}, {1: 9}], n_items=2, lb=2, ub=3
    )
    r = solve(p, WaveSelectionParams(time_limit_s=5))
    assert r.units == 2 and r.aisles == (0,) and r.optimal
    assert validate(p, r).feasible


class TestChecker:
    p = read_sbpo(DATA / "OkSmall.txt")

    def test_accepts_a_feasible_wave(self):
        c = check_wave(self.p, [1, 2, 3], [0, 1])
        assert c.feasible and c.units == 9 and c.n_aisles == 2 and c.objective == 4.5

    def test_catches_missing_stock(self):
        c = check_wave(self.p, [0, 1], [0])  # item 1: 3 needed, 2 in aisle 0
        assert not c.feasible and "item 1: 3 units needed, 2 available" in c.violations[0]

    def test_catches_bounds(self):
        assert "below lb=3" in check_wave(self.p, [1], [0]).violations[0]
        assert "above ub=9" in check_wave(self.p, [0, 1, 2, 3], [0, 1, 2]).violations[0]

    def test_catches_bad_indices_and_empty_waves(self):
        assert not check_wave(self.p, [0, 0], [0]).feasible
        assert not check_wave(self.p, [7], [0]).feasible
        assert not check_wave(self.p, [2], [3]).feasible
        assert "no aisle chosen" in check_wave(self.p, [2], []).violations
        assert "no order chosen" in check_wave(self.p, [], [1]).violations

    def test_validate_reads_a_result(self):
        r = WaveSelectionResult((2,), (1,), 5, 5.0, None, False, 0.0)
        assert validate(self.p, r).feasible


def test_params_are_checked():
    with pytest.raises(InvalidValueError, match="method") as e:
        WaveSelectionParams(method="magic")
    assert e.value.reason == "one of 'auto', 'heuristic', 'cpsat'"  # not a Python list
    with pytest.raises(InvalidValueError, match="time_limit_s"):
        WaveSelectionParams(time_limit_s=-1)
    # 0 was accepted and solve returned an empty, infeasible wave (objective 0) silently
    with pytest.raises(InvalidValueError, match="time_limit_s"):
        WaveSelectionParams(time_limit_s=0)
    with pytest.raises(InvalidValueError, match="workers"):
        WaveSelectionParams(workers=0)
    # beyond CP-SAT's ranges: were a RuntimeError / TypeError traceback from inside the solve
    with pytest.raises(InvalidValueError, match="workers"):
        WaveSelectionParams(workers=100_000)
    with pytest.raises(InvalidValueError, match="seed"):
        WaveSelectionParams(seed=10**10)
    WaveSelectionParams(seed=2**31 - 1, workers=10_000)


def test_a_cut_short_cpsat_run_claims_no_optimum_it_has_not_proven():
    # CP-SAT stopped (e.g. in presolve) reports a meaningless bound of 0: it must not be
    # read as a proof. The participant reference 177.88 is feasible, so any claimed
    # optimum must reach it.
    from logistics.datasets.sbpo import load_sbpo_instance, sbpo_files

    problem, ref = load_sbpo_instance(sbpo_files("a")[4])  # instance_0005
    r = solve(problem, WaveSelectionParams(time_limit_s=1.0, method="cpsat", workers=2))
    assert not r.found or validate(problem, r).feasible
    assert not r.optimal or r.objective >= ref.objective - 0.01
    if r.upper_bound is not None:
        assert r.upper_bound >= ref.objective - 0.01


@pytest.mark.parametrize(
    ("orders", "aisles", "ub", "expected"),
    [
        ([], [{0: 1}], 5, None),  # no orders
        ([{0: 1}], [], 5, None),  # no aisles
        ([{0: 1}], [{0: 1}], 0, None),  # ub 0: no unit may be picked
        ([{0: 1}], [{0: 1}], 1, 1.0),
        ([(), {0: 2}], [{0: 3}], 5, 2.0),  # an empty order is never chosen
    ],
)
def test_degenerate_instances(orders, aisles, ub, expected):
    p = WaveSelectionProblem(orders, aisles, n_items=1, lb=0, ub=ub)
    r = solve(p, WaveSelectionParams(time_limit_s=2))
    if expected is None:
        assert not r.found
    else:
        assert r.found and r.objective == expected and validate(p, r).feasible


def test_the_local_search_stops_once_it_has_not_improved_for_its_patience():
    # auto gave the local search half the time limit whatever it found: SBPO
    # instance_0001 took 29 s of a 60 s limit for a wave found in the first second,
    # which CP-SAT then proved optimal at once
    from logistics.datasets.sbpo import load_sbpo_instance, sbpo_files
    from solvers.wave_selection._arrays import build_arrays
    from solvers.wave_selection._heuristic import Filler, Incumbent, local_search

    problem, _ = load_sbpo_instance(sbpo_files("a")[0])
    arr = build_arrays(problem)
    best = Incumbent()
    start = time.monotonic()
    local_search(arr, Filler(arr), best, start + 120, 0, lambda: None, patience=0.5)
    assert time.monotonic() - start < 60  # ~1-5 s; the deadline was 120 s
    assert best.found and best.objective == pytest.approx(15.0)  # the proven optimum


def test_auto_probes_cp_sat_when_the_local_search_stalls_and_resumes_it_without_a_proof(
    monkeypatch,
):
    import solvers.wave_selection as ws

    calls = []

    def fake_search(arr, filler, best, until, seed, report, max_evaluations, patience, **kw):
        calls.append(("search", seed, max_evaluations, patience))

    def fake_prove(arr, best, until, **kwargs):
        calls.append(("prove", round(until - time.monotonic())))
        return proven

    monkeypatch.setattr(ws, "local_search", fake_search)
    monkeypatch.setattr(ws, "dinkelbach", fake_prove)
    p = read_sbpo(DATA / "OkSmall.txt")
    proven = True  # the probe proves the wave: done
    solve(p, WaveSelectionParams(time_limit_s=60))
    assert calls == [("search", 0, None, 3.0), ("prove", 3)]  # patience: 5% of the limit
    calls.clear()
    proven = False  # no proof: the search resumes until its half, then CP-SAT to the end
    solve(p, WaveSelectionParams(time_limit_s=60))
    assert calls == [
        ("search", 0, None, 3.0),
        ("prove", 3),
        ("search", 1, None, None),
        ("prove", 60),
    ]
    calls.clear()
    solve(p, WaveSelectionParams(time_limit_s=10))
    assert calls[0] == ("search", 0, None, 1.0)  # at least a second
    calls.clear()
    # reproducible runs stop by their evaluation count, never by the clock
    solve(p, WaveSelectionParams(time_limit_s=60, max_evaluations=100))
    assert calls == [("search", 0, 100, None), ("prove", 60)]
    calls.clear()
    solve(p, WaveSelectionParams(time_limit_s=60, method="heuristic"))
    assert calls == [("search", 0, None, None)]
