"""Pure solvers: ``solve(problem, params, on_progress=None) -> result`` over immutable problems."""

"""Solvers: pure functions from immutable problem objects to result objects."""
