"""An error raised by the caller's progress callback ends the solve and reaches the caller.

Regression: OR-Tools swallows what its solution callback raises, so a failing
``on_progress`` was called again at every improvement and ``solve`` returned a plan
as if nothing had happened.
"""

from __future__ import annotations

import pytest

from solvers.routing import RoutingParams, solve
from tests.solvers.routing._instances import random_cvrp


class Boom(Exception):
    pass


@pytest.mark.parametrize("backend", ["ortools", "pyvrp"])
def test_a_raising_progress_callback_propagates(backend):
    calls = []

    def on_progress(*args):
        calls.append(args)
        raise Boom

    params = RoutingParams(time_limit_s=30, backend=backend, solution_limit=200)
    with pytest.raises(Boom):
        solve(random_cvrp(30, seed=1), params, on_progress=on_progress)
    assert len(calls) == 1


def test_a_raising_should_stop_propagates():
    def should_stop():
        raise Boom

    with pytest.raises(Boom):
        solve(
            random_cvrp(30, seed=1),
            RoutingParams(time_limit_s=30, backend="ortools", solution_limit=200),
            should_stop=should_stop,
        )
