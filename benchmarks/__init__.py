"""Benchmark suites: our solvers against best-known solutions and peer solvers.

``logistics bench SUITE`` runs a suite; every suite writes
``benchmarks/results/<suite>_<budget>.csv`` and ``.md`` through :mod:`benchmarks.runner`.
"""
