"""CPU seconds spent by the processes of a load run (Linux ``/proc``; NaN elsewhere).

Throughput on a shared 2-core machine swings with whatever else runs; CPU time
per request of each party -- the server process, the PostgreSQL backends, the
load generator -- is steadier and says where the cost is.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CpuMeter", "CpuSpent"]

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` (NaN when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / _TICK


def _postgres_cpu_s() -> float:
    """CPU seconds of every local process named ``postgres`` (its backends)."""
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if (proc / "comm").read_text().strip() != "postgres":
                continue
        except OSError:
            continue
        spent = _process_cpu_s(int(proc.name))
        if spent == spent:  # not NaN: the process may have gone meanwhile
            total += spent
    return total


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class CpuSpent:
    """CPU milliseconds per request of the server, the database server and the generator."""

    server_ms: float
    database_ms: float
    generator_ms: float


class CpuMeter:
    """Counts the CPU the server ``pid`` (and, with ``postgres``, the local PostgreSQL)
    and this process spend between :meth:`start` and :meth:`per_request`."""

    def __init__(self, server_pid: int, postgres: bool = False) -> None:
        self.server_pid, self.postgres = server_pid, postgres
        self._start = (0.0, 0.0, 0.0)

    def _read(self) -> tuple[float, float, float]:
        db = _postgres_cpu_s() if self.postgres else 0.0
        return _process_cpu_s(self.server_pid), db, _own_cpu_s()

    def start(self) -> None:
        self._start = self._read()

    def per_request(self, requests: int) -> CpuSpent:
        end = self._read()
        n = max(1, requests)
        ms = [round(1000 * (b - a) / n, 2) for a, b in zip(self._start, end, strict=True)]
        return CpuSpent(*ms)
