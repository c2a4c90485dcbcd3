"""A single-order solve stops when asked: ``should_stop`` ends a large order's CP-SAT
search with its best plan so far, and what it raises reaches the caller. Stops follow
progress reports, not the clock."""

from __future__ import annotations

import pytest

from solvers.sourcing import SourcingParams, SourcingStatus, solve, validate
from tests.solvers.sourcing.sourcing_cases import large_order

AMPLE = SourcingParams(time_limit_s=60)  # CP-SAT proves its optimum even on a loaded machine


def test_a_stop_after_the_first_progress_report_keeps_the_best_plan_so_far():
    problem = large_order()  # CP-SAT takes about 1.4 s to prove its optimum, unloaded
    full = solve(problem, AMPLE)
    assert full.exact
    seen: list = []
    stopped = solve(problem, AMPLE, seen.append, should_stop=lambda: bool(seen))
    assert stopped.status == SourcingStatus.SOURCED and validate(problem, stopped).ok
    assert not stopped.exact and stopped.bound < stopped.plan.objective
    assert stopped.plan.objective >= full.plan.objective
    assert seen[-1].phase == "done" and seen[-1].best == stopped.plan.objective


def test_a_stop_that_never_comes_changes_nothing():
    problem = large_order()
    a = solve(problem, AMPLE)
    b = solve(problem, AMPLE, should_stop=lambda: False)
    assert a.exact and (a.plan, a.bound, a.runner_ups) == (b.plan, b.bound, b.runner_ups)


def test_what_should_stop_raises_propagates():
    def should_stop() -> bool:
        raise KeyError("cancelled")

    with pytest.raises(KeyError, match="cancelled"):
        solve(large_order(), should_stop=should_stop)
