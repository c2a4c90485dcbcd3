"""Ctrl-C that breaks folium's import is not "no map without the viz extra".

Regression: ``_map_html`` answered ``None`` (a route plan's result without its map,
the job carrying on) when Ctrl-C broke folium's import: the Ctrl-C was lost.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from api.solves import _map_html
from tests.broken_imports import assert_ctrl_c, break_import

# the request's problem and the plan are read only after folium imported
DOC = SimpleNamespace(problem=None, origin=None)


def test_ctrl_c_breaking_folium_import_comes_through(monkeypatch):
    break_import(monkeypatch, "folium", ctrl_c=True)
    with pytest.raises(ImportError) as info:
        _map_html(DOC, None)
    assert_ctrl_c(info)


def test_without_folium_there_is_no_map(monkeypatch):
    break_import(monkeypatch, "folium", ctrl_c=False)
    assert _map_html(DOC, None) is None
