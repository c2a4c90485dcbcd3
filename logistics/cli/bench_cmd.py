"""``logistics bench SUITE``: the one entry point for benchmark suites."""

from __future__ import annotations

import typer

from logistics.cli.lazy_group import LazyGroup


class _Suites(LazyGroup):
    """One command per suite: running one imports its module only; ``bench --help`` (and
    completion) import them all."""

    register = "benchmarks.suites:register_all"
    register_one = "benchmarks.suites:register_one"


app = typer.Typer(no_args_is_help=True, cls=_Suites)
