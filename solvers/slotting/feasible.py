"""CP-SAT slotting under the rules, for when the greedy fill gets stuck.

The greedy constructions place SKUs one at a time and can paint themselves into a
corner (e.g. fill the one aisle a class kept apart needed with another class). This
model decides all SKUs at once: one bool per (SKU, slot the SKU fits) -- ``fits``
already covers capacity, size, slot type and heavy items low -- each SKU in exactly
one slot, each slot at most one SKU, per aisle no two classes of an ``apart`` pair,
with ``families_together`` each family in one aisle. Size: at most
``len(skus) x len(slots)`` bools plus one per (aisle, apart pair) and (family, aisle).

Objective: minimise the sum over SKUs of velocity (order lines) x the rank of its
slot in :func:`~solvers.slotting._model.slot_ranking` (0 = best slot): COI's
"fast movers into the best slots" under the rules.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from logistics.domain.slotting import SlottingProblem, fits
from logistics.errors import InfeasibleError
from solvers.cp_sat import new_cp_solver, stop_search_on
from solvers.progress import StopCheck
from solvers.slotting._model import Placement, slot_ranking

__all__ = ["IMPROVE_SHARE", "MAX_PAIRS", "feasible_plan"]

IMPROVE_SHARE = 0.25
"""Share of the time left that CP-SAT may spend improving its plan: past it, the first
plan it has found stands in (the local search of ``solve`` then has the rest). With no
plan yet, CP-SAT looks on, by the deadline, for a first one."""

MAX_PAIRS = 250_000
"""Most (SKU, slot) pairs the model is built for: past it :func:`feasible_plan` returns
``None`` and the greedy's error stands. A full-size warehouse (the bench's SBPO run, 4,720
SKUs x 4,950 slots, 23 million pairs) would take minutes and gigabytes just to build."""


def feasible_plan(
    problem: SlottingProblem,
    velocity: Sequence[int],
    deadline: float,
    should_stop: StopCheck | None = None,
    seed: int = 0,
) -> Placement | None:
    """A placement of every SKU that keeps the rules, fast movers in well-ranked slots;
    ``None`` when the problem has more than :data:`MAX_PAIRS` (SKU, slot) pairs.

    Parameters
    ----------
    velocity
        Order lines per SKU index (the objective's weights).
    deadline
        ``time.perf_counter()`` by which CP-SAT stops. It improves its plan for
        :data:`IMPROVE_SHARE` of the time left, then stops at its first plan.
    should_stop
        Polled every 0.1 s; once true CP-SAT stops as at the deadline.

    Raises
    ------
    InfeasibleError
        When CP-SAT proves no assignment keeps the rules, or finds none in time.
    """
    skus, slots, rules = problem.skus, problem.layout.slots, problem.rules
    if len(skus) * len(slots) > MAX_PAIRS:
        return None
    rank = {j: r for r, j in enumerate(slot_ranking(problem))}
    m = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, sku in enumerate(skus):
        for j, slot in enumerate(slots):
            if fits(sku, slot, rules):
                x[i, j] = m.new_bool_var(f"x{i}_{j}")
    per_sku: list[list[cp_model.IntVar]] = [[] for _ in skus]
    per_slot: dict[int, list[cp_model.IntVar]] = {}
    per_aisle: dict[int, list[tuple[int, cp_model.IntVar]]] = {}  # (SKU, its bool)
    for (i, j), v in x.items():
        per_sku[i].append(v)
        per_slot.setdefault(j, []).append(v)
        per_aisle.setdefault(slots[j].aisle, []).append((i, v))
    if any(not vs for vs in per_sku):
        raise InfeasibleError("no assignment of SKUs to slots keeps the rules")
    for vs in per_sku:
        m.add_exactly_one(vs)
    for vs in per_slot.values():
        m.add_at_most_one(vs)
    aisles = sorted({s.aisle for s in slots})
    for k, (a, b) in enumerate(rules.apart):
        for aisle in aisles:
            holds_a = m.new_bool_var(f"apart{k}_{aisle}")  # true: aisle may hold class a
            for i, v in per_aisle.get(aisle, ()):
                if skus[i].sku_class == a:
                    m.add_implication(v, holds_a)
                elif skus[i].sku_class == b:
                    m.add_implication(v, holds_a.Not())
    if rules.families_together:
        families = sorted({s.family for s in skus if s.family is not None})
        home = {
            (f, aisle): m.new_bool_var(f"fam_{f}_{aisle}") for f in families for aisle in aisles
        }
        for f in families:
            m.add_exactly_one(home[f, aisle] for aisle in aisles)
        for (i, j), v in x.items():
            if skus[i].family is not None:
                m.add_implication(v, home[skus[i].family, slots[j].aisle])
    m.minimize(sum(int(velocity[i]) * rank[j] * v for (i, j), v in x.items()))
    left = max(0.0, deadline - time.perf_counter())
    status, solver = _search(m, IMPROVE_SHARE * left, seed, should_stop)
    if status == cp_model.UNKNOWN and not (should_stop is not None and should_stop()):
        # nothing in the share: the first plan, in the time left
        left = max(0.0, deadline - time.perf_counter())
        status, solver = _search(m, left, seed, should_stop, first_only=True)
    if status == cp_model.INFEASIBLE:
        raise InfeasibleError("no assignment of SKUs to slots keeps the rules")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise InfeasibleError(
            "the greedy fill found no free slot that keeps the rules for every SKU, and "
            "no assignment that keeps them was found in the time limit"
        )
    p = Placement(problem)
    for (i, j), v in x.items():
        if solver.boolean_value(v):
            p.force({skus[i].id: slots[j].id})
    return p


def _search(
    model: cp_model.CpModel,
    seconds: float,
    seed: int,
    should_stop: StopCheck | None,
    first_only: bool = False,
) -> tuple[int, cp_model.CpSolver]:
    """One CP-SAT search of ``model`` (one worker): its status and solver."""
    solver = new_cp_solver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = int(seed)
    solver.parameters.stop_after_first_solution = first_only
    with stop_search_on(solver, should_stop):
        status = solver.solve(model)
    return status, solver
