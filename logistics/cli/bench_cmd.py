"""``logistics bench SUITE``: the one entry point for benchmark suites."""

from __future__ import annotations

import typer

from benchmarks.suites import register_all

app = typer.Typer(no_args_is_help=True)
register_all(app)
