"""The one way our solvers make an OR-Tools CP-SAT solver, and stop one when asked.

CP-SAT catches SIGINT by default (``catch_sigint_signal``): a Ctrl-C during a solve
only ends that solve early, so a command or a benchmark suite carries on and exits 0
(``logistics bench waves`` then wrote a table with a cut-short instance as if nothing
had happened); and when the solve returns, OR-Tools puts the default action back, so
the next Ctrl-C kills the process outright instead of raising ``KeyboardInterrupt``.
Our solvers leave SIGINT to Python: the caller decides what a Ctrl-C means.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from solvers.progress import StopCheck, polled_stop

__all__ = ["new_cp_solver", "stop_search_on"]


def new_cp_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that leaves SIGINT (Ctrl-C) to Python."""
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver


def stop_search_on(solver: cp_model.CpSolver, should_stop: StopCheck | None):
    """Context manager for a ``solver.solve``: polls ``should_stop`` every 0.1 s
    (:func:`~solvers.progress.polled_stop`) and stops the search while it is true; the
    solve then returns its best solution so far (``FEASIBLE``) or none (``UNKNOWN``).
    What ``should_stop`` raises stops the search and is raised after the block."""
    return polled_stop(should_stop, solver.stop_search)
