"""Lagrangian relaxation of the assignment constraints (a bound, site fixing, a warm start).

Relaxing ``sum_i x_ij = 1`` with multipliers ``lam_j`` splits the problem by
site: site ``i`` alone solves a continuous knapsack (serve the customers with
the most negative ``(c_ij - lam_j) / d_j`` up to its capacity), worth
``v_i = f_i + knapsack value`` if opened. Choosing the sites is then a small
covering knapsack (``sum_i s_i y_i >= D``), solved exactly when capacities are
equal and by its LP relaxation otherwise. ``L(lam) = sum_j lam_j + chosen v``
is a lower bound for both the split and the single-source model; subgradient
steps raise it. The chosen sites are a good start for the primal search and
the bound proves most sites closed (or open) in every better solution.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from logistics.domain.facility import FacilityLocationProblem

__all__ = ["LagrangeState", "SiteSelector", "subgradient", "fix_sites"]


class SiteSelector:
    """Minimise ``sum v_i y_i`` subject to ``sum s_i y_i >= D``, forced-open and -closed sites."""

    def __init__(self, problem: FacilityLocationProblem) -> None:
        self.caps = problem.capacities
        self.demand = problem.total_demand
        self.allowed = problem.may_open
        self.forced = np.zeros(problem.num_sites, dtype=bool)
        self.forced[list(problem.must_open)] = True
        self.uniform = bool(np.all(self.caps == self.caps[0]))

    def select(
        self, v: np.ndarray, forced: np.ndarray | None = None, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, float]:
        """``(y, bound value)``: an integral choice and a valid lower bound on the optimum.

        Returns ``(y, inf)`` when the allowed sites cannot cover the demand.
        """
        forced = self.forced if forced is None else forced
        allowed = self.allowed if allowed is None else allowed
        y = forced | (allowed & (v < 0))
        value = float(v[y].sum())
        cap = float(self.caps[y].sum())
        if cap >= self.demand:
            return y, value
        rest = np.flatnonzero(allowed & ~y)
        if rest.size == 0:
            return y, float("inf")
        with np.errstate(divide="ignore"):
            ratio = np.where(self.caps[rest] > 0, v[rest] / self.caps[rest], np.inf)
        order = rest[np.argsort(ratio, kind="stable")]
        lp_value = value
        lp_done = False
        for i in order:
            need = self.demand - cap
            if need <= 0:
                break
            if self.caps[i] <= 0:
                continue
            if not lp_done:
                share = min(1.0, need / self.caps[i])
                lp_value += share * v[i]
                lp_done = share < 1.0
            y[i] = True
            value += float(v[i])
            cap += float(self.caps[i])
        if cap < self.demand:
            return y, float("inf")
        return y, (value if self.uniform else lp_value)


@dataclass
class LagrangeState:
    """The best multipliers found and what they give."""

    lam: np.ndarray
    bound: float
    site_values: np.ndarray
    y: np.ndarray
    iterations: int
    candidates: list[np.ndarray]


def _site_values(
    reduced: np.ndarray,
    demands: np.ndarray,
    caps: np.ndarray,
    fixed: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Per site: ``v_i`` and the knapsack's served fractions ``(m, n)``.

    Only entries with a negative reduced cost can enter a knapsack, and they
    are few (each ``lam_j`` sits near customer ``j``'s cheapest costs), so
    they are sorted all at once by (site, cost per unit) instead of sorting
    every row.
    """
    m, n = reduced.shape
    rows, cols = np.nonzero(reduced < 0)
    frac = np.zeros((m, n))
    if rows.size == 0:
        return fixed.astype(float).copy(), frac
    r = reduced[rows, cols]
    w = demands[cols]
    with np.errstate(divide="ignore"):
        ratio = np.where(w > 0, r / np.where(w > 0, w, 1.0), -np.inf)
    order = np.lexsort((ratio, rows))
    rows, cols, r, w = rows[order], cols[order], r[order], w[order]
    cum = np.cumsum(w)
    starts = np.searchsorted(rows, np.arange(m))
    row_base = np.concatenate([[0.0], cum])[starts]  # demand taken by earlier rows
    before = cum - w - row_base[rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        take = np.where(w > 0, np.clip((caps[rows] - before) / w, 0.0, 1.0), 1.0)
    frac[rows, cols] = take
    values = fixed.astype(float) + np.bincount(rows, weights=r * take, minlength=m)
    return values, frac


def subgradient(
    problem: FacilityLocationProblem,
    upper_bound: Callable[[], float],
    *,
    deadline: float,
    max_iterations: int = 3000,
    on_candidate: Callable[[np.ndarray], None] | None = None,
    on_bound: Callable[[float], None] | None = None,
    allowed: np.ndarray | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> LagrangeState:
    """Raise the Lagrangian bound by subgradient steps (Held-Wolfe-Crowder, Polyak step).

    Parameters
    ----------
    problem
        The problem.
    upper_bound
        Returns the best known cost (it improves while we run: ``on_candidate``
        may find better solutions).
    deadline
        ``time.perf_counter()`` value at which to stop.
    on_candidate
        Called with every new site choice ``y`` (a mask) worth a primal try.
    on_bound
        Called when the bound improves.
    allowed
        Sites that may open (default: all but must-close).
    should_stop
        Polled after each step: once true the best bound so far is returned.
    """
    c = problem.assignment_costs
    d = problem.demands
    caps = problem.capacities
    fixed = problem.fixed_costs
    selector = SiteSelector(problem)
    if allowed is not None:
        selector.allowed = selector.allowed & allowed
    finite = np.isfinite(c)
    big = np.where(finite, c, np.nan)
    lam = np.nanmin(big, axis=0)  # cheapest way to serve j: a classic start
    lam = np.where(np.isfinite(lam), lam, 0.0)
    best = LagrangeState(lam.copy(), -np.inf, np.zeros(len(caps)), selector.forced.copy(), 0, [])
    theta = 2.0
    stall = 0
    seen: set[bytes] = set()
    it = 0
    for it in range(1, max_iterations + 1):
        reduced = np.where(finite, c - lam[None, :], np.inf)
        v, frac = _site_values(reduced, d, caps, fixed)
        y, sel = selector.select(v)
        bound = float(lam.sum() + sel)
        if bound > best.bound + 1e-9 * max(1.0, abs(bound)):
            best = LagrangeState(lam.copy(), bound, v.copy(), y.copy(), it, best.candidates)
            stall = 0
            if on_bound is not None:
                on_bound(bound)
        else:
            stall += 1
            if stall >= 20:
                theta *= 0.5
                stall = 0
        key = np.packbits(y).tobytes()
        improved = best.iterations == it
        # price new site sets when the bound moved (or now and then): pricing is the dear part
        if key not in seen and (improved or it % 4 == 0):
            seen.add(key)
            best.candidates.append(y.copy())
            if on_candidate is not None:
                on_candidate(y.copy())
        served = frac[y].sum(axis=0)
        g = 1.0 - served
        norm = float(g @ g)
        ub = upper_bound()
        if norm < 1e-12:
            break  # the relaxed solution is feasible: bound is tight for these sites
        if not np.isfinite(ub):
            ub = bound + 0.05 * max(1.0, abs(bound))
        if ub - bound <= 1e-7 * max(1.0, abs(ub)) or theta < 1e-5:
            break
        lam = lam + theta * (ub - bound) / norm * g
        if time.perf_counter() >= deadline or (should_stop is not None and should_stop()):
            break
    best.iterations = it
    return best


def fix_sites(
    problem: FacilityLocationProblem, state: LagrangeState, upper_bound: float
) -> tuple[np.ndarray, np.ndarray]:
    """Reduced-cost fixing: ``(closed, opened)`` masks valid for every solution cheaper than UB.

    A site whose opening raises the Lagrangian bound to at least ``upper_bound``
    is closed in every better solution; one whose closing does is open in it.
    """
    selector = SiteSelector(problem)
    m = problem.num_sites
    v = state.site_values
    base = float(state.lam.sum())
    closed = ~selector.allowed.copy()
    opened = selector.forced.copy()
    tol = 1e-9 * max(1.0, abs(upper_bound))
    for i in range(m):
        if not selector.allowed[i] or selector.forced[i]:
            continue
        if state.y[i]:
            allowed = selector.allowed.copy()
            allowed[i] = False
            _, val = selector.select(v, allowed=allowed)
            if base + val >= upper_bound - tol:
                opened[i] = True
        else:
            forced = selector.forced.copy()
            forced[i] = True
            _, val = selector.select(v, forced=forced)
            if base + val >= upper_bound - tol:
                closed[i] = True
    return closed, opened
