"""Fixtures shared by the tests of the ``logistics`` package."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture
def source_cli(capsys, monkeypatch):
    """Run ``logistics source ARGS`` in-process; returns (exit code, stdout, stderr)."""
    from logistics.cli.app import app
    from logistics.cli.errors import run_cli

    def run(*args):
        monkeypatch.setattr(sys, "argv", ["logistics", "source", *args])
        code = 0
        try:
            run_cli(app)
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
