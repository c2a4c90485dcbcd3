"""The offline optimum in hindsight, bounded from below by a linear program.

Knowing the whole order stream in advance, the best any policy could do is an
assignment of every order's shipping units to sites that respects the starting
stock and capacity. That problem is a large MIP; its LP relaxation, with each
shipment's price bounded below by ``min base + min per-kg * weight`` over the
on-time lanes (``ceil`` dropped, weight limits dropped), is a valid *lower
bound* for every policy's total cost on the same stream:

* ``x[o, g, i]`` share of unit ``g`` of order ``o`` from site ``i``; ``y[o, i] >= x``;
* ``sum_i x[o, g, i] + lost[o] = 1``; ``sum_i y[o, i] <= max_shipments``;
* ``late[o] >= y[o, i]`` for sites with no on-time lane (then the late lanes' price);
* stock per site and SKU, capacity per site;
* cost: handling + shipping bound + extra shipments + ``miss_penalty * late`` +
  ``stockout_penalty * lost``.

Channel safety stock is left out (a relaxation, so still a bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from logistics.domain.orders import Order
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from solvers.sourcing.feasibility import shipping_units
from solvers.sourcing.lanes import order_lanes

__all__ = ["HindsightBound", "hindsight_bound"]


@dataclass(frozen=True, slots=True)
class HindsightBound:
    """LP lower bound (cents) on total cost of the stream, and its parts at the LP optimum."""

    total: float
    landed: float
    misses: float
    stockouts: float
    seconds: float


def hindsight_bound(
    network: NetworkSnapshot,
    rules: SourcingRules,
    orders: Sequence[Order],
    miss_penalty: int,
    stockout_penalty: int,
    time_limit: float = 600.0,
) -> HindsightBound:
    """Solve the LP relaxation of the offline problem with GLOP."""
    import time

    from ortools.linear_solver import pywraplp

    started = time.perf_counter()
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.SetTimeLimit(int(time_limit * 1000))
    inf = solver.infinity()
    n_w, n_k = network.available.shape
    stock = {}
    cap = [solver.Constraint(-inf, float(network.capacity_left[i])) for i in range(n_w)]
    obj = solver.Objective()
    excluded = rules.excluded_warehouse_ids
    kidx = network.sku_index
    hpo = [w.handling_cost_per_order for w in network.warehouses]
    hpu = [w.handling_cost_per_unit for w in network.warehouses]
    weights = network.sku_weights_g
    extra = rules.cost_per_extra_shipment
    miss_vars, lost_vars = [], []
    for order in orders:
        problem = SourcingProblem(order, network, rules)
        groups = shipping_units(problem)
        lanes = order_lanes(problem)
        per_site: dict[int, list] = {}
        for ln in lanes:
            per_site.setdefault(ln.warehouse, []).append(ln)
        lost = solver.NumVar(0.0, 1.0, "")
        lost_vars.append(lost)
        obj.SetCoefficient(lost, float(stockout_penalty + extra))
        late = solver.NumVar(0.0, 1.0, "")
        miss_vars.append(late)
        obj.SetCoefficient(late, float(miss_penalty))
        cover = []
        for _g in groups:
            c = solver.Constraint(1.0, 1.0)
            c.SetCoefficient(lost, 1.0)
            cover.append(c)
        nship = solver.Constraint(-inf, float(rules.max_shipments))
        for i, mine in per_site.items():
            if network.warehouses[i].id in excluded or network.capacity_left[i] <= 0:
                continue
            on = [ln for ln in mine if ln.on_time]
            use = on or mine
            members = []
            for g, lines in enumerate(groups):
                cols = [kidx[order.lines[li].sku_id] for li in lines]
                if all(
                    network.available[i, k] >= order.lines[li].quantity
                    for li, k in zip(lines, cols, strict=True)
                ):
                    members.append((g, lines, cols))
            if not members:
                continue
            y = solver.NumVar(0.0, 1.0, "")
            base = min(ln.base_cents for ln in use)
            per_kg = min(ln.per_kg_cents for ln in use)
            obj.SetCoefficient(y, float(hpo[i] + base + extra))
            cap[i].SetCoefficient(y, 1.0)
            nship.SetCoefficient(y, 1.0)
            if not on:
                c = solver.Constraint(-inf, 0.0)
                c.SetCoefficient(y, 1.0)
                c.SetCoefficient(late, -1.0)
            for g, lines, cols in members:
                x = solver.NumVar(0.0, 1.0, "")
                units = sum(order.lines[li].quantity for li in lines)
                grams = sum(
                    int(weights[k]) * order.lines[li].quantity
                    for li, k in zip(lines, cols, strict=True)
                )
                obj.SetCoefficient(x, float(hpu[i] * units + per_kg * grams / 1000.0))
                cover[g].SetCoefficient(x, 1.0)
                link = solver.Constraint(-inf, 0.0)
                link.SetCoefficient(x, 1.0)
                link.SetCoefficient(y, -1.0)
                for li, k in zip(lines, cols, strict=True):
                    key = (i, k)
                    if key not in stock:
                        stock[key] = solver.Constraint(-inf, float(network.available[i, k]))
                    stock[key].SetCoefficient(x, float(order.lines[li].quantity))
    obj.SetOffset(-float(extra * len(orders)))
    obj.SetMinimization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise RuntimeError(f"hindsight LP not solved to optimality (status {status})")
    misses = float(sum(v.solution_value() for v in miss_vars))
    lost = float(sum(v.solution_value() for v in lost_vars))
    total = obj.Value()
    return HindsightBound(
        total=total,
        landed=total - misses * miss_penalty - lost * stockout_penalty,
        misses=misses,
        stockouts=lost,
        seconds=time.perf_counter() - started,
    )
