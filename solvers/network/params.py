"""Parameters of the network design (capacitated facility location) solver."""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain._checks import require_seed, store_int
from logistics.errors import InvalidValueError
from solvers._renamed import renamed_keywords

__all__ = ["NetworkParams", "MIP_BACKENDS", "METHODS", "MAX_TIME_LIMIT"]

#: OR-Tools' own MIP solvers reachable through ``pywraplp`` (never the highspy wheel).
MIP_BACKENDS = ("scip", "cbc", "highs")
#: ``auto`` picks ``mip`` for up to ``direct_limit`` site-customer pairs, else ``lagrangian``.
METHODS = ("auto", "mip", "lagrangian")
#: Longest time limit honoured (about 31 years): backends take milliseconds as int64.
MAX_TIME_LIMIT = 1e9


@renamed_keywords(time_limit="time_limit_s")
@dataclass(frozen=True, slots=True)
class NetworkParams:
    """How to solve.

    Parameters
    ----------
    time_limit_s
        Wall-clock budget in seconds for the whole solve (finite; more than
        ``MAX_TIME_LIMIT`` counts as ``MAX_TIME_LIMIT``).
    single_source
        Every customer is served by exactly one site (binary assignment);
        otherwise demand may be split across sites.
    method
        ``mip``: the strong formulation (``x_ij <= y_i``) solved by the MIP
        backend. ``lagrangian``: Lagrangian relaxation of the assignment
        constraints (bound, site fixing, warm start) then local search and the
        MIP on the sites that could not be fixed. ``auto``: ``mip`` up to
        ``direct_limit`` site-customer pairs.
    backend
        OR-Tools MIP backend: ``scip`` (default), ``cbc`` or ``highs``.
    mip_gap
        Relative gap at which the MIP stops (default 1e-7: proven optimal for
        OR-Library's three decimals).
    seed
        Random seed passed to the MIP backend.
    direct_limit
        Largest ``sites * customers`` that ``auto`` solves as one MIP.
    """

    time_limit_s: float = 30.0
    single_source: bool = False
    method: str = "auto"
    backend: str = "scip"
    mip_gap: float = 1e-7
    seed: int = 0
    direct_limit: int = 20_000

    def __post_init__(self) -> None:
        if (
            isinstance(self.time_limit_s, bool)
            or not isinstance(self.time_limit_s, int | float)
            or not 0 < self.time_limit_s < float("inf")
        ):
            raise InvalidValueError(
                "time_limit_s", self.time_limit_s, "expected finite seconds > 0"
            )
        if not isinstance(self.single_source, bool):  # "no" used to mean single source
            raise InvalidValueError("single_source", self.single_source, "expected true or false")
        if self.method not in METHODS:
            raise InvalidValueError("method", self.method, f"one of {', '.join(METHODS)}")
        if self.backend not in MIP_BACKENDS:
            raise InvalidValueError("backend", self.backend, f"one of {', '.join(MIP_BACKENDS)}")
        if not isinstance(self.mip_gap, int | float) or not 0 <= self.mip_gap < 1:
            raise InvalidValueError("mip_gap", self.mip_gap, "expected a fraction in [0, 1)")
        # SCIP's randomseedshift is an int32: a larger seed was ignored with a warning
        object.__setattr__(self, "seed", require_seed("seed", self.seed))
        store_int(self, "direct_limit")
