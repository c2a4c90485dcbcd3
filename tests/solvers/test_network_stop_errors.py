"""An error raised by ``should_stop`` while the MIP backend runs reaches the caller.

Regression: ``should_stop`` is polled on a watcher thread while SCIP runs; what it
raised killed that thread ('Exception in thread mip-stop' on stderr) and the solve
went on to its time limit and returned a design as if nothing had happened.
"""

from __future__ import annotations

import threading

import pytest

from solvers.network.mip import _interrupt_on


class Boom(Exception):
    pass


class _Solver:
    def __init__(self) -> None:
        self.interrupted = threading.Event()

    def InterruptSolve(self) -> None:  # noqa: N802 (the backend's name)
        self.interrupted.set()


def test_a_raising_should_stop_interrupts_the_backend_and_is_raised():
    solver = _Solver()

    def should_stop() -> bool:
        raise Boom

    with pytest.raises(Boom), _interrupt_on(solver, should_stop):
        assert solver.interrupted.wait(30)  # the "solve": runs until interrupted


def test_a_stop_check_that_stays_false_lets_the_block_finish():
    solver = _Solver()
    with _interrupt_on(solver, lambda: False):
        pass
    assert not solver.interrupted.is_set()
