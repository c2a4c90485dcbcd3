"""Turn library errors into one clear line on stderr and a non-zero exit code."""

from __future__ import annotations

import sys

import typer

from logistics.cli.interrupt import EXIT_INTERRUPTED, exit_interrupted, interrupted_in_typer
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
    ``interrupted`` and exits 130, no traceback.
    """
    try:
        app()
    except KeyboardInterrupt:  # outside a command (Typer handles it inside one)
        exit_interrupted()
    except SystemExit as exc:
        if interrupted_in_typer(exc):  # Typer exits 130 without a word: say why
            exit_interrupted()
        raise
    except (InvalidValueError, DatasetFormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    except LogisticsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_FAILED)
    except OSError as exc:
        if exc.filename is None:
            raise
        # a path given on the command line cannot be read or written (no such folder...)
        print(f"error: {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
