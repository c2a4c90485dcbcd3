"""Re-slotting's first step: SKUs with no slot today are put away, one move each.

A SKU goes to its target slot if free, else the best free slot that takes it. Where
the rules keep it out of every free slot it fits (a class kept apart from its class
sits in each such aisle; its family sits in aisles with no free slot), SKUs are moved
out of its way first: the fewest relocations that open an aisle (or a slot in its
family's aisle), each listed before the put-aways and counted in the budget. A family
member that may not join the members put away before it takes them along to an aisle
where all may sit (their put-aways are not listed yet: no move of labour).
"""

from __future__ import annotations

from collections.abc import Sequence

from logistics.errors import InfeasibleError, quoted
from solvers.slotting._model import FREE, Placement
from solvers.slotting.move_log import MoveLog

__all__ = ["MAX_EVICTIONS", "put_away"]

MAX_EVICTIONS = 8
"""Most SKUs moved out of one put-away's way (an aisle with more in the way is not tried)."""

MAX_WAYS = 200
"""Most ways of making room tried for one SKU (fewest moves first) before it is refused."""

Relocation = tuple[int, int, int]
"""(SKU, from slot, to slot) carried out on the placement."""


def put_away(log: MoveLog, target: Sequence[int]) -> None:
    """Give every SKU of ``log`` without a slot one, while the budget lasts (call
    ``log.settle()`` after). ``target``: slot index per SKU (``FREE``: none).

    A SKU that finds no free slot takes one from a SKU put away before it, which moves
    on to another free slot (its put-away is listed there: nothing has been carried out
    yet), or else SKUs already in the warehouse move out of its way (:func:`_clear_way`).

    Raises
    ------
    InfeasibleError
        A SKU no free slot takes, even with SKUs moved out of its way.
    """
    p = log.p
    placed: list[int] = []
    for i in range(len(p.skus)):
        if p.slot_of[i] != FREE:
            continue
        if not log.affords(len(placed) + 1):
            break
        j = target[i] if target[i] != FREE and p.sku_in[target[i]] == FREE else None
        ok = (j is not None and p.place(i, j)) or any(p.place(i, j2) for j2 in log.ranking)
        if not ok and not p.make_room(i, log.ranking, movable=set(placed)):
            if _with_family(p, i, log.ranking, placed):
                placed.append(i)
                continue
            way = _clear_way(p, i, log.ranking, set(placed))
            if way is None:
                raise InfeasibleError(_no_put_away(p, i, log.ids[i]))
            relocations, slot = way
            listed = sum(1 for k, _, _ in relocations if k not in placed)
            _take_back(p, i, relocations)
            if not log.affords(len(placed) + 1 + listed):
                break  # room can be made, but not within the budget
            for k, _, to in relocations:
                # SKUs put away in this pass are listed where they end: no move of labour
                done = p.relocate(k, to) if k in placed else log.execute(k, to) is not None
                _replayed(done)
            _replayed(p.place(i, slot))
        placed.append(i)
    for i in placed:
        log.put_away(i)


def _with_family(p: Placement, i: int, ranking: Sequence[int], placed: list[int]) -> bool:
    """Put unplaced SKU ``i`` away together with the members of its family put away
    before it in this pass (their put-aways are not listed yet: they may go elsewhere),
    all in one aisle: the first member went where the others may not (a class kept
    apart from one of them sits there). Whether it was done (``p`` unchanged if not)."""
    family = p.skus[i].family
    if not p.rules.families_together or family is None:
        return False
    members = [k for k in placed if p.skus[k].family == family]
    if not members:
        return False
    before = {k: p.slot_of[k] for k in members}
    for k in members:
        p.unplace(k)
    tried: set[int] = set()
    for j in ranking:
        aisle = p.slots[j].aisle
        if aisle in tried or p.sku_in[j] != FREE or not p.fits(i, j):
            continue
        tried.add(aisle)
        if not p.place(i, j):
            continue
        here = [j2 for j2 in ranking if p.slots[j2].aisle == aisle]
        done = [i]
        for k in members:
            if any(p.sku_in[j2] == FREE and p.place(k, j2) for j2 in here):
                done.append(k)
            else:
                break
        if len(done) == len(members) + 1:
            return True
        for k in done:
            p.unplace(k)
    for k, j in before.items():
        _replayed(p.place(k, j))
    return False


def _clear_way(
    p: Placement, i: int, ranking: Sequence[int], placed: set[int]
) -> tuple[list[Relocation], int] | None:
    """Relocations (carried out on ``p``) that let unplaced SKU ``i`` into a slot, and
    that slot (``i`` placed there), or None (``p`` unchanged): the fewest relocations,
    then the best slot. Either every SKU of a class kept apart from ``i``'s leaves an
    aisle with a free slot ``i`` fits, or the SKU in a slot ``i`` fits (in its family's
    aisle) goes to a free slot. Family members are not moved (they move as blocks)."""
    rank = {j: r for r, j in enumerate(ranking)}
    options: list[tuple[int, int, int, list[int]]] = []  # (moves, rank, slot, SKUs to move)
    seen: set[int] = set()
    aisle_skus = _skus_by_aisle(p)
    for j in ranking:
        k = p.sku_in[j]
        if not p.fits(i, j):
            continue
        if k != FREE:
            if _movable(p, k):
                options.append((1, rank[j], j, [k]))
            continue
        aisle = p.slots[j].aisle
        if aisle in seen:
            continue
        seen.add(aisle)
        enemies = [c for c in aisle_skus.get(aisle, ()) if _kept_apart(p, i, c)]
        if enemies and len(enemies) <= MAX_EVICTIONS and all(_movable(p, c) for c in enemies):
            options.append((len(enemies), rank[j], j, enemies))
    options.sort(key=lambda o: (sum(1 for k in o[3] if k not in placed), o[0], o[1]))
    for _n, _r, slot, movers in options[:MAX_WAYS]:
        done: list[Relocation] = []
        for k in movers:
            frm = p.slot_of[k]
            to = _new_slot(p, k, ranking, rank, avoid=p.slots[slot].aisle)
            if to is None:
                break
            done.append((k, frm, to))
        else:
            if p.place(i, slot):
                return done, slot
        for k, frm, _ in reversed(done):
            p.undo_relocate(k, frm)
    return None


def _new_slot(
    p: Placement, k: int, ranking: Sequence[int], rank: dict[int, int], avoid: int
) -> int | None:
    """Move SKU ``k`` to the free slot nearest its own in the ranking, outside aisle
    ``avoid``, that keeps the rules; that slot, or None (unchanged)."""
    here = rank[p.slot_of[k]]
    free = [j for j in ranking if p.sku_in[j] == FREE and p.slots[j].aisle != avoid]
    for j in sorted(free, key=lambda j: (abs(rank[j] - here), rank[j])):
        if p.relocate(k, j):
            return j
    return None


def _replayed(done: bool) -> None:
    """A step made again on the state it was first made on must succeed again."""
    if not done:
        raise RuntimeError("a put-away step refused on replay: the placement changed")


def _take_back(p: Placement, i: int, relocations: list[Relocation]) -> None:
    """Undo :func:`_clear_way`: SKU ``i`` out again, the relocations reversed."""
    p.unplace(i)
    for k, frm, _ in reversed(relocations):
        p.undo_relocate(k, frm)


def _skus_by_aisle(p: Placement) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for j, k in enumerate(p.sku_in):
        if k != FREE:
            out.setdefault(p.slots[j].aisle, []).append(k)
    return out


def _kept_apart(p: Placement, i: int, k: int) -> bool:
    """Whether the rules keep SKUs ``i`` and ``k`` out of one aisle."""
    a, b = p.skus[i].sku_class, p.skus[k].sku_class
    return any((x, y) in ((a, b), (b, a)) for x, y in p.rules.apart)


def _movable(p: Placement, k: int) -> bool:
    """Whether SKU ``k`` may move out of a put-away's way (not a family kept together)."""
    return not (p.rules.families_together and p.skus[k].family is not None)


def _no_put_away(p: Placement, i: int, sku_id: str) -> str:
    """Why unslotted SKU ``i`` cannot be put away (put-aways come before any other move)."""
    free_fits = any(k == FREE and p.fits(i, j) for j, k in enumerate(p.sku_in))
    why = (
        "every free slot it fits is in an aisle the rules keep it out of (a class kept "
        "apart sits there, or its family sits elsewhere), and the SKUs in the way have "
        "nowhere to go"
        if free_fits
        else "no free slot fits it (capacity, size, slot type or level)"
    )
    return (
        f"SKU {quoted(sku_id)}: no free slot to put it away: {why}; unslotted SKUs are "
        "put away before any other move"
    )
