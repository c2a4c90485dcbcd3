"""The one way our solvers make an OR-Tools CP-SAT solver, and stop one when asked.

CP-SAT catches SIGINT by default (``catch_sigint_signal``): a Ctrl-C during a solve
only ends that solve early, so a command or a benchmark suite carries on and exits 0
(``logistics bench waves`` then wrote a table with a cut-short instance as if nothing
had happened); and when the solve returns, OR-Tools puts the default action back, so
the next Ctrl-C kills the process outright instead of raising ``KeyboardInterrupt``.
Our solvers leave SIGINT to Python: the caller decides what a Ctrl-C means.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from ortools.sat.python import cp_model

from solvers.progress import StopCheck

__all__ = ["STOP_POLL_S", "new_cp_solver", "stop_search_on"]

STOP_POLL_S = 0.1
"""Seconds between ``should_stop`` polls while CP-SAT solves (:func:`stop_search_on`)."""


def new_cp_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that leaves SIGINT (Ctrl-C) to Python."""
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver


@contextlib.contextmanager
def stop_search_on(solver: cp_model.CpSolver, should_stop: StopCheck | None) -> Iterator[None]:
    """While the block runs (a ``solver.solve``), poll ``should_stop`` every
    :data:`STOP_POLL_S` in a thread (CP-SAT releases the GIL) and stop the search while it
    is true (again at each poll: a stop that comes before the search started is lost).
    The solve then returns its best solution so far (``FEASIBLE``) or none (``UNKNOWN``).
    What ``should_stop`` raises stops the search and is raised after the block."""
    if should_stop is None:
        yield
        return
    done = threading.Event()
    failed: list[BaseException] = []  # raised by ``should_stop``: re-raised in the caller

    def watch() -> None:
        while not done.wait(STOP_POLL_S):
            try:
                stop = should_stop()
            except BaseException as exc:
                failed.append(exc)
                solver.stop_search()
                return
            if stop:
                solver.stop_search()

    watcher = threading.Thread(target=watch, name="cp-sat-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
    if failed:
        raise failed[0]
