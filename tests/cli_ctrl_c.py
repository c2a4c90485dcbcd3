"""Press Ctrl-C on ``logistics ARGS`` in a subprocess, mid-search, as a terminal does.

The child sets Python's own SIGINT handler first: a shell starts background jobs with
SIGINT ignored, and the command then (rightly) keeps ignoring it. With ``watch`` (a
solver entry point, ``"solvers.routing.solve"``) the child also prints
:data:`PROGRESS` on stderr at the solver's first progress report with a best result,
so a test sends Ctrl-C once the search has something to keep: no sleeps to tune on a
loaded machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROGRESS = "ctrl-c test: the search has a best result"

_CHILD = textwrap.dedent(
    f"""
    import importlib, signal, sys
    signal.signal(signal.SIGINT, signal.default_int_handler)
    watch, need_best, sys.argv = sys.argv[1], sys.argv[2], ["logistics", *sys.argv[3:]]
    if watch:
        module_name, name = watch.rsplit(".", 1)
        module = importlib.import_module(module_name)
        search = getattr(module, name)

        def watched(*args, on_progress=None, **kwargs):
            told = []

            def report(progress):
                if (progress.best is not None or not need_best) and not told:
                    told.append(1)
                    print({PROGRESS!r}, file=sys.stderr, flush=True)
                if on_progress is not None:
                    on_progress(progress)

            return search(*args, on_progress=report, **kwargs)

        setattr(module, name, watched)
    from logistics.cli.entry import main
    main()
    """
)


class Child:
    """``logistics ARGS`` running in a child process; threads read its stdout and stderr
    (``watch``: the solver entry point whose first progress report with a ``best``, any
    report when not ``best``, prints :data:`PROGRESS`, patched before the commands import
    it; ``""``: none)."""

    def __init__(self, args: list[str], watch: str = "", best: bool = True) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, watch, "1" if best else "", *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._out: list[str] = []
        self._err: list[str] = []
        self._progress = threading.Event()
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self._out), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self._err), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            if line.rstrip("\n") == PROGRESS:
                self._progress.set()
            else:
                lines.append(line)

    def wait_for_progress(self, timeout: float = 180) -> None:
        """Until the :data:`PROGRESS` line came (the child must still run)."""
        t0 = time.monotonic()
        while not self._progress.wait(0.05):
            assert self.proc.poll() is None, f"ended ({self.proc.returncode}): {self.err}"
            assert time.monotonic() - t0 < timeout, f"no progress report: {self.err}"

    def wait_until(self, ready: Callable[[int], bool], timeout: float = 120) -> None:
        """Poll ``ready(pid)`` until it is true (the child must still run)."""
        t0 = time.monotonic()
        while not ready(self.proc.pid):
            assert self.proc.poll() is None and time.monotonic() - t0 < timeout, self.err
            time.sleep(0.01)

    def ctrl_c(self, times: int = 1, timeout: float = 300) -> tuple[int, str, str]:
        """Send SIGINT ``times`` (20 ms apart) and wait for the end: ``(exit code, stdout,
        stderr)``. The child is killed should it outlive ``timeout`` s."""
        try:
            for _ in range(times):
                self.proc.send_signal(signal.SIGINT)
                time.sleep(0.02)
            self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            for reader in self._readers:
                reader.join(timeout=60)
        return self.proc.returncode, "".join(self._out), self.err

    @property
    def err(self) -> str:
        """The stderr so far (without the :data:`PROGRESS` line)."""
        return "".join(self._err)
