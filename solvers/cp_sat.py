"""The one way our solvers make an OR-Tools CP-SAT solver.

CP-SAT catches SIGINT by default (``catch_sigint_signal``): a Ctrl-C during a solve
only ends that solve early, so a command or a benchmark suite carries on and exits 0
(``logistics bench waves`` then wrote a table with a cut-short instance as if nothing
had happened); and when the solve returns, OR-Tools puts the default action back, so
the next Ctrl-C kills the process outright instead of raising ``KeyboardInterrupt``.
Our solvers leave SIGINT to Python: the caller decides what a Ctrl-C means.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

__all__ = ["new_cp_solver"]


def new_cp_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that leaves SIGINT (Ctrl-C) to Python."""
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver
