"""Single-source designs from split ones: one site per customer, capacities repaired.

A transportation solution over a set of open sites serves almost every customer from
one site (a basic one splits at most ``open sites - 1`` customers). Giving each
customer the site of its largest share, moving customers off the sites that are then
over capacity (least extra cost per unit of demand moved first, into open sites with
room; where none has room, into the closed site that costs least to open and serve) and
then moving single customers to cheaper open sites with room while that saves gives a
single-source design of nearly the split cost: an upper bound, and a
start for the single-source MIP (:func:`solvers.network.solve.solve`). Where the
repair is dear, a slightly dearer split design can round cheaper: :func:`round_best`
rounds several and keeps the cheapest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from logistics.domain.facility import FacilityLocationProblem
from solvers.network.solution import evaluate

__all__ = ["round_best", "round_design", "round_to_single_source"]

_TOL = 1e-9
#: Passes of single-customer moves to cheaper open sites (each pass visits every customer).
IMPROVE_PASSES = 3


def round_to_single_source(problem: FacilityLocationProblem, frac: np.ndarray) -> np.ndarray | None:
    """A 0/1 ``(sites, customers)`` matrix serving each customer from one open site of
    ``frac`` (``frac``: served fractions, e.g. a transportation solution), within the
    capacities; ``None`` when no room is left for some customer.

    Sites are those ``frac`` uses (and the must-open ones); sites left empty close.
    """
    return round_design(problem, (frac > _TOL).any(axis=1), np.argmax(frac, axis=0))


def round_design(
    problem: FacilityLocationProblem, open_sites: np.ndarray, site: np.ndarray
) -> np.ndarray | None:
    """:func:`round_to_single_source` from a design's open sites (``(m,)`` bool) and each
    customer's largest-share site (``(n,)`` int, one of them)."""
    c = problem.assignment_costs
    d = problem.demands.astype(float)
    cap = problem.capacities.astype(float)
    m, n = c.shape
    is_open = open_sites.copy()
    if problem.must_open:
        is_open[list(problem.must_open)] = True
    site = site.copy()
    load = np.bincount(site, weights=d, minlength=m)
    closed = problem.may_open & ~is_open
    for i in np.flatnonzero(load > cap + _TOL):
        while load[i] > cap[i] + _TOL:
            move = _cheapest_move_off(c, d, cap, load, is_open, site, i)
            if move is None:  # no open site has room: open the one that costs least
                move = _cheapest_move_off(c, d, cap, load, closed, site, i, problem.fixed_costs)
                if move is None:
                    return None
                is_open[move[1]], closed[move[1]] = True, False
            j, k = move
            site[j] = k
            load[i] -= d[j]
            load[k] += d[j]
    for _ in range(IMPROVE_PASSES):
        moved = False
        for j in range(n):
            i = site[j]
            room = is_open & (cap - load >= d[j] - _TOL)
            room[i] = False
            if not room.any():
                continue
            k = int(np.flatnonzero(room)[np.argmin(c[room, j])])
            if c[k, j] < c[i, j] - _TOL:
                site[j] = k
                load[i] -= d[j]
                load[k] += d[j]
                moved = True
        if not moved:
            break
    out = np.zeros((m, n))
    out[site, np.arange(n)] = 1.0
    return out


def round_best(
    problem: FacilityLocationProblem,
    designs: Sequence[tuple[float, np.ndarray, np.ndarray]],
    until: float,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[np.ndarray, float] | None:
    """The cheapest rounding of several split designs: ``(0/1 matrix, cost)`` or ``None``.

    Parameters
    ----------
    problem
        The problem.
    designs
        ``(split cost, open sites, largest-share site per customer)``, cheapest first
        (e.g. ``OpenSetSearch.pool``; see :func:`round_design`).
    until
        ``time.perf_counter()`` value by which to stop: the first design is always
        rounded, a further one only if it would end by then at the pace of the slowest
        rounding so far.
    should_stop
        Once true, no further design is rounded (the first always is).

    A design whose split cost is not below the best rounded cost so far is skipped:
    rounding adds cost (it could only save by opening a site, which is rare), so it would
    not win. Ties keep the earlier design: the result depends only on ``designs``, unless
    ``until`` cuts the list short.
    """
    best: tuple[np.ndarray, float] | None = None
    slowest = 0.0  # seconds
    for n, (split_cost, open_sites, site) in enumerate(designs):
        if n and (time.perf_counter() + slowest >= until or (should_stop and should_stop())):
            break
        if best is not None and split_cost >= best[1] - _TOL * max(1.0, abs(best[1])):
            continue
        began = time.perf_counter()
        x = round_design(problem, open_sites, site)
        slowest = max(slowest, time.perf_counter() - began)
        if x is None:
            continue
        cost = sum(evaluate(problem, x))
        if best is None or cost < best[1] - _TOL * max(1.0, abs(cost)):
            best = (x, cost)
    return best


def _cheapest_move_off(c, d, cap, load, sites, site, i, fixed=None) -> tuple[int, int] | None:
    """``(customer, new site)``: of site ``i``'s customers, the move into one of ``sites``
    with room that costs least per unit of demand moved, ``fixed`` (opening) costs
    included when given (``None``: none fits anywhere)."""
    best: tuple[float, int, int] | None = None
    room_left = cap - load
    for j in np.flatnonzero(site == i):
        if d[j] <= 0:
            continue
        fits = sites & (room_left >= d[j] - _TOL) & np.isfinite(c[:, j])
        fits[i] = False
        if not fits.any():
            continue
        ks = np.flatnonzero(fits)
        extra = c[ks, j] if fixed is None else c[ks, j] + fixed[ks]
        k = int(ks[np.argmin(extra)])
        per_unit = (float(extra.min()) - c[i, j]) / d[j]
        if best is None or per_unit < best[0]:
            best = (per_unit, j, k)
    return None if best is None else (best[1], best[2])
