"""A customer with no demand that no site may serve needs no service: the problem is
accepted, so the solver solves it (before: 'infeasible' from the MIP, no design at all
from the Lagrangian path)."""

from __future__ import annotations

import numpy as np
import pytest

from logistics.domain.facility import FacilityLocationProblem
from solvers.network import NetworkParams, solve, validate

INF = np.inf


@pytest.mark.parametrize("method", ["mip", "lagrangian"])
@pytest.mark.parametrize("single_source", [False, True])
def test_an_unreachable_customer_without_demand_gets_no_flow(method, single_source):
    problem = FacilityLocationProblem(
        capacities=[10, 10],
        fixed_costs=[3, 1],
        demands=[5, 0, 4],
        assignment_costs=[[1, INF, 1], [2, INF, 6]],
    )
    result = solve(
        problem, NetworkParams(time_limit_s=5, method=method, single_source=single_source)
    )
    check = validate(problem, result)
    assert check.feasible, check.violations
    # by hand: site 1 alone 1 + 2 + 6 = 9; site 0 alone 3 + 1 + 1 = 5; both 3 + 1 + 1 + 1 = 6
    assert result.cost == pytest.approx(5.0)
    assert all(j != 1 for j, _, _ in result.flows)


def test_only_idle_customers_open_only_the_must_open_sites():
    problem = FacilityLocationProblem(
        capacities=[10, 10],
        fixed_costs=[3, 1],
        demands=[0],
        assignment_costs=[[INF], [INF]],
        must_open=[1],
    )
    result = solve(problem, NetworkParams(time_limit_s=5))
    assert validate(problem, result).feasible
    assert result.open == (1,) and result.flows == () and result.cost == 1.0


def test_validate_still_requires_service_of_reachable_customers_without_demand():
    problem = FacilityLocationProblem(
        capacities=[10], fixed_costs=[1], demands=[5, 0], assignment_costs=[[1, 2]]
    )
    result = solve(problem, NetworkParams(time_limit_s=5))
    assert validate(problem, result).feasible and result.cost == pytest.approx(4.0)
    unserved = result.__class__(**{**result.__dict__, "flows": result.flows[:1], "cost": 2.0})
    assert "customer 1: served fraction" in " ".join(validate(problem, unserved).violations)
