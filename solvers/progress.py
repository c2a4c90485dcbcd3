"""What long solves report while they run, and how they are asked to stop early.

Every search that runs longer than a second takes ``on_progress`` (called with a
:class:`Progress`) and ``should_stop`` (polled; once it returns true the search
ends and the solver returns the best result found so far, the same way as when
its time limit is reached: a cancelled job keeps its best plan).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Progress", "ProgressCallback", "StopCheck", "time_is_up"]


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report.

    Parameters
    ----------
    elapsed_s
        Seconds since the solve started.
    best
        Best objective so far, in the unit the solver documents (slotting: simulated
        walking in mm; waves: walking in m; network design: cost), ``None`` before the
        first solution.
    bound
        Best proven bound on the objective, ``None`` when the search proves none.
    phase
        What the solver is doing (``"local_search"``, ``"alns"``, ``"lagrangian"``...).
    """

    elapsed_s: float
    best: float | None
    bound: float | None = None
    phase: str = ""


ProgressCallback = Callable[[Progress], None]
StopCheck = Callable[[], bool]
"""Polled by a search; returns true once the caller wants the best result so far."""


def time_is_up(deadline: float, should_stop: StopCheck | None = None) -> bool:
    """True once ``time.perf_counter()`` reached ``deadline`` or ``should_stop()`` is true."""
    return time.perf_counter() >= deadline or (should_stop is not None and should_stop())
