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

>>> result = solve(problem, WaveSelectionParams(time_limit_s=30))   # doctest: +SKIP
>>> validate(problem, result).feasible                            # doctest: +SKIP
True
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from logistics.domain._checks import require_number, require_seed, store_int
from logistics.domain.wave_selection import WaveSelectionProblem
from logistics.errors import InvalidValueError, one_of
from solvers._renamed import renamed_keywords
from solvers.progress import Progress, ProgressCallback, StopCheck
from solvers.wave_selection._arrays import build_arrays
from solvers.wave_selection._cpsat import dinkelbach
from solvers.wave_selection._heuristic import Filler, Incumbent, local_search
from solvers.wave_selection._validate import WaveCheck, check_wave, validate
from solvers.wave_selection_methods import METHODS

__all__ = [
    "METHODS",
    "WaveCheck",
    "WaveSelectionParams",
    "WaveSelectionResult",
    "check_wave",
    "solve",
    "validate",
]

AUTO_PATIENCE_SHARE = 0.05
"""In ``"auto"``, the local search pauses before its share of the time limit once it
has not improved for this fraction of the limit (at least :data:`AUTO_PATIENCE_MIN_S`)
and for as long as it had run when it last improved, and CP-SAT tries to prove its
wave (see :func:`_auto`). On small instances the search finds the best wave in a
second and then only spent the rest of its half before CP-SAT proved that wave
optimal at once (SBPO ``instance_0001`` at 60 s: 29 s). Handing over for good instead
cut the search short where CP-SAT cannot even bound the problem (dataset A at 30 s:
instance_0011 4-6% worse)."""
AUTO_PATIENCE_MIN_S = 1.0


@renamed_keywords(time_limit="time_limit_s")
@dataclass(frozen=True, slots=True)
class WaveSelectionParams:
    """How to search.

    Parameters
    ----------
    time_limit_s
        Wall-clock limit in seconds for the whole solve.
    seed
        Random seed of the local search and of CP-SAT.
    method
        ``"auto"`` (local search, then CP-SAT), ``"heuristic"`` (local search
        only) or ``"cpsat"`` (CP-SAT only, from a quick greedy start).
    heuristic_share
        Fraction of ``time_limit_s`` given to the local search in ``"auto"``; it hands
        over earlier once it stops improving (see :data:`AUTO_PATIENCE_SHARE`).
    workers
        CP-SAT worker threads. CP-SAT releases the GIL; its portfolio (LNS
        workers in particular) needs more than 2 threads to be useful: 8 threads
        time-sharing 2 cores found 16.36 against 15.68 with 2 on dataset A's
        instance_0011 at 40 s (a one-off run, not in ``benchmarks/results``).
    max_evaluations
        Optional cap on the local search's wave evaluations, for runs that must
        be reproducible whatever the machine's speed.
    """

    time_limit_s: float = 30.0
    seed: int = 0
    method: str = "auto"
    heuristic_share: float = 0.5
    workers: int = 8
    max_evaluations: int | None = None

    def __post_init__(self) -> None:
        require_number("time_limit_s", self.time_limit_s, minimum=0.0)
        if self.time_limit_s == 0:  # returned an empty, infeasible wave without a word
            raise InvalidValueError("time_limit_s", self.time_limit_s, "must be > 0")
        object.__setattr__(self, "seed", require_seed("seed", self.seed))  # CP-SAT's int32
        if self.method not in METHODS:
            raise InvalidValueError("method", self.method, one_of(METHODS))
        require_number("heuristic_share", self.heuristic_share, minimum=0.0)
        if self.heuristic_share > 1:
            raise InvalidValueError("heuristic_share", self.heuristic_share, "must be <= 1")
        store_int(self, "workers", minimum=1, maximum=10_000)  # CP-SAT's range
        if self.max_evaluations is not None:
            store_int(self, "max_evaluations", minimum=1)


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


def _auto(
    params: WaveSelectionParams,
    start: float,
    deadline: float,
    search: Callable[..., None],
    prove: Callable[[float], bool],
) -> bool:
    """``"auto"``: the local search for ``heuristic_share`` of the limit, then CP-SAT.

    A local search that stops improving before its share ends (see
    :data:`AUTO_PATIENCE_SHARE`) lets CP-SAT try to prove its wave for the patience; if
    CP-SAT proves nothing, the local search resumes until its share ends and CP-SAT has
    the rest, as without the probe.
    """
    ls_deadline = start + params.heuristic_share * params.time_limit_s
    if params.max_evaluations is not None:  # reproducible runs: no clock-dependent stop
        search(ls_deadline)
        return prove(deadline)
    patience = max(AUTO_PATIENCE_MIN_S, AUTO_PATIENCE_SHARE * params.time_limit_s)
    search(ls_deadline, patience)
    now = time.monotonic()
    if now < ls_deadline:
        if prove(min(ls_deadline, now + patience)):
            return True
        search(ls_deadline, seed=params.seed + 1)
    return prove(deadline)


def solve(
    problem: WaveSelectionProblem,
    params: WaveSelectionParams | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> WaveSelectionResult:
    """Choose the orders and aisles of one wave, maximising units per aisle.

    Parameters
    ----------
    problem
        The instance.
    params
        Time limit (seconds), seed, method, CP-SAT workers.
    on_progress
        Called with a :class:`~solvers.progress.Progress` each time the best wave or
        the upper bound improves: ``best`` and ``bound`` in units per aisle (``None``
        before the first wave, and while nothing is proven), ``phase``
        ``"local_search"`` or ``"cpsat"`` (Dinkelbach's method).
    should_stop
        Polled while searching (before each local-search move, between CP-SAT solves
        and every 0.1 s during one, which it then stops): once true, the best wave so
        far is returned, as at the time limit (``optimal`` only when it is proven;
        ``found`` is ``False`` if none was found yet). What it raises propagates.

    Returns
    -------
    WaveSelectionResult
        ``found`` is ``False`` when no feasible wave exists (``optimal`` then
        says it is proven) or none was found in time (or before a stop).
    """
    params = params or WaveSelectionParams()
    start = time.monotonic()
    deadline = start + params.time_limit_s
    arr = build_arrays(problem)
    best = Incumbent()
    bound: list[float | None] = [None]
    phase = ["local_search"]

    def report() -> None:
        if on_progress is not None:
            objective = best.objective if best.found else None
            on_progress(Progress(time.monotonic() - start, objective, bound[0], phase[0]))

    def on_bound(value: float) -> None:
        if bound[0] is None or value < bound[0]:
            bound[0] = value
            report()

    filler = Filler(arr)

    def search(until: float, patience: float | None = None, seed: int = params.seed) -> None:
        phase[0] = "local_search"
        cap = params.max_evaluations
        if params.method == "cpsat":
            cap = min(cap or 200, 200)
        local_search(
            arr, filler, best, until, seed, report,
            max_evaluations=cap, patience=patience, should_stop=should_stop,
        )  # fmt: skip

    def prove(until: float) -> bool:
        phase[0] = "cpsat"
        return dinkelbach(
            arr,
            best,
            until,
            workers=params.workers,
            seed=params.seed,
            report=report,
            on_bound=on_bound,
            should_stop=should_stop,
        )

    if params.method == "heuristic":
        search(deadline)
        optimal = False
    elif params.method == "cpsat":
        search(min(deadline, start + 0.05 * params.time_limit_s))
        optimal = prove(deadline)
    else:
        optimal = _auto(params, start, deadline, search, prove)
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
