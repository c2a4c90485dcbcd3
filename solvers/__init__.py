"""Optimisation solvers: each ``solve(problem, params) -> result`` over immutable problems."""
