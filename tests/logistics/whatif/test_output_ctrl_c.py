"""Ctrl-C that breaks matplotlib's import is not "no plot without matplotlib".

Regression: ``plot_frontier`` returned ``None`` (the sweep written without its PNG, the
run carrying on) when Ctrl-C broke matplotlib's import: the Ctrl-C was lost.
"""

from __future__ import annotations

import pytest

from logistics.whatif.output import plot_frontier
from tests.broken_imports import assert_ctrl_c, break_import


def test_ctrl_c_breaking_matplotlibs_import_comes_through(monkeypatch, tmp_path):
    break_import(monkeypatch, "matplotlib", ctrl_c=True)
    with pytest.raises(ImportError) as info:
        plot_frontier(None, tmp_path / "f.png")  # the report is read only after the import
    assert_ctrl_c(info)


def test_without_matplotlib_there_is_no_plot(monkeypatch, tmp_path):
    break_import(monkeypatch, "matplotlib", ctrl_c=False)
    assert plot_frontier(None, tmp_path / "f.png") is None
    assert not (tmp_path / "f.png").exists()
