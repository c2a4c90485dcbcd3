"""Solvers: pure functions from immutable problem objects to result objects."""
