"""Time limits of the network solver: infinite is an error naming it, huge is honoured."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from logistics.domain.facility import FacilityLocationProblem
from logistics.errors import InvalidValueError
from solvers.network import NetworkParams, solve, validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from cli_run import run_logistics  # noqa: E402

CAP41 = "datasets/orlib_cap_warehouse_location/instances/cap41.txt"


@pytest.mark.parametrize("limit", [float("inf"), float("nan"), 0, -1])
def test_a_time_limit_that_is_not_finite_seconds_names_time_limit(limit):
    with pytest.raises(InvalidValueError) as err:
        NetworkParams(time_limit=limit)
    assert err.value.field == "time_limit"


@pytest.mark.parametrize("method", ["mip", "lagrangian"])
def test_a_huge_time_limit_solves_instead_of_overflowing(method):
    problem = FacilityLocationProblem(
        capacities=[20, 20, 20],
        fixed_costs=[5, 4, 6],
        demands=[4, 5, 6],
        assignment_costs=[[1, 2, 9], [3, 1, 2], [2, 2, 1]],
    )
    result = solve(problem, NetworkParams(time_limit=1e300, method=method))
    assert validate(problem, result).feasible
    assert result.cost == pytest.approx(4 + 3 + 1 + 2)  # site 1 serves everyone


def test_cli_time_limit_inf_is_bad_input_not_a_traceback():
    out = run_logistics("network", "solve", CAP41, "--time-limit", "inf", "--json")
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert "time-limit=inf" in out.stderr  # the option as typed (logistics.cli.time_limit)
