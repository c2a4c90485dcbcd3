"""Order-aware slotting: co-ordered SKUs near each other, by local search on top of COI.

Start from the better (exact simulated picking on the history) of two COI
fillings: by depot distance and aisle by aisle. Then relocations and swaps,
proposed where they are likely to pay off (a SKU is drawn in proportion to its
velocity; its new slot is next to one of the SKUs it is most often ordered with,
or a slot of similar rank), are accepted when they shorten the estimated
walking of the history's carts (see :class:`PickingCost`).
"""

from __future__ import annotations

import bisect
import itertools
import random
import time
from collections import Counter
from collections.abc import Sequence

from logistics.domain.slotting import PastOrder, SlottingProblem
from solvers.slotting._model import FREE, PickingCost, Placement, slot_ranking
from solvers.slotting.construct import coi_order
from solvers.slotting.params import Progress, ProgressCallback

__all__ = ["affinity", "aisle_ranking", "improve", "order_aware_start"]

MAX_PARTNERS = 8
MAX_LINES_FOR_PAIRS = 30


def affinity(
    problem: SlottingProblem, history: Sequence[PastOrder], min_support: int = 1
) -> list[list[int]]:
    """For each SKU index, up to ``MAX_PARTNERS`` SKUs most often in the same order
    (pairs seen fewer than ``min_support`` times are left out as noise)."""
    pairs: Counter[tuple[int, int]] = Counter()
    for o in history:
        skus = sorted({problem.sku_position(s) for s in o.skus})
        if len(skus) > MAX_LINES_FOR_PAIRS:
            continue
        pairs.update(itertools.combinations(skus, 2))
    per: list[list[tuple[int, int]]] = [[] for _ in problem.skus]
    for (a, b), n in pairs.items():
        if n < min_support:
            continue
        per[a].append((n, b))
        per[b].append((n, a))
    return [[b for _, b in sorted(lst, key=lambda t: (-t[0], t[1]))[:MAX_PARTNERS]] for lst in per]


def aisle_ranking(problem: SlottingProblem) -> list[int]:
    """Slot indices aisle by aisle outward from the depot, each front to back."""
    layout = problem.layout
    dx = layout.depot_x_mm
    keys = []
    for j, s in enumerate(layout.slots):
        ax = abs(layout.aisle_x_mm[s.aisle] - dx)
        front = layout.cross_aisle_y_mm[s.block]
        keys.append((s.block > 0, front, ax, s.position_mm, not s.golden_zone, s.level, s.id, j))
    return [k[-1] for k in sorted(keys)]


def order_aware_start(
    problem: SlottingProblem, history: Sequence[PastOrder], cost: PickingCost, seed: int = 0
) -> tuple[Placement, str]:
    """The better COI filling (depot distance or aisle by aisle) by exact simulated picking."""
    order = coi_order(problem, history, seed)
    best: tuple[int, str, Placement] | None = None
    for name, ranking in (("distance", slot_ranking(problem)), ("aisle", aisle_ranking(problem))):
        p = Placement(problem)
        p.place_greedy(order, ranking)
        c = cost.exact_total(p.slot_of)
        if best is None or c < best[0]:
            best = (c, name, p)
    assert best is not None
    return best[2], best[1]


def improve(
    placement: Placement,
    cost: PickingCost,
    partners: list[list[int]],
    weights: Sequence[int],
    *,
    deadline: float,
    seed: int,
    max_iterations: int | None = None,
    on_progress: ProgressCallback | None = None,
    t0: float | None = None,
    min_velocity: int = 1,
) -> tuple[Placement, int, int]:
    """Local search (relocate / swap) on the estimated walking; returns (placement, tried, kept)."""
    rng = random.Random(seed)
    p = placement.copy()
    t0 = time.perf_counter() if t0 is None else t0
    slots = problem_slots = p.slots
    nslots = len(problem_slots)
    ranking = slot_ranking(p.problem)
    rank_of = [0] * nslots
    for r, j in enumerate(ranking):
        rank_of[j] = r
    seg_slots: dict[int, list[int]] = {}
    for j in sorted(range(nslots), key=lambda j: (cost.s_seg[j], slots[j].position_mm, j)):
        seg_slots.setdefault(cost.s_seg[j], []).append(j)
    seg_index = {j: k for lst in seg_slots.values() for k, j in enumerate(lst)}
    cand = [i for i, w in enumerate(weights) if w >= min_velocity and p.slot_of[i] != FREE]
    if not cand:
        return p, 0, 0
    cum = list(itertools.accumulate(weights[i] for i in cand))
    gcost = cost.estimate_all(p.slot_of)
    total = sum(gcost)
    window = max(4, nslots // 20)
    tried = kept = 0
    slot_of = p.slot_of
    while True:
        if max_iterations is not None and tried >= max_iterations:
            break
        if tried % 64 == 0 and time.perf_counter() >= deadline:
            break
        tried += 1
        i = cand[bisect.bisect_right(cum, rng.random() * cum[-1])]
        ji = slot_of[i]
        if partners[i] and rng.random() < 0.6:
            q = rng.choice(partners[i])
            jq = slot_of[q]
            if jq == FREE:
                continue
            lst = seg_slots[cost.s_seg[jq]]
            k = seg_index[jq] + rng.randint(-6, 6)
            target = lst[min(max(k, 0), len(lst) - 1)]
        else:
            r = rank_of[ji] + rng.randint(-window, window)
            target = ranking[min(max(r, 0), nslots - 1)]
        if target == ji:
            continue
        other = p.sku_in[target]
        affected = set(cost.groups_of[i])
        if other != FREE:
            affected.update(cost.groups_of[other])
            if not p.swap(i, other):
                continue
        elif not p.relocate(i, target):
            continue
        new = {g: cost.group_estimate(cost.groups[g], slot_of) for g in affected}
        delta = sum(new[g] - gcost[g] for g in affected)
        if delta < 0:
            for g, c in new.items():
                gcost[g] = c
            total += delta
            kept += 1
            if on_progress and kept % 200 == 0:
                on_progress(Progress(time.perf_counter() - t0, float(total), phase="local_search"))
        else:
            if other != FREE:
                p.swap(i, other)
            else:
                p.relocate(i, ji)
    return p, tried, kept
