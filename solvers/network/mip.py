"""The strong MIP formulation, solved by OR-Tools' own MIP backends (pywraplp).

    min  sum_i f_i y_i + sum_ij c_ij x_ij
    s.t. sum_i x_ij = 1                     every customer served
         sum_j d_j x_ij <= s_i y_i          capacity of an open site
         x_ij <= y_i                        strong linking (tight LP bound)
         sum_i s_i y_i >= sum_j d_j         aggregate capacity (a valid cut)
         y binary; x in [0, 1] (split) or binary (single source)

with ``s_i`` the capacity cut at the total demand ``D = sum_j d_j`` (never used past it).

Only ``candidates`` get variables, so the same builder solves the full model
and the core left after Lagrangian site fixing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from logistics.domain.facility import FacilityLocationProblem
from solvers.progress import SCIP_LEAVES_CTRL_C, polled_stop

__all__ = ["MipOutcome", "MipRun", "solve_mip", "solve_until"]

_BACKEND_IDS = {"scip": "SCIP", "cbc": "CBC", "highs": "HIGHS"}

#: SCIP settings for small split models (``lean=True``). Their LP bound is already
#: the strong one (``x_ij <= y_i``), so cutting-plane rounds and presolve cost more
#: than they prune: the hardest OR-Library 50x50 case (cap113) is proven optimal in
#: 0.36 s instead of 1.06 s. On the 100x1000 cores the cuts pay (proofs get slower
#: without them), so the default keeps SCIP's own settings.
_SCIP_LEAN_SETTINGS = (
    "separating/maxrounds = 0\nseparating/maxroundsroot = 0\npresolving/maxrounds = 0\n"
)


#: A backend that ends with a solution but no proof while this many seconds remain
#: is asked again, warm-started from its solution (see :func:`solve_until`).
RESUME_MIN_S = 0.5
#: At most this many such resumes per solve.
MAX_RESUMES = 3
#: Seconds per variable that ``Solver.Solve`` spends handing a new model to SCIP before
#: SCIP's clock, and so its time limit, starts: 6-9 us measured for 9,000 to 144,000
#: variables (a 1 ms limit took 0.22 s on 60 sites x 600 customers); taken twice. Without
#: this reserve the single-source MIP ended 0.5 s past a 5 s solve's deadline there.
EXTRACT_S_PER_VAR = 1.6e-5


@dataclass(frozen=True)
class MipOutcome:
    """``frac`` is ``None`` when no solution was found; ``bound`` is the backend's."""

    frac: np.ndarray | None
    bound: float
    optimal: bool


def solve_mip(
    problem: FacilityLocationProblem,
    candidates: np.ndarray,
    *,
    single_source: bool,
    deadline: float,
    backend: str = "scip",
    mip_gap: float = 1e-7,
    seed: int = 0,
    hint: np.ndarray | None = None,
    lean: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> MipOutcome:
    """Solve the strong formulation over the sites in ``candidates``.

    Parameters
    ----------
    problem
        The problem (must-open sites must be among the candidates).
    candidates
        Boolean ``(m,)``: sites that may open.
    single_source
        Binary assignment variables.
    deadline
        ``time.perf_counter()`` value by which to stop (model building included).
    hint
        ``(m, n)`` fractions of a known solution, passed as a MIP start.
    lean
        Split model only: SCIP without presolve and cutting planes (faster on
        small models, see ``_SCIP_LEAN_SETTINGS``).
    should_stop
        Polled while the backend solves (:func:`solve_until`): once true the solve is
        interrupted and its best solution so far is the answer.
    """
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver(_BACKEND_IDS[backend])
    if solver is None:  # pragma: no cover - every OR-Tools wheel has SCIP
        raise RuntimeError(f"OR-Tools MIP backend {backend!r} is not available")
    if backend == "scip":
        settings = (
            f"randomization/randomseedshift = {seed}\nparallel/maxnthreads = 1\n"
            + SCIP_LEAVES_CTRL_C
        )
        if lean and not single_source:
            settings += _SCIP_LEAN_SETTINGS
        solver.SetSolverSpecificParametersAsString(settings)
    inf = solver.infinity()
    sites = np.flatnonzero(candidates)
    n = problem.num_customers
    c = problem.assignment_costs
    d = problem.demands
    y = {}
    for i in sites:
        lb = 1.0 if i in problem.must_open else 0.0
        y[i] = solver.IntVar(lb, 1.0, f"y{i}")
    x: dict[tuple[int, int], object] = {}
    obj = solver.Objective()
    for i in sites:
        obj.SetCoefficient(y[i], float(problem.fixed_costs[i]))
        for j in np.flatnonzero(np.isfinite(c[i])):
            var = solver.IntVar(0.0, 1.0, "") if single_source else solver.NumVar(0.0, 1.0, "")
            x[i, j] = var
            obj.SetCoefficient(var, float(c[i, j]))
    obj.SetMinimization()
    by_customer: list[list[tuple[int, object]]] = [[] for _ in range(n)]
    for (i, j), var in x.items():
        by_customer[j].append((i, var))
    for j in range(n):
        if not by_customer[j]:
            return MipOutcome(None, float("inf"), True)  # nobody can serve j: infeasible
        row = solver.Constraint(1.0, 1.0)
        for _, var in by_customer[j]:
            row.SetCoefficient(var, 1.0)
    # a capacity past the total demand is never used: cutting it there keeps the model the
    # same and its coefficients small (HiGHS refuses entries above 1e15: a capacity of 1e19
    # gave 'no feasible design found')
    caps = np.minimum(problem.capacities, problem.total_demand)
    for i in sites:
        cap = solver.Constraint(-inf, 0.0)
        cap.SetCoefficient(y[i], -float(caps[i]))
        for j in np.flatnonzero(np.isfinite(c[i])):
            if d[j] > 0:
                cap.SetCoefficient(x[i, j], float(d[j]))
            link = solver.Constraint(-inf, 0.0)
            link.SetCoefficient(x[i, j], 1.0)
            link.SetCoefficient(y[i], -1.0)
    agg = solver.Constraint(problem.total_demand, inf)
    for i in sites:
        agg.SetCoefficient(y[i], float(caps[i]))
    if hint is not None:
        hv, hval = [], []
        for i in sites:
            hv.append(y[i])
            hval.append(1.0 if hint[i].sum() > 0 or i in problem.must_open else 0.0)
        for (i, j), var in x.items():
            hv.append(var)
            hval.append(float(hint[i, j]))
        solver.SetHint(hv, hval)
    mp = pywraplp.MPSolverParameters()
    mp.SetDoubleParam(mp.RELATIVE_MIP_GAP, float(mip_gap))
    run = solve_until(solver, mp, deadline, should_stop)
    if run.values is None:
        infeasible = run.status == solver.INFEASIBLE
        return MipOutcome(None, float("inf") if infeasible else -float("inf"), infeasible)
    # the x variables were made one after another, after every y: positions in run.values
    pairs = np.array(list(x), dtype=np.int64).reshape(-1, 2)
    first = next(iter(x.values())).index() if x else 0
    values = run.values[first : first + len(x)]
    used = values > 1e-9
    frac = np.zeros((problem.num_sites, n))
    frac[pairs[used, 0], pairs[used, 1]] = values[used]
    return MipOutcome(frac, run.bound, run.status == solver.OPTIMAL)


@dataclass(frozen=True)
class MipRun:
    """The last answer of :func:`solve_until` that held a solution (or none).

    ``values`` is indexed by ``Variable.index()``; ``bound`` is the backend's
    best bound of that solve.
    """

    status: int
    values: np.ndarray | None
    bound: float


def _solution_values(solver) -> np.ndarray:
    """Every variable's value, by ``Variable.index()``: one copy out of the solver (a
    ``solution_value()`` call per variable took 0.54 s for 184,000 variables, this 0.025 s)."""
    from ortools.linear_solver import linear_solver_pb2

    response = linear_solver_pb2.MPSolutionResponse()
    solver.FillSolutionResponseProto(response)
    return np.asarray(response.variable_value, dtype=float)


def _interrupt_on(solver, should_stop: Callable[[], bool] | None):
    """While the block runs, poll ``should_stop`` every
    :data:`solvers.progress.STOP_POLL_S` in a thread (``Solve`` releases the GIL) and
    interrupt ``solver`` while it is true (again at each poll: an interrupt that comes
    while the model is handed over, before SCIP runs, is lost). What ``should_stop``
    raises interrupts ``solver`` and is raised after the block."""
    return polled_stop(should_stop, solver.InterruptSolve)


def solve_until(
    solver, mp, deadline: float, should_stop: Callable[[], bool] | None = None
) -> MipRun:
    """Run ``solver`` until it proves its gap or ``deadline`` (``perf_counter`` s) passes,
    or ``should_stop`` turns true (polled every :data:`solvers.progress.STOP_POLL_S`: the backend is
    interrupted and its best solution so far kept, never resumed).

    A backend that stops with a solution but no proof while at least
    :data:`RESUME_MIN_S` of its time limit remain is solved again, warm-started from that
    solution, up to :data:`MAX_RESUMES` times. Once in a full CI run (one in
    hundreds of solves, not reproduced alone) SCIP ended the OR-Library case
    cap113 at its root incumbent after 0.8 s of a 20 s limit; resuming turns
    such a stop into the proof the time limit allows instead of a
    ``feasible`` answer with most of the budget unused. A resume that ends
    without a solution keeps the previous one.
    """
    best = MipRun(solver.NOT_SOLVED, None, -float("inf"))
    for resume in range(1 + MAX_RESUMES):
        # the first call hands the model over outside SCIP's clock: leave time for it
        reserve = 0.0 if resume else EXTRACT_S_PER_VAR * solver.NumVariables()
        limit_ms = max(1, int((deadline - time.perf_counter() - reserve) * 1000))
        limit_ends = time.perf_counter() + limit_ms / 1000
        solver.SetTimeLimit(limit_ms)
        with _interrupt_on(solver, should_stop):
            status = solver.Solve(mp)
        if status not in (solver.OPTIMAL, solver.FEASIBLE):
            return best if best.values is not None else MipRun(status, None, -float("inf"))
        values = _solution_values(solver)
        bound = max(best.bound, float(solver.Objective().BestBound()))  # both are valid
        best = MipRun(status, values, bound)
        now = time.perf_counter()
        # a solve that ran to its limit is not resumed, even with the reserve left: on
        # 200 x 2,000 each such resume stopped at once and cost 0.45 s of hinting
        if status == solver.OPTIMAL or min(deadline, limit_ends) - now < RESUME_MIN_S:
            return best
        if should_stop is not None and should_stop():
            return best
        solver.SetHint(solver.variables(), values.tolist())
    return best
