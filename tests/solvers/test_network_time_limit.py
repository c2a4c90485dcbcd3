"""Time limits of the network solver: infinite is an error naming it, huge is honoured, and
a slow step does not push the solve past its limit."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import solvers.network.search as search_module
from logistics.domain.facility import FacilityLocationProblem
from logistics.errors import InvalidValueError
from solvers.network import NetworkParams, solve, validate
from solvers.network.search import OpenSetSearch
from solvers.network.transport import transport

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from cli_run import run_logistics  # noqa: E402

CAP41 = "datasets/orlib_cap_warehouse_location/instances/cap41.txt"


@pytest.mark.parametrize("limit", [float("inf"), float("nan"), 0, -1])
def test_a_time_limit_that_is_not_finite_seconds_names_time_limit(limit):
    with pytest.raises(InvalidValueError) as err:
        NetworkParams(time_limit_s=limit)
    assert err.value.field == "time_limit_s"


@pytest.mark.parametrize("method", ["mip", "lagrangian"])
def test_a_huge_time_limit_solves_instead_of_overflowing(method):
    problem = FacilityLocationProblem(
        capacities=[20, 20, 20],
        fixed_costs=[5, 4, 6],
        demands=[4, 5, 6],
        assignment_costs=[[1, 2, 9], [3, 1, 2], [2, 2, 1]],
    )
    result = solve(problem, NetworkParams(time_limit_s=1e300, method=method))
    assert validate(problem, result).feasible
    assert result.cost == pytest.approx(4 + 3 + 1 + 2)  # site 1 serves everyone


def test_cli_time_limit_inf_is_bad_input_not_a_traceback():
    out = run_logistics("network", "solve", CAP41, "--time-limit", "inf", "--json")
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert "time-limit=inf" in out.stderr  # the option as typed (logistics.cli.time_limit)


def _random_problem(m: int, n: int, seed: int = 1) -> FacilityLocationProblem:
    """Sites and customers on a square, demand 5-49, capacity 3x a site's share (as
    ``benchmarks.network_time_limit``)."""
    rng = np.random.default_rng(seed)
    d = rng.integers(5, 50, n).astype(float)
    sites, custs = rng.uniform(0, 1000, (m, 2)), rng.uniform(0, 1000, (n, 2))
    dist = np.linalg.norm(sites[:, None] - custs[None], axis=2)
    return FacilityLocationProblem(
        capacities=np.full(m, math.ceil(3.0 * d.sum() / m)),
        fixed_costs=rng.uniform(5000, 15000, m).round(),
        demands=d,
        assignment_costs=(dist * d[None]).round(2),
    )


@pytest.mark.parametrize("single_source", [False, True])
def test_slow_pricing_does_not_push_the_solve_past_its_limit(monkeypatch, single_source):
    """Each transportation problem made 0.4 s slower (a loaded machine, a large problem):
    the Lagrangian phase priced designs after its share, the search tried a move it could
    not finish and the exact re-pricing (polish) ran whatever the time left; the solve
    ended at 1.3-1.5 s of a 1 s limit. Now a step starts only if it fits."""
    problem = _random_problem(40, 400)
    starts: list[float] = []

    def slow(*args, **kwargs):
        starts.append(time.perf_counter())
        time.sleep(0.4)
        return transport(*args, **kwargs)

    monkeypatch.setattr(search_module, "transport", slow)
    result = solve(
        problem, NetworkParams(time_limit_s=1.0, method="lagrangian", single_source=single_source)
    )
    assert validate(problem, result).feasible
    # no wall-time bound (a loaded machine adds its own delays): the solve's rule itself.
    # It began before the first pricing, so its deadline is at most first + 1 s, and a
    # pricing after the first (always taken) starts only if 0.4 s more still fit
    first, *later = starts
    assert all(t + 0.4 <= first + 1.0 for t in later), [round(t - first, 3) for t in later]


def test_the_exact_re_pricing_runs_only_when_it_can_end_in_time(monkeypatch):
    problem = _random_problem(20, 200)
    search = OpenSetSearch(problem)
    search.price(np.ones(20, dtype=bool))
    best = search.best_cost
    monkeypatch.setattr(search_module, "transport", lambda *a, **k: pytest.fail("priced"))
    search.polish(until=time.perf_counter())  # no time: the best set keeps its price
    assert search.best_cost == best
    search.slowest = 10.0  # a move would take 10 s: none starts within 1 s
    search.improve(time.perf_counter() + 1.0, np.arange(20))
