"""Local search over the set of open sites (split assignment by transportation).

Moves: close a site, open a site, swap an open site for a closed one. Each
candidate set is priced exactly by :func:`~solvers.network.transport.transport`
and cached; closed sites are tried in the order of their Lagrangian value so
the few promising ones come first. Optionally the few cheapest distinct designs
(sets of used sites) are kept too: single source rounds each of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from logistics.domain.facility import FacilityLocationProblem
from solvers.network.solution import evaluate
from solvers.network.transport import transport

__all__ = ["OpenSetSearch", "SplitDesign", "EXACT_S_PER_ARC"]

#: Seconds per arc (open site x customer) of an exact transportation problem (``polish``):
#: 0.8-1.6 us measured on the 2-core machine for 100 x 1,000 to 300 x 3,000 (0.5-0.7 s
#: there, 5-16 times a pricing over the nearest sites); taken twice.
EXACT_S_PER_ARC = 2.5e-6


class SplitDesign(NamedTuple):
    """A priced split design, kept small: its cost, the sites it uses (``(m,)`` bool) and
    each customer's largest-share site (``(n,)`` int), all a rounding needs."""

    cost: float
    open: np.ndarray
    site: np.ndarray


class OpenSetSearch:
    """Prices open-site sets and keeps the best one found.

    Parameters
    ----------
    problem
        The problem.
    on_improve
        Called with the new best cost.
    pool_size
        How many of the cheapest distinct designs to keep in :attr:`pool` (0: none).
    """

    def __init__(
        self,
        problem: FacilityLocationProblem,
        on_improve: Callable[[float], None] | None = None,
        pool_size: int = 0,
    ) -> None:
        self.problem = problem
        self.best_cost = float("inf")
        self.best_frac: np.ndarray | None = None
        self.best_open: np.ndarray | None = None
        self._cache: dict[bytes, float] = {}
        self._on_improve = on_improve
        self.allowed = problem.may_open
        self.forced = np.zeros(problem.num_sites, dtype=bool)
        self.forced[list(problem.must_open)] = True
        self.evaluations = 0
        #: Seconds of the slowest pricing so far: a move starts only if one more fits.
        self.slowest = 0.0
        self.pool_size = pool_size
        #: The cheapest designs priced, cheapest first, each set of used sites once.
        self.pool: list[SplitDesign] = []

    #: Customers see their this-many cheapest open sites while searching (see ``exact``).
    NEAREST = 6

    def price(self, open_sites: np.ndarray) -> float:
        """Cost of a good assignment to ``open_sites`` (inf if it cannot serve everyone).

        While searching, each customer is offered only its :attr:`NEAREST`
        cheapest open sites (an upper bound on the set's true cost, several
        times faster); :meth:`polish` re-prices the best set exactly.
        """
        open_sites = (open_sites | self.forced) & self.allowed
        key = np.packbits(open_sites).tobytes()
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if self.problem.capacities[open_sites].sum() < self.problem.total_demand - 1e-9:
            self._cache[key] = float("inf")
            return float("inf")
        self.evaluations += 1
        began = time.perf_counter()
        frac = transport(self.problem, open_sites, nearest=self.NEAREST)
        self.slowest = max(self.slowest, time.perf_counter() - began)
        if frac is None:
            cost = float("inf")
        else:
            used = (frac > 0).any(axis=1) | self.forced
            frac_cost = sum(evaluate(self.problem, frac))
            # sites opened but unused are simply closed again: price what is used
            cost = frac_cost
            self._remember(cost, used, frac)
            if cost < self.best_cost - 1e-9:
                self.best_cost = cost
                self.best_frac = frac
                self.best_open = used
                if self._on_improve is not None:
                    self._on_improve(cost)
        self._cache[key] = cost
        return cost

    def _remember(self, cost: float, used: np.ndarray, frac: np.ndarray) -> None:
        """Keep the design in :attr:`pool` if it is among the cheapest distinct ones (a
        cheaper pricing of a set already kept replaces it; ties keep the first)."""
        if self.pool_size <= 0 or not np.isfinite(cost):
            return
        if len(self.pool) >= self.pool_size and cost >= self.pool[-1].cost:
            return
        for n, old in enumerate(self.pool):
            if np.array_equal(old.open, used):
                if cost >= old.cost:
                    return
                del self.pool[n]
                break
        at = next((n for n, old in enumerate(self.pool) if cost < old.cost), len(self.pool))
        self.pool.insert(at, SplitDesign(cost, used.copy(), np.argmax(frac, axis=0)))
        del self.pool[self.pool_size :]

    def polish(self, until: float = float("inf")) -> None:
        """Re-price the best set with every site offered to every customer (exact transport),
        if that can end by ``until`` (``time.perf_counter()`` s; at :data:`EXACT_S_PER_ARC`,
        and no faster than the slowest pricing); otherwise the best set keeps its price."""
        if self.best_open is None:
            return
        arcs = int((self.best_open | self.forced).sum()) * self.problem.num_customers
        if time.perf_counter() + max(arcs * EXACT_S_PER_ARC, self.slowest) > until:
            return
        frac = transport(self.problem, self.best_open | self.forced)
        if frac is not None:
            cost = sum(evaluate(self.problem, frac))
            if cost < self.best_cost - 1e-9:
                self.best_cost, self.best_frac = cost, frac
                self.best_open = (frac > 0).any(axis=1) | self.forced
                self._remember(cost, self.best_open, frac)
                if self._on_improve is not None:
                    self._on_improve(cost)

    def improve(
        self,
        deadline: float,
        site_order: np.ndarray,
        breadth: int = 12,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        """First-improvement descent from the best set until no move helps or time is up.

        Parameters
        ----------
        deadline
            ``time.perf_counter()`` value by which to stop: a move is tried only if a
            pricing as slow as the slowest so far would end by then.
        site_order
            Sites from most to least promising (e.g. by Lagrangian value).
        breadth
            How many closed sites (the most promising) to try opening or swapping in.
        should_stop
            Polled before each move: once true the descent ends (the best set is kept).
        """
        if self.best_open is None:
            return
        stop = should_stop or (lambda: False)
        for width in (breadth, 3 * breadth):  # widen once when the narrow search is stuck
            self._descend(deadline, site_order, width, stop)

    def fits(self, until: float) -> bool:
        """Whether one more pricing, as slow as the slowest so far, ends by ``until``."""
        return time.perf_counter() + self.slowest < until

    def _descend(
        self, deadline: float, site_order: np.ndarray, breadth: int, stop: Callable[[], bool]
    ) -> None:
        improved = True
        while improved and self.fits(deadline) and not stop():
            improved = False
            current = self.best_open.copy()
            base = self.best_cost
            closed = [i for i in site_order if not current[i] and self.allowed[i]][:breadth]
            opened = [i for i in np.flatnonzero(current) if not self.forced[i]]
            moves: list[tuple[int | None, int | None]] = [(i, None) for i in opened]
            moves += [(None, k) for k in closed]
            moves += [(i, k) for k in closed for i in opened]
            for out, into in moves:
                if not self.fits(deadline) or stop():
                    return
                trial = current.copy()
                if out is not None:
                    trial[out] = False
                if into is not None:
                    trial[into] = True
                if self.price(trial) < base - 1e-9:
                    improved = True
                    break
