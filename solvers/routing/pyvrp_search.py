"""PyVRP's search for a short budget: an acceptance memory sized to the iterations it has.

PyVRP's iterated local search accepts a candidate by late-acceptance hill climbing:
when it beats the current solution or the one ``history_length`` iterations ago
(PyVRP's default: 300). Until that many iterations have run there is no such older
solution, and a candidate is accepted when it beats the *initial* solution: the search
wanders among plans merely better than its start. A 100-stop Solomon or Li & Lim
instance gets through about 400 (long routes, pairs) to a few thousand iterations per
CPU second, and a 1 s budget on a shared machine buys a fraction of a CPU second: much
or all of such a run was spent in that phase (Li & Lim lrc208, 1 s, ~130 iterations:
28% over the best known). At fixed iteration counts (seed 1; 14 Solomon and 13 Li & Lim
instances) a history of 20 instead of 300 took the mean gap from 2.01% to 1.27%
(Solomon) and 4.55% to 0.16% (Li & Lim) at 300 iterations, 1.15% to 0.74% and 0.92% to
0.16% at 1,000; at 5,000 iterations 300 was the better one.

So under :data:`SHORT_BUDGET_S` the search runs in two parts (:func:`search_short`):
:data:`PROBE_ITERATIONS` iterations measure how fast it goes, then the rest of the
budget continues from the best so far with a history of one per
:data:`ITERATIONS_PER_HISTORY` iterations it can expect, between :data:`MIN_HISTORY`
and PyVRP's :data:`DEFAULT_HISTORY`. The test is on the seconds left after the
translation. It was 5 s at first, so a 5 s solve (about 4.98 s left) took this path:
better under load (Solomon 0.66% -> 0.42% at ~1.6 CPU s per solve) but worse on an idle
machine (0.222% -> 0.316% at ~4.8 CPU s, PyVRP 0.221% in the same run; 9 instances
better, 14 worse: history cut below 300 on the slow, long-route ones, C203 1.5%), so
it is 3 s: 1 s and 2 s solves take it, searches with 3 s or more left run exactly as
before.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = [
    "DEFAULT_HISTORY",
    "ITERATIONS_PER_HISTORY",
    "MIN_HISTORY",
    "PROBE_ITERATIONS",
    "SHORT_BUDGET_S",
    "history_for",
    "ils_params",
    "search_short",
]

DEFAULT_HISTORY = 300
"""PyVRP's own late-acceptance history length (iterations)."""

MIN_HISTORY = 20
"""Shortest history (iterations)."""

ITERATIONS_PER_HISTORY = 20
"""Expected iterations per iteration of history."""

PROBE_ITERATIONS = MIN_HISTORY
"""Iterations that measure the search's speed (no older solution exists yet in them, so
the history length does not matter there)."""

SHORT_BUDGET_S = 3.0
"""Searches with less than this many seconds left get the measured history; others PyVRP's
(see the module docs for why 3 s and not 5 s)."""


def history_for(iterations: float) -> int:
    """History length (iterations) for a search expected to run ``iterations``."""
    return int(max(MIN_HISTORY, min(DEFAULT_HISTORY, round(iterations / ITERATIONS_PER_HISTORY))))


def ils_params(history: int, callbacks=None):
    """PyVRP's ``IteratedLocalSearchParams``: its defaults with ``history`` and
    ``callbacks`` (``None``: PyVRP's no-op ones)."""
    from pyvrp.IteratedLocalSearch import IteratedLocalSearchParams

    return IteratedLocalSearchParams(history_length=history, callbacks=callbacks)


class _Probe:
    """Stops after ``iterations`` iterations or when ``stop`` does (then ``stopped``)."""

    def __init__(self, stop: Callable[[float], bool], iterations: int) -> None:
        self._stop, self._left, self.stopped = stop, iterations, False

    def __call__(self, best_cost: float) -> bool:
        if self._stop(best_cost):
            self.stopped = True
            return True
        self._left -= 1
        return self._left < 0


def search_short(search, stop: Callable[[float], bool], start, seconds: float):
    """PyVRP's search in two parts for a budget of ``seconds`` (see the module docs).

    Parameters
    ----------
    search
        ``(stop, history, initial_solution) -> pyvrp.Result``: one PyVRP search.
    stop
        The caller's stopping criterion (time limit, cancel); it ends either part.
    start
        The initial solution of the first part (``None``: PyVRP's own).
    seconds
        The budget left, counted from this call.

    Returns
    -------
    tuple
        ``(result, iterations)``: the last part's result (its best is at least as good
        as the first part's, where it started) and the iterations of both parts.
    """
    began = time.perf_counter()
    probe = _Probe(stop, PROBE_ITERATIONS)
    first = search(probe, MIN_HISTORY, start)
    if probe.stopped or first.num_iterations < PROBE_ITERATIONS:
        return first, first.num_iterations
    rate = first.num_iterations / max(first.runtime, 1e-6)
    left = max(0.0, seconds - (time.perf_counter() - began))
    second = search(stop, history_for(rate * left), first.best)
    return second, first.num_iterations + second.num_iterations
