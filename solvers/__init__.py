"""Pure solvers: ``solve(problem, params, on_progress=None) -> result`` over immutable problems."""
