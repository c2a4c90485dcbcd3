"""Re-slotting: the few moves from the current assignment that save the most walking.

From the current assignment and a target plan (by default the full re-slot of
:func:`solvers.slotting.solve`), candidates for a SKU are its target slot, the
best slots held by much slower SKUs (or free) and slots next to the SKUs it is
ordered with: a *relocation* when the slot is free, else a *swap* with the SKU
sitting there. Candidates are taken greedily by saving per move (lazy
re-evaluation: a candidate's saving is recomputed on the current state before it
is taken), until the move budget is spent or no move saves. The saving is, by
default, picks x *slot value* saved (the estimated extra walking of one more pick
at a slot, averaged over the history's carts under the target plan), and a move
must not lengthen walking under the slot values of the state it is made in
(refreshed as moves are made): half-moving towards a plan of a different pattern
must not break the current one (see :attr:`SlottingParams.reslot_score` for the
alternatives). The move list is in
execution order: every relocation goes into a slot that is empty at that point
(the moves before it emptied it), every SKU a move lands keeps the rules there
(also when the current assignment already breaks some), and a SKU changes slot
only by a listed move; a swap is either one declared entry (two
moves of labour) or three relocations through a free slot. SKUs with no current
slot are put away first (one move each). Walking figures are the history's own
carts (the scoring also weighs two reshuffles of them).
"""

from __future__ import annotations

import heapq
import random
import time
from dataclasses import dataclass, field

from logistics.domain.slotting import SlottingProblem
from logistics.errors import InfeasibleError
from solvers.progress import StopCheck, time_is_up
from solvers.slotting._model import (
    FREE,
    PickingCost,
    Placement,
    cart_groups,
    slot_ranking,
)
from solvers.slotting.params import Progress, ProgressCallback, SlottingParams
from solvers.slotting.plan import _chunks, solve
from solvers.slotting.search import affinity, pick_weights

__all__ = ["Move", "ReslotResult", "plan_moves"]


@dataclass(frozen=True)
class Move:
    """One step of a re-slotting move list.

    ``kind`` is ``"put_away"`` (``from_slot`` is ``None``), ``"relocate"`` (into an
    empty slot) or ``"swap"`` (``sku`` and ``other_sku`` exchange ``from_slot`` and
    ``to_slot``; counts as two moves of labour).
    """

    seq: int
    kind: str
    sku: str
    from_slot: str | None
    to_slot: str
    other_sku: str | None = None

    @property
    def labour_moves(self) -> int:
        return 2 if self.kind == "swap" else 1

    def to_dict(self) -> dict:
        d = {
            "seq": self.seq,
            "kind": self.kind,
            "sku": self.sku,
            "from_slot": self.from_slot,
            "to_slot": self.to_slot,
        }
        if self.other_sku is not None:
            d["other_sku"] = self.other_sku
        return d


@dataclass(frozen=True)
class ReslotResult:
    """An executable move list and what it is expected to save.

    Attributes
    ----------
    moves
        In execution order.
    assignment
        The assignment after every move.
    labour_moves, labour_minutes
        Moves of labour used (a declared swap counts two) and their minutes.
    skus_moved
        Distinct SKUs that change slot.
    walking_before_mm, walking_after_mm, walking_target_mm
        Exact simulated walking of the history under the current assignment,
        after the moves and under the full target plan (mm).
    curve
        ``(labour moves, simulated walking mm)`` after each step (step 0 first),
        exact picker routes of the history's carts.
    """

    moves: tuple[Move, ...]
    assignment: dict[str, str]
    labour_moves: int
    labour_minutes: float
    skus_moved: int
    walking_before_mm: int
    walking_after_mm: int
    walking_target_mm: int
    target: dict[str, str] = field(default_factory=dict)
    curve: tuple[tuple[int, int], ...] = ()
    seconds: float = 0.0

    def to_dict(self) -> dict:
        """JSON-ready form (the ``logistics slot moves`` output; distances in metres)."""
        return {
            "moves": [m.to_dict() for m in self.moves],
            "labour_moves": self.labour_moves,
            "labour_minutes": self.labour_minutes,
            "skus_moved": self.skus_moved,
            "simulated_walking_m": {
                "current": self.walking_before_mm / 1000,
                "after_moves": self.walking_after_mm / 1000,
                "full_reslot": self.walking_target_mm / 1000,
            },
            "curve": [{"labour_moves": n, "walking_m": w / 1000} for n, w in self.curve],
            "seconds": round(self.seconds, 3),
            "assignment": dict(self.assignment),
        }


def plan_moves(
    problem: SlottingProblem,
    params: SlottingParams | None = None,
    target: dict[str, str] | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> ReslotResult:
    """Choose the moves with the largest saving per move within ``problem.budget``.

    Parameters
    ----------
    problem
        With ``current`` (the assignment today) and ``budget``.
    params
        Options; the target plan is solved with them when ``target`` is ``None``.
    target
        Full plan to move towards (``sku id -> slot id``).
    on_progress
        Called with :class:`Progress` as moves are chosen.
    should_stop
        Polled while choosing; once true, the moves chosen so far are returned (as at
        the time limit).

    Returns
    -------
    ReslotResult

    Raises
    ------
    InvalidValueError
        ``target`` names an unknown SKU or slot, or puts two SKUs in one slot.
    """
    params = params or SlottingParams()
    t0 = time.perf_counter()
    if target is None:
        target = solve(problem, params, on_progress, should_stop).assignment
    else:
        problem.check_assignment(target, "target")
    # the history's carts in time order plus two seeded reshuffles: a move must pay off
    # for co-ordered SKUs, not for SKUs that once happened to share a cart
    groups = cart_groups(problem, problem.history, params.orders_per_batch)
    # walking is reported on the history's own carts
    history_cost = PickingCost(problem, list(groups))
    for k in range(2):
        shuffled = list(problem.history)
        random.Random(params.seed + k).shuffle(shuffled)
        groups += _chunks(problem, shuffled, params.orders_per_batch)
    cost = PickingCost(problem, groups)
    sku_index = {s.id: i for i, s in enumerate(problem.skus)}
    slot_index = {s.id: j for j, s in enumerate(problem.layout.slots)}
    tgt = [FREE] * len(problem.skus)
    for sku_id, slot_id in target.items():
        tgt[sku_index[sku_id]] = slot_index[problem.layout.slot(slot_id).id]
    p = Placement(problem)
    p.force(problem.current)
    before = history_cost.exact_total(p.slot_of)
    target_p = Placement(problem)
    target_p.force(target)
    target_mm = history_cost.exact_total(target_p.slot_of)
    moves: list[Move] = []
    ids = [s.id for s in problem.skus]
    sids = [s.id for s in problem.layout.slots]
    used = 0
    budget = problem.budget.moves
    # put away SKUs without a slot
    ranking = slot_ranking(problem)
    for i in range(len(problem.skus)):
        if p.slot_of[i] != FREE:
            continue
        if budget is not None and used >= budget:
            break
        j = tgt[i] if tgt[i] != FREE and p.sku_in[tgt[i]] == FREE else None
        if j is None or not p.place(i, j):
            for j2 in ranking:
                if p.place(i, j2):
                    break
            else:
                raise InfeasibleError(f"SKU {ids[i]!r}: no free slot to put it away")
        used += 1
        moves.append(Move(len(moves), "put_away", ids[i], None, sids[p.slot_of[i]]))
    gcost = cost.estimate_all(p.slot_of)
    exact_now = history_cost.exact_total(p.slot_of)
    curve = [(used, exact_now)]
    swap_cost = 2 if params.swap_mode == "declared" else 3

    vel = pick_weights(problem, problem.history)
    partners = affinity(problem, problem.history, params.min_support)
    hot = sum(1 for v in vel if v > 0)
    scan = ranking[: max(8, 3 * hot)]
    seg_slots: dict[int, list[int]] = {}
    for j in sorted(range(len(sids)), key=lambda j: (cost.s_seg[j], cost.s_pos[j], j)):
        seg_slots.setdefault(cost.s_seg[j], []).append(j)
    seg_index = {j: k for lst in seg_slots.values() for k, j in enumerate(lst)}

    def history_walk(gs: set[int]) -> int:
        """Exact walking (mm) of the history's carts ``gs`` as things stand."""
        return sum(history_cost.exact_group(history_cost.groups[g], p.slot_of) for g in gs)

    def apply(i: int, other: int, t: int) -> bool:
        """Move SKU i into slot t (swapping with ``other`` there) if the rules allow."""
        return p.relocate(i, t) if other == FREE else p.swap(i, other)

    def undo(i: int, other: int, ji: int) -> None:
        """Take back :func:`apply` (SKU i came from slot ji)."""
        if other == FREE:
            p.undo_relocate(i, ji)
        else:
            p.undo_swap(i, other)

    def via_buffer(i: int, other: int, ji: int, t: int) -> int | None:
        """Swap i (in ji) and other (in t) as three relocations through a free slot, far
        from the depot, such that every step keeps the rules; the buffer slot or None."""
        tried = 0
        for j in reversed(ranking):
            if p.sku_in[j] != FREE or not p.fits(i, j):
                continue
            tried += 1
            if tried > 50:
                break
            if not p.relocate(i, j):
                continue
            if p.relocate(other, ji):
                if p.relocate(i, t):
                    return j
                p.undo_relocate(other, t)
            p.undo_relocate(i, ji)
        return None

    def execute(i: int, t: int) -> int | None:
        """Carry out the move of SKU i into slot t (a relocation, or a swap with the SKU
        there: declared, or through a free slot), list it and book its walking; the
        moves of labour it took, or None when the rules refuse it."""
        nonlocal exact_now, used
        other, ji = p.sku_in[t], p.slot_of[i]
        h_groups = {g for k in (i, other) if k != FREE for g in history_cost.groups_of[k]}
        h_before = history_walk(h_groups)
        buffer = None
        if other != FREE and params.swap_mode != "declared":
            buffer = via_buffer(i, other, ji, t)
        if buffer is None and not apply(i, other, t):
            return None
        if other == FREE:
            moves.append(Move(len(moves), "relocate", ids[i], sids[ji], sids[t]))
            n = 1
        elif buffer is None:
            moves.append(Move(len(moves), "swap", ids[i], sids[ji], sids[t], ids[other]))
            n = 2
        else:
            moves.append(Move(len(moves), "relocate", ids[i], sids[ji], sids[buffer]))
            moves.append(Move(len(moves), "relocate", ids[other], sids[t], sids[ji]))
            moves.append(Move(len(moves), "relocate", ids[i], sids[buffer], sids[t]))
            n = 3
        exact_now += history_walk(h_groups) - h_before
        used += n
        return n

    def candidates(i: int) -> set[int]:
        """Slots worth trying for SKU i: its target, good slots held by colder SKUs
        (or free), and slots next to the SKUs it is ordered with."""
        out: set[int] = set()
        if tgt[i] != FREE:
            out.add(tgt[i])
        vi = vel[i]
        for j in scan:
            u = p.sku_in[j]
            if u == FREE or vel[u] * 2 < vi:
                out.add(j)
                if len(out) >= 6:
                    break
        for q in partners[i][:3]:
            jq = p.slot_of[q]
            if jq == FREE:
                continue
            lst = seg_slots[cost.s_seg[jq]]
            k = seg_index[jq]
            for j in lst[max(0, k - 2) : k + 3]:
                u = p.sku_in[j]
                if u == FREE or vel[u] * 2 < vi:
                    out.add(j)
        out.discard(p.slot_of[i])
        return out

    def evaluate(i: int) -> tuple[float, int, int] | None:
        """(saving per move, moves, slot) of the best single move of SKU i, or None."""
        if vel[i] == 0 or p.slot_of[i] == FREE:
            return None
        best: tuple[float, int, int] | None = None
        ji = p.slot_of[i]
        if params.reslot_score == "slot_value":
            for t in candidates(i):
                other = p.sku_in[t]
                gain = vel[i] * (value[ji] - value[t])
                now = vel[i] * (value_now[ji] - value_now[t])
                if other != FREE:
                    gain += vel[other] * (value[t] - value[ji])
                    now += vel[other] * (value_now[t] - value_now[ji])
                if now < 0:
                    continue  # would lengthen walking as the warehouse stands now
                n = 1 if other == FREE else swap_cost
                if gain <= 0 or (best is not None and gain / n <= best[0]):
                    continue
                if not apply(i, other, t):
                    continue
                undo(i, other, ji)
                best = (gain / n, n, t)
            return best
        if params.reslot_score == "velocity":
            t = tgt[i]
            if t in (FREE, ji):
                return None
            other = p.sku_in[t]
            gain = vel[i] * (depot_mm[ji] - depot_mm[t])
            if other != FREE:
                gain += vel[other] * (depot_mm[t] - depot_mm[ji])
            if not apply(i, other, t):
                return None
            undo(i, other, ji)
            return (gain, 1, t) if other == FREE else (gain / swap_cost, swap_cost, t)
        for t in candidates(i):
            other = p.sku_in[t]
            affected = set(cost.groups_of[i])
            if other != FREE:
                affected.update(cost.groups_of[other])
            if not apply(i, other, t):
                continue
            n = 1 if other == FREE else swap_cost
            delta = sum(cost.group_estimate(cost.groups[g], p.slot_of) - gcost[g] for g in affected)
            undo(i, other, ji)
            ratio = -delta / n
            if best is None or ratio > best[0]:
                best = (ratio, n, t)
        return best

    depot_mm = [problem.layout.distance_mm(None, sl.point) for sl in problem.layout.slots]
    value = cost.slot_values(target_p.slot_of, seed=params.seed)
    value_now = cost.slot_values(p.slot_of, seed=params.seed)
    refresh = max(10, len(ids) // 200)
    last_refresh = 0
    if params.reslot_score == "slot_value":
        scan = sorted(range(len(sids)), key=lambda j: (value[j], j))[: max(8, 3 * hot)]
    heap: list[tuple[float, int]] = []
    for i in range(len(problem.skus)):
        e = evaluate(i)
        if e is not None and e[0] > 0:
            heap.append((-e[0], i))
    heapq.heapify(heap)
    deadline = time.perf_counter() + params.time_limit_s
    while heap and not time_is_up(deadline, should_stop):
        _, i = heapq.heappop(heap)
        e = evaluate(i)
        if e is None or e[0] <= 0:
            continue
        if heap and e[0] < -heap[0][0]:
            heapq.heappush(heap, (-e[0], i))
            continue
        ratio, n, t = e
        if budget is not None and used + n > budget:
            continue
        other = p.sku_in[t]
        ji = p.slot_of[i]
        if params.reslot_score == "carts":
            # the estimate proposes, the exact picker routes decide
            aff = {g for k in (i, other) if k != FREE for g in cost.groups_of[k]}
            x_before = sum(cost.exact_group(cost.groups[g], p.slot_of) for g in aff)
            if not apply(i, other, t):
                continue
            x_delta = sum(cost.exact_group(cost.groups[g], p.slot_of) for g in aff) - x_before
            undo(i, other, ji)
            if x_delta >= 0:
                continue
        n = execute(i, t)
        if n is None:
            continue
        affected = {g for k in (i, other) if k != FREE for g in cost.groups_of[k]}
        for g in affected:
            gcost[g] = cost.group_estimate(cost.groups[g], p.slot_of)
        for k in (i, other):
            e2 = evaluate(k) if k != FREE else None
            if e2 is not None and e2[0] > 0:
                heapq.heappush(heap, (-e2[0], k))
        curve.append((used, exact_now))
        if used - last_refresh >= refresh and params.reslot_score == "slot_value":
            value_now = cost.slot_values(p.slot_of, seed=params.seed)
            last_refresh = used
        if on_progress and len(curve) % 50 == 0:
            on_progress(Progress(time.perf_counter() - t0, float(curve[-1][1]), phase="moves"))

    def straight_to_target() -> None:
        """When the greedy stops with budget left (no single move pays as things stand: a
        target of another pattern pays only once enough of it is in place), move SKUs
        straight into their target slots, fastest first and a family as one block (its
        members, and those of families in the way, may sit apart meanwhile), and keep
        the prefix of these moves that walks least on the history (exact routes) among
        those that leave no family apart. With budget enough to reach the target, the
        target is reached."""
        nonlocal used, exact_now
        families: dict[str, list[int]] = {}
        if problem.rules.families_together:
            for k, sku in enumerate(problem.skus):
                if sku.family is not None:
                    families.setdefault(sku.family, []).append(k)
        order: list[int] = []
        for i in sorted(range(len(ids)), key=lambda i: (-vel[i], i)):
            fam = problem.skus[i].family
            block = sorted(families[fam], key=lambda k: (-vel[k], k)) if fam in families else [i]
            order += [k for k in block if k not in order]
        order = list(dict.fromkeys(order))

        def apart() -> set[str]:
            return {
                f for f, n in p.family_aisles.items() if sum(1 for x in n.values() if x > 0) > 1
            }

        def bump(k: int, t: int) -> bool:
            """Move SKU k into slot t when a swap is refused (the SKU there does not fit k's
            slot): first the SKU there to a free slot it fits (its own target if free),
            then k; two relocations."""
            nonlocal used
            other, jo, jk = p.sku_in[t], t, p.slot_of[k]
            if budget is not None and used + 2 > budget:
                return False
            free = [j for j in ranking if p.sku_in[j] == FREE and p.fits(other, j)][:50]
            if tgt[other] != FREE and p.sku_in[tgt[other]] == FREE:
                free.insert(0, tgt[other])
            for j in free:
                if not p.relocate(other, j):
                    continue
                if p.relocate(k, t):
                    p.undo_relocate(k, jk)
                    p.undo_relocate(other, jo)
                    execute(other, j)
                    done.append((other, FREE, jo))
                    curve.append((used, exact_now))
                    execute(k, t)
                    done.append((k, FREE, jk))
                    curve.append((used, exact_now))
                    return True
                p.undo_relocate(other, jo)
            return False

        def park_blockers(k: int, t: int) -> bool:
            """SKUs of a class kept apart from k's that sit in slot t's aisle out of their
            own target go to their target, or else to a free slot far from the depot that
            keeps the rules (classes trading aisles otherwise block each other); whether
            any moved."""
            cls, aisle = problem.skus[k].sku_class, p.slots[t].aisle
            enemies = {b for a, b in problem.rules.apart if a == cls}
            enemies |= {a for a, b in problem.rules.apart if b == cls}
            moved = False
            for j, c in enumerate(p.sku_in):
                if c == FREE or p.slots[j].aisle != aisle or tgt[c] == j:
                    continue
                if problem.skus[c].sku_class not in enemies:
                    continue
                if budget is not None and used + 1 > budget:
                    break
                spots = [tgt[c]] if tgt[c] != FREE and p.sku_in[tgt[c]] == FREE else []
                spots += [x for x in reversed(ranking) if p.sku_in[x] == FREE][:50]
                for x in spots:
                    if x != j and execute(c, x) is not None:
                        done.append((c, FREE, j))
                        curve.append((used, exact_now))
                        moved = True
                        break
            return moved

        apart_before = apart()
        done: list[tuple[int, int, int]] = []  # (sku, the SKU it swapped with, its slot)
        best = (len(moves), used, exact_now, len(curve), 0)
        p.families_may_split = True
        for _ in range(10):  # more passes while moves the rules refused become possible
            progress = len(done)
            for k in order:
                t, jk = tgt[k], p.slot_of[k]
                if t == FREE or jk in (FREE, t):
                    continue
                if time_is_up(deadline, should_stop):
                    break
                other = p.sku_in[t]
                if budget is not None and used + (1 if other == FREE else swap_cost) > budget:
                    continue
                if execute(k, t) is not None:
                    done.append((k, other, jk))
                    curve.append((used, exact_now))
                elif (other == FREE or not bump(k, t)) and park_blockers(k, t):
                    if execute(k, t) is not None:
                        done.append((k, other, jk))
                        curve.append((used, exact_now))
                    elif other != FREE:
                        bump(k, t)
                if exact_now < best[2] and apart() <= apart_before:
                    best = (len(moves), used, exact_now, len(curve), len(done))
            if len(done) == progress:
                break
        p.families_may_split = False
        for i, other, ji in reversed(done[best[4] :]):
            undo(i, other, ji)
        del moves[best[0] :], curve[best[3] :]
        used, exact_now = best[1], best[2]

    straight_to_target()
    final = p.assignment()
    skus_moved = sum(1 for s, slot in final.items() if problem.current.get(s) != slot)
    return ReslotResult(
        moves=tuple(moves),
        assignment=final,
        labour_moves=used,
        labour_minutes=used * problem.budget.minutes_per_move,
        skus_moved=skus_moved,
        walking_before_mm=before,
        walking_after_mm=history_cost.exact_total(p.slot_of),
        walking_target_mm=target_mm,
        target=dict(target),
        curve=tuple(curve),
        seconds=time.perf_counter() - t0,
    )
