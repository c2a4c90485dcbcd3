"""The one executor interface that benchmarks, what-if sweeps and long jobs share.

An :class:`Executor` runs picklable functions somewhere else (worker processes
on this machine, or Dask workers on other machines) and hands back
:class:`Job` handles. Use it as a context manager so workers are shut down::

    with get_executor() as ex:
        jobs = [ex.submit(solve_one, item) for item in items]
        for job in ex.as_completed(jobs):
            print(job.tag, job.result())
"""

from __future__ import annotations

import abc
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["Executor", "Job"]

_job_ids = itertools.count()


class Job:
    """A handle on one submitted call.

    Parameters
    ----------
    future
        The backend's future (``concurrent.futures.Future`` or
        ``distributed.Future``); both offer ``result``, ``done`` and ``cancel``.
    tag
        Whatever the caller attached at submit time (an index, an instance
        name); returned untouched so results can be matched to inputs.
    """

    __slots__ = ("future", "tag", "id", "_executor")

    def __init__(self, future: Any, tag: Any = None, executor: Executor | None = None) -> None:
        self.future = future
        self.tag = tag
        self.id = next(_job_ids)
        self._executor = executor

    def result(self, timeout: float | None = None) -> Any:
        """The call's return value; re-raises the call's exception.

        Parameters
        ----------
        timeout
            Seconds to wait at most; ``None`` waits for ever.
        """
        if self._executor is not None:
            return self._executor._result(self.future, timeout)
        return self.future.result(timeout=timeout)

    def done(self) -> bool:
        """Finished, failed or cancelled."""
        return bool(self.future.done())

    def cancelled(self) -> bool:
        """Cancelled before it finished."""
        return bool(self.future.cancelled())

    def __repr__(self) -> str:
        state = "done" if self.done() else "pending"
        return f"Job(id={self.id}, tag={self.tag!r}, {state})"


class Executor(abc.ABC):
    """Runs calls on workers; subclasses pick where (process pool, Dask cluster).

    Functions and arguments must be picklable: module-level functions and plain
    data (frozen dataclasses), never lambdas or open connections.
    """

    #: Short backend name shown in progress bars and reports.
    kind: str = "executor"

    @property
    @abc.abstractmethod
    def workers(self) -> int:
        """How many calls can run at the same time."""

    @abc.abstractmethod
    def _submit(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        """Start ``fn(*args, **kwargs)`` and return the backend's future."""

    @abc.abstractmethod
    def _as_completed(self, futures: list[Any], timeout: float | None) -> Iterator[Any]:
        """Yield the backend's futures as they finish."""

    @abc.abstractmethod
    def _cancel(self, future: Any) -> bool:
        """Cancel one backend future; ``True`` when it will not run to the end."""

    def _result(self, future: Any, timeout: float | None) -> Any:
        """The backend future's value (a backend may turn its own failures into typed
        errors here: a lost Dask scheduler)."""
        return future.result(timeout=timeout)

    @abc.abstractmethod
    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work and release the workers (idempotent)."""

    def describe(self) -> str:
        """One line naming the backend and its size, e.g. ``process pool (2 workers)``."""
        return f"{self.kind} ({self.workers} worker{'' if self.workers == 1 else 's'})"

    def submit(self, fn: Callable[..., Any], /, *args: Any, tag: Any = None, **kwargs: Any) -> Job:
        """Run ``fn(*args, **kwargs)`` on a worker.

        Parameters
        ----------
        fn
            A picklable (module-level) function.
        *args, **kwargs
            Its arguments (picklable).
        tag
            Kept on the returned :class:`Job` to match results to inputs.

        Returns
        -------
        Job
            The handle; ``job.result()`` waits for the value.
        """
        return Job(self._submit(fn, args, kwargs), tag, self)

    def as_completed(self, jobs: Iterable[Job], timeout: float | None = None) -> Iterator[Job]:
        """Yield ``jobs`` in the order they finish (failed and cancelled ones too).

        Parameters
        ----------
        jobs
            Handles returned by :meth:`submit` on this executor.
        timeout
            Seconds to wait for all of them; ``TimeoutError`` when exceeded.
        """
        jobs = list(jobs)
        by_future = {id(job.future): job for job in jobs}
        for future in self._as_completed([job.future for job in jobs], timeout):
            yield by_future[id(future)]

    def cancel(self, job: Job) -> bool:
        """Cancel ``job``: a queued call never starts; ``True`` when it was stopped."""
        if job.done():
            return job.cancelled()
        return self._cancel(job.future)

    def map(self, fn: Callable[..., Any], items: Iterable[Any]) -> list[Any]:
        """``[fn(item) for item in items]`` computed on the workers, results in input order."""
        jobs = [self.submit(fn, item, tag=i) for i, item in enumerate(items)]
        try:
            out: list[Any] = [None] * len(jobs)
            for job in self.as_completed(jobs):
                out[job.tag] = job.result()
            return out
        except BaseException:
            for job in jobs:
                self.cancel(job)
            raise

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown(wait=exc[0] is None)
