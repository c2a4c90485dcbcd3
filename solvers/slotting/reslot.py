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
moves of labour) or three relocations through a free slot (a declared swap when no
free slot keeps the rules at every step). SKUs with no current
slot are put away first (one move each; where the rules keep one out of every free
slot it fits, the SKUs in its way move first: :mod:`solvers.slotting.put_away`).
Walking figures are the history's own carts (the scoring also weighs two reshuffles
of them).
"""

from __future__ import annotations

import heapq
import random
import time
from dataclasses import dataclass, field

from logistics.domain.slotting import RuleViolation, SlottingProblem, rule_violations
from solvers.progress import StopCheck, time_is_up
from solvers.slotting._model import (
    FREE,
    PickingCost,
    Placement,
    cart_groups,
    slot_ranking,
)
from solvers.slotting.move_log import Move, MoveLog
from solvers.slotting.params import Progress, ProgressCallback, SlottingParams
from solvers.slotting.plan import _chunks, solve
from solvers.slotting.put_away import put_away
from solvers.slotting.reslot_direct import straight_to_target
from solvers.slotting.search import affinity, pick_weights

__all__ = ["STOPPED_MOVES_S", "Move", "ReslotResult", "plan_moves"]

STOPPED_MOVES_S = 3.0
"""Most seconds (and at most ``time_limit_s``) :func:`plan_moves` spends choosing moves
when it was stopped before the choice began: the direct pass towards the target, no
greedy search. The bench's largest re-slot (SBPO A 0005, 4,720 SKUs, a 1,888-move
budget, from random storage) takes 2.3 s for it on a 2-core machine, against 10 s
for the greedy search and the direct pass; the API gives a cancelled job 10 s
(``cancel_grace_s``) before it ends the worker and keeps nothing."""


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
        after the moves and under the full target plan (mm), as :func:`replay` picks
        it (an order with no slotted SKU is not picked), so ``slot moves`` and
        ``slot plan`` report the same walking for the same assignment.
    curve
        ``(labour moves, simulated walking mm)``: after the put-aways of unslotted SKUs
        first, then after each step; exact picker routes of the history's carts (the
        last point is ``walking_after_mm``).
    target_violations
        Rules a given ``target`` breaks (empty for a solved one). The moves keep every
        rule, so they stop short of such a target and ``walking_target_mm`` is a plan
        the warehouse may not adopt.
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
    target_violations: tuple[RuleViolation, ...] = ()

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
            "target_violations": [str(v) for v in self.target_violations],
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
        Polled while searching the target and choosing moves. Once true while choosing,
        the moves chosen so far are returned (as at the time limit); once true before
        the choice starts (while the target is searched), the target is the plan built
        so far and the moves are those of the direct pass alone (SKUs into their target
        slots, fastest first, the prefix that walks least kept: never longer than
        today), made within :data:`STOPPED_MOVES_S` without polling ``should_stop``.

    Returns
    -------
    ReslotResult

    Raises
    ------
    InvalidValueError
        ``target`` names an unknown SKU or slot, puts two SKUs in one slot or leaves a
        SKU without one; ``history``: the problem has no past orders (no move could be
        judged: it was 0 moves and 0.0 m of walking now and after).
    InfeasibleError
        A SKU with no slot today that no free slot takes, even with SKUs moved out of
        its way.
    """
    params = params or SlottingParams()
    t0 = time.perf_counter()
    problem.check_history()
    target_violations: list[RuleViolation] = []
    if target is None:
        target = solve(problem, params, on_progress, should_stop).assignment
    else:
        problem.check_assignment(target, "target", complete=True)
        target_violations = rule_violations(problem, target)
    # the history's carts in time order plus two seeded reshuffles: a move must pay off
    # for co-ordered SKUs, not for SKUs that once happened to share a cart
    groups = cart_groups(problem, problem.history, params.orders_per_batch)
    history_cost = PickingCost(problem, list(groups))  # walking is booked on these
    for k in range(2):
        shuffled = list(problem.history)
        random.Random(params.seed + k).shuffle(shuffled)
        groups += _chunks(problem, shuffled, params.orders_per_batch)
    cost = PickingCost(problem, groups)
    slot_index = {s.id: j for j, s in enumerate(problem.layout.slots)}
    tgt = [FREE] * len(problem.skus)
    for sku_id, slot_id in target.items():
        tgt[problem.sku_position(sku_id)] = slot_index[problem.layout.slot(slot_id).id]
    p = Placement(problem)
    p.force(problem.current)
    target_p = Placement(problem)
    target_p.force(target)
    ranking = slot_ranking(problem)
    log = MoveLog(p, history_cost, ranking, params.swap_mode, problem.budget.moves)
    before = _replayed_walking(problem, history_cost, p.slot_of, params.orders_per_batch)
    put_away(log, tgt)
    log.settle()
    vel = pick_weights(problem, problem.history)
    if should_stop is not None and should_stop():
        # stopped while the target was searched (or before): no greedy search, the
        # direct moves towards the plan built so far, within STOPPED_MOVES_S
        limit = min(params.time_limit_s, STOPPED_MOVES_S)
        straight_to_target(log, problem, tgt, vel, time.perf_counter() + limit)
    else:
        deadline = time.perf_counter() + params.time_limit_s
        greedy = _Greedy(problem, params, log, cost, tgt, target_p, vel)
        greedy.run(deadline, should_stop, on_progress, t0)
        straight_to_target(log, problem, tgt, vel, deadline, should_stop)
    if params.reslot_score == "velocity":
        # depot distance alone can take moves that lengthen every cart; slot values and
        # carts are judged on walking (the history's walking under slot values may still
        # rise: they are smoothed to predict later orders, which is what the bench measures)
        log.keep_if_shorter()
    final = p.assignment()
    after = _replayed_walking(problem, history_cost, p.slot_of, params.orders_per_batch)
    curve = tuple(log.curve)
    if FREE in p.slot_of:
        # the budget ran out putting SKUs away (the curve's only point): its walking
        # as replay picks it, the figure reported as after the moves
        curve = (*curve[:-1], (log.used, after))
    return ReslotResult(
        moves=tuple(log.moves),
        assignment=final,
        labour_moves=log.used,
        labour_minutes=problem.budget.minutes(log.used),
        skus_moved=sum(1 for s, slot in final.items() if problem.current.get(s) != slot),
        walking_before_mm=before,
        walking_after_mm=after,
        walking_target_mm=history_cost.exact_total(target_p.slot_of),
        target=dict(target),
        curve=curve,
        seconds=time.perf_counter() - t0,
        target_violations=tuple(target_violations),
    )


def _replayed_walking(
    problem: SlottingProblem, history_cost: PickingCost, slot_of: list[int], per_cart: int
) -> int:
    """Exact walking of the history's carts under ``slot_of`` as :func:`replay` picks
    them: while SKUs are unslotted, orders with nothing slotted take no place on a cart
    (``history_cost`` books every order: the same figure once every SKU has a slot)."""
    if FREE not in slot_of:
        return history_cost.exact_total(slot_of)
    groups = cart_groups(problem, problem.history, per_cart, slot_of)
    return PickingCost(problem, groups).exact_total(slot_of)


class _Greedy:
    """The greedy move search: best saving per move first, lazily re-evaluated."""

    def __init__(
        self,
        problem: SlottingProblem,
        params: SlottingParams,
        log: MoveLog,
        cost: PickingCost,
        tgt: list[int],
        target_p: Placement,
        vel: list[int],
    ) -> None:
        self.problem, self.params, self.log, self.cost = problem, params, log, cost
        self.p = log.p
        self.tgt, self.vel = tgt, vel
        self.partners = affinity(problem, problem.history, params.min_support)
        self.gcost = cost.estimate_all(self.p.slot_of)
        nslots = len(self.p.slots)
        hot = sum(1 for v in vel if v > 0)
        self.value = cost.slot_values(target_p.slot_of, seed=params.seed)
        self.value_now = cost.slot_values(self.p.slot_of, seed=params.seed)
        if params.reslot_score == "slot_value":
            self.scan = sorted(range(nslots), key=lambda j: (self.value[j], j))[: max(8, 3 * hot)]
        else:
            self.scan = log.ranking[: max(8, 3 * hot)]
        self.depot_mm = [problem.layout.distance_mm(None, sl.point) for sl in self.p.slots]
        seg_slots: dict[int, list[int]] = {}
        for j in sorted(range(nslots), key=lambda j: (cost.s_seg[j], cost.s_pos[j], j)):
            seg_slots.setdefault(cost.s_seg[j], []).append(j)
        self.seg_slots = seg_slots
        self.seg_index = {j: k for lst in seg_slots.values() for k, j in enumerate(lst)}

    def candidates(self, i: int) -> set[int]:
        """Slots worth trying for SKU i: its target, good slots held by colder SKUs
        (or free), and slots next to the SKUs it is ordered with."""
        p, vel, cost = self.p, self.vel, self.cost
        out: set[int] = set()
        if self.tgt[i] != FREE:
            out.add(self.tgt[i])
        vi = vel[i]
        for j in self.scan:
            u = p.sku_in[j]
            if u == FREE or vel[u] * 2 < vi:
                out.add(j)
                if len(out) >= 6:
                    break
        for q in self.partners[i][:3]:
            jq = p.slot_of[q]
            if jq == FREE:
                continue
            lst = self.seg_slots[cost.s_seg[jq]]
            k = self.seg_index[jq]
            for j in lst[max(0, k - 2) : k + 3]:
                u = p.sku_in[j]
                if u == FREE or vel[u] * 2 < vi:
                    out.add(j)
        out.discard(p.slot_of[i])
        return out

    def evaluate(self, i: int) -> tuple[float, int, int] | None:
        """(saving per move, moves, slot) of the best single move of SKU i, or None."""
        p, vel, log = self.p, self.vel, self.log
        if vel[i] == 0 or p.slot_of[i] == FREE:
            return None
        swap_cost = log.swap_cost
        best: tuple[float, int, int] | None = None
        ji = p.slot_of[i]
        score = self.params.reslot_score
        if score == "slot_value":
            value, value_now = self.value, self.value_now
            for t in self.candidates(i):
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
                if not log.apply(i, other, t):
                    continue
                log.undo(i, other, ji)
                best = (gain / n, n, t)
            return best
        if score == "velocity":
            t = self.tgt[i]
            if t in (FREE, ji):
                return None
            other = p.sku_in[t]
            depot_mm = self.depot_mm
            gain = vel[i] * (depot_mm[ji] - depot_mm[t])
            if other != FREE:
                gain += vel[other] * (depot_mm[t] - depot_mm[ji])
            if not log.apply(i, other, t):
                return None
            log.undo(i, other, ji)
            return (gain, 1, t) if other == FREE else (gain / swap_cost, swap_cost, t)
        cost, gcost = self.cost, self.gcost
        for t in self.candidates(i):
            other = p.sku_in[t]
            affected = set(cost.groups_of[i])
            if other != FREE:
                affected.update(cost.groups_of[other])
            if not log.apply(i, other, t):
                continue
            n = 1 if other == FREE else swap_cost
            delta = sum(cost.group_estimate(cost.groups[g], p.slot_of) - gcost[g] for g in affected)
            log.undo(i, other, ji)
            ratio = -delta / n
            if best is None or ratio > best[0]:
                best = (ratio, n, t)
        return best

    def _exact_delta(self, i: int, other: int, t: int) -> int | None:
        """Exact walking change (mm, scoring carts) of the move, or None if refused."""
        cost, p, log = self.cost, self.p, self.log
        ji = p.slot_of[i]
        aff = {g for k in (i, other) if k != FREE for g in cost.groups_of[k]}
        x_before = sum(cost.exact_group(cost.groups[g], p.slot_of) for g in aff)
        if not log.apply(i, other, t):
            return None
        x_delta = sum(cost.exact_group(cost.groups[g], p.slot_of) for g in aff) - x_before
        log.undo(i, other, ji)
        return x_delta

    def run(
        self,
        deadline: float,
        should_stop: StopCheck | None,
        on_progress: ProgressCallback | None,
        t0: float,
    ) -> None:
        """Take moves until the budget is spent, no move saves, or time is up."""
        p, log, cost, params = self.p, self.log, self.cost, self.params
        refresh = max(10, len(p.skus) // 200)
        last_refresh = 0
        heap: list[tuple[float, int]] = []
        for i in range(len(p.skus)):
            e = self.evaluate(i)
            if e is not None and e[0] > 0:
                heap.append((-e[0], i))
        heapq.heapify(heap)
        while heap and not time_is_up(deadline, should_stop):
            _, i = heapq.heappop(heap)
            e = self.evaluate(i)
            if e is None or e[0] <= 0:
                continue
            if heap and e[0] < -heap[0][0]:
                heapq.heappush(heap, (-e[0], i))
                continue
            _ratio, n, t = e
            if not log.affords(n):
                continue
            other = p.sku_in[t]
            if params.reslot_score == "carts":
                # the estimate proposes, the exact picker routes decide
                x_delta = self._exact_delta(i, other, t)
                if x_delta is None or x_delta >= 0:
                    continue
            if log.execute(i, t) is None:
                continue
            for g in {g for k in (i, other) if k != FREE for g in cost.groups_of[k]}:
                self.gcost[g] = cost.group_estimate(cost.groups[g], p.slot_of)
            for k in (i, other):
                e2 = self.evaluate(k) if k != FREE else None
                if e2 is not None and e2[0] > 0:
                    heapq.heappush(heap, (-e2[0], k))
            if log.used - last_refresh >= refresh and params.reslot_score == "slot_value":
                self.value_now = cost.slot_values(p.slot_of, seed=params.seed)
                last_refresh = log.used
            if on_progress and len(log.curve) % 50 == 0:
                on_progress(
                    Progress(time.perf_counter() - t0, float(log.walking_mm), phase="moves")
                )
