"""Baseline slotting plans: random, ABC classes by velocity, cube-per-order index (COI).

Every baseline fills slots in :func:`slot_ranking` order (shortest depot round
trip first, golden zone before other levels) and respects the rules (a SKU
goes to the first free slot that fits and keeps classes apart and families
together).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from logistics.domain.slotting import PastOrder, SlottingProblem
from solvers.slotting._model import Placement, slot_ranking, velocities

__all__ = ["random_plan", "abc_plan", "coi_plan", "coi_order"]


def random_plan(problem: SlottingProblem, seed: int = 0) -> Placement:
    """Random storage: SKUs in random order into random slots."""
    rng = random.Random(seed)
    skus = list(range(len(problem.skus)))
    slots = list(range(len(problem.layout.slots)))
    rng.shuffle(skus)
    rng.shuffle(slots)
    p = Placement(problem)
    p.place_greedy(skus, slots)
    return p


def abc_plan(
    problem: SlottingProblem,
    history: Sequence[PastOrder],
    shares: tuple[float, float] = (0.2, 0.3),
    seed: int = 0,
) -> Placement:
    """Class-based storage: the fastest ``shares[0]`` of SKUs (A) randomly in the best
    zone, the next ``shares[1]`` (B) in the next zone, the rest (C) behind."""
    rng = random.Random(seed)
    v = velocities(problem, history)
    n = len(problem.skus)
    tie = list(range(n))
    rng.shuffle(tie)
    by_speed = sorted(range(n), key=lambda i: (-v[i], tie[i]))
    na = max(1, round(shares[0] * n))
    nb = round(shares[1] * n)
    classes = [by_speed[:na], by_speed[na : na + nb], by_speed[na + nb :]]
    ranking = slot_ranking(problem)
    p = Placement(problem)
    start = 0
    for k, cls in enumerate(classes):
        size = len(cls) if k < 2 else len(ranking) - start
        zone = ranking[start : start + size]
        start += size
        skus = list(cls)
        rng.shuffle(skus)
        rng.shuffle(zone)
        # zone first, the rest of the ranking as fallback when rules forbid the zone
        in_zone = set(zone)
        p.place_greedy(skus, zone + [j for j in ranking if j not in in_zone])
    return p


def coi_order(
    problem: SlottingProblem,
    history: Sequence[PastOrder],
    seed: int = 0,
    tiebreak: Sequence[int] | None = None,
) -> list[int]:
    """SKU indices by ascending cube-per-order index (volume / picks; unordered SKUs last).

    Ties (notably SKUs ordered once, or never) are broken by ``tiebreak`` when given
    (per SKU index, higher first; the order-aware method passes
    :func:`solvers.slotting.search.partner_pull`), then in a seeded random order, not
    by id: ids can carry hidden structure (consecutive ids of one seller) that no
    method should get for free.
    """
    v = velocities(problem, history)
    rng = random.Random(seed)
    tie = list(range(len(problem.skus)))
    rng.shuffle(tie)

    second = tiebreak if tiebreak is not None else [0] * len(problem.skus)

    def key(i: int) -> tuple[float, int, int]:
        vol = max(problem.skus[i].volume_cm3, 1)
        return (vol / v[i] if v[i] else float("inf"), -second[i], tie[i])

    return sorted(range(len(problem.skus)), key=key)


def coi_plan(problem: SlottingProblem, history: Sequence[PastOrder], seed: int = 0) -> Placement:
    """Cube-per-order index (Heskett 1963): lowest COI into the best slots."""
    p = Placement(problem)
    p.place_greedy(coi_order(problem, history, seed), slot_ranking(problem))
    return p
