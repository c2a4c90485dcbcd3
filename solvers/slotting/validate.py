"""Independent checks of slotting plans and move lists."""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain.slotting import SlottingProblem, rule_violations
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
    a put-away an unslotted SKU and an empty slot; the end state must equal
    ``result.assignment``, the labour must be within ``problem.budget``.
    """
    errors: list[str] = []
    if isinstance(result, ReslotResult):
        state = dict(problem.current)
        holder = {slot: sku for sku, slot in state.items()}
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
        if state != result.assignment:
            errors.append("the moves do not lead to the reported assignment")
        if labour != result.labour_moves:
            errors.append(f"labour is {labour} moves, result says {result.labour_moves}")
        cap = problem.budget.moves
        if cap is not None and labour > cap:
            errors.append(f"{labour} moves exceed the budget of {cap}")
        # a move list answers for what it changes: violations already present in the
        # current assignment and SKUs left unslotted by the budget are not its errors
        before = set(rule_violations(problem, problem.current))
        for e in rule_violations(problem, state):
            if e not in before and "SKUs have no slot" not in e:
                errors.append(e)
    else:
        errors.extend(rule_violations(problem, result.assignment))
    return SlottingCheck(not errors, tuple(errors))
