"""The Lagrangian path proves a network infeasible as the MIP does (before: it searched the
whole time limit and raised 'no feasible design found', a timeout)."""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain.facility import FacilityLocationProblem
from logistics.errors import InfeasibleError
from solvers.network import NetworkParams, solve


@pytest.mark.parametrize("method", ["mip", "lagrangian"])
def test_capacity_within_reach_too_small_is_infeasible(method):
    # 16 units of capacity for 15 of demand, but customer 0 (8) reaches only site 1 (4)
    problem = FacilityLocationProblem(
        capacities=[12, 4],
        fixed_costs=[15, 15],
        demands=[8, 7],
        assignment_costs=[[np.inf, 12], [10, 28]],
    )
    with pytest.raises(InfeasibleError):
        solve(problem, NetworkParams(time_limit_s=2, method=method))
