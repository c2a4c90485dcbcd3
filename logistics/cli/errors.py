"""Turn library errors into one clear line on stderr and a non-zero exit code."""

from __future__ import annotations

import sys

import typer

from logistics.cli.interrupt import EXIT_INTERRUPTED, exit_interrupted, interrupted_in_typer
from logistics.ctrl_c import raised_by_ctrl_c
from logistics.errors import DatasetFormatError, InvalidValueError, LogisticsError

__all__ = ["run_cli", "EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_INTERRUPTED"]

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


def run_cli(app: typer.Typer) -> None:
    """Run ``app``; bad input exits 2 with ``error: field=value: reason`` (or ``error:
    PATH: reason`` for a file that cannot be read or written), no traceback.

    Typer runs in standalone mode: usage errors (unknown option, missing or malformed
    value) print the usage and exit 2, ``typer.Exit(code)`` exits with ``code``, and
    every run ends in ``SystemExit``. Ctrl-C (``KeyboardInterrupt``) prints
    ``interrupted`` and exits 130, no traceback; so does an error Ctrl-C caused (it broke
    the import of a native module: ``ImportError: initialization failed``).
    """
    try:
        app()
    except KeyboardInterrupt:  # outside a command (Typer handles it inside one)
        exit_interrupted()
    except SystemExit as exc:
        if interrupted_in_typer(exc):  # Typer exits 130 without a word: say why
            exit_interrupted()
        raise
    except Exception as exc:
        # Ctrl-C that broke a native module's import (ImportError: initialization failed),
        # or a library error made of it: as Ctrl-C anywhere else, not a traceback or exit 2
        if raised_by_ctrl_c(exc):
            exit_interrupted()
        _exit_on_error(exc)
        raise


def _exit_on_error(exc: Exception) -> None:
    """Exit with one line on stderr for a library error or a path that cannot be read or
    written; return for any other ``exc`` (the caller re-raises it)."""
    if isinstance(exc, (InvalidValueError, DatasetFormatError)):
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    if isinstance(exc, LogisticsError):
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_FAILED)
    if isinstance(exc, OSError) and exc.filename is not None:
        # a path given on the command line cannot be read or written (no such folder...)
        print(f"error: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
