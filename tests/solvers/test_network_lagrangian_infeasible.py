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


def test_single_source_without_assignment_is_infeasible_on_the_lagrangian_path():
    # split: two sites of 5 serve 4 + 4 + 2; single source: each site holds one 4 and
    # then has 1 left, too little for the 2 (before: 'no feasible design found within 5 s')
    problem = FacilityLocationProblem(
        capacities=[5, 5],
        fixed_costs=[1, 1],
        demands=[4, 4, 2],
        assignment_costs=[[1, 1, 1], [1, 1, 1]],
    )
    solve(problem, NetworkParams(time_limit_s=5, method="lagrangian"))  # split: feasible
    with pytest.raises(InfeasibleError):
        solve(problem, NetworkParams(time_limit_s=5, method="lagrangian", single_source=True))
