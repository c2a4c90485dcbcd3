"""Ctrl-C that breaks the import of Dask's ``distributed`` is not "install the dist extra".

Regression: it became ``DaskUnavailableError`` (``needs the optional 'dist' extra``).
"""

from __future__ import annotations

import pytest

from logistics.jobs.dask_backend import DaskUnavailableError, _import_distributed
from tests.broken_imports import assert_ctrl_c, break_import


def test_ctrl_c_breaking_the_import_comes_through(monkeypatch):
    break_import(monkeypatch, "distributed", ctrl_c=True)
    with pytest.raises(ImportError) as info:
        _import_distributed("dask", "tcp://127.0.0.1:8786")
    assert_ctrl_c(info)


def test_without_distributed_the_extra_is_named(monkeypatch):
    break_import(monkeypatch, "distributed", ctrl_c=False)
    with pytest.raises(DaskUnavailableError, match="'dist' extra"):
        _import_distributed("dask", "tcp://127.0.0.1:8786")
