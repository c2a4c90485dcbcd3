"""``solve_until``: a MIP backend that stops early with time left is resumed, never worse."""

from __future__ import annotations

import time

import numpy as np
from ortools.linear_solver import pywraplp

import solvers.network.mip as mip_module
from solvers.network.mip import MAX_RESUMES, solve_until


def _knapsack(seed: int = 3, n: int = 40):
    """A 0-1 knapsack whose first SCIP solution is not the optimum."""
    rng = np.random.default_rng(seed)
    w = rng.integers(10, 60, n)
    v = w + rng.integers(0, 15, n)
    solver = pywraplp.Solver.CreateSolver("SCIP")
    xs = [solver.BoolVar(f"x{i}") for i in range(n)]
    row = solver.Constraint(0, float(w.sum() // 3))
    obj = solver.Objective()
    for x, wi, vi in zip(xs, w, v, strict=True):
        row.SetCoefficient(x, float(wi))
        obj.SetCoefficient(x, float(vi))
    obj.SetMaximization()
    return solver


class _StopsEarly:
    """Forwards to a real solver; its first ``Solve`` stops at SCIP's first solution.

    ``then`` is what later calls do: ``"solve"`` (solve properly) or
    ``"nothing"`` (answer NOT_SOLVED, as a resume that found nothing would).
    """

    def __init__(self, solver, then: str = "solve") -> None:
        self._solver = solver
        self._then = then
        self.calls = 0

    def __getattr__(self, name):
        return getattr(self._solver, name)

    def Solve(self, mp):  # noqa: N802 - pywraplp's name
        self.calls += 1
        if self.calls == 1:
            self._solver.SetSolverSpecificParametersAsString("limits/solutions = 1\n")
            return self._solver.Solve(mp)
        if self._then == "nothing":
            return self._solver.NOT_SOLVED
        self._solver.SetSolverSpecificParametersAsString("limits/solutions = -1\n")
        return self._solver.Solve(mp)


def _mp():
    mp = pywraplp.MPSolverParameters()
    mp.SetDoubleParam(mp.RELATIVE_MIP_GAP, 1e-9)
    return mp


def test_an_early_stop_with_time_left_is_resumed_to_the_proof():
    reference = _knapsack()
    assert reference.Solve(_mp()) == reference.OPTIMAL
    optimum = reference.Objective().Value()

    early = _StopsEarly(_knapsack())
    run = solve_until(early, _mp(), time.perf_counter() + 20)
    assert early.calls == 2
    assert run.status == pywraplp.Solver.OPTIMAL
    got = sum(c * x for c, x in zip(_values(early), run.values, strict=True))
    assert abs(got - optimum) < 1e-6
    assert run.bound >= optimum - 1e-6


def test_without_time_left_the_first_answer_stands():
    early = _StopsEarly(_knapsack())
    run = solve_until(early, _mp(), time.perf_counter() + 0.3)
    assert early.calls == 1
    assert run.status == pywraplp.Solver.FEASIBLE
    assert run.values is not None


def test_a_resume_that_finds_nothing_keeps_the_earlier_solution():
    early = _StopsEarly(_knapsack(), then="nothing")
    run = solve_until(early, _mp(), time.perf_counter() + 20)
    assert early.calls == 2
    assert run.status == pywraplp.Solver.FEASIBLE
    assert run.values is not None and any(v > 0.5 for v in run.values)


def test_resumes_are_bounded():
    class NeverProves(_StopsEarly):
        def Solve(self, mp):  # noqa: N802
            self.calls += 1
            self._solver.SetSolverSpecificParametersAsString("limits/solutions = 1\n")
            return self._solver.Solve(mp)

    early = NeverProves(_knapsack())
    run = solve_until(early, _mp(), time.perf_counter() + 20)
    assert early.calls == 1 + MAX_RESUMES
    assert run.status == pywraplp.Solver.FEASIBLE


def _values(solver_proxy) -> list[float]:
    """Objective coefficient of each variable, in ``Variable.index()`` order."""
    obj = solver_proxy.Objective()
    return [obj.GetCoefficient(v) for v in solver_proxy.variables()]


class _RunsToItsLimit(_StopsEarly):
    """Its first ``Solve`` stops at the first solution, then waits out the time limit it
    was given, as a solve that hits its limit without a proof does."""

    limits_ms: list[int]

    def SetTimeLimit(self, ms):  # noqa: N802 - pywraplp's name
        self.limits_ms = [*getattr(self, "limits_ms", []), ms]
        self._solver.SetTimeLimit(ms)

    def Solve(self, mp):  # noqa: N802
        began = time.perf_counter()
        status = super().Solve(mp)
        time.sleep(max(0.0, self.limits_ms[-1] / 1000 - (time.perf_counter() - began)))
        return status


def test_the_model_hand_over_is_reserved_and_a_solve_that_ran_to_its_limit_is_not_resumed(
    monkeypatch,
):
    # as if handing the 40 variables to SCIP took 0.8 s: the limit leaves that out, and the
    # time it leaves is no reason to resume a solve that used its whole limit
    monkeypatch.setattr(mip_module, "EXTRACT_S_PER_VAR", 0.8 / 40)
    solver = _RunsToItsLimit(_knapsack())
    began = time.perf_counter()
    run = solve_until(solver, _mp(), began + 1.6)
    assert solver.calls == 1 and run.status == pywraplp.Solver.FEASIBLE
    assert solver.limits_ms[0] <= 800
    assert time.perf_counter() - began < 1.3  # ended with the reserve unused, not resumed
