"""The transportation problem behind the Lagrangian path's pricing uses fractional
capacities whole (before: with integral demands each capacity was rounded down, so two
sites of 1.5 units could not serve a customer of 3 and the solve said 'infeasible')."""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain.facility import FacilityLocationProblem
from solvers.network import NetworkParams, solve, validate
from solvers.network.transport import transport


def test_fractional_capacities_serve_integral_demand():
    problem = FacilityLocationProblem(
        capacities=[1.5, 1.5], fixed_costs=[1, 1], demands=[3], assignment_costs=[[10], [10]]
    )
    frac = transport(problem, np.array([True, True]))
    assert frac is not None
    np.testing.assert_allclose(frac[:, 0], [0.5, 0.5])


def test_fractional_capacity_is_used_to_the_last_fraction():
    # the cheap site holds 2.5 of the 3 units (rounded down it took 2 before)
    problem = FacilityLocationProblem(
        capacities=[2.5, 10], fixed_costs=[0, 0], demands=[3], assignment_costs=[[3], [30]]
    )
    frac = transport(problem, np.array([True, True]))
    assert frac is not None
    np.testing.assert_allclose(frac[:, 0], [2.5 / 3, 0.5 / 3])


@pytest.mark.parametrize("method", ["mip", "lagrangian"])
def test_both_methods_solve_fractional_capacities(method):
    problem = FacilityLocationProblem(
        capacities=[1.5, 1.5], fixed_costs=[1, 1], demands=[3], assignment_costs=[[10], [10]]
    )
    result = solve(problem, NetworkParams(time_limit_s=5, method=method))
    assert validate(problem, result).feasible
    assert result.cost == pytest.approx(12.0)


def test_capacity_beyond_int64_is_not_lost():
    # 1e19 units became a negative int64 in the flow: 'no assignment serves every customer'
    problem = FacilityLocationProblem(
        capacities=[1e19, 5],
        fixed_costs=[1, 1],
        demands=[3, 4],
        assignment_costs=[[10, 10], [1, 1]],
    )
    mip = solve(problem, NetworkParams(time_limit_s=5, method="mip"))
    lagrangian = solve(problem, NetworkParams(time_limit_s=5, method="lagrangian"))
    assert validate(problem, lagrangian).feasible
    assert lagrangian.cost == pytest.approx(mip.cost) == pytest.approx(8.5)
