"""Wave selection stops when asked: ``solve(..., should_stop=...)`` returns the best wave
so far from the local search or from a running CP-SAT solve, and what ``should_stop``
raises reaches the caller. Stops are counted (polls, progress reports), never timed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from logistics.datasets.sbpo import load_sbpo_instance, read_sbpo, sbpo_files
from solvers.wave_selection import WaveSelectionParams, solve, validate

DATA = Path(__file__).resolve().parents[1] / "data" / "sbpo"


def _in_cp_sat() -> bool:
    """Whether the caller polls from inside a CP-SAT solve (its stop watcher)."""
    return threading.current_thread().name == "solver-stop"


def test_a_stop_in_the_local_search_returns_the_best_wave_so_far():
    problem, _ = load_sbpo_instance(sbpo_files("a")[4])
    seen = []
    polls_after = [0]

    def should_stop() -> bool:
        if seen:
            polls_after[0] += 1
        return bool(seen)  # true from the first progress report on

    params = WaveSelectionParams(time_limit_s=600, method="heuristic")
    r = solve(problem, params, seen.append, should_stop)
    assert r.found and validate(problem, r).feasible
    assert r.objective == seen[-1].best  # the best reported, not a later one
    assert not r.optimal
    assert polls_after[0] <= 10  # each phase left checks once; no move was tried after it


def test_a_stop_during_cp_sat_returns_its_best_wave_so_far(monkeypatch):
    import solvers.wave_selection._cpsat as cpsat

    problem, ref = load_sbpo_instance(sbpo_files("a")[4])  # CP-SAT cannot prove it at once
    solves = []
    real = cpsat.new_cp_solver
    monkeypatch.setattr(cpsat, "new_cp_solver", lambda: solves.append(1) or real())
    asked: list[int] = []  # CP-SAT solves started when the stop was asked

    def should_stop() -> bool:
        if _in_cp_sat() and not asked:
            asked.append(len(solves))
        return bool(asked)

    seen = []
    params = WaveSelectionParams(time_limit_s=30, method="cpsat", workers=2)
    r = solve(problem, params, seen.append, should_stop)
    assert asked, "never polled during a CP-SAT solve"
    assert len(solves) == asked[0]  # the running solve ended; no other one started
    assert r.found and validate(problem, r).feasible
    assert r.objective == seen[-1].best
    assert not r.optimal and r.objective < ref.objective


def test_a_stop_before_any_wave_is_a_time_out_with_nothing_found():
    p = read_sbpo(DATA / "OkSmall.txt")
    for method in ("auto", "heuristic", "cpsat"):
        r = solve(p, WaveSelectionParams(time_limit_s=60, method=method), should_stop=lambda: True)
        assert not r.found and not r.optimal and r.upper_bound is None, method


def test_what_should_stop_raises_propagates_from_the_local_search():
    p = read_sbpo(DATA / "OkSmall.txt")

    def should_stop() -> bool:
        raise KeyError("cancelled")

    with pytest.raises(KeyError, match="cancelled"):
        solve(p, WaveSelectionParams(time_limit_s=60, method="heuristic"), should_stop=should_stop)


def test_what_should_stop_raises_during_cp_sat_ends_the_solve_and_propagates():
    problem, _ = load_sbpo_instance(sbpo_files("a")[4])

    def should_stop() -> bool:
        if _in_cp_sat():
            raise KeyError("cancelled in cp-sat")
        return False

    params = WaveSelectionParams(time_limit_s=30, method="cpsat", workers=2)
    with pytest.raises(KeyError, match="cancelled in cp-sat"):
        solve(problem, params, should_stop=should_stop)


def test_a_stop_that_never_comes_changes_nothing():
    p = read_sbpo(DATA / "OkSmall.txt")
    params = WaveSelectionParams(time_limit_s=10, max_evaluations=200, workers=1)
    a = solve(p, params)
    b = solve(p, params, should_stop=lambda: False)
    assert (a.orders, a.aisles, a.optimal, a.upper_bound) == (b.orders, b.aisles, True, 5.0)
