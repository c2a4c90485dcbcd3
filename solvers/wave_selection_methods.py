"""The methods of :func:`solvers.wave_selection.solve`, in a module of their own.

:mod:`solvers.wave_selection` imports CP-SAT and numpy; ``logistics waves sbpo --help``
lists these names without importing either.
"""

from __future__ import annotations

__all__ = ["METHODS"]

METHODS = ("auto", "heuristic", "cpsat")
"""``auto`` (local search, then CP-SAT), ``heuristic`` (local search only), ``cpsat``."""
