"""Wave selection (Mercado Libre SBPO 2025): orders and aisles of one wave.

Choose orders and aisles so that the wave holds between ``lb`` and ``ub``
units, every chosen order's items are stocked in the chosen aisles, and the
units picked per aisle visited is as large as possible.

The solver runs in two phases within one time limit:

1. a greedy construction and iterated local search on aisle sets (each set
   is filled with orders by a greedy knapsack), which finds good waves in
   seconds even on 45 000-order instances;
2. Dinkelbach's parametric method with CP-SAT, started from the best wave so
   far, which improves it and proves optimality (or reports an upper bound).

>>> result = solve(problem, WaveSelectionParams(time_limit=30))   # doctest: +SKIP
>>> validate(problem, result).feasible                            # doctest: +SKIP
True
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from logistics.domain._checks import require_int, require_number
from logistics.domain.wave_selection import WaveSelectionProblem
from logistics.errors import InvalidValueError, one_of
from solvers.wave_selection._arrays import build_arrays
from solvers.wave_selection._cpsat import dinkelbach
from solvers.wave_selection._heuristic import Filler, Incumbent, local_search
from solvers.wave_selection._validate import WaveCheck, check_wave, validate

__all__ = [
    "METHODS",
    "WaveCheck",
    "WaveSelectionParams",
    "WaveSelectionProgress",
    "WaveSelectionResult",
    "check_wave",
    "solve",
    "validate",
]

METHODS = ("auto", "heuristic", "cpsat")


@dataclass(frozen=True, slots=True)
class WaveSelectionParams:
    """How to search.

    Parameters
    ----------
    time_limit
        Wall-clock limit in seconds for the whole solve.
    seed
        Random seed of the local search and of CP-SAT.
    method
        ``"auto"`` (local search, then CP-SAT), ``"heuristic"`` (local search
        only) or ``"cpsat"`` (CP-SAT only, from a quick greedy start).
    heuristic_share
        Fraction of ``time_limit`` given to the local search in ``"auto"``.
    workers
        CP-SAT worker threads. CP-SAT releases the GIL; its portfolio (LNS
        workers in particular) needs more than 2 threads to be useful, and 8
        threads time-sharing 2 cores measured better than 2 on dataset A.
    max_evaluations
        Optional cap on the local search's wave evaluations, for runs that must
        be reproducible whatever the machine's speed.
    """

    time_limit: float = 30.0
    seed: int = 0
    method: str = "auto"
    heuristic_share: float = 0.5
    workers: int = 8
    max_evaluations: int | None = None

    def __post_init__(self) -> None:
        require_number("time_limit", self.time_limit, minimum=0.0)
        require_int("seed", self.seed, minimum=0, maximum=2**31 - 1)  # CP-SAT's int32
        if self.method not in METHODS:
            raise InvalidValueError("method", self.method, one_of(METHODS))
        require_number("heuristic_share", self.heuristic_share, minimum=0.0)
        if self.heuristic_share > 1:
            raise InvalidValueError("heuristic_share", self.heuristic_share, "must be <= 1")
        require_int("workers", self.workers, minimum=1, maximum=10_000)  # CP-SAT's range
        if self.max_evaluations is not None:
            require_int("max_evaluations", self.max_evaluations, minimum=1)


@dataclass(frozen=True, slots=True)
class WaveSelectionProgress:
    """One progress report: seconds since start, best objective, proven upper bound."""

    elapsed: float
    objective: float | None
    bound: float | None


@dataclass(frozen=True, slots=True)
class WaveSelectionResult:
    """The chosen wave.

    Parameters
    ----------
    orders, aisles
        0-based indices (file order), sorted; empty when no wave was found.
    units
        Total units of the chosen orders.
    objective
        ``units / len(aisles)`` (units per aisle visited); 0 when nothing found.
    upper_bound
        Proven upper bound on the objective, when known.
    optimal
        ``True`` when the objective is proven optimal.
    elapsed
        Wall-clock seconds spent.
    """

    orders: tuple[int, ...]
    aisles: tuple[int, ...]
    units: int
    objective: float
    upper_bound: float | None
    optimal: bool
    elapsed: float

    @property
    def found(self) -> bool:
        return bool(self.aisles)


def solve(
    problem: WaveSelectionProblem,
    params: WaveSelectionParams | None = None,
    on_progress: Callable[[WaveSelectionProgress], None] | None = None,
) -> WaveSelectionResult:
    """Choose the orders and aisles of one wave, maximising units per aisle.

    Parameters
    ----------
    problem
        The instance.
    params
        Time limit (seconds), seed, method, CP-SAT workers.
    on_progress
        Called with a :class:`WaveSelectionProgress` each time the best wave
        or the upper bound improves.

    Returns
    -------
    WaveSelectionResult
        ``found`` is ``False`` when no feasible wave exists (``optimal`` then
        says it is proven) or none was found in time.
    """
    params = params or WaveSelectionParams()
    start = time.monotonic()
    deadline = start + params.time_limit
    arr = build_arrays(problem)
    best = Incumbent()
    bound: list[float | None] = [None]

    def report() -> None:
        if on_progress is not None:
            on_progress(
                WaveSelectionProgress(
                    time.monotonic() - start, best.objective if best.found else None, bound[0]
                )
            )

    def on_bound(value: float) -> None:
        if bound[0] is None or value < bound[0]:
            bound[0] = value
            report()

    filler = Filler(arr)
    if params.method == "heuristic":
        ls_deadline = deadline
    elif params.method == "cpsat":
        ls_deadline = min(deadline, start + 0.05 * params.time_limit)
    else:
        ls_deadline = start + params.heuristic_share * params.time_limit
    local_search(
        arr,
        filler,
        best,
        ls_deadline,
        params.seed,
        report,
        max_evaluations=(
            params.max_evaluations
            if params.method != "cpsat"
            else min(params.max_evaluations or 200, 200)
        ),
    )
    optimal = False
    if params.method != "heuristic":
        optimal = dinkelbach(
            arr,
            best,
            deadline,
            workers=params.workers,
            seed=params.seed,
            report=report,
            on_bound=on_bound,
        )
    if optimal and best.found:
        bound[0] = best.objective
    return WaveSelectionResult(
        orders=tuple(sorted(best.orders)),
        aisles=tuple(sorted(best.aisles)),
        units=best.units,
        objective=best.objective,
        upper_bound=bound[0],
        optimal=optimal,
        elapsed=time.monotonic() - start,
    )
