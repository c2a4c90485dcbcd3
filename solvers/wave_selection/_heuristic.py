"""Greedy construction and iterated local search over the set of visited aisles.

For a fixed set of aisles the best orders form a multi-dimensional knapsack;
:func:`fill` answers it greedily (largest orders first, each taken when every
item still has stock left in the chosen aisles and the wave stays within
``ub``). The search works on aisle sets: build one aisle at a time, then
drop / add / swap aisles while units per aisle improves, with random restarts
(perturbations) until the deadline.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import numpy as np

from solvers.progress import StopCheck
from solvers.wave_selection._arrays import Arrays


class Filler:
    """Best-effort order choice for a given set of aisles, with a cache."""

    def __init__(self, arr: Arrays) -> None:
        self.arr = arr
        # priority: more units first, then file order
        idx = np.arange(arr.n_orders)
        self.priority = np.lexsort((idx, -arr.order_units))
        self.priority = self.priority[arr.usable[self.priority]]
        self.units_list = arr.order_units.tolist()
        self.cache: dict[frozenset[int], tuple[int, tuple[int, ...]]] = {}
        self.calls = 0

    def fill(self, aisles: frozenset[int]) -> tuple[int, tuple[int, ...]]:
        """``(units, orders)`` of a good wave using only ``aisles``."""
        hit = self.cache.get(aisles)
        if hit is not None:
            return hit
        self.calls += 1
        arr = self.arr
        cap = arr.capacity(aisles)
        cov = arr.covered(cap)
        cand = self.priority[cov[self.priority]]
        ub = arr.ub
        units = self.units_list
        chosen: list[int] = []
        total = 0
        if len(cand):
            cand_units = arr.order_units[cand]
            # no contention between candidates: choose by units only
            need = arr.usage(cand)
            if bool(np.all(need <= cap)):
                if int(cand_units.sum()) <= ub:
                    chosen = cand.tolist()
                    total = int(cand_units.sum())
                else:
                    for o in cand.tolist():
                        u = units[o]
                        if total + u <= ub:
                            chosen.append(o)
                            total += u
                            if total == ub:
                                break
            else:
                # only orders touching an item in short supply need the stock check
                short = need > cap
                bad = short[arr.order_item]
                starts = np.minimum(arr.order_ptr[:-1], len(bad) - 1)
                hot = np.logical_or.reduceat(bad, starts)[cand].tolist()
                capl = cap.tolist()
                lists = arr.order_lists
                for o, is_hot in zip(cand.tolist(), hot, strict=True):
                    u = units[o]
                    if total + u > ub:
                        continue
                    if is_hot:
                        lines = lists[o]
                        ok = True
                        for i, q in lines:
                            if capl[i] < q:
                                ok = False
                                break
                        if not ok:
                            continue
                        for i, q in lines:
                            capl[i] -= q
                    chosen.append(o)
                    total += u
                    if total == ub:
                        break
        result = (total, tuple(sorted(chosen)))
        if len(self.cache) > 200_000:
            self.cache.clear()
        self.cache[aisles] = result
        return result


def aisle_gain(arr: Arrays, cap: np.ndarray) -> np.ndarray:
    """Per aisle: units of still-unmet demand it could supply on top of ``cap``."""
    rem = np.maximum(arr.demand - cap, 0)
    contrib = np.minimum(arr.aisle_qty, rem[arr.aisle_item])
    gain = np.zeros(arr.n_aisles, dtype=np.int64)
    sizes = np.diff(arr.aisle_ptr)
    nz = sizes > 0
    if contrib.size:
        sums = np.add.reduceat(contrib, np.minimum(arr.aisle_ptr[:-1], contrib.size - 1))
        gain[nz] = sums[nz]
    return gain


class Incumbent:
    """Best wave so far: ``units / len(aisles)``, compared exactly as fractions."""

    def __init__(self) -> None:
        self.units = 0
        self.aisles: frozenset[int] = frozenset()
        self.orders: tuple[int, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.aisles)

    @property
    def objective(self) -> float:
        return self.units / len(self.aisles) if self.aisles else 0.0

    def better(self, units: int, n_aisles: int) -> bool:
        if n_aisles == 0:
            return False
        if not self.aisles:
            return True
        return units * len(self.aisles) > self.units * n_aisles

    def offer(self, units: int, aisles: frozenset[int], orders: tuple[int, ...], lb: int) -> bool:
        if units < lb or units == 0 or not self.better(units, len(aisles)):
            return False
        self.units, self.aisles, self.orders = units, aisles, orders
        return True


def _ratio(units: int, k: int, lb: int) -> float:
    return units / k if k and units >= lb and units > 0 else -1.0


def local_search(
    arr: Arrays,
    filler: Filler,
    best: Incumbent,
    deadline: float,
    seed: int,
    report: Callable[[], None],
    shortlist: int = 12,
    max_evaluations: int | None = None,
    patience: float | None = None,
    should_stop: StopCheck | None = None,
) -> None:
    """Greedy constructions, then iterated local search on aisle sets, until ``deadline``
    (``time.monotonic()``) or ``should_stop()`` (polled before each move).

    Moves (drop, swap, add an aisle) are screened cheaply by the units of the
    orders each coverable on its own, and only the most promising few are
    filled exactly. Improvements are written into ``best`` (and ``report`` is
    called after each). ``max_evaluations`` bounds the exact fills, for runs
    that must be reproducible whatever the machine's speed. ``patience``
    (seconds) ends the search earlier once it has not improved ``best`` for that
    long and for as long as it had searched when it last did (``None``: search
    until ``deadline``): a search still finding better waves late goes on.
    """
    if arr.n_aisles == 0 or not arr.usable.any():
        return  # no wave can exist
    rng = random.Random(seed)
    lb, ub = arr.lb, arr.ub
    budget = [max_evaluations if max_evaluations is not None else 1 << 62]
    screen = 3  # exact fills per move type after screening
    began = time.monotonic()
    last_gain = [began]

    def timed_out() -> bool:
        now = time.monotonic()
        if patience is not None and now - last_gain[0] >= max(patience, last_gain[0] - began):
            return True
        if now >= deadline or budget[0] <= 0:
            return True
        return should_stop is not None and should_stop()

    def evaluate(s: frozenset[int]) -> tuple[int, tuple[int, ...]]:
        budget[0] -= 1
        return filler.fill(s)

    def offer(s: frozenset[int], units: int, orders: tuple[int, ...]) -> None:
        if best.offer(units, s, orders, lb):
            last_gain[0] = time.monotonic()
            report()

    def screened(cap: np.ndarray, sign: int, cands: list[int]) -> list[int]:
        """``cands`` ordered by covered units after adding (+1) / removing (-1) each."""
        scored = []
        for a in cands:
            it, q = arr.aisle_slice(a)
            cap[it] += sign * q
            cu = arr.covered_units(cap)
            cap[it] -= sign * q
            scored.append((-min(cu, ub), -cu, rng.random(), a))
        scored.sort()
        return [a for *_, a in scored]

    def top_gain(cap: np.ndarray, exclude, n: int) -> list[int]:
        gain = aisle_gain(arr, cap)
        gain[list(exclude)] = -1
        order = np.argsort(-gain, kind="stable")[:n]
        return [int(a) for a in order if gain[a] > 0]

    def construct(start: frozenset[int]) -> frozenset[int]:
        """Add aisles one at a time (best of a screened shortlist) while it can pay off."""
        s = set(start)
        units = evaluate(frozenset(s))[0] if s else 0
        best_s, best_r = frozenset(s), _ratio(units, len(s), lb)
        while len(s) < arr.n_aisles and not timed_out():
            if best.found and len(s) + 1 > ub * len(best.aisles) / max(best.units, 1):
                break  # even a full wave could not beat the incumbent
            cap = arr.capacity(s)
            cands = top_gain(cap, s, 3 * shortlist)
            if not cands:
                break
            scored = []
            for a in screened(cap, +1, cands)[:screen]:
                t = frozenset(s | {a})
                u, ords = evaluate(t)
                offer(t, u, ords)
                scored.append((u, rng.random(), a))
            u, _, a = max(scored)
            s.add(a)
            r = _ratio(u, len(s), lb)
            if r > best_r:
                best_s, best_r = frozenset(s), r
            if u >= ub:
                break
        return best_s if best_r > 0 else frozenset(s)

    def deconstruct() -> frozenset[int]:
        """Start from every useful aisle and drop the one that costs fewest units."""
        s = set(np.flatnonzero(aisle_gain(arr, np.zeros(arr.n_items, np.int64)) > 0).tolist())
        if not s:
            return frozenset()
        units, orders = evaluate(frozenset(s))
        offer(frozenset(s), units, orders)
        best_s, best_r = frozenset(s), _ratio(units, len(s), lb)
        while len(s) > 1 and not timed_out() and units >= max(lb, 1):
            cap = arr.capacity(s)
            cov = arr.covered(cap)
            cov_units = int(arr.order_units[cov].sum())
            slack = cov_units >= 2 * ub  # far from binding: skip the exact fills
            used = arr.usage(np.flatnonzero(cov)) if slack else arr.usage(orders)
            loss = []
            for a in sorted(s):
                it, q = arr.aisle_slice(a)
                short = np.minimum(q, np.maximum(0, used[it] - (cap[it] - q)))
                loss.append((int(short.sum()), rng.random(), a))
            loss.sort()
            if slack and len(s) > 40:
                # many aisles and plenty of coverable units: drop a batch at once
                for *_, a in loss[: max(1, len(s) // 40)]:
                    s.discard(a)
                continue
            cands = [a for *_, a in loss[: 2 * shortlist]]
            ranked = screened(cap, -1, cands)
            if slack:
                s.discard(ranked[0])
                continue
            scored = []
            for a in ranked[:screen]:
                t = frozenset(s - {a})
                u, ords = evaluate(t)
                offer(t, u, ords)
                scored.append((u, rng.random(), a, ords))
            units, _, a, orders = max(scored, key=lambda x: (x[0], x[1]))
            s.discard(a)
            r = _ratio(units, len(s), lb)
            if r > best_r:
                best_s, best_r = frozenset(s), r
        return best_s

    def improve(s: frozenset[int]) -> frozenset[int]:
        """First-improvement descent with drop, swap and add moves."""
        units, _ = evaluate(s)
        cur = _ratio(units, len(s), lb)

        def accept(t: frozenset[int]) -> bool:
            nonlocal s, cur
            u, ords = evaluate(t)
            r = _ratio(u, len(t), lb)
            if r > cur:
                s, cur = t, r
                offer(t, u, ords)
                return True
            return False

        improved = True
        while improved and not timed_out():
            improved = False
            cap = arr.capacity(s)
            members = sorted(s)
            # drop: the aisles whose removal keeps the most coverable units
            if len(s) > 1:
                for a in screened(cap, -1, members)[:screen]:
                    if accept(s - {a}):
                        improved = True
                        break
                if improved or timed_out():
                    continue
            # swap: each member out, the best screened outsiders in
            rng.shuffle(members)
            if swap_once(s, cap, members, accept):
                improved = True
                continue
            if timed_out():
                continue
            # add
            cands = top_gain(cap, s, 2 * shortlist)
            for b in screened(cap, +1, cands)[:screen] if cands else []:
                if accept(s | {b}):
                    improved = True
                    break
            if improved or timed_out() or len(s) < 3:
                continue
            # drop + repair: one aisle fewer, then one swap to win the units back
            for a in screened(cap, -1, sorted(s))[:2]:
                t = s - {a}
                it, q = arr.aisle_slice(a)
                cap[it] -= q
                inner = screened(cap, -1, sorted(t))[: min(len(t), 8)]
                done = swap_once(t, cap, inner, accept)
                cap[it] += q
                if done:
                    improved = True
                    break
        return s

    def swap_once(s, cap, members, accept) -> bool:
        """Try ``s - {a} + {b}`` for each ``a`` in ``members``; ``True`` on the first accept."""
        for a in members:
            if timed_out():
                return False
            it, q = arr.aisle_slice(a)
            cap[it] -= q
            cands = top_gain(cap, s, 2 * shortlist)
            picks = screened(cap, +1, cands)[:screen] if cands else []
            cap[it] += q
            base = s - {a}
            for b in picks:
                if accept(base | {b}):
                    return True
        return False

    # both greedy directions: building up finds waves of few aisles fast, tearing
    # down from all aisles finds waves that need many aisles together
    s = construct(frozenset())
    d = deconstruct() if not timed_out() else frozenset()
    for start in (s, d):
        if start and not timed_out():
            improve(start)
    # iterated local search: perturb the best set, rebuild, descend; stop early when
    # rounds only revisit aisle sets already evaluated (the small space is exhausted)
    stale = 0
    while not timed_out() and stale < 30:
        calls = filler.calls
        base = set(best.aisles) if best.found else set(s)
        if base:
            drop = rng.randint(1, max(1, min(3, len(base))))
            for a in rng.sample(sorted(base), drop):
                base.discard(a)
        if rng.random() < 0.3:  # a random aisle in, to leave the greedy's path
            base.add(rng.randrange(arr.n_aisles))
        s = improve(construct(frozenset(base)))
        stale = stale + 1 if filler.calls == calls else 0
