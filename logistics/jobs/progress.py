"""Run many calls through an executor with a progress bar, results in input order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from logistics.jobs.base import Executor

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
            for job in executor.as_completed(jobs):
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
    return out
