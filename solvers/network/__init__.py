"""Network design: capacitated facility location, solved exactly with OR-Tools.

``solve(FacilityLocationProblem, NetworkParams) -> NetworkResult`` opens sites
and assigns customers (split or single-source; must-open and must-close sites)
and reports a proven lower bound and gap. Small problems go to the strong MIP
directly (SCIP through ``pywraplp``); large ones get a Lagrangian bound with
site fixing, local search over open sets and the MIP on the remaining core (single
source: started from the best split design, each customer rounded to one site).
``validate`` re-checks a result independently.
"""

from solvers.network.params import NetworkParams
from solvers.network.result import NetworkResult, NetworkStatus, Progress
from solvers.network.solve import solve
from solvers.network.validate import Validation, validate

__all__ = [
    "NetworkParams",
    "NetworkResult",
    "NetworkStatus",
    "Progress",
    "Validation",
    "solve",
    "validate",
]
