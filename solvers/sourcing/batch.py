"""Batch re-optimisation: re-assign orders not yet released to picking, together.

Orders are sourced one at a time as they arrive; an early order may take the
last units a later order needed to ship in one parcel. Before release, the
orders of a batch can be re-assigned jointly. For each order the candidate plans
are its current plan plus the plans :func:`solvers.sourcing.solve` finds against
the *pool* (stock still free plus everything the batch holds), all keeping the
promise at re-optimisation time. Candidates are generated where they can help:
for every order shipping in several parcels, and for every order holding stock
those candidates need (the others keep their plan and their stock). A CP-SAT
model picks one plan per order:

* exactly one plan per order;
* per site and SKU, the units taken fit the pool, leaving each order's channel
  safety stock (:func:`_fits_reserves`); per site, shipments fit the capacity left;
* minimise total landed cost (shipping + handling + cost per extra shipment),
  starting from the current plans (a hint, so the answer is never worse).

Each moved order comes with the reason it moved. Candidates are judged on each
order's customer clock when ``clocks`` gives it (:mod:`solvers.sourcing.clocks`),
so a promise holds here exactly when the single-order solve says it does, and with
pickup-point lanes for the orders whose customers accept them
(``accept_pickup_points``), as the single-order solve offers them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from logistics.domain._checks import require_number, require_seed, store_int
from logistics.domain.orders import Order
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.domain.timezones import CustomerClock
from logistics.errors import InvalidValueError
from solvers._renamed import renamed_keywords
from solvers.cp_sat import new_cp_solver, stop_search_on
from solvers.progress import (
    SCIP_LEAVES_CTRL_C,
    Progress,
    ProgressCallback,
    StopCheck,
    polled_stop,
)
from solvers.sourcing.clocks import clocked_problem, order_clocks, order_pickup_points
from solvers.sourcing.params import SourcingParams
from solvers.sourcing.plans import option_signature
from solvers.sourcing.result import SourcingOption

__all__ = ["BatchParams", "Move", "BatchResult", "reoptimize_batch"]


@renamed_keywords(time_limit="time_limit_s")
@dataclass(frozen=True)
class BatchParams:
    """Settings of :func:`reoptimize_batch`.

    Parameters
    ----------
    time_limit_s
        Seconds for CP-SAT (candidate generation comes on top).
    candidates_per_order
        Plans per order besides its current one.
    max_extra_cost
        A candidate may cost at most this many cents more than the order's current
        plan (an order may pay a little so that another one ships in one parcel).
    now
        Re-optimisation time (unix seconds) for the candidates' promises; ``None``
        uses each order's creation time.
    method
        ``"chains"`` (default): for each order shipping in several parcels, try its
        one-parcel plans and move the orders holding the missing units to their
        next-best plans when the total cost drops (ejection chains of depth one,
        applied one at a time). ``"mip"``: candidate plans for every order that
        can matter and one model over all of them (``backend``).
    backend
        For ``"mip"``: ``"cp-sat"`` (default), ``"highs"``, ``"scip"`` or ``"cbc"``.
    workers, seed
        CP-SAT search workers and seed.
    """

    time_limit_s: float = 30.0
    candidates_per_order: int = 8
    max_extra_cost: int = 2000
    now: int | None = None
    method: str = "chains"
    backend: str = "cp-sat"
    workers: int = 2
    seed: int = 0

    def __post_init__(self) -> None:
        require_number("time_limit_s", self.time_limit_s)  # finite: nan used to end CP-SAT at once
        if self.time_limit_s <= 0:
            raise InvalidValueError("time_limit_s", self.time_limit_s, "seconds > 0")
        store_int(self, "candidates_per_order", minimum=1)
        store_int(self, "max_extra_cost", minimum=0)
        if self.now is not None:
            store_int(self, "now", minimum=0)
        if self.method not in ("chains", "mip"):
            raise InvalidValueError("method", self.method, "chains or mip")
        if self.backend not in ("highs", "scip", "cbc", "cp-sat"):
            raise InvalidValueError("backend", self.backend, "highs, scip, cbc or cp-sat")
        store_int(self, "workers", minimum=0, maximum=10_000)  # CP-SAT: 0 = all cores
        object.__setattr__(self, "seed", require_seed("seed", self.seed))  # CP-SAT's int32


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
    candidate_orders: int = 0
    candidate_seconds: float = 0.0

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


def _fits_reserves(available: int, holdings: Sequence[tuple[int, int]]) -> bool:
    """Whether orders taking ``(channel reserve, units)`` of one site/SKU fit ``available``.

    They fit when some sequence of them leaves each its channel's reserve; the
    best sequence takes the largest reserves first, so for each reserve ``r`` of a
    holder the units of all holders with reserve ``>= r``, plus ``r``, fit.
    """
    for r in {r for r, q in holdings if q > 0}:
        if sum(q for rr, q in holdings if rr >= r) + r > available:
            return False
    return True


def _reserve_rows(pool, reserves, free_orders, usage, fixed_usages):
    """Rows ``sum coef * choice + r * any(members) <= rhs`` keeping channel reserves (MIP).

    One row per site/SKU and reserve level ``r > 0`` of an order taking it: the
    units of orders with reserve ``>= r`` plus ``r`` fit the pool.
    """
    takers: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}  # (reserve, f, j, q)
    for f, o in enumerate(free_orders):
        for j, use in enumerate(usage[f]):
            for key, q in use.items():
                takers.setdefault(key, []).append((reserves[o], f, j, q))
    fixed: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (reserve, q)
    for o, use in fixed_usages.items():
        for key, q in use.items():
            fixed.setdefault(key, []).append((reserves[o], q))
    rows = []
    for key in sorted(takers.keys() | fixed.keys()):
        free_k, fixed_k = takers.get(key, []), fixed.get(key, [])
        levels = {t[0] for t in free_k if t[0] > 0} | {r for r, q in fixed_k if r > 0 and q}
        for r in sorted(levels):
            terms = [(f, j, q) for rr, f, j, q in free_k if rr >= r]
            rhs = int(pool.available[key]) - sum(q for rr, q in fixed_k if rr >= r)
            members = [(f, j) for rr, f, j, _ in free_k if rr == r]
            if any(rr == r and q for rr, q in fixed_k):
                rhs -= r
                members = []
            rows.append((terms, members, r, rhs))
    return rows


def reoptimize_batch(
    pool: NetworkSnapshot,
    rules: SourcingRules,
    orders: Sequence[Order],
    current: Sequence[SourcingOption],
    params: BatchParams | None = None,
    on_progress: ProgressCallback | None = None,
    *,
    clocks: Sequence[CustomerClock | None] | None = None,
    accept_pickup_points: Sequence[bool] | None = None,
    should_stop: StopCheck | None = None,
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
        Called with a :class:`~solvers.progress.Progress` whose ``best`` is the batch's
        cost in cents so far (what would be returned if the search ended there) and
        ``bound`` a proven lower bound on it when known: ``"chains"`` after each split
        order it tried (phase ``"chains"``, no bound); ``"mip"`` after each order's
        candidates (phase ``"candidates"``: the current plans' cost, no bound), then on
        each improving solution of ``cp-sat`` (phase ``"cpsat"``, with CP-SAT's bound) or
        once when ``highs``, ``scip`` or ``cbc`` returns a solution (phase the backend's
        name, with its bound: they report nothing while they solve).
    clocks
        Each order's customer clock (same length as ``orders``; ``None`` entries and
        no ``clocks`` at all: the offset guessed from the ship-to's longitude), so a
        candidate keeps the promise exactly when the single-order solve would.
    accept_pickup_points
        Whether each order's customer accepts delivery to a pickup point (same length
        as ``orders``; ``None``: none does), so its candidates include the
        pickup-point lanes its single-order solve would offer.
    should_stop
        Polled between orders (``"chains"``: before each split order; ``"mip"``: before
        each order's candidates, then every 0.1 s while ``cp-sat`` or ``scip`` solves,
        which it then interrupts; ``highs`` and ``cbc`` cannot be interrupted, only not
        started; and by the single-order solves of large orders, whose CP-SAT search it
        ends with its best plan): once true, the best plans so far are returned
        (``optimal`` false), as at the time limit; stopped before the model found any, the
        current plans. What it raises propagates.

    Returns
    -------
    BatchResult
        New plans (never costlier in total than the current ones), moves with reasons.

    Raises
    ------
    InvalidValueError
        ``current``, ``clocks`` or ``accept_pickup_points`` not one per order;
        ``clocks[i]`` not a clock; ``accept_pickup_points[i]`` not a bool.
    """
    from solvers.sourcing.solve import solve

    params = params or BatchParams()
    if len(orders) != len(current):
        raise InvalidValueError("current", len(current), f"one plan per order ({len(orders)})")
    clocks = order_clocks(orders, clocks)
    pickup = order_pickup_points(orders, accept_pickup_points)

    def problem_of(o: int, network: NetworkSnapshot) -> SourcingProblem:
        """Order ``o``'s single-order problem on ``network`` at re-optimisation time (its
        creation when ``params.now`` is unset or earlier), on its clock."""
        order = orders[o]
        now = order.created_at if params.now is None else max(params.now, order.created_at)
        return clocked_problem(
            order, network, rules, clocks[o], now=now, accept_pickup_point=pickup[o]
        )

    started = time.perf_counter()
    w_index, k_index = pool.warehouse_index, pool.sku_index

    def stopped() -> bool:
        return should_stop is not None and should_stop()

    def report(best: int, bound: float | None, phase: str) -> None:
        if on_progress is not None:
            on_progress(Progress(time.perf_counter() - started, float(best), bound, phase))

    if params.method == "chains":
        return _chains(pool, rules, orders, current, params, started, problem_of, stopped, report)
    sp = SourcingParams(runner_ups=params.candidates_per_order, explain=False)
    columns: list[list[SourcingOption]] = [[plan] for plan in current]

    halted = [False]  # stopped while generating candidates: the current plans stand
    current_cost = sum(p.total_cost for p in current)

    def add_candidates(o: int) -> None:
        if halted[0] or stopped():
            halted[0] = True
            return
        plan = current[o]
        result = solve(problem_of(o, pool), sp, should_stop=should_stop)
        seen = {option_signature(c) for c in columns[o]}
        options = ([result.plan] if result.plan is not None else []) + list(result.runner_ups)
        for option in options:
            sig = option_signature(option)
            if sig not in seen and option.total_cost <= plan.total_cost + params.max_extra_cost:
                seen.add(sig)
                columns[o].append(option)
        report(current_cost, None, "candidates")  # the current plans stand so far

    # Ring 1: orders shipping in more than one parcel (what batching can remove).
    split = [o for o, plan in enumerate(current) if len(plan.shipments) > 1]
    for o in split:
        add_candidates(o)
    # Ring 2: orders holding stock that a one-parcel candidate lacks (they may move
    # away). Stock still free after the current plans needs nobody to move.
    used = np.zeros_like(pool.available)
    usages = [_usage(plan, w_index, k_index) for plan in current]
    for usage in usages:
        for key, q in usage.items():
            used[key] += q
    free = pool.available - used
    reserves = [rules.channel_reserve(order.channel) for order in orders]
    contested: set[tuple[int, int]] = set()
    for o in split:
        reserve = reserves[o]
        for option in columns[o][1:]:
            if len(option.shipments) < len(current[o].shipments):
                contested.update(
                    key
                    for key, q in _usage(option, w_index, k_index).items()
                    if free[key] - reserve < q
                )
    ring1 = set(split)
    for o, usage in enumerate(usages):
        if o not in ring1 and contested.intersection(usage):
            add_candidates(o)
    generated = time.perf_counter() - started
    fixed_use = np.zeros_like(pool.available)
    fixed_ships = np.zeros(len(pool.warehouses), dtype=np.int64)
    free_orders: list[int] = []
    for o, cols in enumerate(columns):
        if len(cols) == 1:
            for key, q in usages[o].items():
                fixed_use[key] += q
            for s in cols[0].shipments:
                fixed_ships[w_index[s.warehouse_id]] += 1
        else:
            free_orders.append(o)
    usage = [[_usage(c, w_index, k_index) for c in columns[o]] for o in free_orders]
    fixed_usages = {o: usages[o] for o, cols in enumerate(columns) if len(cols) == 1}
    model = _Model(
        costs=[[c.total_cost for c in columns[o]] for o in free_orders],
        usage=usage,
        ships=[
            [[w_index[s.warehouse_id] for s in c.shipments] for c in columns[o]]
            for o in free_orders
        ],
        stock_room=pool.available - fixed_use,
        capacity_room=pool.capacity_left - fixed_ships,
        reserve_rows=_reserve_rows(pool, reserves, free_orders, usage, fixed_usages),
    )
    fixed_cost = sum(cols[0].total_cost for cols in columns if len(cols) == 1)
    if halted[0] or (free_orders and stopped()):
        picks, optimal, bound = [], False, None
    elif not free_orders:
        picks, optimal, bound = [], True, 0
    elif params.backend == "cp-sat":
        picks, optimal, bound = _solve_cp_sat(
            model, params, started, fixed_cost, on_progress, should_stop
        )
    else:
        picks, optimal, bound = _solve_mip(model, params, should_stop)
        if picks:
            chosen = sum(model.costs[f][j] for f, j in enumerate(picks))
            report(fixed_cost + chosen, float(fixed_cost + bound), params.backend)
    plans: list[SourcingOption] = [cols[0] for cols in columns]
    if picks:
        for o, j in zip(free_orders, picks, strict=True):
            plans[o] = columns[o][j]
    status_ok = bool(picks) or not free_orders
    moves = _explain(orders, current, plans, w_index, k_index)
    before = sum(p.total_cost for p in current)
    after = sum(p.total_cost for p in plans)
    return BatchResult(
        plans=tuple(plans),
        moves=moves,
        cost_before=before,
        cost_after=after,
        shipments_before=sum(len(p.shipments) for p in current),
        shipments_after=sum(len(p.shipments) for p in plans),
        optimal=optimal and status_ok,
        bound=None if bound is None else int(fixed_cost + bound),
        seconds=time.perf_counter() - started,
        candidate_orders=sum(len(c) > 1 for c in columns),
        candidate_seconds=generated,
    )


def _chains(
    pool, rules, orders, current, params, started, problem_of, stopped, report
) -> BatchResult:
    from solvers.sourcing.solve import solve

    w_index, k_index = pool.warehouse_index, pool.sku_index
    plans = list(current)
    usages = [_usage(p, w_index, k_index) for p in plans]
    used = np.zeros_like(pool.available)
    ships = np.zeros(len(pool.warehouses), dtype=np.int64)
    holders: dict[tuple[int, int], set[int]] = {}
    for o, (plan, usage) in enumerate(zip(plans, usages, strict=True)):
        for key, q in usage.items():
            used[key] += q
            holders.setdefault(key, set()).add(o)
        for sh in plan.shipments:
            ships[w_index[sh.warehouse_id]] += 1
    options = SourcingParams(runner_ups=params.candidates_per_order, explain=False)
    single = SourcingParams(runner_ups=0, explain=False)
    reserves = [rules.channel_reserve(order.channel) for order in orders]

    def keeps_reserves(o: int, cand: SourcingOption) -> bool:
        return all(
            _fits_reserves(
                int(pool.available[key]),
                [(reserves[p], usages[p].get(key, 0)) for p in holders.get(key, ()) if p != o]
                + [(reserves[o], q)],
            )
            for key, q in _usage(cand, w_index, k_index).items()
        )

    def apply(o: int, plan: SourcingOption) -> None:
        for key, q in usages[o].items():
            used[key] -= q
            holders[key].discard(o)
        for sh in plans[o].shipments:
            ships[w_index[sh.warehouse_id]] -= 1
        plans[o] = plan
        usages[o] = _usage(plan, w_index, k_index)
        for key, q in usages[o].items():
            used[key] += q
            holders.setdefault(key, set()).add(o)
        for sh in plan.shipments:
            ships[w_index[sh.warehouse_id]] += 1

    def room_for(o: int) -> tuple[np.ndarray, np.ndarray]:
        avail = pool.available - used
        cap = pool.capacity_left - ships
        for key, q in usages[o].items():
            avail[key] += q
        for sh in plans[o].shipments:
            cap[w_index[sh.warehouse_id]] += 1
        return avail, cap

    split = sorted(
        (o for o, p in enumerate(plans) if len(p.shipments) > 1),
        key=lambda o: -plans[o].total_cost,
    )
    tried = 0
    for o in split:
        if time.perf_counter() - started > params.time_limit_s or stopped():
            break  # between orders: every move so far is whole
        tried += 1
        mine = solve(problem_of(o, pool), options, should_stop=stopped)
        ones = [
            c
            for c in ([mine.plan] if mine.plan else []) + list(mine.runner_ups)
            if len(c.shipments) < len(plans[o].shipments)
        ]
        for cand in sorted(ones, key=lambda c: c.total_cost):
            saving = plans[o].total_cost - cand.total_cost
            avail_o, _ = room_for(o)
            need = {  # units to free, the order's channel reserve included
                key: q + reserves[o] - int(avail_o[key])
                for key, q in _usage(cand, w_index, k_index).items()
                if avail_o[key] - reserves[o] < q
            }
            before = list(plans)
            moved: list[int] = []
            ok = True
            for key, short in need.items():
                for p in sorted(holders.get(key, ()), key=lambda p: -usages[p].get(key, 0)):
                    if short <= 0:
                        break
                    if p == o or p in moved:
                        continue
                    avail_p, cap_p = room_for(p)
                    for ck in _usage(cand, w_index, k_index):
                        avail_p[ck] = 0  # keep what the one-parcel plan needs
                    net_p = pool.with_stock(np.maximum(avail_p, 0), np.maximum(cap_p, 0))
                    alt = solve(problem_of(p, net_p), single, should_stop=stopped)
                    if alt.plan is None or len(alt.plan.shipments) > len(plans[p].shipments):
                        continue
                    saving -= alt.plan.total_cost - plans[p].total_cost
                    short -= usages[p].get(key, 0)
                    apply(p, alt.plan)
                    moved.append(p)
                if short > 0:
                    ok = False
                    break
            avail_o, cap_o = room_for(o)
            fits = (
                ok
                and all(avail_o[k] >= q for k, q in _usage(cand, w_index, k_index).items())
                and all(cap_o[w_index[sh.warehouse_id]] >= 1 for sh in cand.shipments)
                and keeps_reserves(o, cand)
            )
            if fits and saving > 0:
                apply(o, cand)
                break
            for p in reversed(moved):  # undo the tentative moves
                apply(p, before[p])
        report(sum(p.total_cost for p in plans), None, "chains")
    moves = _explain(orders, current, plans, w_index, k_index)
    return BatchResult(
        plans=tuple(plans),
        moves=moves,
        cost_before=sum(p.total_cost for p in current),
        cost_after=sum(p.total_cost for p in plans),
        shipments_before=sum(len(p.shipments) for p in current),
        shipments_after=sum(len(p.shipments) for p in plans),
        optimal=False,
        bound=None,
        seconds=time.perf_counter() - started,
        candidate_orders=tried,
        candidate_seconds=0.0,
    )


@dataclass(frozen=True, slots=True)
class _Model:
    """The choice model: per free order its columns' cost, stock use and shipping sites.

    ``reserve_rows`` (:func:`_reserve_rows`): ``(terms (order, column, units),
    members (order, column), r, rhs)``.
    """

    costs: list[list[int]]
    usage: list[list[dict[tuple[int, int], int]]]
    ships: list[list[list[int]]]
    stock_room: np.ndarray
    capacity_room: np.ndarray
    reserve_rows: list


def _solve_cp_sat(
    model: _Model, params: BatchParams, started: float, fixed_cost: int, on_progress, should_stop
):
    m = cp_model.CpModel()
    choice = []
    stock_terms: dict[tuple[int, int], list] = {}
    cap_terms: dict[int, list] = {}
    objective = []
    for o, costs in enumerate(model.costs):
        vs = [m.new_bool_var(f"c{o}_{j}") for j in range(len(costs))]
        m.add_exactly_one(vs)
        for j, v in enumerate(vs):
            m.add_hint(v, 1 if j == 0 else 0)
            objective.append(costs[j] * v)
            for key, q in model.usage[o][j].items():
                stock_terms.setdefault(key, []).append(q * v)
            for w in model.ships[o][j]:
                cap_terms.setdefault(w, []).append(v)
        choice.append(vs)
    for key, terms in stock_terms.items():
        m.add(sum(terms) <= int(model.stock_room[key]))
    for w, terms in cap_terms.items():
        m.add(sum(terms) <= int(model.capacity_room[w]))
    for terms, members, r, rhs in model.reserve_rows:
        expr = sum(q * choice[f][j] for f, j, q in terms)
        if members:
            held = m.new_bool_var("")
            for f, j in members:
                m.add_implication(choice[f][j], held)
            expr = expr + r * held
        m.add(expr <= rhs)
    m.minimize(sum(objective))
    solver = new_cp_solver()
    solver.parameters.max_time_in_seconds = float(params.time_limit_s)
    solver.parameters.num_workers = int(params.workers)
    solver.parameters.random_seed = int(params.seed)

    class _Cb(cp_model.CpSolverSolutionCallback):
        def on_solution_callback(self) -> None:  # pragma: no cover - timing dependent
            if on_progress is not None:
                on_progress(
                    Progress(
                        time.perf_counter() - started,
                        fixed_cost + self.objective_value,
                        fixed_cost + self.best_objective_bound,
                        phase="cpsat",
                    )
                )

    with stop_search_on(solver, should_stop):  # stopped: its best so far, or UNKNOWN
        status = solver.solve(m, _Cb())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [], False, None
    picks = [next(j for j, v in enumerate(vs) if solver.boolean_value(v)) for vs in choice]
    return picks, status == cp_model.OPTIMAL, int(solver.best_objective_bound)


def _solve_mip(model: _Model, params: BatchParams, should_stop: StopCheck | None = None):
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver(params.backend.upper())
    if solver is None:  # pragma: no cover - depends on the OR-Tools build
        raise InvalidValueError("backend", params.backend, "not available in this OR-Tools")
    solver.SetTimeLimit(int(params.time_limit_s * 1000))
    if params.backend == "scip":
        solver.SetSolverSpecificParametersAsString(SCIP_LEAVES_CTRL_C)
    inf = solver.infinity()
    stock: dict[tuple[int, int], pywraplp.Constraint] = {}
    cap: dict[int, pywraplp.Constraint] = {}
    obj = solver.Objective()
    choice = []
    hint_vars, hint_vals = [], []
    for o, costs in enumerate(model.costs):
        one = solver.Constraint(1.0, 1.0)
        vs = []
        for j, cost in enumerate(costs):
            v = solver.BoolVar("")
            vs.append(v)
            one.SetCoefficient(v, 1.0)
            obj.SetCoefficient(v, float(cost))
            hint_vars.append(v)
            hint_vals.append(1.0 if j == 0 else 0.0)
            for key, q in model.usage[o][j].items():
                if key not in stock:
                    stock[key] = solver.Constraint(-inf, float(model.stock_room[key]))
                stock[key].SetCoefficient(v, stock[key].GetCoefficient(v) + float(q))
            for w in model.ships[o][j]:
                if w not in cap:
                    cap[w] = solver.Constraint(-inf, float(model.capacity_room[w]))
                cap[w].SetCoefficient(v, cap[w].GetCoefficient(v) + 1.0)
        choice.append(vs)
    for terms, members, r, rhs in model.reserve_rows:
        row = solver.Constraint(-inf, float(rhs))
        for f, j, q in terms:
            row.SetCoefficient(choice[f][j], row.GetCoefficient(choice[f][j]) + float(q))
        if members:
            held = solver.BoolVar("")
            row.SetCoefficient(held, float(r))
            for f, j in members:
                solver.Add(held >= choice[f][j])
    obj.SetMinimization()
    solver.SuppressOutput()
    if params.backend != "highs":  # OR-Tools 9.15's HiGHS wrapper crashes on hints
        solver.SetHint(hint_vars, hint_vals)
    with polled_stop(should_stop, solver.InterruptSolve):  # highs, cbc: not interruptible
        status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return [], False, None
    picks = [max(range(len(vs)), key=lambda j, vs=vs: vs[j].solution_value()) for vs in choice]
    return picks, status == pywraplp.Solver.OPTIMAL, int(obj.BestBound())


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
