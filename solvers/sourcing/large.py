"""Large orders (and the rare one-shipment-per-site conflict): CP-SAT over unit-to-site assignment.

Used when an order has more shipping units than the exact subset search takes
(``SourcingParams.exact_max_groups``), or when the subset search's best plan
ships twice from one site. Model, with one shipment per site:

* ``x[g, w]`` unit ``g`` ships from site ``w`` (only where in stock), each unit once;
* ``y[w]`` site ``w`` ships; ``sum y <= max_shipments``;
* ``z[w, l]`` site ``w`` uses on-time lane ``l``, exactly one when ``y[w]``;
* weight ``sum_g wt_g x[g, w]`` within the lane's limit; ``kg[w] >= weight / 1000``
  (integer, so ``ceil``); lane price ``base_l z + per_kg_l * kg`` linearised;
* objective: (shipping + handling + look-ahead price + extra-shipment cost) scaled,
  plus kilometres as the tie-breaker.

CP-SAT returns an optimal plan or, at the time limit or when stopped, the best plan
with a proven lower bound. CP-SAT works in int64 and rejects a model whose sums could overflow;
:func:`cpsat_overflow` says when an order's weights and costs are too large for the
model (absurd bulk orders only), so the caller can give a clear error instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from logistics.domain.sourcing import SourcingProblem
from solvers.cp_sat import new_cp_solver, stop_search_on
from solvers.progress import StopCheck
from solvers.sourcing.feasibility import OrderView
from solvers.sourcing.lanes import Lane

__all__ = ["LargeSolution", "solve_large", "cpsat_overflow"]

KM_SCALE = 1_000_000  # cents weigh more than any total of kilometres
_LIMIT = 1 << 62  # largest linear sum we let CP-SAT see (int64, with a margin)


def _on_time_by_site(lanes: list[Lane]) -> dict[int, list[Lane]]:
    on_time: dict[int, list[Lane]] = {}
    for ln in lanes:
        if ln.on_time:
            on_time.setdefault(ln.warehouse, []).append(ln)
    return on_time


def cpsat_overflow(
    problem: SourcingProblem,
    view: OrderView,
    lanes: list[Lane],
    unit_prices: np.ndarray | None,
) -> str | None:
    """Why the CP-SAT model of this order could overflow int64, or ``None`` when it fits.

    Bounds (exact Python ints) the weight constraints and the objective: every
    variable at its upper bound times its coefficient.
    """
    net = problem.network
    on_time = _on_time_by_site(lanes)
    sites = [w for w in range(len(net.warehouses)) if view.in_stock[w].any() and w in on_time]
    total_w = sum(view.weights_g)
    max_kg = -(-total_w // 1000)
    units = [int(u) for u in view.group_units.tolist()]
    qty = [ln.quantity for ln in problem.order.lines]
    cents = 0
    for w in sites:
        site = net.warehouses[w]
        cents += sum(ln.base_cents + ln.per_kg_cents * max_kg for ln in on_time[w])
        cents += site.handling_cost_per_order + problem.rules.cost_per_extra_shipment
        cents += site.handling_cost_per_unit * sum(units)
        if unit_prices is not None:
            cents += sum(int(unit_prices[w, i]) * q for i, q in enumerate(qty))
    objective = KM_SCALE * cents + 40_000 * len(sites)  # km: at most half the earth per site
    if objective < _LIMIT and 2 * 1000 * max_kg + total_w < _LIMIT:
        return None
    return (
        f"too large to source: {total_w} g and landed costs up to {cents} cents overflow "
        "the 64-bit CP-SAT search this order needs; split the order"
    )


@dataclass(frozen=True, slots=True)
class LargeSolution:
    """Shipments as ``(site index, unit indexes)``, optimality and the objective bound (cents)."""

    shipments: tuple[tuple[int, tuple[int, ...]], ...]
    optimal: bool
    bound_cents: int


def solve_large(
    problem: SourcingProblem,
    view: OrderView,
    lanes: list[Lane],
    unit_prices: np.ndarray | None,
    distance_m: np.ndarray,
    time_limit_s: float,
    seed: int,
    *,
    on_solution: Callable[[int, int], None] | None = None,
    should_stop: StopCheck | None = None,
) -> LargeSolution | None:
    """Solve the assignment model; ``None`` when it has no feasible plan (or none was
    found before the time limit or a stop).

    ``on_solution(cents, bound_cents)`` is called on each improving plan with its cost and
    CP-SAT's proven lower bound, in cents. ``should_stop`` is polled every 0.1 s
    (:func:`~solvers.cp_sat.stop_search_on`); once true CP-SAT ends with its best plan.
    """
    net = problem.network
    rules = problem.rules
    n_g = view.n_groups
    on_time = _on_time_by_site(lanes)
    sites = [w for w in range(len(net.warehouses)) if view.in_stock[w].any() and w in on_time]
    if not sites:
        return None
    if unit_prices is not None:
        qty = np.array([ln.quantity for ln in problem.order.lines], dtype=np.int64)
        opp = (unit_prices * qty[None, :]).astype(np.int64)
        group_opp = np.stack([opp[:, list(g)].sum(axis=1) for g in view.groups], axis=1)
    else:
        group_opp = np.zeros((len(net.warehouses), n_g), dtype=np.int64)
    m = cp_model.CpModel()
    total_w = int(view.group_weight_g.sum())
    max_kg = -(-total_w // 1000)
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for g in range(n_g):
        for w in sites:
            if view.in_stock[w, g]:
                x[g, w] = m.new_bool_var(f"x{g}_{w}")
        options = [x[g, w] for w in sites if (g, w) in x]
        if not options:
            return None
        m.add_exactly_one(options)
    y = {w: m.new_bool_var(f"y{w}") for w in sites}
    m.add(sum(y.values()) <= rules.max_shipments)
    terms = []
    for w in sites:
        site = net.warehouses[w]
        mine = [x[g, w] for g in range(n_g) if (g, w) in x]
        for v in mine:
            m.add_implication(v, y[w])
        m.add(sum(mine) >= 1).only_enforce_if(y[w])
        weight = sum(int(view.group_weight_g[g]) * x[g, w] for g in range(n_g) if (g, w) in x)
        kg = m.new_int_var(0, max_kg, f"kg{w}")
        m.add(1000 * kg >= weight)
        zs = []
        for li, ln in enumerate(on_time[w]):
            z = m.new_bool_var(f"z{w}_{li}")
            zs.append((z, ln))
            if ln.max_weight_g:
                m.add(weight <= ln.max_weight_g).only_enforce_if(z)
            if ln.per_kg_cents:
                kgl = m.new_int_var(0, max_kg, f"kg{w}_{li}")
                m.add(kgl >= kg).only_enforce_if(z)
                terms.append(ln.per_kg_cents * kgl)
            terms.append(ln.base_cents * z)
        m.add(sum(z for z, _ in zs) == y[w])
        terms.append(site.handling_cost_per_order * y[w])
        for g in range(n_g):
            if (g, w) in x:
                coef = site.handling_cost_per_unit * int(view.group_units[g]) + int(group_opp[w, g])
                if coef:
                    terms.append(coef * x[g, w])
        terms.append(rules.cost_per_extra_shipment * y[w])
    cents = sum(terms) - rules.cost_per_extra_shipment
    km = sum(int(distance_m[w] // 1000) * y[w] for w in sites)
    m.minimize(KM_SCALE * cents + km)
    solver = new_cp_solver()
    solver.parameters.max_time_in_seconds = float(time_limit_s)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = int(seed)
    callback = None
    if on_solution is not None:
        report = on_solution

        class _Reports(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                report(
                    int(self.objective_value) // KM_SCALE,
                    int(self.best_objective_bound) // KM_SCALE,
                )

        callback = _Reports()
    with stop_search_on(solver, should_stop):  # stopped: its best plan so far, or none
        status = solver.solve(m, callback)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    shipments = []
    for w in sites:
        if not solver.boolean_value(y[w]):
            continue
        units = tuple(g for g in range(n_g) if (g, w) in x and solver.boolean_value(x[g, w]))
        shipments.append((w, units))
    return LargeSolution(
        tuple(shipments), status == cp_model.OPTIMAL, int(solver.best_objective_bound // KM_SCALE)
    )
