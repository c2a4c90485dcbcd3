"""Executor backed by local worker processes (the default).

Why not ``ProcessPoolExecutor(max_tasks_per_child=...)`` directly: on CPython
3.11 a pool whose workers exit after ``max_tasks_per_child`` calls can hang
for ever once more calls are queued than workers remain (CPython gh-115634,
fixed only in later releases). We keep the queue in this process instead, send
at most ``workers`` calls to the pool at a time, and replace the whole pool
after ``workers * max_tasks_per_child`` calls; the old pool finishes its
in-flight calls and then exits. A pool broken by a crashed worker (a solver
segfault) fails only the calls that were in it; later calls get a fresh pool.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import resource_tracker
from typing import Any

from logistics.domain._checks import require_int
from logistics.errors import InvalidValueError
from logistics.jobs.base import Executor

__all__ = ["ProcessPoolBackend", "default_workers"]


def default_workers() -> int:
    """``LOGISTICS_WORKERS`` when set, else the number of CPUs this process may use."""
    env = os.environ.get("LOGISTICS_WORKERS")
    if env:
        try:
            n = int(env)
        except ValueError:
            raise InvalidValueError(
                "LOGISTICS_WORKERS", env, "expected a positive integer"
            ) from None
        if n < 1:
            raise InvalidValueError("LOGISTICS_WORKERS", env, "expected a positive integer")
        return n
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _quiet_worker() -> None:
    """Pool worker initializer: leave Ctrl-C to the parent.

    The terminal sends SIGINT to the whole process group; a worker still importing
    (seconds after it is spawned) died of it printing a ``KeyboardInterrupt``
    traceback under the command's ``interrupted``. Workers are started with SIGINT
    blocked (:func:`_sigint_blocked`); here it is ignored, then unblocked (one that came
    meanwhile is dropped). The parent stops its workers itself: ``shutdown(wait=False)``,
    which a ``with`` block left by an exception (Ctrl-C too) calls, terminates them.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread for the block: processes started in it inherit the
    mask through ``fork`` and ``exec``, until :func:`_quiet_worker` runs in them."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    # the resource tracker, started with the first process, unblocks SIGINT in this
    # thread when done: have it running before blocking
    resource_tracker.ensure_running()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class ProcessPoolBackend(Executor):
    """Worker processes on this machine.

    Workers are started with the ``spawn`` method (safe next to threads,
    OR-Tools and the API server: nothing inherited) and recycled: after
    ``workers * max_tasks_per_child`` calls the pool is replaced, so memory a
    solver leaks goes back to the system.

    Parameters
    ----------
    workers
        Number of worker processes; default :func:`default_workers`.
    max_tasks_per_child
        Calls per worker (on average) before the pool is replaced; ``None``
        never replaces it.
    """

    kind = "process pool"

    def __init__(self, workers: int | None = None, max_tasks_per_child: int | None = 20) -> None:
        n = require_int("workers", default_workers() if workers is None else workers, minimum=1)
        if max_tasks_per_child is not None:
            max_tasks_per_child = require_int("max_tasks_per_child", max_tasks_per_child, minimum=1)
        self._workers = n
        self.max_tasks_per_child = max_tasks_per_child
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.RLock()
        self._pending: deque[tuple[cf.Future, Callable[..., Any], tuple, dict]] = deque()
        self._in_flight = 0
        self._pool: cf.ProcessPoolExecutor | None = None
        self._pool_calls = 0
        self._retired: list[cf.ProcessPoolExecutor] = []
        self._outstanding: set[cf.Future] = set()
        self._closed = False
        #: How many pools were started so far (recycling and crash recovery).
        self.pools_started = 0

    @property
    def workers(self) -> int:
        return self._workers

    # -- internals ---------------------------------------------------------------

    def _fresh_pool(self) -> cf.ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=False)  # finishes its in-flight calls, then exits
            self._retired.append(self._pool)
        self._pool = cf.ProcessPoolExecutor(
            max_workers=self._workers, mp_context=self._context, initializer=_quiet_worker
        )
        self._pool_calls = 0
        self.pools_started += 1
        return self._pool

    def _pool_for_next_call(self) -> cf.ProcessPoolExecutor:
        limit = (
            None if self.max_tasks_per_child is None else self._workers * self.max_tasks_per_child
        )
        pool = self._pool
        if pool is None or getattr(pool, "_broken", False):
            return self._fresh_pool()
        if limit is not None and self._pool_calls >= limit:
            return self._fresh_pool()
        return pool

    def _dispatch(self) -> None:
        with self._lock:
            while self._pending and self._in_flight < self._workers:
                outer, fn, args, kwargs = self._pending.popleft()
                if not outer.set_running_or_notify_cancel():
                    self._outstanding.discard(outer)
                    continue
                try:
                    pool = self._pool_for_next_call()
                    with _sigint_blocked():  # a pool starts its processes on a submit
                        try:
                            inner = pool.submit(fn, *args, **kwargs)
                        except BrokenProcessPool:
                            inner = self._fresh_pool().submit(fn, *args, **kwargs)
                except BaseException as exc:  # pool could not start: fail this call only
                    outer.set_exception(exc)
                    self._outstanding.discard(outer)
                    continue
                self._pool_calls += 1
                self._in_flight += 1
                inner.add_done_callback(lambda f, outer=outer: self._finished(outer, f))

    def _finished(self, outer: cf.Future, inner: cf.Future) -> None:
        try:
            exc = inner.exception()
        except cf.CancelledError as cancelled:
            exc = cancelled
        if exc is None:
            outer.set_result(inner.result())
        else:
            outer.set_exception(exc)
        with self._lock:
            self._in_flight -= 1
            self._outstanding.discard(outer)
            if not self._closed or self._pending:
                self._dispatch()

    # -- Executor ----------------------------------------------------------------

    def _submit(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> cf.Future:
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot submit to an executor that was shut down")
            outer: cf.Future = cf.Future()
            self._pending.append((outer, fn, args, kwargs))
            self._outstanding.add(outer)
            self._dispatch()
            return outer

    def _as_completed(self, futures: list[Any], timeout: float | None) -> Iterator[Any]:
        return cf.as_completed(futures, timeout=timeout)

    def _cancel(self, future: cf.Future) -> bool:
        # A call already running in a worker cannot be interrupted; a queued one can.
        return future.cancel()

    def shutdown(self, wait: bool = True) -> None:
        with self._lock:
            self._closed = True
            if not wait:
                while self._pending:
                    self._pending.popleft()[0].cancel()
        if wait:
            cf.wait(list(self._outstanding))
        with self._lock:
            pools = [*self._retired, *([self._pool] if self._pool is not None else [])]
            self._retired = []
            self._pool = None
        for pool in pools:
            # work given up (an error, Ctrl-C): the calls running in workers stop too
            running = [] if wait else list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=wait, cancel_futures=not wait)
            for proc in running:
                proc.terminate()
            for proc in running:
                proc.join(5)  # reaped here, not left to whoever adopts it
