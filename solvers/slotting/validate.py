"""Independent checks of slotting plans and move lists."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum

from logistics.domain.slotting import (
    RuleKind,
    RuleViolation,
    SlottingProblem,
    does_not_fit,
    family_spread_kept,
    fits,
    rule_violations,
)
from solvers.slotting.plan import SlottingResult
from solvers.slotting.reslot import ReslotResult

__all__ = ["MoveListKind", "SlottingCheck", "SlottingViolation", "validate"]


class MoveListKind(StrEnum):
    """What is wrong with a move list (rules broken use :class:`RuleKind`)."""

    UNKNOWN_SLOT = "move_unknown_slot"
    """The move's ``to_slot`` is not in the layout."""
    ALREADY_SLOTTED = "already_slotted"
    """A put-away of a SKU that has a slot."""
    NOT_IN_SLOT = "not_in_slot"
    """The SKU is not in the move's ``from_slot``."""
    SWAP_PARTNER_MISSING = "swap_partner_missing"
    """A swap's other SKU is not in its ``to_slot``."""
    UNKNOWN_MOVE_KIND = "unknown_move_kind"
    """The move is neither a put-away, a relocation nor a swap."""
    SLOT_TAKEN = "slot_taken"
    """The move's ``to_slot`` still holds a SKU."""
    STEP_MIXES_CLASSES = "step_mixes_classes"
    """After the move its aisle holds classes kept apart."""
    WRONG_END_STATE = "wrong_end_state"
    """The moves do not lead to the reported assignment."""
    LABOUR_MISMATCH = "labour_mismatch"
    """The labour of the moves is not the reported labour."""
    OVER_BUDGET = "over_budget"
    """The labour exceeds ``problem.budget``."""


@dataclass(frozen=True, slots=True)
class SlottingViolation:
    """One problem :func:`validate` found.

    Parameters
    ----------
    kind
        A :class:`RuleKind` (a rule broken) or a :class:`MoveListKind`.
    message
        The words for people (``str()``; :attr:`SlottingCheck.errors`).
    move
        ``seq`` of the move it was found at (``None``: the plan or the end state).
    sku
        The SKU it is about, when one.
    rule
        The rule broken, when ``kind`` is a :class:`RuleKind`.
    """

    kind: RuleKind | MoveListKind
    message: str
    move: int | None = None
    sku: str | None = None
    rule: RuleViolation | None = None

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of_rule(cls, rule: RuleViolation, move: int | None = None, where: str = ""):
        """``rule`` broken (at move ``move``, ``where`` in front of its message)."""
        message = f"{where}: {rule}" if where else str(rule)
        return cls(rule.kind, message, move=move, sku=rule.sku, rule=rule)


@dataclass(frozen=True)
class SlottingCheck:
    """Outcome of :func:`validate`: every problem found (``violations``)."""

    violations: tuple[SlottingViolation, ...]

    @property
    def ok(self) -> bool:
        """No violation."""
        return not self.violations

    @property
    def errors(self) -> tuple[str, ...]:
        """The violations' messages, in order."""
        return tuple(v.message for v in self.violations)


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
    if not isinstance(result, ReslotResult):
        found = rule_violations(problem, result.assignment)
        return SlottingCheck(tuple(SlottingViolation.of_rule(r) for r in found))
    errors: list[SlottingViolation] = []
    state = dict(problem.current)
    holder = {slot: sku for sku, slot in state.items()}
    steps = _StepRules(problem, state)
    labour = 0
    for m in result.moves:
        where = f"move {m.seq} ({m.kind} {m.sku!r})"

        def bad(kind: MoveListKind, what: str, m=m, where=where) -> SlottingViolation:  # noqa: ANN001
            return SlottingViolation(kind, f"{where}: {what}", move=m.seq, sku=m.sku)

        if not problem.layout.has_slot(m.to_slot):
            errors.append(bad(MoveListKind.UNKNOWN_SLOT, f"unknown slot {m.to_slot!r}"))
            continue
        labour += m.labour_moves
        if m.kind == "put_away":
            if m.sku in state:
                errors.append(bad(MoveListKind.ALREADY_SLOTTED, "SKU already has a slot"))
        elif state.get(m.sku) != m.from_slot:
            errors.append(bad(MoveListKind.NOT_IN_SLOT, f"SKU is not in {m.from_slot!r}"))
        if m.kind == "swap":
            if holder.get(m.to_slot) != m.other_sku or m.other_sku is None:
                errors.append(
                    bad(
                        MoveListKind.SWAP_PARTNER_MISSING,
                        f"{m.other_sku!r} is not in {m.to_slot!r}",
                    )
                )
                continue
            state[m.sku], state[m.other_sku] = m.to_slot, m.from_slot
            holder[m.to_slot], holder[m.from_slot] = m.sku, m.other_sku
            steps.leave(m.sku, m.from_slot)
            steps.leave(m.other_sku, m.to_slot)
            found = steps.after(m.sku, None, m.to_slot)
            found += steps.after(m.other_sku, None, m.from_slot)
            errors.extend(_at_move(v, m.seq, where) for v in found)
            continue
        if m.kind not in ("put_away", "relocate"):
            errors.append(bad(MoveListKind.UNKNOWN_MOVE_KIND, "unknown kind"))
            continue
        if m.to_slot in holder:
            errors.append(
                bad(MoveListKind.SLOT_TAKEN, f"{m.to_slot!r} still holds {holder[m.to_slot]!r}")
            )
            continue
        if m.from_slot is not None:
            holder.pop(m.from_slot, None)
        state[m.sku] = m.to_slot
        holder[m.to_slot] = m.sku
        found = steps.after(m.sku, m.from_slot, m.to_slot)
        errors.extend(_at_move(v, m.seq, where) for v in found)
    if state != result.assignment:
        errors.append(
            SlottingViolation(
                MoveListKind.WRONG_END_STATE, "the moves do not lead to the reported assignment"
            )
        )
    if labour != result.labour_moves:
        errors.append(
            SlottingViolation(
                MoveListKind.LABOUR_MISMATCH,
                f"labour is {labour} moves, result says {result.labour_moves}",
            )
        )
    cap = problem.budget.moves
    if cap is not None and labour > cap:
        errors.append(
            SlottingViolation(
                MoveListKind.OVER_BUDGET, f"{labour} moves exceed the budget of {cap}"
            )
        )
    # a move list answers for what it changes: violations already present in the
    # current assignment (a family split today may close up, not spread further)
    # and SKUs left unslotted by the budget are not its errors
    before = set(rule_violations(problem, problem.current))
    today = _family_aisles(problem, problem.current)
    for r in rule_violations(problem, state, complete=False):
        if r in before or _narrower_split(r, today):
            continue
        errors.append(SlottingViolation.of_rule(r))
    return SlottingCheck(tuple(errors))


def _at_move(v: SlottingViolation, seq: int, where: str) -> SlottingViolation:
    """A step's finding as a violation of move ``seq`` (``where`` before its message)."""
    return replace(v, message=f"{where}: {v.message}", move=seq)


def _family_aisles(problem: SlottingProblem, assignment: dict[str, str]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for sku_id, slot_id in assignment.items():
        if problem.has_sku(sku_id) and problem.layout.has_slot(slot_id):
            family = problem.sku(sku_id).family
            if family is not None:
                out.setdefault(family, set()).add(problem.layout.slot(slot_id).aisle)
    return out


def _narrower_split(violation: RuleViolation, today: dict[str, set[int]]) -> bool:
    """Whether ``violation`` is a family split today that ends in some of today's
    aisles only (it closed up: not the move list's error)."""
    if violation.kind is not RuleKind.FAMILY_SPREAD or violation.family is None:
        return False
    return family_spread_kept(set(violation.aisles), today.get(violation.family, set()))


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

    def after(self, sku_id: str, from_slot: str | None, to_slot: str) -> list[SlottingViolation]:
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
            out.append(SlottingViolation.of_rule(does_not_fit(sku_id, to_slot)))
        if slot.aisle not in self.mixed_before and self._mixed(slot.aisle):
            out.append(
                SlottingViolation(
                    MoveListKind.STEP_MIXES_CLASSES,
                    f"aisle {slot.aisle} then holds classes kept apart",
                    sku=sku_id,
                )
            )
        return out
