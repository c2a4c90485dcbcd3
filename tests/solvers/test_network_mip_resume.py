"""``solve_until``: a MIP backend that stops early with time left is resumed, never worse."""

from __future__ import annotations

import time

import numpy as np
from ortools.linear_solver import pywraplp

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
