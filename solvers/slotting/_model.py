"""Index-based working model of a slotting problem: placement state, rules, picking cost.

SKUs and slots are addressed by their position in ``problem.skus`` and
``problem.layout.slots``. :class:`Placement` keeps ``sku -> slot`` and
``slot -> sku`` plus per-aisle class counts and per-family aisle counts so rule
checks are O(1). :class:`PickingCost` prices the history, grouped into first
come first served carts, either with a fast routing-aware estimate (used inside
searches) or with the exact picker route (used to judge plans).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Mapping, Sequence

from logistics.domain.layout import PickPoint
from logistics.domain.slotting import PastOrder, SlottingProblem, fits
from logistics.errors import InfeasibleError, quoted
from solvers.picking import route_length_mm
from solvers.picking.exact import MAX_DP_BLOCKS, exact_length_mm

__all__ = ["Placement", "PickingCost", "slot_ranking", "velocities", "cart_groups"]

FREE = -1


def slot_ranking(problem: SlottingProblem) -> list[int]:
    """Slot indices best first: shortest depot round trip, golden zone, lowest level."""
    layout = problem.layout
    keys = []
    for j, s in enumerate(layout.slots):
        d = layout.distance_mm(None, s.point)
        keys.append((d, not s.golden_zone, s.level, s.aisle, s.position_mm, s.id, j))
    return [k[-1] for k in sorted(keys)]


def velocities(problem: SlottingProblem, history: Sequence[PastOrder]) -> list[int]:
    """Order lines per SKU index in ``history`` (picks, the velocity)."""
    v = [0] * len(problem.skus)
    for o in history:
        for s in dict.fromkeys(o.skus):
            v[problem.sku_position(s)] += 1
    return v


def cart_groups(
    problem: SlottingProblem,
    history: Sequence[PastOrder],
    orders_per_batch: int,
    slot_of: Sequence[int] | None = None,
) -> list[tuple[int, ...]]:
    """FCFS carts of ``orders_per_batch`` orders (time order), as SKU index tuples.

    With ``slot_of`` (slot index per SKU index, ``FREE`` when unslotted), orders with no
    slotted SKU take no place on a cart, as in :func:`solvers.slotting.replay`: there is
    nothing to pick for them."""
    ordered = sorted(history, key=lambda o: (o.time_s, o.id))
    if slot_of is not None:
        ordered = [
            o for o in ordered if any(slot_of[problem.sku_position(s)] != FREE for s in o.skus)
        ]
    out = []
    for k in range(0, len(ordered), orders_per_batch):
        skus = dict.fromkeys(s for o in ordered[k : k + orders_per_batch] for s in o.skus)
        out.append(tuple(problem.sku_position(s) for s in skus))
    return out


class Placement:
    """Mutable ``sku <-> slot`` state with incremental rule checks."""

    def __init__(self, problem: SlottingProblem) -> None:
        self.problem = problem
        self.skus = problem.skus
        self.slots = problem.layout.slots
        self.rules = problem.rules
        self.slot_of = [FREE] * len(self.skus)
        self.sku_in = [FREE] * len(self.slots)
        self.aisle_classes: dict[int, Counter[str]] = {}
        self.family_aisles: dict[str, Counter[int]] = {}
        self._fit_cache: dict[tuple[int, int], bool] = {}
        self._open = (
            all(
                s.max_volume_cm3 is None and s.max_weight_g is None and s.max_dims_mm is None
                for s in self.slots
            )
            and not self.rules.slot_types
            and self.rules.heavy_weight_g is None
        )
        self._has_aisle_rules = bool(self.rules.apart) or (
            self.rules.families_together and any(s.family for s in self.skus)
        )
        self.families_may_split = False
        """While families move as blocks, their members may sit apart for a while."""

    # -------------------------------------------------------------- basics
    def copy(self) -> Placement:
        other = Placement.__new__(Placement)
        other.__dict__.update(self.__dict__)
        other.slot_of = list(self.slot_of)
        other.sku_in = list(self.sku_in)
        other.aisle_classes = {a: Counter(c) for a, c in self.aisle_classes.items()}
        other.family_aisles = {f: Counter(c) for f, c in self.family_aisles.items()}
        return other

    def fits(self, i: int, j: int) -> bool:
        if self._open:
            return True
        key = (i, j)
        r = self._fit_cache.get(key)
        if r is None:
            r = fits(self.skus[i], self.slots[j], self.rules)
            self._fit_cache[key] = r
        return r

    def _add(self, i: int, j: int) -> None:
        self.slot_of[i] = j
        self.sku_in[j] = i
        if self._has_aisle_rules:
            a = self.slots[j].aisle
            self.aisle_classes.setdefault(a, Counter())[self.skus[i].sku_class] += 1
            fam = self.skus[i].family
            if fam is not None:
                self.family_aisles.setdefault(fam, Counter())[a] += 1

    def _remove(self, i: int) -> int:
        j = self.slot_of[i]
        self.slot_of[i] = FREE
        self.sku_in[j] = FREE
        if self._has_aisle_rules:
            a = self.slots[j].aisle
            self.aisle_classes[a][self.skus[i].sku_class] -= 1
            fam = self.skus[i].family
            if fam is not None:
                self.family_aisles[fam][a] -= 1
        return j

    def _aisle_ok(self, i: int, j: int) -> bool:
        """Rules of SKU ``i`` sitting in slot ``j`` given everything else placed."""
        if not self._has_aisle_rules:
            return True
        a = self.slots[j].aisle
        cls = self.skus[i].sku_class
        here = self.aisle_classes.get(a)
        if here:
            for x, y in self.rules.apart:
                other = y if x == cls else x if y == cls else None
                if other is not None and here.get(other, 0) > 0:
                    return False
        fam = self.skus[i].family
        if self.rules.families_together and fam is not None and not self.families_may_split:
            # a member joins its family's aisle (any of them, if the family is already split)
            fa = self.family_aisles.get(fam)
            if fa and fa.get(a, 0) == 0 and any(n > 0 for n in fa.values()):
                return False
        return True

    # --------------------------------------------------------------- moves
    def place(self, i: int, j: int) -> bool:
        """Put unplaced SKU ``i`` into free slot ``j`` if the rules allow."""
        if self.sku_in[j] != FREE or not self.fits(i, j) or not self._aisle_ok(i, j):
            return False
        self._add(i, j)
        return True

    def unplace(self, i: int) -> None:
        """Take SKU ``i`` out of its slot (it has none after)."""
        self._remove(i)

    def relocate(self, i: int, j: int) -> bool:
        """Move placed SKU ``i`` into free slot ``j`` if the rules allow (else unchanged)."""
        if self.sku_in[j] != FREE or not self.fits(i, j):
            return False
        old = self._remove(i)
        if self._aisle_ok(i, j):
            self._add(i, j)
            return True
        self._add(i, old)
        return False

    def swap(self, i: int, k: int) -> bool:
        """Exchange the slots of placed SKUs ``i`` and ``k`` if the rules allow."""
        ji, jk = self.slot_of[i], self.slot_of[k]
        if not self.fits(i, jk) or not self.fits(k, ji):
            return False
        self._remove(i)
        self._remove(k)
        self._add(k, ji)
        if self._aisle_ok(i, jk):
            self._add(i, jk)
            self._remove(k)
            if self._aisle_ok(k, ji):
                self._add(k, ji)
                return True
            self._remove(i)
        else:
            self._remove(k)
        self._add(i, ji)
        self._add(k, jk)
        return False

    def undo_relocate(self, i: int, j: int) -> None:
        """Put SKU ``i`` back into slot ``j`` it came from (no rule checks: undoing a trial
        move must work even where the state it returns to already broke a rule)."""
        self._remove(i)
        self._add(i, j)

    def undo_swap(self, i: int, k: int) -> None:
        """Exchange ``i`` and ``k`` back (no rule checks, see :meth:`undo_relocate`)."""
        ji, jk = self._remove(i), self._remove(k)
        self._add(i, jk)
        self._add(k, ji)

    def force(self, assignment: Mapping[str, str]) -> None:
        """Load an assignment as it is (used for current assignments; no rule checks)."""
        layout = self.problem.layout
        index = {s.id: j for j, s in enumerate(self.slots)}
        for sku_id, slot_id in assignment.items():
            self._add(self.problem.sku_position(sku_id), index[layout.slot(slot_id).id])

    def assignment(self) -> dict[str, str]:
        return {self.skus[i].id: self.slots[j].id for i, j in enumerate(self.slot_of) if j != FREE}

    def place_greedy(self, order: Sequence[int], slots: Sequence[int]) -> None:
        """Place SKUs in ``order`` each into the first free allowed slot of ``slots``.

        With ``families_together`` the first member of a family placed brings the
        rest of its family into the same aisle at once (best free slots of that
        aisle in ``slots`` order); when they do not fit, the next slot is tried.

        Raises
        ------
        InfeasibleError
            When a SKU has no free slot left that the rules allow (names the SKU).
        """
        families: dict[str, list[int]] = {}
        if self.rules.families_together:
            for i, sku in enumerate(self.skus):
                if sku.family is not None:
                    families.setdefault(sku.family, []).append(i)
        by_aisle: dict[int, list[int]] = {}
        for j in slots:
            by_aisle.setdefault(self.slots[j].aisle, []).append(j)
        first = 0
        for i in order:
            if self.slot_of[i] != FREE:
                continue
            fam = self.skus[i].family
            rest = [m for m in families.get(fam, ()) if m != i and self.slot_of[m] == FREE]
            while first < len(slots) and self.sku_in[slots[first]] != FREE:
                first += 1
            for pos in range(first, len(slots)):
                j = slots[pos]
                if not self.place(i, j):
                    continue
                placed = [i]
                for m in rest:
                    for j2 in by_aisle[self.slots[j].aisle]:
                        if self.place(m, j2):
                            placed.append(m)
                            break
                    else:
                        break
                if len(placed) == 1 + len(rest):
                    break
                for m in placed:
                    self._remove(m)
            else:
                if rest or not self.make_room(i, slots):
                    raise InfeasibleError(
                        f"SKU {quoted(self.skus[i].id)}: no free slot left that fits it and keeps "
                        "the rules"
                    )

    def make_room(
        self, i: int, slots: Sequence[int], movable: Container[int] | None = None
    ) -> bool:
        """Place unplaced SKU ``i`` by moving one placed SKU out of its way: the first slot
        of ``slots`` that ``i`` fits whose occupant moves to a free slot that fits it (a
        full warehouse filled greedily can leave a big SKU only small free slots).

        ``movable``: the SKUs that may move (default: any but family members, which the
        greedy fill places as blocks)."""
        free = [j for j in slots if self.sku_in[j] == FREE]
        for j in slots:
            k = self.sku_in[j]
            if k == FREE or not self.fits(i, j):
                continue
            if movable is not None:
                if k not in movable:
                    continue
            elif self.rules.families_together and self.skus[k].family is not None:
                continue
            for j2 in free:
                if not self.relocate(k, j2):
                    continue
                if self.place(i, j):
                    return True
                self.undo_relocate(k, j)
        return False


class PickingCost:
    """Walking of a history under a placement: FCFS carts, estimated or exact routes.

    ``estimate`` is a routing-aware lower-effort figure per cart (depot to the
    farthest aisle and back, each visited aisle segment either traversed or
    entered up to its deepest pick, farthest block reached) in mm; ``exact``
    routes every cart optimally with the picker-routing DP.
    """

    def __init__(self, problem: SlottingProblem, groups: Sequence[tuple[int, ...]]) -> None:
        layout = problem.layout
        self.layout = layout
        self.groups = [tuple(g) for g in groups]
        self.groups_of: list[list[int]] = [[] for _ in problem.skus]
        for g, skus in enumerate(self.groups):
            for i in skus:
                self.groups_of[i].append(g)
        slots = layout.slots
        self.s_x = [layout.aisle_x_mm[s.aisle] for s in slots]
        self.s_seg = [s.aisle * layout.n_blocks + s.block for s in slots]
        self.s_pos = [s.position_mm for s in slots]
        self.s_block = [s.block for s in slots]
        self.s_point = [s.point for s in slots]
        self.block_len = [layout.block_length_mm(b) for b in range(layout.n_blocks)]
        cy = layout.cross_aisle_y_mm
        self.block_front = [cy[b] - cy[0] for b in range(layout.n_blocks)]
        self.depot_x = layout.depot_x_mm
        self.extra = 2 * layout.depot_offset_mm
        self.n_blocks = layout.n_blocks
        self._exact_cache: dict[frozenset[PickPoint], int] = {}

    def group_estimate(self, skus: Sequence[int], slot_of: Sequence[int]) -> int:
        if not skus:
            return 0
        lo = hi = self.depot_x
        far = 0
        deep: dict[int, int] = {}
        nb = self.n_blocks
        for i in skus:
            j = slot_of[i]
            if j < 0:
                continue
            x = self.s_x[j]
            if x < lo:
                lo = x
            elif x > hi:
                hi = x
            seg = self.s_seg[j]
            p = self.s_pos[j]
            if p > deep.get(seg, -1):
                deep[seg] = p
            f = self.block_front[self.s_block[j]]
            if f > far:
                far = f
        total = 2 * (hi - lo) + 2 * far + self.extra
        for seg, p in deep.items():
            length = self.block_len[seg % nb]
            total += min(length, 2 * p)
        return total

    def estimate_all(self, slot_of: Sequence[int]) -> list[int]:
        return [self.group_estimate(g, slot_of) for g in self.groups]

    def slot_values(
        self, slot_of: Sequence[int], max_groups: int = 400, seed: int = 0
    ) -> list[int]:
        """Per slot: the estimated extra walking (mm) of one more pick there, averaged over
        (up to ``max_groups`` seeded sampled) carts under ``slot_of``. What a pick at a slot
        costs given where everything else sits: the slot value of re-slotting."""
        import random

        import numpy as np

        n = len(self.s_x)
        xs = np.array(self.s_x, dtype=np.int64)
        seg = np.array(self.s_seg, dtype=np.int64)
        pos = np.array(self.s_pos, dtype=np.int64)
        front = np.array([self.block_front[b] for b in self.s_block], dtype=np.int64)
        length = np.array([self.block_len[s % self.n_blocks] for s in self.s_seg], dtype=np.int64)
        groups = [g for g in self.groups if any(slot_of[i] >= 0 for i in g)]
        if len(groups) > max_groups:
            groups = random.Random(seed).sample(groups, max_groups)
        if not groups:
            return [0] * n
        acc = np.zeros(n, dtype=np.int64)
        dseg = np.full(int(seg.max()) + 1, -1, dtype=np.int64)
        for g in groups:
            lo = hi = self.depot_x
            far = 0
            touched = []
            for i in g:
                j = slot_of[i]
                if j < 0:
                    continue
                lo, hi = min(lo, self.s_x[j]), max(hi, self.s_x[j])
                far = max(far, self.block_front[self.s_block[j]])
                sg = self.s_seg[j]
                dseg[sg] = max(dseg[sg], self.s_pos[j])
                touched.append(sg)
            cur = dseg[seg]
            old = np.where(cur >= 0, np.minimum(length, 2 * cur), 0)
            new = np.minimum(length, 2 * np.maximum(pos, cur))
            acc += 2 * (np.maximum(hi, xs) - np.minimum(lo, xs)) - 2 * (hi - lo)
            acc += 2 * np.maximum(0, front - far) + new - old
            dseg[touched] = -1
        return [int(v) for v in acc // len(groups)]

    def exact_group(self, skus: Sequence[int], slot_of: Sequence[int]) -> int:
        pts = frozenset(self.s_point[slot_of[i]] for i in skus if slot_of[i] >= 0)
        if not pts:
            return 0
        got = self._exact_cache.get(pts)
        if got is None:
            if self.layout.n_blocks <= MAX_DP_BLOCKS:
                got = exact_length_mm(self.layout, list(pts))
            else:
                ids = [self.layout.slots[slot_of[i]].id for i in skus if slot_of[i] >= 0]
                got = route_length_mm(self.layout, ids, "auto")
            self._exact_cache[pts] = got
        return got

    def exact_total(self, slot_of: Sequence[int]) -> int:
        return sum(self.exact_group(g, slot_of) for g in self.groups)
