"""PyVRP's late-acceptance history under short budgets (``solvers.routing.pyvrp_search``)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pytest

from logistics.datasets.catalog import instance_files
from logistics.datasets.vrptw import read_solomon
from solvers.routing import RoutingParams, solve
from solvers.routing.pyvrp_backend import run_pyvrp
from solvers.routing.pyvrp_search import (
    DEFAULT_HISTORY,
    MIN_HISTORY,
    PROBE_ITERATIONS,
    history_for,
    ils_params,
    search_short,
)


def _small_solomon(n: int = 15):
    p = read_solomon(instance_files("solomon_vrptw_100")[0]).problem
    return replace(p, stops=p.stops[:n], vehicles=p.vehicles[:5], distance=None, duration=None)


@pytest.fixture
def pyvrp_calls(monkeypatch):
    """``(SolveParams, initial_solution, result)`` of every ``pyvrp.solve`` call; each
    search stops when its criterion says so or after 40 iterations."""
    import pyvrp

    real, seen = pyvrp.solve, []

    def solve_briefly(data, stop, *args, params=None, initial_solution=None, **kw):
        params = params or pyvrp.SolveParams()  # what PyVRP uses when given none
        count = itertools.count()
        result = real(
            data,
            lambda cost: stop(cost) or next(count) >= 40,
            *args,
            params=params,
            initial_solution=initial_solution,
            **kw,
        )
        seen.append((params, initial_solution, result))
        return result

    monkeypatch.setattr(pyvrp, "solve", solve_briefly)
    return seen


def test_history_is_one_per_twenty_expected_iterations_within_bounds():
    assert history_for(0) == MIN_HISTORY
    assert history_for(300) == MIN_HISTORY
    assert history_for(1000) == 50
    assert history_for(4000) == 200
    assert history_for(6000) == DEFAULT_HISTORY == 300
    assert history_for(10**7) == DEFAULT_HISTORY


def test_ils_params_carry_the_history_and_the_callbacks():
    marker = object()
    params = ils_params(7, marker)
    assert (params.history_length, params.callbacks) == (7, marker)
    assert ils_params(9).callbacks is not None  # PyVRP's no-op callbacks


@dataclass
class _Result:
    num_iterations: int
    runtime: float
    best: object


def test_the_measured_speed_sets_the_second_parts_history():
    calls = []

    def search(stop, history, start):
        calls.append((history, start))
        if len(calls) == 1:
            while not stop(0):  # the probe: a fake search doing 1,000 iterations a second
                pass
            return _Result(PROBE_ITERATIONS, PROBE_ITERATIONS / 1000, "first best")
        return _Result(5, 0.01, "second best")

    result, iterations = search_short(search, lambda _cost: False, "start", 2.0)
    assert calls[0] == (MIN_HISTORY, "start")
    # about 2 s left at 1,000 iterations a second: one per 20 of ~2,000 iterations
    assert calls[1][1] == "first best"
    assert 95 <= calls[1][0] <= 100
    assert (result.best, iterations) == ("second best", PROBE_ITERATIONS + 5)


def test_a_stop_during_the_probe_ends_the_search():
    calls = []

    def search(stop, history, start):
        calls.append(history)
        stop(0)
        return _Result(1, 0.001, "only")

    result, iterations = search_short(search, lambda _cost: True, None, 2.0)
    assert calls == [MIN_HISTORY] and (result.best, iterations) == ("only", 1)


def test_a_short_run_probes_then_continues_from_the_best(pyvrp_calls):
    run = run_pyvrp(_small_solomon(), 1.0, seed=1)
    assert run.feasible and run.routes
    (first, start, probe), (second, resumed, last) = pyvrp_calls
    assert start is None and first.ils.history_length == MIN_HISTORY
    assert probe.num_iterations == PROBE_ITERATIONS
    assert resumed is probe.best
    assert MIN_HISTORY <= second.ils.history_length <= DEFAULT_HISTORY
    assert run.iterations == PROBE_ITERATIONS + last.num_iterations


def test_five_seconds_and_more_search_as_pyvrp_does(pyvrp_calls):
    run_pyvrp(_small_solomon(), 8.0, seed=1)
    ((params, start, _result),) = pyvrp_calls
    assert start is None and params.ils.history_length == DEFAULT_HISTORY


def test_the_routes_callback_is_kept_in_both_parts(pyvrp_calls):
    seen = []
    run_pyvrp(_small_solomon(), 1.0, seed=1, on_routes=seen.append)
    assert len(pyvrp_calls) == 2
    for params, _start, _result in pyvrp_calls:
        assert type(params.ils.callbacks).__name__ == "Callbacks"  # ours, not PyVRP's no-op
    assert seen  # the start is feasible here and was handed over


def test_an_explicit_history_is_one_search(pyvrp_calls):
    run_pyvrp(_small_solomon(), 1.0, seed=1, history=DEFAULT_HISTORY)
    ((params, _start, _result),) = pyvrp_calls
    assert params.ils.history_length == DEFAULT_HISTORY


@pytest.mark.parametrize("backend", ["auto", "pyvrp"])
def test_a_one_second_solve_probes_first(pyvrp_calls, backend):
    plan = solve(_small_solomon(), RoutingParams(time_limit_s=1.0, seed=1, backend=backend))
    assert not plan.unassigned
    assert [p.ils.history_length for p, _s, _r in pyvrp_calls][0] == MIN_HISTORY
    assert len(pyvrp_calls) == 2


def test_large_regions_keep_pyvrps_history(pyvrp_calls):
    from solvers.routing.large import _default_region_solver

    routes, unserved, ok = _default_region_solver(_small_solomon(), 0.5, 1)
    assert ok and routes and not unserved
    ((params, _start, _result),) = pyvrp_calls
    assert params.ils.history_length == DEFAULT_HISTORY
