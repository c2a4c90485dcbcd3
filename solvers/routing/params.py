"""Search parameters of the routing solvers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from logistics.domain._checks import MAX_SEED, require_seed, store_int
from logistics.errors import InvalidValueError
from solvers._renamed import renamed_keywords

__all__ = [
    "RoutingParams",
    "BACKENDS",
    "FIRST_SOLUTION_STRATEGIES",
    "METAHEURISTICS",
    "MAX_TIME_LIMIT",
    "MAX_SEED",
]

BACKENDS = ("ortools", "pyvrp", "auto")
FIRST_SOLUTION_STRATEGIES = (
    "automatic",
    "parallel_cheapest_insertion",
    "local_cheapest_insertion",
    "local_cheapest_cost_insertion",
    "sequential_cheapest_insertion",
    "path_cheapest_arc",
    "savings",
    "parallel_savings",
    "christofides",
    "global_cheapest_arc",
    "first_unbound_min_value",
)
METAHEURISTICS = (
    "automatic",
    "guided_local_search",
    "simulated_annealing",
    "tabu_search",
    "generic_tabu_search",
    "greedy_descent",
)
MAX_TIME_LIMIT = 10**9
"""Longest search in seconds (about 31 years): OR-Tools takes it in int64 milliseconds
(``inf`` and 1e308 overflowed there with a traceback)."""


@renamed_keywords(time_limit="time_limit_s")
@dataclass(frozen=True, slots=True)
class RoutingParams:
    """How to search for a route plan (constructing it does no work).

    Parameters
    ----------
    time_limit_s
        Seconds of search (wall clock), required, > 0 and at most :data:`MAX_TIME_LIMIT`.
    seed
        Random seed, ``0..MAX_SEED`` (PyVRP; OR-Tools' local search is deterministic,
        so for OR-Tools the same problem, parameters and ``solution_limit`` give the
        same plan).
    backend
        ``"auto"`` (default: choose by the problem's features, see
        :mod:`solvers.routing.portfolio`), ``"ortools"`` or ``"pyvrp"``.
    first_solution
        OR-Tools first-solution strategy (lower-case name of the enum); ``None`` picks
        the measured default for the problem's features.
    metaheuristic
        OR-Tools local-search metaheuristic; ``None`` picks the measured default.
    solution_limit
        Stop after this many solutions (deterministic runs, tests); ``None`` = no limit.
    log
        Let the engine print its search log.
    """

    time_limit_s: float = 10.0
    seed: int = 0
    backend: str = "auto"
    first_solution: str | None = None
    metaheuristic: str | None = None
    solution_limit: int | None = None
    log: bool = False

    def __post_init__(self) -> None:
        if (
            isinstance(self.time_limit_s, bool)
            or not isinstance(self.time_limit_s, int | float)
            or not math.isfinite(self.time_limit_s)
            or not 0 < self.time_limit_s <= MAX_TIME_LIMIT
        ):
            raise InvalidValueError(
                "time_limit_s", self.time_limit_s, f"seconds, a number > 0 and <= {MAX_TIME_LIMIT}"
            )
        # numpy.int64 too, stored as an int (PyVRP took a numpy seed as a TypeError)
        # within MAX_SEED: PyVRP takes an unsigned 32-bit seed (a larger one was a TypeError)
        object.__setattr__(self, "seed", require_seed("seed", self.seed))
        if self.backend not in BACKENDS:
            raise InvalidValueError("backend", self.backend, f"one of {', '.join(BACKENDS)}")
        if self.first_solution is not None and self.first_solution not in (
            FIRST_SOLUTION_STRATEGIES
        ):
            raise InvalidValueError(
                "first_solution", self.first_solution, f"one of {FIRST_SOLUTION_STRATEGIES}"
            )
        if self.metaheuristic is not None and self.metaheuristic not in METAHEURISTICS:
            raise InvalidValueError("metaheuristic", self.metaheuristic, f"one of {METAHEURISTICS}")
        if self.solution_limit is not None:
            store_int(self, "solution_limit", minimum=1)
        if not isinstance(self.log, bool):
            raise InvalidValueError("log", self.log, "expected true or false")
