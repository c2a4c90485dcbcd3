"""Ctrl-C that breaks a backend's import is not "the backend is not installed".

Regression: ``backend="auto"`` took the ``ImportError`` (raised from the
``KeyboardInterrupt``) of PyVRP's import as PyVRP missing and solved with OR-Tools for the
whole time limit, and ``solvers.routing._ortools`` took it for an older OR-Tools: the
Ctrl-C was lost.
"""

from __future__ import annotations

import importlib
import importlib.util

import pytest

from logistics.errors import InvalidValueError
from solvers.routing import RoutingParams
from tests.broken_imports import assert_ctrl_c, break_import
from tests.solvers.routing._instances import random_cvrp

# the modules (the package's ``solve`` attribute is the function)
solve_module = importlib.import_module("solvers.routing.solve")
ortools_names = importlib.import_module("solvers.routing._ortools")


@pytest.fixture
def ortools_marked(monkeypatch):
    """``solve``'s OR-Tools engine returns a marker instead of solving."""
    monkeypatch.setattr(solve_module, "solve_ortools", lambda *a, **k: "ortools")


@pytest.mark.parametrize(
    ("backend", "module"),
    [("auto", "solvers.routing.portfolio"), ("pyvrp", "solvers.routing.pyvrp_backend")],
)
def test_ctrl_c_breaking_a_backends_import_comes_through(
    monkeypatch, ortools_marked, backend, module
):
    break_import(monkeypatch, module, ctrl_c=True)
    with pytest.raises(ImportError) as info:
        solve_module.solve(random_cvrp(5), RoutingParams(backend=backend, time_limit_s=1))
    assert_ctrl_c(info)


def test_auto_without_pyvrp_still_solves_with_ortools(monkeypatch, ortools_marked):
    break_import(monkeypatch, "solvers.routing.portfolio", ctrl_c=False)
    assert solve_module.solve(random_cvrp(5), RoutingParams(backend="auto")) == "ortools"


def test_pyvrp_asked_for_without_pyvrp_is_a_bad_backend(monkeypatch, ortools_marked):
    break_import(monkeypatch, "solvers.routing.pyvrp_backend", ctrl_c=False)
    with pytest.raises(InvalidValueError) as info:
        solve_module.solve(random_cvrp(5), RoutingParams(backend="pyvrp"))
    assert info.value.field == "backend"


def _load_ortools_names():
    """A fresh copy of ``solvers.routing._ortools`` (the imported one is left alone)."""
    spec = importlib.util.spec_from_file_location("_ortools_copy", ortools_names.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ctrl_c_breaking_the_newer_ortools_import_comes_through(monkeypatch):
    break_import(monkeypatch, "ortools.routing", ctrl_c=True)
    with pytest.raises(ImportError) as info:
        _load_ortools_names()
    assert_ctrl_c(info)


def test_an_ortools_without_the_routing_package_takes_the_older_path(monkeypatch):
    break_import(monkeypatch, "ortools.routing", ctrl_c=False)
    module = _load_ortools_names()  # OR-Tools 9.15 has both
    assert module.RoutingModel.__module__.startswith("ortools.constraint_solver")
