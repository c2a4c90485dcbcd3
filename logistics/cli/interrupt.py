"""Ctrl-C ends a command quietly: one line on stderr, exit code 130, no traceback.

Used by the console entry point (:mod:`logistics.cli.entry`, while the commands are
still importing) and by :func:`logistics.cli.errors.run_cli` (once one runs). Imports
nothing heavy, so it can guard the imports themselves.
"""

from __future__ import annotations

import sys
from typing import NoReturn

__all__ = ["EXIT_INTERRUPTED", "exit_interrupted", "interrupted_in_typer"]

EXIT_INTERRUPTED = 130
"""128 + SIGINT, what a shell reports for a command stopped with Ctrl-C."""


def exit_interrupted() -> NoReturn:
    """Say ``interrupted`` on stderr and exit 130."""
    print("interrupted", file=sys.stderr)
    sys.exit(EXIT_INTERRUPTED)


def interrupted_in_typer(exc: SystemExit) -> bool:
    """Whether ``exc`` is Typer's exit for a ``KeyboardInterrupt`` in a command (Typer
    turns it into ``Exit(130)`` and exits 130 without a word)."""
    if exc.code != EXIT_INTERRUPTED:
        return False
    typer_exit = exc.__context__
    return typer_exit is not None and isinstance(typer_exit.__cause__, KeyboardInterrupt)
