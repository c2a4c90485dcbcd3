"""Re-slotting's second phase: straight to the target when no single move pays any more.

The greedy of :func:`solvers.slotting.plan_moves` takes a move only when it pays as
the warehouse stands; a target of another pattern (fast movers gathered in other
aisles, families in other aisles) pays only once enough of it is in place. With
budget left, :func:`straight_to_target` moves SKUs into their target slots,
fastest first and a family as one block, and keeps the prefix of these moves that
walks least on the history among those that leave no family apart. With budget
enough, the target is reached.
"""

from __future__ import annotations

from collections.abc import Sequence

from logistics.domain.slotting import SlottingProblem, family_spread_kept
from solvers.progress import StopCheck, time_is_up
from solvers.slotting._model import FREE
from solvers.slotting.move_log import MoveLog

__all__ = ["straight_to_target"]

MAX_PASSES = 10
"""Passes over the SKUs while moves the rules refused earlier become possible."""


def straight_to_target(
    log: MoveLog,
    problem: SlottingProblem,
    target: Sequence[int],
    velocity: Sequence[int],
    deadline: float,
    should_stop: StopCheck | None = None,
) -> None:
    """Move SKUs of ``log`` into their ``target`` slots (slot index per SKU, ``FREE``:
    none) within its budget; keep the best prefix (see the module docstring).

    Members of families (and of families in the way) may sit apart while they move;
    a move refused because the SKU in the target slot does not fit the mover's slot
    goes as two relocations (:func:`_bump`); classes kept apart that trade aisles are
    parked out of each other's way (:func:`_park_blockers`).
    """
    p = log.p
    families: dict[str, list[int]] = {}
    if problem.rules.families_together:
        for k, sku in enumerate(problem.skus):
            if sku.family is not None:
                families.setdefault(sku.family, []).append(k)
    order: dict[int, None] = {}  # fastest first, a family's members together
    for i in sorted(range(len(problem.skus)), key=lambda i: (-velocity[i], i)):
        if velocity[i] <= 0:
            break
        fam = problem.skus[i].family
        block = sorted(families[fam], key=lambda k: (-velocity[k], k)) if fam in families else [i]
        order.update(dict.fromkeys(block))
    spread_before = _family_spread(log)
    best = log.mark()
    p.families_may_split = True
    try:
        for _ in range(MAX_PASSES):
            steps = len(log.steps)
            for k in order:
                t, jk = target[k], p.slot_of[k]
                if t == FREE or jk in (FREE, t):
                    continue
                if time_is_up(deadline, should_stop):
                    break
                if not log.affords(log.cost_into(t)):
                    continue
                done = log.execute(k, t) is not None or _bump(log, k, t, target)
                if (
                    not done
                    and _park_blockers(log, problem, k, t, target)
                    and log.affords(log.cost_into(t))
                ):
                    # parking took budget: the move itself must still fit what is left
                    _ = log.execute(k, t) is not None or _bump(log, k, t, target)
                if log.walking_mm < best[2] and _no_wider(_family_spread(log), spread_before):
                    best = log.mark()
            if len(log.steps) == steps:
                break
    finally:
        p.families_may_split = False
    log.back_to(best)


def _family_spread(log: MoveLog) -> dict[str, set[int]]:
    """Aisles each family's members sit in."""
    return {f: {a for a, x in n.items() if x > 0} for f, n in log.p.family_aisles.items()}


def _no_wider(now: dict[str, set[int]], before: dict[str, set[int]]) -> bool:
    """No family spread further than before (:func:`family_spread_kept`, the rule
    :func:`solvers.slotting.validate` judges a move list by)."""
    return all(family_spread_kept(aisles, before.get(f, set())) for f, aisles in now.items())


def _bump(log: MoveLog, k: int, t: int, target: Sequence[int]) -> bool:
    """Move SKU ``k`` into slot ``t`` when a swap is refused (the SKU there does not fit
    ``k``'s slot): first the SKU there to a free slot it fits (its own target if free),
    then ``k``; two relocations. Whether it was done."""
    p = log.p
    other, jk = p.sku_in[t], p.slot_of[k]
    if other == FREE or not log.affords(2):
        return False
    free = [j for j in log.ranking if p.sku_in[j] == FREE and p.fits(other, j)][:50]
    if target[other] != FREE and p.sku_in[target[other]] == FREE:
        free.insert(0, target[other])
    for j in free:
        if not p.relocate(other, j):
            continue
        fits = p.relocate(k, t)
        if fits:
            p.undo_relocate(k, jk)
        p.undo_relocate(other, t)
        if fits:
            log.execute(other, j)
            log.execute(k, t)
            return True
    return False


def _park_blockers(
    log: MoveLog, problem: SlottingProblem, k: int, t: int, target: Sequence[int]
) -> bool:
    """SKUs of a class kept apart from ``k``'s that sit in slot ``t``'s aisle, away from
    their own target, go to their target, or else to a free slot far from the depot
    that keeps the rules. Whether any moved."""
    p = log.p
    cls, aisle = problem.skus[k].sku_class, p.slots[t].aisle
    enemies = {b for a, b in problem.rules.apart if a == cls}
    enemies |= {a for a, b in problem.rules.apart if b == cls}
    if not enemies:
        return False
    moved = False
    for j, c in enumerate(p.sku_in):
        if c == FREE or p.slots[j].aisle != aisle or target[c] == j:
            continue
        if problem.skus[c].sku_class not in enemies:
            continue
        if not log.affords(1):
            break
        spots = [target[c]] if target[c] != FREE and p.sku_in[target[c]] == FREE else []
        spots += [x for x in reversed(log.ranking) if p.sku_in[x] == FREE][:50]
        if any(x != j and log.execute(c, x) is not None for x in spots):
            moved = True
    return moved
