"""The ``logistics`` console script (and ``python -m logistics``).

Importing the command groups takes a moment (each command imports its solvers, store
and data libraries when it runs); Ctrl-C in that time ends the command like Ctrl-C later
does (:mod:`logistics.cli.interrupt`: one line, exit 130), not with a traceback of the
import. This module imports nothing heavy itself, so a
spawned worker process that re-runs the script as its main module (multiprocessing's
``spawn``, e.g. the API's job workers under ``logistics serve``) does not import the
commands either.
"""

from __future__ import annotations

from logistics.cli.interrupt import defer_sigint, exit_interrupted

__all__ = ["main"]


def main() -> None:
    """Import the commands, then run them (``logistics.cli.app.main``)."""
    came = defer_sigint()
    try:
        from logistics.cli.app import main as run
    except KeyboardInterrupt:
        exit_interrupted()
    if came():
        exit_interrupted()
    run()
