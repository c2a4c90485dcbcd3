"""Adaptive large neighbourhood search for order batching, exact routes in the loop.

In the spirit of Žulj, Kramer & Schneider (2018): destroy operators (random,
worst, related, whole batch) remove orders, a greedy insertion with a little
noise puts them back where the *exact* route grows least (or on a new cart), a
simulated-annealing test accepts the result, and operator weights adapt to
their success. Each candidate batch is priced by the Ratliff-Rosenthal DP
(cached by the set of orders), so the search optimises the true walking
distance rather than a proxy. A shift/swap descent polishes the best solution
at the end.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from solvers.progress import StopCheck, time_is_up
from solvers.waves.costs import BatchCoster, Unit, add_load, fits
from solvers.waves.problem import CartCapacity

__all__ = ["improve_batches"]

_ZERO = (0, 0, 0, 0)


class _State:
    def __init__(self, batches: list[list[int]], units: list[Unit], coster: BatchCoster) -> None:
        self.units = units
        self.coster = coster
        self.batches = [set(b) for b in batches if b]
        self.loads = [self._load(b) for b in self.batches]
        self.lengths = [coster.length(frozenset(b)) for b in self.batches]

    def _load(self, b: set[int]) -> tuple[int, int, int, int]:
        load = _ZERO
        for u in b:
            load = add_load(load, self.units[u].load)
        return load

    @property
    def cost(self) -> int:
        return sum(self.lengths)

    def copy(self) -> _State:
        other = object.__new__(_State)
        other.units, other.coster = self.units, self.coster
        other.batches = [set(b) for b in self.batches]
        other.loads = list(self.loads)
        other.lengths = list(self.lengths)
        return other

    def remove(self, u: int) -> None:
        for k, b in enumerate(self.batches):
            if u in b:
                b.discard(u)
                ld = self.units[u].load
                self.loads[k] = tuple(a - c for a, c in zip(self.loads[k], ld, strict=True))
                self.lengths[k] = self.coster.length(frozenset(b)) if b else 0
                return

    def compact(self) -> None:
        keep = [k for k, b in enumerate(self.batches) if b]
        self.batches = [self.batches[k] for k in keep]
        self.loads = [self.loads[k] for k in keep]
        self.lengths = [self.lengths[k] for k in keep]

    def snapshot(self) -> list[list[int]]:
        return sorted(sorted(b) for b in self.batches if b)


def _insert(state: _State, u: int, cart: CartCapacity, rng: random.Random, noise: float) -> None:
    units = state.units
    cu = units[u]
    cands = []
    for k, b in enumerate(state.batches):
        if not b or not fits(add_load(state.loads[k], cu.load), cart):
            continue
        # cheap proxy first: new aisles brought into the batch
        batch_aisles: set[int] = set()
        for v in b:
            batch_aisles |= units[v].aisles
        cands.append((len(cu.aisles - batch_aisles), k))
    cands.sort()
    best_k, best_delta = -1, state.coster.length(frozenset((u,)))
    best_delta *= 1.0 + noise * rng.random()
    for _, k in cands[:4]:
        b = state.batches[k]
        delta = state.coster.length(frozenset(b | {u})) - state.lengths[k]
        delta *= 1.0 + noise * rng.random()
        if delta < best_delta:
            best_k, best_delta = k, delta
    if best_k < 0:
        state.batches.append({u})
        state.loads.append(cu.load)
        state.lengths.append(state.coster.length(frozenset((u,))))
    else:
        state.batches[best_k].add(u)
        state.loads[best_k] = add_load(state.loads[best_k], cu.load)
        state.lengths[best_k] = state.coster.length(frozenset(state.batches[best_k]))


def _destroy_random(state: _State, q: int, rng: random.Random) -> list[int]:
    every = [u for b in state.batches for u in b]
    return rng.sample(every, min(q, len(every)))


def _destroy_worst(state: _State, q: int, rng: random.Random) -> list[int]:
    scored = []
    live = [k for k, b in enumerate(state.batches) if b]
    # pricing every order of every batch is costly on big carts: look at a few batches
    for k in rng.sample(live, min(len(live), 4)):
        b = state.batches[k]
        if len(b) < 2:
            scored.extend((state.lengths[k] * (0.8 + 0.4 * rng.random()), u) for u in b)
            continue
        for u in b:
            gain = state.lengths[k] - state.coster.length(frozenset(b - {u}))
            scored.append((gain * (0.8 + 0.4 * rng.random()), u))
    scored.sort(reverse=True)
    return [u for _, u in scored[:q]]


def _destroy_related(state: _State, q: int, rng: random.Random) -> list[int]:
    units = state.units
    every = [u for b in state.batches for u in b]
    seed = rng.choice(every)
    sa = units[seed].aisles

    def sim(v: int) -> float:
        a = units[v].aisles
        return len(sa & a) / len(sa | a) + 0.1 * rng.random()

    every.sort(key=sim, reverse=True)
    return every[:q]


def _destroy_batch(state: _State, q: int, rng: random.Random) -> list[int]:
    live = [k for k, b in enumerate(state.batches) if b]
    picked: list[int] = []
    # prefer small batches: removing them lets the search close carts
    live.sort(key=lambda k: len(state.batches[k]) + 2 * rng.random())
    for k in live[:2]:
        picked.extend(state.batches[k])
    return picked


_DESTROY = (_destroy_random, _destroy_worst, _destroy_related, _destroy_batch)


def _descent(
    state: _State, cart: CartCapacity, deadline: float, should_stop: StopCheck | None = None
) -> None:
    """First-improvement shift and swap moves between batches until none improves."""
    improved = True
    units = state.units
    coster = state.coster
    while improved and not time_is_up(deadline, should_stop):
        improved = False
        nb = len(state.batches)
        for a in range(nb):
            for u in list(state.batches[a]):
                if time_is_up(deadline, should_stop):
                    return
                la_minus = coster.length(frozenset(state.batches[a] - {u}))
                for b in range(nb):
                    if b == a or not state.batches[b]:
                        continue
                    if fits(add_load(state.loads[b], units[u].load), cart):
                        lb_plus = coster.length(frozenset(state.batches[b] | {u}))
                        if la_minus + lb_plus < state.lengths[a] + state.lengths[b]:
                            state.remove(u)
                            state.batches[b].add(u)
                            state.loads[b] = add_load(state.loads[b], units[u].load)
                            state.lengths[b] = lb_plus
                            improved = True
                            break
                    for v in list(state.batches[b]):
                        la = state.loads[a]
                        new_a = tuple(
                            x - y + z
                            for x, y, z in zip(la, units[u].load, units[v].load, strict=True)
                        )
                        lb = state.loads[b]
                        new_b = tuple(
                            x - y + z
                            for x, y, z in zip(lb, units[v].load, units[u].load, strict=True)
                        )
                        if not (fits(new_a, cart) and fits(new_b, cart)):
                            continue
                        ca = coster.length(frozenset((state.batches[a] - {u}) | {v}))
                        cb = coster.length(frozenset((state.batches[b] - {v}) | {u}))
                        if ca + cb < state.lengths[a] + state.lengths[b]:
                            state.batches[a].discard(u)
                            state.batches[a].add(v)
                            state.batches[b].discard(v)
                            state.batches[b].add(u)
                            state.loads[a], state.loads[b] = new_a, new_b  # type: ignore[assignment]
                            state.lengths[a], state.lengths[b] = ca, cb
                            improved = True
                            break
                    if improved:
                        break
                if improved:
                    break
            if improved:
                break
        state.compact()


def improve_batches(
    batches: list[list[int]],
    units: list[Unit],
    cart: CartCapacity,
    coster: BatchCoster,
    *,
    deadline: float,
    seed: int = 0,
    max_iterations: int | None = None,
    on_improve: Callable[[int, int], None] | None = None,
    should_stop: StopCheck | None = None,
) -> tuple[list[list[int]], int]:
    """ALNS from ``batches`` until ``deadline`` (perf_counter) or ``should_stop()``;
    returns (best batches, iterations)."""
    rng = random.Random(seed)
    cur = _State(batches, units, coster)
    best = cur.copy()
    best_cost = cur_cost = cur.cost
    n = len(units)
    if n < 2:
        return best.snapshot(), 0
    weights = [1.0] * len(_DESTROY)
    scores = [0.0] * len(_DESTROY)
    uses = [0] * len(_DESTROY)
    start = time.perf_counter()
    span = max(deadline - start, 1e-6)
    t0 = 0.02 * best_cost / max(len(cur.batches), 1)
    it = 0
    polish_at = start + 0.85 * span
    while not time_is_up(polish_at, should_stop) and (
        max_iterations is None or it < max_iterations
    ):
        it += 1
        frac = (time.perf_counter() - start) / span
        temp = t0 * (1.0 - frac) + 1e-9
        op = rng.choices(range(len(_DESTROY)), weights=weights)[0]
        q = rng.randint(2, max(2, min(12, n // 4)))
        trial = cur.copy()
        removed = _DESTROY[op](trial, q, rng)
        for u in removed:
            trial.remove(u)
        trial.compact()
        rng.shuffle(removed)
        removed.sort(key=lambda u: -units[u].load[0] - len(units[u].points))
        for u in removed:
            _insert(trial, u, cart, rng, noise=0.1)
        new_cost = trial.cost
        uses[op] += 1
        if new_cost < best_cost:
            best, best_cost = trial.copy(), new_cost
            cur, cur_cost = trial, new_cost
            scores[op] += 5
            if on_improve:
                on_improve(it, best_cost)
        elif new_cost < cur_cost:
            cur, cur_cost = trial, new_cost
            scores[op] += 2
        elif rng.random() < math.exp(-(new_cost - cur_cost) / temp):
            cur, cur_cost = trial, new_cost
            scores[op] += 0.5
        if it % 50 == 0:
            for k in range(len(weights)):
                if uses[k]:
                    weights[k] = 0.7 * weights[k] + 0.3 * max(scores[k] / uses[k], 0.05)
                scores[k], uses[k] = 0.0, 0
    _descent(best, cart, deadline, should_stop)
    if on_improve and best.cost < best_cost:
        on_improve(it, best.cost)
    return best.snapshot(), it
