"""A progress bar on stderr for solves that run against a time limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from solvers.progress import Progress as SolverProgress
    from solvers.progress import ProgressCallback

__all__ = ["with_time_bar"]

T = TypeVar("T")


def with_time_bar(
    label: str,
    time_limit_s: float,
    run: Callable[[ProgressCallback | None], T],
    describe: Callable[[SolverProgress], str],
    enabled: bool = True,
) -> T:
    """``run(on_progress)``, showing elapsed time against ``time_limit_s`` (s) on stderr.

    ``on_progress`` takes the solver's :class:`solvers.progress.Progress` reports;
    ``describe(report)`` is the text next to the bar (the best walking so far...). The
    bar shows only on a terminal, for limits of 2 s or more and when ``enabled``;
    otherwise ``run(None)``. It disappears when the solve returns.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    if not enabled or time_limit_s < 2 or not err.is_terminal:
        return run(None)
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        TextColumn("{task.fields[text]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=time_limit_s, text="")

        def on_progress(report: SolverProgress) -> None:
            bar.update(task, completed=min(time_limit_s, report.elapsed_s), text=describe(report))

        return run(on_progress)
