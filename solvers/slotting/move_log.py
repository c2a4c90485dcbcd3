"""A re-slotting move list as it is built: moves in execution order, labour, walking.

:class:`MoveLog` carries out moves on a :class:`~solvers.slotting._model.Placement`
(rules checked where each SKU lands), lists them (a swap declared, or as three
relocations through a free slot), books the labour and the exact walking of the
history's carts after each step, and can go back to an earlier step.
"""

from __future__ import annotations

from dataclasses import dataclass

from solvers.slotting._model import FREE, PickingCost, Placement

__all__ = ["Move", "MoveLog"]


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


Mark = tuple[int, int, int, int, int]
"""Where a :class:`MoveLog` stood: (moves, labour, walking mm, curve points, steps)."""


class MoveLog:
    """Moves carried out on ``placement``, listed in execution order.

    Parameters
    ----------
    placement
        The warehouse now (changed in place as moves are made).
    history_cost
        The history's own carts: walking is booked on them (mm, exact routes).
    ranking
        Slots best first; a swap through a free slot uses one far down it.
    swap_mode
        ``"declared"`` (a swap is one entry, two moves of labour) or ``"via_free_slot"``.
    budget
        Moves of labour allowed (``None``: no cap).
    """

    def __init__(
        self,
        placement: Placement,
        history_cost: PickingCost,
        ranking: list[int],
        swap_mode: str,
        budget: int | None,
    ) -> None:
        self.p = placement
        self.history_cost = history_cost
        self.ranking = ranking
        self.swap_mode = swap_mode
        self.budget = budget
        self.swap_cost = 2 if swap_mode == "declared" else 3
        self.ids = [s.id for s in placement.skus]
        self.sids = [s.id for s in placement.slots]
        self.moves: list[Move] = []
        self.used = 0
        self.walking_mm = history_cost.exact_total(placement.slot_of)
        self.curve: list[tuple[int, int]] = [(0, self.walking_mm)]
        self.steps: list[tuple[int, int, int]] = []
        """(SKU, the SKU it swapped with or FREE, the slot it came from) per step."""
        self.marks: list[Mark] = []
        """Where the log stood after the put-aways and after each step since."""

    # ------------------------------------------------------------ budget
    def affords(self, n: int) -> bool:
        """Whether ``n`` more moves of labour fit the budget."""
        return self.budget is None or self.used + n <= self.budget

    def cost_into(self, t: int) -> int:
        """Moves of labour of moving a SKU into slot ``t`` (a swap when it is taken)."""
        return 1 if self.p.sku_in[t] == FREE else self.swap_cost

    # ------------------------------------------------------------ trials
    def apply(self, i: int, other: int, t: int) -> bool:
        """Move SKU ``i`` into slot ``t`` (swapping with ``other`` there) if the rules
        allow; not listed (a trial: see :meth:`undo`)."""
        return self.p.relocate(i, t) if other == FREE else self.p.swap(i, other)

    def undo(self, i: int, other: int, ji: int) -> None:
        """Take back :meth:`apply` (SKU ``i`` came from slot ``ji``)."""
        if other == FREE:
            self.p.undo_relocate(i, ji)
        else:
            self.p.undo_swap(i, other)

    # ------------------------------------------------------------ moves
    def put_away(self, i: int) -> None:
        """List the put-away of SKU ``i``, already placed on ``placement`` (call
        :meth:`settle` after the last one)."""
        self.moves.append(
            Move(len(self.moves), "put_away", self.ids[i], None, self.sids[self.p.slot_of[i]])
        )
        self.used += 1

    def settle(self) -> None:
        """Book the walking after the put-aways: the curve starts there."""
        self.walking_mm = self.history_cost.exact_total(self.p.slot_of)
        self.curve = [(self.used, self.walking_mm)]
        self.marks = [self.mark()]

    def execute(self, i: int, t: int) -> int | None:
        """Carry out the move of SKU ``i`` into slot ``t`` (a relocation, or a swap with
        the SKU there), list it and book its walking; the moves of labour it took, or
        ``None`` when the rules refuse it (nothing changes then)."""
        p = self.p
        other, ji = p.sku_in[t], p.slot_of[i]
        cost = self.history_cost
        groups = {g for k in (i, other) if k != FREE for g in cost.groups_of[k]}
        before = self._walk(groups)
        buffer = None
        if other != FREE and self.swap_mode != "declared":
            # no free slot that keeps the rules at every step: a declared swap after all
            buffer = self._via_buffer(i, other, ji, t)
        if buffer is None and not self.apply(i, other, t):
            return None
        ids, sids = self.ids, self.sids
        if other == FREE:
            self.moves.append(Move(len(self.moves), "relocate", ids[i], sids[ji], sids[t]))
            n = 1
        elif buffer is None:
            self.moves.append(Move(len(self.moves), "swap", ids[i], sids[ji], sids[t], ids[other]))
            n = 2
        else:
            for sku, a, b in ((i, ji, buffer), (other, t, ji), (i, buffer, t)):
                self.moves.append(Move(len(self.moves), "relocate", ids[sku], sids[a], sids[b]))
            n = 3
        self.walking_mm += self._walk(groups) - before
        self.used += n
        self.steps.append((i, other, ji))
        self.curve.append((self.used, self.walking_mm))
        self.marks.append(self.mark())
        return n

    def mark(self) -> Mark:
        """Where the log stands now (see :meth:`back_to`)."""
        return len(self.moves), self.used, self.walking_mm, len(self.curve), len(self.steps)

    def back_to(self, mark: Mark) -> None:
        """Take back every step made since ``mark``."""
        for i, other, ji in reversed(self.steps[mark[4] :]):
            self.undo(i, other, ji)
        del self.moves[mark[0] :], self.curve[mark[3] :], self.steps[mark[4] :]
        del self.marks[mark[4] + 1 :]
        self.used, self.walking_mm = mark[1], mark[2]

    def keep_if_shorter(self) -> None:
        """Go back to the step that walks least, when the list ends longer than it began
        (a scoring that is not exact walking can take moves that do not pay)."""
        if self.marks and self.walking_mm > self.marks[0][2]:
            self.back_to(min(self.marks, key=lambda m: (m[2], m[4])))

    # ------------------------------------------------------------ helpers
    def _walk(self, groups: set[int]) -> int:
        cost = self.history_cost
        return sum(cost.exact_group(cost.groups[g], self.p.slot_of) for g in groups)

    def _via_buffer(self, i: int, other: int, ji: int, t: int) -> int | None:
        """Swap ``i`` (in ``ji``) and ``other`` (in ``t``) as three relocations through a
        free slot far from the depot, every step keeping the rules; the buffer or None."""
        p = self.p
        tried = 0
        for j in reversed(self.ranking):
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
