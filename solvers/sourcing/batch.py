"""Batch re-optimisation: re-assign orders not yet released to picking, together.

Orders are sourced one at a time as they arrive; an early order may take the
last units a later order needed to ship in one parcel. Before release, the
orders of a batch can be re-assigned jointly. For each order the candidate plans
are its current plan plus the plans :func:`solvers.sourcing.solve` finds against
the *pool* (stock still free plus everything the batch holds), all keeping the
promise at re-optimisation time. A CP-SAT model picks one plan per order:

* exactly one plan per order;
* per site and SKU, the units taken fit the pool; per site, shipments fit the
  capacity left;
* minimise total landed cost (shipping + handling + cost per extra shipment),
  starting from the current plans (a hint, so the answer is never worse).

Each moved order comes with the reason it moved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from logistics.domain.orders import Order
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.errors import InvalidValueError
from solvers.sourcing.params import SourcingParams
from solvers.sourcing.plans import option_signature
from solvers.sourcing.result import SourcingOption

__all__ = ["BatchParams", "Move", "BatchResult", "reoptimize_batch"]


@dataclass(frozen=True)
class BatchParams:
    """Settings of :func:`reoptimize_batch`.

    Parameters
    ----------
    time_limit
        Seconds for CP-SAT (candidate generation comes on top).
    candidates_per_order
        Plans per order besides its current one.
    now
        Re-optimisation time (unix seconds) for the candidates' promises; ``None``
        uses each order's creation time.
    workers, seed
        CP-SAT search workers and seed.
    """

    time_limit: float = 30.0
    candidates_per_order: int = 6
    now: int | None = None
    workers: int = 2
    seed: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.time_limit, int | float) or self.time_limit <= 0:
            raise InvalidValueError("time_limit", self.time_limit, "seconds > 0")
        if not isinstance(self.candidates_per_order, int) or self.candidates_per_order < 1:
            raise InvalidValueError("candidates_per_order", self.candidates_per_order, ">= 1")


@dataclass(frozen=True, slots=True)
class Move:
    """One order whose plan changed, and why."""

    order_id: str
    before: SourcingOption
    after: SourcingOption
    reason: str

    @property
    def saving(self) -> int:
        """Cents saved on this order (negative when it pays for others)."""
        return self.before.total_cost - self.after.total_cost


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The re-optimised plans (same order as the input), the moves and the totals."""

    plans: tuple[SourcingOption, ...]
    moves: tuple[Move, ...]
    cost_before: int
    cost_after: int
    shipments_before: int
    shipments_after: int
    optimal: bool
    bound: int | None
    seconds: float

    @property
    def extra_shipments_before(self) -> int:
        return self.shipments_before - len(self.plans)

    @property
    def extra_shipments_after(self) -> int:
        return self.shipments_after - len(self.plans)


def _usage(option: SourcingOption, w_index: dict[str, int], k_index: dict[str, int]):
    out: dict[tuple[int, int], int] = {}
    for s in option.shipments:
        w = w_index[s.warehouse_id]
        for ln in s.lines:
            key = (w, k_index[ln.sku_id])
            out[key] = out.get(key, 0) + ln.quantity
    return out


def reoptimize_batch(
    pool: NetworkSnapshot,
    rules: SourcingRules,
    orders: Sequence[Order],
    current: Sequence[SourcingOption],
    params: BatchParams | None = None,
    on_progress: Callable[[float, float | None, float | None], None] | None = None,
) -> BatchResult:
    """Re-assign ``orders`` jointly.

    Parameters
    ----------
    pool
        The network with the stock free *plus* the stock the batch's current plans
        hold (``available`` = what these orders may share), and the capacity the
        sites have left *plus* the batch's own shipments.
    rules
        Business rules (kits, max shipments, channel safety stock, exclusions).
    orders, current
        The batch and each order's current plan (same length).
    params
        Time limit, candidates per order, re-optimisation time.
    on_progress
        Called with ``(elapsed s, best cost, bound)`` on each improving solution.

    Returns
    -------
    BatchResult
        New plans (never costlier in total than the current ones), moves with reasons.
    """
    from solvers.sourcing.solve import solve

    params = params or BatchParams()
    if len(orders) != len(current):
        raise InvalidValueError("current", len(current), f"one plan per order ({len(orders)})")
    started = time.perf_counter()
    w_index, k_index = pool.warehouse_index, pool.sku_index
    sp = SourcingParams(runner_ups=params.candidates_per_order, explain=False)
    columns: list[list[SourcingOption]] = []
    for order, plan in zip(orders, current, strict=True):
        cols = [plan]
        seen = {option_signature(plan)}
        now = order.created_at if params.now is None else max(params.now, order.created_at)
        result = solve(SourcingProblem(order, pool, rules, now=now), sp)
        options = ([result.plan] if result.plan is not None else []) + list(result.runner_ups)
        for option in options:
            sig = option_signature(option)
            if sig not in seen and option.total_cost <= plan.total_cost + 5_000:
                seen.add(sig)
                cols.append(option)
        columns.append(cols)
    m = cp_model.CpModel()
    choice: list[list[cp_model.IntVar]] = []
    stock_terms: dict[tuple[int, int], list] = {}
    cap_terms: dict[int, list] = {}
    objective = []
    fixed_use = np.zeros_like(pool.available)
    fixed_ships = np.zeros(len(pool.warehouses), dtype=np.int64)
    for o, cols in enumerate(columns):
        if len(cols) == 1:
            for (w, k), q in _usage(cols[0], w_index, k_index).items():
                fixed_use[w, k] += q
            for s in cols[0].shipments:
                fixed_ships[w_index[s.warehouse_id]] += 1
            choice.append([])
            continue
        vs = [m.new_bool_var(f"c{o}_{j}") for j in range(len(cols))]
        m.add_exactly_one(vs)
        m.add_hint(vs[0], 1)
        for j in range(1, len(vs)):
            m.add_hint(vs[j], 0)
        choice.append(vs)
        for v, option in zip(vs, cols, strict=True):
            objective.append(option.total_cost * v)
            for key, q in _usage(option, w_index, k_index).items():
                stock_terms.setdefault(key, []).append(q * v)
            for s in option.shipments:
                cap_terms.setdefault(w_index[s.warehouse_id], []).append(v)
    for (w, k), terms in stock_terms.items():
        m.add(sum(terms) <= int(pool.available[w, k] - fixed_use[w, k]))
    for w, terms in cap_terms.items():
        m.add(sum(terms) <= int(pool.capacity_left[w] - fixed_ships[w]))
    fixed_cost = sum(cols[0].total_cost for cols in columns if len(cols) == 1)
    m.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(params.time_limit)
    solver.parameters.num_workers = int(params.workers)
    solver.parameters.random_seed = int(params.seed)

    class _Cb(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:  # pragma: no cover - timing dependent
            if on_progress is not None:
                on_progress(
                    time.perf_counter() - started,
                    fixed_cost + self.objective_value,
                    fixed_cost + self.best_objective_bound,
                )

    status = solver.solve(m, _Cb()) if objective else cp_model.OPTIMAL
    plans: list[SourcingOption] = []
    for cols, vs in zip(columns, choice, strict=True):
        if not vs or status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            plans.append(cols[0])
            continue
        j = next(j for j, v in enumerate(vs) if solver.boolean_value(v))
        plans.append(cols[j])
    moves = _explain(orders, current, plans, w_index, k_index)
    before = sum(p.total_cost for p in current)
    after = sum(p.total_cost for p in plans)
    bound = None
    if objective and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = int(fixed_cost + solver.best_objective_bound)
    return BatchResult(
        plans=tuple(plans),
        moves=moves,
        cost_before=before,
        cost_after=after,
        shipments_before=sum(len(p.shipments) for p in current),
        shipments_after=sum(len(p.shipments) for p in plans),
        optimal=status == cp_model.OPTIMAL,
        bound=bound,
        seconds=time.perf_counter() - started,
    )


def _explain(orders, current, plans, w_index, k_index) -> tuple[Move, ...]:
    moved = [
        o for o in range(len(orders)) if option_signature(current[o]) != option_signature(plans[o])
    ]
    gained: dict[tuple[str, str], list[str]] = {}
    for o in moved:
        before = {(s.warehouse_id, ln.sku_id) for s in current[o].shipments for ln in s.lines}
        for s in plans[o].shipments:
            for ln in s.lines:
                if (s.warehouse_id, ln.sku_id) not in before:
                    gained.setdefault((s.warehouse_id, ln.sku_id), []).append(orders[o].id)
    out = []
    for o in moved:
        b, a = current[o], plans[o]
        nb, na = len(b.shipments), len(a.shipments)
        saving = b.total_cost - a.total_cost
        if na < nb:
            reason = f"consolidated {nb} shipments into {na}, saves {saving / 100:.2f}"
        elif saving > 0:
            reason = f"cheaper plan from {'+'.join(a.warehouse_ids)}, saves {saving / 100:.2f}"
        else:
            after = {(s.warehouse_id, ln.sku_id) for s in a.shipments for ln in s.lines}
            freed = [
                f"{sku}@{site} for {', '.join(gained[(site, sku)][:3])}"
                for site, sku in sorted(
                    {(s.warehouse_id, ln.sku_id) for s in b.shipments for ln in s.lines} - after
                )
                if (site, sku) in gained
            ]
            why = "; ".join(freed) if freed else "frees capacity for other orders"
            reason = f"gives up {why} (costs {-saving / 100:.2f} more)"
        out.append(Move(orders[o].id, b, a, reason))
    return tuple(out)
