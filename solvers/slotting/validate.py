"""Independent checks of slotting plans and move lists."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from logistics.domain.slotting import SlottingProblem, fits, rule_violations
from solvers.slotting.plan import SlottingResult
from solvers.slotting.reslot import ReslotResult

__all__ = ["SlottingCheck", "validate"]


@dataclass(frozen=True)
class SlottingCheck:
    """Outcome of :func:`validate`: ``ok`` and every problem found."""

    ok: bool
    errors: tuple[str, ...]


def validate(problem: SlottingProblem, result: SlottingResult | ReslotResult) -> SlottingCheck:
    """Recheck a plan: capacity and rules; for a move list also that it executes.

    A move list is replayed from ``problem.current``: a relocation must find its
    SKU in ``from_slot`` and ``to_slot`` empty, a swap both SKUs where it says,
    a put-away an unslotted SKU and an empty slot; every SKU a move lands must
    fit there and not bring classes kept apart into one aisle at that step
    (warehouse staff carry the list out in order; a family may be apart while it
    moves); the end state must equal ``result.assignment``, the
    labour must be within ``problem.budget``.
    """
    errors: list[str] = []
    if isinstance(result, ReslotResult):
        state = dict(problem.current)
        holder = {slot: sku for sku, slot in state.items()}
        steps = _StepRules(problem, state)
        labour = 0
        for m in result.moves:
            where = f"move {m.seq} ({m.kind} {m.sku!r})"
            if not problem.layout.has_slot(m.to_slot):
                errors.append(f"{where}: unknown slot {m.to_slot!r}")
                continue
            labour += m.labour_moves
            if m.kind == "put_away":
                if m.sku in state:
                    errors.append(f"{where}: SKU already has a slot")
            elif state.get(m.sku) != m.from_slot:
                errors.append(f"{where}: SKU is not in {m.from_slot!r}")
            if m.kind == "swap":
                if holder.get(m.to_slot) != m.other_sku or m.other_sku is None:
                    errors.append(f"{where}: {m.other_sku!r} is not in {m.to_slot!r}")
                    continue
                state[m.sku], state[m.other_sku] = m.to_slot, m.from_slot
                holder[m.to_slot], holder[m.from_slot] = m.sku, m.other_sku
                steps.leave(m.sku, m.from_slot)
                steps.leave(m.other_sku, m.to_slot)
                bad = steps.after(m.sku, None, m.to_slot)
                bad += steps.after(m.other_sku, None, m.from_slot)
                errors.extend(f"{where}: {e}" for e in bad)
                continue
            if m.kind not in ("put_away", "relocate"):
                errors.append(f"{where}: unknown kind")
                continue
            if m.to_slot in holder:
                errors.append(f"{where}: {m.to_slot!r} still holds {holder[m.to_slot]!r}")
                continue
            if m.from_slot is not None:
                holder.pop(m.from_slot, None)
            state[m.sku] = m.to_slot
            holder[m.to_slot] = m.sku
            errors.extend(f"{where}: {e}" for e in steps.after(m.sku, m.from_slot, m.to_slot))
        if state != result.assignment:
            errors.append("the moves do not lead to the reported assignment")
        if labour != result.labour_moves:
            errors.append(f"labour is {labour} moves, result says {result.labour_moves}")
        cap = problem.budget.moves
        if cap is not None and labour > cap:
            errors.append(f"{labour} moves exceed the budget of {cap}")
        # a move list answers for what it changes: violations already present in the
        # current assignment (a family split today may close up, not spread further)
        # and SKUs left unslotted by the budget are not its errors
        before = set(rule_violations(problem, problem.current))
        before |= _narrower_splits(problem, problem.current, state)
        for e in rule_violations(problem, state, complete=False):
            if e not in before:
                errors.append(e)
    else:
        errors.extend(rule_violations(problem, result.assignment))
    return SlottingCheck(not errors, tuple(errors))


def _family_aisles(problem: SlottingProblem, assignment: dict[str, str]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for sku_id, slot_id in assignment.items():
        if problem.has_sku(sku_id) and problem.layout.has_slot(slot_id):
            family = problem.sku(sku_id).family
            if family is not None:
                out.setdefault(family, set()).add(problem.layout.slot(slot_id).aisle)
    return out


def _narrower_splits(
    problem: SlottingProblem, current: dict[str, str], state: dict[str, str]
) -> set[str]:
    """The violations of families split today that end in some of today's aisles only."""
    today = _family_aisles(problem, current)
    return {
        f"family {fam!r} is spread over aisles {sorted(aisles)}"
        for fam, aisles in _family_aisles(problem, state).items()
        if len(today.get(fam, ())) > 1 and aisles <= today[fam]
    }


class _StepRules:
    """The rules at each step of a move list: where a SKU lands it must fit, and its
    aisle must not then mix classes kept apart (unless the current assignment already
    mixed them there). A family may sit apart while it is being moved; it must be
    together at the end (checked on the final assignment)."""

    def __init__(self, problem: SlottingProblem, state: dict[str, str]) -> None:
        self.problem = problem
        self.classes: dict[int, Counter[str]] = {}
        for sku, slot in state.items():
            if problem.has_sku(sku) and problem.layout.has_slot(slot):
                self._count(sku, slot, 1)
        self.mixed_before = {a for a in self.classes if self._mixed(a)}

    def _count(self, sku_id: str, slot_id: str, n: int) -> None:
        sku, aisle = self.problem.sku(sku_id), self.problem.layout.slot(slot_id).aisle
        self.classes.setdefault(aisle, Counter())[sku.sku_class] += n

    def _mixed(self, aisle: int) -> bool:
        here = self.classes.get(aisle, Counter())
        return any(here[a] > 0 and here[b] > 0 for a, b in self.problem.rules.apart)

    def leave(self, sku_id: str, slot_id: str) -> None:
        """``sku_id`` leaves ``slot_id`` (the first half of a swap)."""
        self._count(sku_id, slot_id, -1)

    def after(self, sku_id: str, from_slot: str | None, to_slot: str) -> list[str]:
        """Book ``sku_id`` moving ``from_slot`` -> ``to_slot``; the rules it breaks there."""
        problem = self.problem
        if not problem.has_sku(sku_id):
            return []
        if from_slot is not None and problem.layout.has_slot(from_slot):
            self._count(sku_id, from_slot, -1)
        self._count(sku_id, to_slot, 1)
        sku, slot = problem.sku(sku_id), problem.layout.slot(to_slot)
        out = []
        if not fits(sku, slot, problem.rules):
            out.append(
                f"SKU {sku_id!r} does not fit slot {to_slot!r} (capacity, size, type or level)"
            )
        if slot.aisle not in self.mixed_before and self._mixed(slot.aisle):
            out.append(f"aisle {slot.aisle} then holds classes kept apart")
        return out
