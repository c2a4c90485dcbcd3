"""A capacity far above the total demand (allowed up to 1e20) is solved by every MIP
backend (before: HiGHS refused matrix entries above 1e15 and the solve said 'no feasible
design found within 5 s' at once)."""

from __future__ import annotations

import pytest

from logistics.domain.facility import FacilityLocationProblem
from solvers.network import NetworkParams, solve, validate


@pytest.mark.parametrize("backend", ["scip", "cbc", "highs"])
@pytest.mark.parametrize("single_source", [False, True])
def test_huge_capacity_every_backend(backend, single_source):
    problem = FacilityLocationProblem(
        capacities=[1e19, 5],
        fixed_costs=[1, 1],
        demands=[3, 4],
        assignment_costs=[[10, 10], [1, 1]],
    )
    params = NetworkParams(
        time_limit_s=5, method="mip", backend=backend, single_source=single_source
    )
    result = solve(problem, params)
    assert validate(problem, result).feasible
    # split: customer 0 and half of customer 1 at site 1 (2 + 1 + 0.5 + 5); single
    # source: one customer at each site (2 + 1 + 10)
    assert result.cost == pytest.approx(13.0 if single_source else 8.5)
    assert str(result.status) == "optimal"


def test_scip_proves_the_true_optimum_next_to_a_huge_capacity():
    # a capacity of 1e15 next to 38s (demand 68.3 in all) made SCIP claim 'optimal' at
    # 492.00 against the true 483.00 (the big coefficient broke its numerics)
    problem = FacilityLocationProblem(
        capacities=[38, 38, 1e15, 38, 38],
        fixed_costs=[17, 164, 33, 189, 152],
        demands=[11.164, 9.948, 9.176, 4.877, 10.546, 3.44, 0.382, 18.801],
        assignment_costs=[
            [59, 130, 46, 64, 10, 5, 123, 145],
            [11, 91, 140, 2, 108, 90, 119, 36],
            [110, 130, 58, 108, 1, 96, 64, 72],
            [7, 23, 23, 60, 133, 133, 88, 118],
            [48, 105, 69, 112, 51, 74, 81, 4],
        ],
    )
    result = solve(problem, NetworkParams(time_limit_s=5, method="mip"))
    assert validate(problem, result).feasible
    assert result.bound <= 483.0014360938248 + 1e-6
    assert result.cost == pytest.approx(483.0014360938248, rel=1e-7)
