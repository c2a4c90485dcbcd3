"""Constructive batching: first-come-first-served, seed, Clarke-Wright savings."""

from __future__ import annotations

import math

from logistics.domain.layout import WarehouseLayout
from solvers.progress import StopCheck, time_is_up
from solvers.waves.costs import BatchCoster, Unit, add_load, fits
from solvers.waves.problem import CartCapacity

__all__ = ["fcfs_batches", "seed_batches", "savings_batches"]

Batches = list[list[int]]


def fcfs_batches(units: list[Unit], cart: CartCapacity) -> Batches:
    """Next fit in arrival order (ties: file order): the classic baseline."""
    order = sorted(range(len(units)), key=lambda u: (units[u].arrival_s, u))
    out: Batches = []
    load = (0, 0, 0, 0)
    for u in order:
        new = add_load(load, units[u].load)
        if out and fits(new, cart):
            out[-1].append(u)
            load = new
        else:
            out.append([u])
            load = units[u].load
    return out


def _centroid(layout: WarehouseLayout, u: Unit) -> float:
    xs = [layout.aisle_x_mm[p.aisle] for p in u.points]
    return sum(xs) / len(xs)


def seed_batches(units: list[Unit], cart: CartCapacity, layout: WarehouseLayout) -> Batches:
    """Seed algorithm (de Koster et al. 1999).

    Seed: the unassigned order spanning the most aisles (ties: farthest aisle).
    Then add, while something fits, the order adding the fewest new aisles
    (ties: closest aisle centroid to the batch's).
    """
    remaining = set(range(len(units)))
    cent = {u.index: _centroid(layout, u) for u in units}
    out: Batches = []
    while remaining:
        seed = max(remaining, key=lambda u: (len(units[u].aisles), max(units[u].aisles), -u))
        batch = [seed]
        remaining.discard(seed)
        aisles = set(units[seed].aisles)
        load = units[seed].load
        c = cent[seed]
        while True:
            best, best_key = None, None
            for u in remaining:
                new = add_load(load, units[u].load)
                if not fits(new, cart):
                    continue
                key = (len(units[u].aisles - aisles), abs(cent[u] - c), u)
                if best_key is None or key < best_key:
                    best, best_key = u, key
            if best is None:
                break
            batch.append(best)
            remaining.discard(best)
            aisles |= units[best].aisles
            load = add_load(load, units[best].load)
            c = sum(cent[u] for u in batch) / len(batch)
        out.append(batch)
    return out


def savings_batches(
    units: list[Unit],
    cart: CartCapacity,
    coster: BatchCoster,
    neighbours: int = 12,
    deadline: float | None = None,
    should_stop: StopCheck | None = None,
) -> Batches:
    """Clarke-Wright savings for batching (de Koster et al. 1999, variant (i)).

    Savings ``L(i) + L(j) - L(i + j)`` with exact routes, for each order and its
    ``neighbours`` most aisle-similar orders; batches merge in decreasing saving
    order while the cart allows. Pairs are priced nearest first, round by round,
    until ``deadline`` (``time.perf_counter()``) if given, or ``should_stop()``.
    """
    n = len(units)
    single = [coster.length(frozenset((u,))) for u in range(n)]
    pairs: list[tuple[int, int, int]] = []
    seen: set[tuple[int, int]] = set()
    ranked: list[list[int]] = []
    for i in range(n):
        ai = units[i].aisles
        ranked.append(
            sorted(
                (j for j in range(n) if j != i),
                key=lambda j: (-len(ai & units[j].aisles) / len(ai | units[j].aisles), j),
            )[:neighbours]
        )
    for rank in range(neighbours):
        if time_is_up(math.inf if deadline is None else deadline, should_stop):
            break
        for i in range(n):
            if rank >= len(ranked[i]):
                continue
            j = ranked[i][rank]
            key = (min(i, j), max(i, j))
            if key in seen:
                continue
            seen.add(key)
            if not fits(add_load(units[i].load, units[j].load), cart):
                continue
            s = single[i] + single[j] - coster.length(frozenset(key))
            pairs.append((s, key[0], key[1]))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    batch_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    loads = {i: units[i].load for i in range(n)}
    for s, i, j in pairs:
        if s <= 0:
            break
        bi, bj = batch_of[i], batch_of[j]
        if bi == bj:
            continue
        new = add_load(loads[bi], loads[bj])
        if not fits(new, cart):
            continue
        for u in members[bj]:
            batch_of[u] = bi
        members[bi].extend(members.pop(bj))
        loads[bi] = new
        del loads[bj]
    return [sorted(m) for _, m in sorted(members.items())]
