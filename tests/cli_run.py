"""Run ``python -m logistics`` in a subprocess, as a user runs it (exit codes, stderr)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_logistics(
    *args: str,
    cwd: Path = ROOT,
    timeout: float = 300,
    drop: Iterable[str] = (),
    **env: str,
) -> subprocess.CompletedProcess:
    """``logistics ARGS`` with this checkout first on the path; ``env`` is added to the
    environment, the variables named in ``drop`` are removed."""
    base = {k: v for k, v in os.environ.items() if k not in set(drop)}
    return subprocess.run(
        [sys.executable, "-m", "logistics", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**base, "PYTHONPATH": str(ROOT), **env},
    )


def one_error_line(out: subprocess.CompletedProcess) -> str:
    """The one line a refused command printed: exit 2, no traceback, nothing else."""
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]
