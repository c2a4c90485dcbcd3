"""Run route solves in worker processes (OR-Tools routing holds the GIL).

A :class:`WorkerPool` is a process pool whose workers are recycled after
``max_tasks_per_child`` solves (OR-Tools keeps memory between solves), started with
the ``forkserver`` method (``spawn`` where unavailable), so a solve never blocks the
caller's threads (the API's event loop, the benchmark progress bar). Progress is
streamed back through a queue and handed to ``on_progress`` (a
:class:`~solvers.progress.Progress`) on a thread of the calling process;
:meth:`SolveHandle.cancel` asks the solver to stop and the result is then the best
plan found so far (status ``"cancelled"``).

>>> handle = solve_in_worker(problem, RoutingParams(time_limit_s=30), print)  # doctest: +SKIP
>>> handle.cancel(); plan = handle.result()                                 # doctest: +SKIP
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import resource_tracker
from typing import Any

from logistics.domain.route_plan import RoutePlan
from logistics.domain.routing import RoutingProblem
from solvers.progress import STOP_POLL_S, Progress, ProgressCallback
from solvers.routing.params import RoutingParams
from solvers.routing.plan import RouteSpec

__all__ = ["WorkerPool", "SolveHandle", "solve_in_worker", "default_pool"]


def _run(problem: RoutingProblem, params: RoutingParams, queue: Any, cancel: Any) -> RoutePlan:
    """Body of one solve inside a worker process."""
    from solvers.routing.solve import solve

    last_poll = [0.0]
    stop_seen = [False]

    def on_progress(p: Progress) -> None:
        queue.put(("progress", p))

    def on_routes(routes: list[RouteSpec]) -> None:
        queue.put(("routes", routes))

    def should_stop() -> bool:
        now = time.monotonic()
        if now - last_poll[0] >= STOP_POLL_S:
            last_poll[0] = now
            stop_seen[0] = cancel.is_set()
        return stop_seen[0]

    try:
        return solve(problem, params, on_progress, should_stop=should_stop, on_routes=on_routes)
    finally:
        queue.put(("done", None))


def _leave_ctrl_c_to_the_caller() -> None:
    """Worker initializer: ignore SIGINT, then unblock it (workers start with it blocked:
    :func:`_sigint_blocked`). A terminal's Ctrl-C reaches the whole process group; a
    worker died of it printing a ``KeyboardInterrupt`` traceback (``logistics demo``'s
    routing stage). The caller stops a solve with :meth:`SolveHandle.cancel`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Ctrl-C held back for the block: SIGINT blocked in this thread, so that processes
    started in it (the forkserver, the manager, workers) inherit the mask and a Ctrl-C
    during their start-up does not kill them mid-import (as in
    :mod:`logistics.jobs.local`); and Python's handler deferred to the block's end (the
    signal may still reach another thread, and a ``KeyboardInterrupt`` while the manager
    started left it writing to a closed pipe). Main thread only: elsewhere nothing
    changes."""
    if not hasattr(signal, "pthread_sigmask") or (
        threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    # the resource tracker, started with the first process, unblocks SIGINT in this
    # thread when done: have it running before blocking
    resource_tracker.ensure_running()
    came: list[int] = []
    handler = signal.signal(signal.SIGINT, lambda *_: came.append(1))
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)  # one still pending comes now
        signal.signal(signal.SIGINT, handler)
    if came and callable(handler):
        handler(signal.SIGINT, None)


class SolveHandle:
    """A running (or finished) solve in a worker process."""

    def __init__(self, future: Future, cancel: Any, relay: threading.Thread | None) -> None:
        self._future = future
        self._cancel = cancel
        self._relay = relay
        self._error: BaseException | None = None  # raised by the caller's on_progress
        self.progress: Progress | None = None
        """Latest progress reported."""
        self.best_routes: list[RouteSpec] | None = None
        """Best routes so far (with the engine's schedule where it has one), at most a second old
        (not for the >1,000-stop decomposition)."""

    def best_plan(self, problem: RoutingProblem) -> RoutePlan | None:
        """The best plan so far while the search runs (greedy schedule), or ``None``.

        Built from :attr:`best_routes` in this process, without waiting for the
        worker (the API's ``GET`` on a running job).
        """
        if self.best_routes is None:
            return None
        from solvers.routing.plan import build_plan

        return build_plan(problem, self.best_routes, backend="in progress")

    def cancel(self) -> None:
        """Stop the search; :meth:`result` then returns the best plan so far."""
        if not self._future.cancel():
            self._cancel.set()

    def done(self) -> bool:
        """Whether the solve has finished (or was cancelled before starting)."""
        return self._future.done()

    def result(self, timeout: float | None = None) -> RoutePlan:
        """Wait for the plan.

        Raises
        ------
        concurrent.futures.CancelledError
            When cancelled before the worker started it (there is no plan at all).
        TimeoutError
            When ``timeout`` seconds pass first.
        Exception
            Whatever ``on_progress`` raised (the solve was cancelled at that point).
        """
        plan = self._future.result(timeout)
        if self._relay is not None:
            self._relay.join(timeout=5)
        if self._error is not None:
            raise self._error
        return plan


class WorkerPool:
    """A pool of solver processes, each recycled after ``max_tasks_per_child`` solves.

    Parameters
    ----------
    max_workers
        Concurrent solves (each uses one core).
    max_tasks_per_child
        Solves before a worker process is replaced.
    """

    def __init__(self, max_workers: int = 1, max_tasks_per_child: int = 20) -> None:
        methods = mp.get_all_start_methods()
        self._ctx = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        self._max_workers = max_workers
        self._max_tasks = max_tasks_per_child
        self._executor = self._new_executor()
        self._manager = None
        self._lock = threading.Lock()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self._max_workers,
            mp_context=self._ctx,
            max_tasks_per_child=self._max_tasks,
            initializer=_leave_ctrl_c_to_the_caller,
        )

    def _shared(self):
        with self._lock:
            if self._manager is None:
                self._manager = self._ctx.Manager()
            return self._manager

    def submit(
        self,
        problem: RoutingProblem,
        params: RoutingParams,
        on_progress: ProgressCallback | None = None,
    ) -> SolveHandle:
        """Start a solve; returns at once with a :class:`SolveHandle`.

        Ctrl-C while it runs (held back to the end of the hand-over) raises
        ``KeyboardInterrupt`` and cancels the solve handed over: the caller gets no handle
        to cancel, and the worker ignores Ctrl-C (else it runs on to its time limit)."""
        future: Future | None = None
        try:
            with _sigint_blocked():  # the manager and the workers may start here
                manager = self._shared()
                queue = manager.Queue()
                cancel = manager.Event()
                try:
                    future = self._executor.submit(_run, problem, params, queue, cancel)
                except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh
                    with self._lock:
                        self._executor = self._new_executor()
                    future = self._executor.submit(_run, problem, params, queue, cancel)
        except BaseException:
            if future is not None:  # handed over, but no handle is returned: stop it here
                SolveHandle(future, cancel, None).cancel()
            raise
        handle = SolveHandle(future, cancel, None)

        def relay() -> None:
            while True:
                try:
                    kind, payload = queue.get(timeout=0.5)
                except Exception:  # queue.Empty, or the manager went away
                    if future.done():
                        return
                    continue
                if kind == "done":
                    return
                if kind == "routes":
                    handle.best_routes = payload
                    continue
                handle.progress = payload
                if on_progress is not None and handle._error is None:
                    try:
                        on_progress(payload)
                    except BaseException as exc:  # stop the solve; result() raises it
                        handle._error = exc
                        handle.cancel()

        thread = threading.Thread(target=relay, name="routing-progress", daemon=True)
        thread.start()
        handle._relay = thread
        return handle

    def shutdown(self) -> None:
        """Stop the workers (waits for running solves)."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._manager is not None:
            self._manager.shutdown()
            self._manager = None


_default: WorkerPool | None = None
_default_lock = threading.Lock()


def default_pool() -> WorkerPool:
    """The process-wide pool used by :func:`solve_in_worker` (one worker)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = WorkerPool()
        return _default


def solve_in_worker(
    problem: RoutingProblem,
    params: RoutingParams,
    on_progress: ProgressCallback | None = None,
    *,
    pool: WorkerPool | None = None,
) -> SolveHandle:
    """Solve in a worker process; returns a handle (``result()``, ``cancel()``).

    Parameters
    ----------
    problem, params
        As for :func:`solvers.routing.solve`.
    on_progress
        Called in this process (on a relay thread) with the solve's
        :class:`~solvers.progress.Progress` (see :func:`solvers.routing.solve`);
        should it raise, the solve is cancelled and :meth:`SolveHandle.result` raises it.
    pool
        The pool to use; default: a shared one-worker pool.
    """
    return (pool or default_pool()).submit(problem, params, on_progress)
