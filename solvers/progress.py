"""What long solves report while they run, and how they are asked to stop early.

Every search that runs longer than a second takes ``on_progress`` (called with a
:class:`Progress`) and ``should_stop`` (polled; once it returns true the search
ends and the solver returns the best result found so far, the same way as when
its time limit is reached: a cancelled job keeps its best plan).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

__all__ = [
    "SCIP_LEAVES_CTRL_C",
    "STOP_POLL_S",
    "Progress",
    "ProgressCallback",
    "StopCheck",
    "polled_stop",
    "time_is_up",
    "timed_from",
]

STOP_POLL_S = 0.1
"""Seconds between ``should_stop`` polls while a native solver runs (:func:`polled_stop`)."""


SCIP_LEAVES_CTRL_C = "misc/catchctrlc = FALSE\n"
"""SCIP setting (``SetSolverSpecificParametersAsString``) that leaves Ctrl-C to Python:
SCIP's own SIGINT handler took a Ctrl-C that came while it solved, printed "pressed
CTRL-C" on stdout and ended the solve as at its time limit, so no ``should_stop`` (a
command's Ctrl-C, :func:`logistics.cli.interrupt.sigint_stops`) ever saw it, and in a
worker that ignores SIGINT it cut the solve short all the same."""


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report.

    Parameters
    ----------
    elapsed_s
        Seconds since the solve started.
    best
        Best objective so far, in the unit the solver documents (routing: the engine's
        objective in cents; sourcing: landed cost in cents; picker routing: tour length
        in mm; wave selection: units per aisle; slotting: simulated walking in mm; waves:
        walking in m; network design: cost), ``None`` before the first solution.
    bound
        Best proven bound on the objective, ``None`` when the search proves none.
    phase
        What the solver is doing (``"local_search"``, ``"alns"``, ``"lagrangian"``,
        ``"ortools"``, ``"cpsat"``, ``"chains"``, ``"tsp"``...).
    """

    elapsed_s: float
    best: float | None
    bound: float | None = None
    phase: str = ""


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]
"""Polled by a search; returns true once the caller wants the best result so far."""


def timed_from(start: float, on_progress: ProgressCallback | None) -> ProgressCallback | None:
    """``on_progress`` with ``elapsed_s`` counted from ``start`` (a ``time.monotonic()``
    reading) instead of from the start of the engine that reports: a solve that runs
    engines one after another then reports one clock. ``None`` stays ``None``."""
    if on_progress is None:
        return None
    callback = on_progress

    def report(progress: Progress) -> None:
        callback(replace(progress, elapsed_s=time.monotonic() - start))

    return report


def time_is_up(deadline: float, should_stop: StopCheck | None = None) -> bool:
    """True once ``time.perf_counter()`` reached ``deadline`` or ``should_stop()`` is true."""
    return time.perf_counter() >= deadline or (should_stop is not None and should_stop())


@contextlib.contextmanager
def polled_stop(should_stop: StopCheck | None, stop: Callable[[], object]) -> Iterator[None]:
    """While the block runs (a native solve that releases the GIL: CP-SAT, SCIP), poll
    ``should_stop`` every :data:`STOP_POLL_S` in a thread and call ``stop()`` (which asks
    the solver to end with its best solution so far) while it is true: again at each poll,
    as a stop asked before the solver started is lost. What ``should_stop`` raises calls
    ``stop()`` too and is raised after the block."""
    if should_stop is None:
        yield
        return
    done = threading.Event()
    failed: list[BaseException] = []  # raised by ``should_stop``: re-raised in the caller

    def watch() -> None:
        while not done.wait(STOP_POLL_S):
            try:
                asked = should_stop()
            except BaseException as exc:
                failed.append(exc)
                stop()
                return
            if asked:
                stop()

    watcher = threading.Thread(target=watch, name="solver-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
    if failed:
        raise failed[0]
