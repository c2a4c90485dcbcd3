"""Order-aware slotting: zone shape and co-ordered SKUs judged by simulated picking.

COI order filled along one of several slot orderings (:data:`SHAPES`: depot
distance, within-aisle, weighted across-aisle/depth), the shape chosen by exact
simulated picking of held-back orders (see :mod:`solvers.slotting.plan`). Then
relocations and swaps,
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
from logistics.errors import InvalidValueError, one_of
from solvers.progress import StopCheck, time_is_up
from solvers.slotting._model import FREE, PickingCost, Placement, slot_ranking, velocities
from solvers.slotting.params import Progress, ProgressCallback

__all__ = [
    "SHAPES",
    "affinity",
    "aisle_ranking",
    "fill",
    "improve",
    "partner_pull",
    "pick_weights",
    "shaped_ranking",
]

PROGRESS_EVERY_S = 0.5
"""How often the local search reports its best estimate (s)."""

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


def partner_pull(
    problem: SlottingProblem,
    history: Sequence[PastOrder],
    velocity: Sequence[int] | None = None,
) -> list[int]:
    """Per SKU index, the largest velocity (order lines in ``history``) of any SKU it was
    ordered with (0 when always ordered alone or never).

    Among SKUs of equal velocity (most SKUs of a long-tail catalogue are ordered once)
    the ones bought together with fast movers are re-ordered more often. On the SBPO
    2025 orders (first 70% of each instance learn, last 30% tell), an item ordered
    once together with an item ordered 3+ times reappears 11.2% of the time, one seen
    only with slower items 6.8% (mean of dataset B instances 0002, 0003, 0004 and 0006,
    not used by the slotting bench; the same on the bench's dataset A 0005 and 0008;
    ``logistics bench slotting-signals``). The order-aware method breaks COI ties
    with it. ``velocity`` is :func:`velocities` of ``history`` when the caller has it.
    """
    v = velocities(problem, history) if velocity is None else velocity
    pull = [0] * len(problem.skus)
    for o in history:
        skus = [problem.sku_position(s) for s in dict.fromkeys(o.skus)]
        if len(skus) < 2:
            continue
        top = sorted((v[i] for i in skus), reverse=True)[:2]
        for i in skus:
            best = top[1] if v[i] == top[0] else top[0]
            if best > pull[i]:
                pull[i] = best
    return pull


def pick_weights(problem: SlottingProblem, history: Sequence[PastOrder]) -> list[float]:
    """Per SKU index, its velocity plus under half a pick for :func:`partner_pull`
    (``v + 0.5 * pull / (pull + 1)``; 0 for SKUs never ordered): the velocity order
    is kept, and of two SKUs of equal velocity the one ordered with faster movers
    weighs more."""
    v = velocities(problem, history)
    pull = partner_pull(problem, history, v)
    return [vi + 0.5 * q / (q + 1) if vi else 0.0 for vi, q in zip(v, pull, strict=True)]


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


SHAPES = ("distance", "aisle", "w0.6", "w0.7", "w0.8", "w0.9", "w0.95")
"""Slot orderings tried by the order-aware method: COI's depot distance, aisle by
aisle, and ``w<a>``: weight ``a`` on the across-aisle distance, ``1 - a`` on depth."""


def shaped_ranking(problem: SlottingProblem, shape: str) -> list[int]:
    """Slot indices best first for one of :data:`SHAPES`.

    ``distance`` is :func:`slot_ranking` (the across-aisle / diagonal pattern of
    COI); ``aisle`` is :func:`aisle_ranking` (within-aisle); ``w<a>`` ranks by
    ``a * |aisle x - depot x| + (1 - a) * depth from the front cross-aisle`` (mm):
    ``a`` near 1 concentrates fast movers in the aisles nearest the depot, so a
    multi-line cart enters fewer aisles (Petersen & Schmenner 1999).
    """
    if shape == "distance":
        return slot_ranking(problem)
    if shape == "aisle":
        return aisle_ranking(problem)
    if not shape.startswith("w"):
        raise InvalidValueError("shape", shape, one_of(SHAPES))
    a = float(shape[1:])
    layout = problem.layout
    dx = layout.depot_x_mm
    cy = layout.cross_aisle_y_mm
    keys = []
    for j, s in enumerate(layout.slots):
        x = abs(layout.aisle_x_mm[s.aisle] - dx)
        y = cy[s.block] - cy[0] + s.position_mm
        keys.append((a * x + (1 - a) * y, s.aisle, s.block, s.position_mm, not s.golden_zone))
        keys[-1] += (s.level, s.id, j)
    return [k[-1] for k in sorted(keys)]


def fill(problem: SlottingProblem, order: Sequence[int], ranking: Sequence[int]) -> Placement:
    """SKUs in ``order`` into the first free allowed slot of ``ranking``."""
    p = Placement(problem)
    p.place_greedy(order, ranking)
    return p


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
    ranking: Sequence[int] | None = None,
    should_stop: StopCheck | None = None,
) -> tuple[Placement, int, int]:
    """Local search (relocate / swap) on the estimated walking; returns (placement, tried, kept).

    Runs until ``deadline`` (``time.perf_counter()``), ``max_iterations`` or ``should_stop()``.

    ``ranking`` (default :func:`slot_ranking`) is the slot order the start was filled
    along: "a slot of similar rank" moves look within it.
    """
    rng = random.Random(seed)
    p = placement.copy()
    t0 = time.perf_counter() if t0 is None else t0
    slots = problem_slots = p.slots
    nslots = len(problem_slots)
    ranking = list(ranking) if ranking is not None else slot_ranking(p.problem)
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
    last_report = time.perf_counter()
    while True:
        if max_iterations is not None and tried >= max_iterations:
            break
        if tried % 64 == 0:
            if time_is_up(deadline, should_stop):
                break
            if on_progress and time.perf_counter() - last_report >= PROGRESS_EVERY_S:
                last_report = time.perf_counter()
                on_progress(Progress(last_report - t0, float(total), phase="local_search"))
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
        elif other != FREE:  # take the trial back (no second rule check)
            p.undo_swap(i, other)
        else:
            p.undo_relocate(i, ji)
    return p, tried, kept
