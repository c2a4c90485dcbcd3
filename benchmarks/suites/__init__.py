"""Benchmark suites. Each module here has ``register(app)`` adding ``logistics bench NAME``.

Add a suite by writing ``benchmarks/suites/<name>.py`` and listing it in ``SUITE_MODULES``;
its command is named as its module, ``-`` for ``_`` (``logistics bench slotting-signals``).
"""

from __future__ import annotations

import importlib

import typer

SUITE_MODULES: list[str] = []
SUITE_MODULES.append("matrices")
SUITE_MODULES.append("routing")
SUITE_MODULES.append("picking")
SUITE_MODULES.append("waves")
SUITE_MODULES.append("sourcing")
SUITE_MODULES.append("network")
SUITE_MODULES.append("load")
SUITE_MODULES.append("slotting")
SUITE_MODULES.append("slotting_signals")


def register_all(app: typer.Typer) -> None:
    """Add every suite's command to the ``logistics bench`` group."""
    for name in SUITE_MODULES:
        importlib.import_module(f"benchmarks.suites.{name}").register(app)


def register_one(app: typer.Typer, command: str) -> bool:
    """Add the suite command named ``command`` (only its module is imported); whether there
    is such a suite."""
    name = command.replace("-", "_")
    if "_" in command or name not in SUITE_MODULES:  # slotting_signals is not a command
        return False
    importlib.import_module(f"benchmarks.suites.{name}").register(app)
    return True
