"""Ctrl-C ends a command quietly: one line on stderr, exit code 130, no traceback.

Used by the console entry point (:mod:`logistics.cli.entry`, while the commands are
still importing) and by :func:`logistics.cli.errors.run_cli` (once one runs). Imports
nothing heavy, so it can guard the imports themselves.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from typing import NoReturn

__all__ = [
    "EXIT_INTERRUPTED",
    "defer_sigint",
    "exit_interrupted",
    "exit_stopped",
    "interrupted_in_typer",
    "sigint_stops",
]

EXIT_INTERRUPTED = 130
"""128 + SIGINT, what a shell reports for a command stopped with Ctrl-C."""


def exit_interrupted() -> NoReturn:
    """Say ``interrupted`` on stderr and exit 130."""
    print("interrupted", file=sys.stderr)
    sys.exit(EXIT_INTERRUPTED)


def exit_stopped(what: str) -> NoReturn:
    """After a search that Ctrl-C stopped (:func:`sigint_stops` with ``keep_best``) and whose
    best result so far was shown: say so on stderr and exit 130, as an interrupted command
    does (a script must not take a stopped search for a finished one). A later Ctrl-C
    (a second press while the result was written) is ignored: nothing is left to abort,
    and raised while exiting it would end the process by SIGINT instead of exit 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print(f"stopped by Ctrl-C: {what}", file=sys.stderr)
    sys.exit(EXIT_INTERRUPTED)


def defer_sigint() -> Callable[[], bool]:
    """Hold Ctrl-C back until the returned check: it restores the handler there was and
    says whether Ctrl-C came meanwhile (the caller then ends: :func:`exit_interrupted`).

    For start-up steps (imports, migrations, building the app): a ``KeyboardInterrupt``
    raised while the garbage collector runs a weakref callback or a ``__del__`` is
    printed as "Exception ignored" and lost, so a server went on to serve after a Ctrl-C
    (``logistics serve`` hit 1.5 s after numpy loaded). Held back, it ends the command
    at the next check, and no step is left half done. Main thread only.
    """
    came: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda *_: came.append(1))

    def check() -> bool:
        signal.signal(signal.SIGINT, previous)
        return bool(came)

    return check


def interrupted_in_typer(exc: SystemExit) -> bool:
    """Whether ``exc`` is Typer's exit for a ``KeyboardInterrupt`` in a command (Typer
    turns it into ``Exit(130)`` and exits 130 without a word)."""
    if exc.code != EXIT_INTERRUPTED:
        return False
    typer_exit = exc.__context__
    return typer_exit is not None and isinstance(typer_exit.__cause__, KeyboardInterrupt)


@contextlib.contextmanager
def sigint_stops(keep_best: bool = False) -> Iterator[Callable[[], bool]]:
    """A ``should_stop`` for a solver that turns true once Ctrl-C came, for solves that run
    in native code on the main thread (CP-SAT): Python runs its SIGINT handler, and so
    raises ``KeyboardInterrupt``, only once that code returns, so Ctrl-C waited for the
    solve's time limit. Python's C handler also writes the signal to a wakeup fd at once;
    the solver's stop poll (another thread) reads it there and ends the solve, and the
    ``KeyboardInterrupt`` follows as usual. Outside the main thread: never true.

    ``keep_best=True``: the first Ctrl-C raises nothing, it only stops the solve, which
    returns its best result so far for the command to show (marked as stopped); a second
    Ctrl-C raises ``KeyboardInterrupt`` at once (``interrupted``, exit 130). On leaving the
    block the handler there was is back; a process that ignores SIGINT still does.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        previous = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except ValueError:  # not the main thread: no signal reaches this code
        reader.close()
        writer.close()
        yield lambda: False
        return
    came = [False]

    def first_stops(_signum: int, _frame: object) -> None:
        came[0] = True
        signal.signal(signal.SIGINT, signal.default_int_handler)  # the next one aborts

    handler = signal.signal(signal.SIGINT, first_stops) if keep_best else None
    if handler is signal.SIG_IGN:  # started with Ctrl-C ignored (a background job): keep so
        signal.signal(signal.SIGINT, handler)

    def should_stop() -> bool:
        if not came[0]:
            with contextlib.suppress(OSError):  # BlockingIOError: nothing came yet
                came[0] = signal.SIGINT in reader.recv(512)
        return came[0]

    try:
        yield should_stop
    finally:
        if keep_best:  # None: a handler not set from Python; put the default back
            signal.signal(signal.SIGINT, signal.SIG_DFL if handler is None else handler)
        signal.set_wakeup_fd(previous)
        reader.close()
        writer.close()
