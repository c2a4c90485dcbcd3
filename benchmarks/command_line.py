"""The ``logistics bench ...`` command line a results file names in its header.

A table's header should say how to make it again: ``logistics bench waves`` does not
reproduce ``waves_60s.md`` (that took ``--time-limit 60``). The suites run from the
console script (or ``python -m logistics``), so the command is the process's own
arguments from ``bench`` on.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence

__all__ = ["invoked_bench_command"]


def invoked_bench_command(argv: Sequence[str] | None = None) -> str | None:
    """``logistics bench SUITE --option value ...`` as this process was started, quoted for
    a shell; ``None`` when the process is not a ``logistics bench`` run (tests, ``python -m
    benchmarks.<module>``).

    Parameters
    ----------
    argv
        The process's arguments; default ``sys.argv``.
    """
    args = list(sys.argv if argv is None else argv)[1:]
    if "bench" not in args:
        return None
    return "logistics " + shlex.join(args[args.index("bench") :])
