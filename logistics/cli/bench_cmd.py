"""``logistics bench SUITE``: the one entry point for benchmark suites."""

from __future__ import annotations

import typer

from logistics.cli.lazy_group import LazyGroup


class _Suites(LazyGroup):
    """One command per suite; the suite modules are imported when ``bench`` is used."""

    register = "benchmarks.suites:register_all"


app = typer.Typer(no_args_is_help=True, cls=_Suites)
