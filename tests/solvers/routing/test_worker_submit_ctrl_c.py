"""Ctrl-C while :meth:`WorkerPool.submit` hands a solve over cancels that solve.

``submit`` holds Ctrl-C back until the hand-over ends, then raises ``KeyboardInterrupt``;
the caller (``logistics demo``'s routing stage) never gets the handle it would cancel,
and the worker ignores Ctrl-C, so the solve ran on to its time limit (10 s of 10 s
measured). A fake executor and manager stand in for the processes; the Ctrl-C is a real
SIGINT sent while the executor takes the solve.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
from concurrent.futures import Future

import pytest

from solvers.routing import RoutingParams
from solvers.routing.worker import WorkerPool, _run
from tests.solvers.routing._instances import line_problem


class _Manager:
    def Queue(self) -> queue.Queue:  # noqa: N802 - as multiprocessing's manager names it
        return queue.Queue()

    def Event(self) -> threading.Event:  # noqa: N802
        return threading.Event()


class _Executor:
    """Takes the solve (started in a worker, or still queued), then Ctrl-C comes."""

    def __init__(self, started: bool) -> None:
        self.started = started
        self.calls: list[tuple] = []

    def submit(self, fn, *args) -> Future:  # noqa: ANN001, ANN002
        future: Future = Future()
        if self.started:
            assert future.set_running_or_notify_cancel()
        self.calls.append((fn, args, future))
        os.kill(os.getpid(), signal.SIGINT)  # held back by submit until the hand-over ends
        return future

    def shutdown(self, **_kw) -> None:  # noqa: ANN003
        pass


@pytest.mark.parametrize("started", [True, False])
def test_ctrl_c_during_submit_cancels_the_solve_handed_over(started):
    assert threading.current_thread() is threading.main_thread()  # where submit holds SIGINT
    pool = WorkerPool.__new__(WorkerPool)  # no processes: a fake executor and manager
    pool._executor = _Executor(started)
    pool._manager = _Manager()
    pool._lock = threading.Lock()
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            pool.submit(line_problem(4, n_vehicles=1, capacity=(6,)), RoutingParams())
    finally:
        signal.signal(signal.SIGINT, before)
    [(fn, args, future)] = pool._executor.calls
    assert fn is _run
    cancel = args[-1]
    if started:  # running in the worker: asked to stop (it returns its best plan so far)
        assert cancel.is_set()
    else:  # still queued: never starts
        assert future.cancelled()
