"""Run many calls through an executor with a progress bar, results in input order."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from logistics.jobs.base import Executor, Job
from solvers.progress import STOP_POLL_S

__all__ = ["run_all"]


def run_all(
    executor: Executor,
    fn: Callable[[Any], Any],
    items: Sequence[Any],
    *,
    description: str = "running",
    show_progress: bool = True,
    label: Callable[[Any], str] | None = None,
    on_result: Callable[[int, Any], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> list[Any]:
    """``[fn(item) for item in items]`` on the executor's workers, with a progress bar.

    Parameters
    ----------
    executor
        Where to run.
    fn
        A picklable one-argument function.
    items
        Its arguments.
    description
        Text in front of the bar.
    show_progress
        Draw the bar (on stderr) while the calls run.
    label
        Names an item for the "last finished" column.
    on_result
        Called in this process with ``(index, result)`` as each call finishes.
    should_stop
        Polled every :data:`STOP_POLL_S` while waiting: once true the
        queued calls are cancelled and the results so far returned (``None`` for the
        calls not finished; ``on_result`` says which did). The calls still running go on
        until the executor is shut down (``shutdown(wait=False)`` stops them).

    Returns
    -------
    list
        The results in the order of ``items``. The first failing call's
        exception is re-raised after the queued calls are cancelled.
    """
    jobs = [executor.submit(fn, item, tag=i) for i, item in enumerate(items)]
    out: list[Any] = [None] * len(jobs)
    try:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
            disable=not show_progress,
            transient=False,
            console=Console(stderr=True),
        ) as progress:
            bar = progress.add_task(
                f"{description} on {executor.describe()}", total=len(jobs), last=""
            )
            for job in _finished(executor, jobs, should_stop):
                value = job.result()
                out[job.tag] = value
                if on_result is not None:
                    on_result(job.tag, value)
                last = label(items[job.tag]) if label else ""
                progress.update(bar, advance=1, last=last)
    except BaseException:
        for job in jobs:
            executor.cancel(job)
        raise
    if should_stop is not None and should_stop():
        for job in jobs:
            executor.cancel(job)
    return out


def _finished(
    executor: Executor, jobs: list[Job], should_stop: Callable[[], bool] | None
) -> Iterator[Job]:
    """``jobs`` as they finish; with ``should_stop``, polled while waiting, until it is true."""
    if should_stop is None:
        yield from executor.as_completed(jobs)
        return
    pending = list(jobs)
    while pending and not should_stop():
        done = [job for job in pending if job.done()]
        if not done:
            time.sleep(STOP_POLL_S)
            continue
        pending = [job for job in pending if job not in done]
        yield from done
