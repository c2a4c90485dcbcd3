"""The offline optimum in hindsight, bounded from below by a linear program.

Knowing the whole order stream in advance, the best any policy could do is to
pick, for every order, shipments (a site and the subset of the order's shipping
units it ships) that respect the starting stock and every site's capacity. The
LP relaxation of that set-partitioning MIP (the "configuration LP") is a valid
*lower bound* on every policy's total cost on the same stream:

* ``z[o, i, S]`` share of order ``o``'s units ``S`` shipped from site ``i``, at its
  exact cost (cheapest on-time lane for the weight of ``S`` + handling + the cost
  per extra shipment); sites with no on-time lane use their cheapest late lane;
* every unit covered once, or lost (out of stock: the rest of the order still
  ships): ``sum_{i, S contains g} z + lost[o, g] = 1``;
* ``late[o] >= sum_{late i, S contains g} z`` for every unit ``g`` (missed promise);
* ``sum z <= max_shipments`` per order; stock per site and SKU; capacity per site;
* cost: shipments + ``miss_penalty * late`` + ``stockout_penalty * units * lost``
  (a lost sale costs per unit).

Channel safety stock: orders of a channel with a reserve never take a site's
last ``reserve`` units, so their total use of a site's SKU is at most
``stock - reserve`` (valid for any policy). One site may appear in two shipments
of an order (a relaxation, so the bound stays valid). Orders with more than
``max_subset_units`` shipping units are refused (the column count grows as 2^n).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from logistics.domain.orders import Order
from logistics.domain.sourcing import NetworkSnapshot, SourcingRules
from logistics.domain.timezones import CustomerClock
from solvers.sourcing.clocks import clocked_problem, order_clocks, order_pickup_points
from solvers.sourcing.feasibility import shipping_units
from solvers.sourcing.lanes import order_lanes

__all__ = ["HindsightBound", "hindsight_bound"]


@dataclass(frozen=True, slots=True)
class HindsightBound:
    """LP lower bound (cents) on total cost of the stream, and its parts at the LP optimum.

    ``stockouts`` counts lost shipping units (fractional), ``lost_units`` their units.
    """

    total: float
    landed: float
    misses: float
    stockouts: float
    lost_units: float
    columns: int
    seconds: float


def hindsight_bound(
    network: NetworkSnapshot,
    rules: SourcingRules,
    orders: Sequence[Order],
    miss_penalty: int,
    stockout_penalty: int,
    time_limit_s: float = 600.0,
    max_subset_units: int = 8,
    *,
    clocks: Sequence[CustomerClock | None] | None = None,
    accept_pickup_points: Sequence[bool] | None = None,
) -> HindsightBound:
    """Solve the configuration LP with GLOP; raises when an order has too many units.

    ``clocks``: each order's customer clock (same length as ``orders``; ``None``
    entries and no ``clocks``: the offset guessed from the ship-to's longitude), so
    a lane counts as on time exactly when the single-order solve says so.
    ``accept_pickup_points``: whether each order's customer accepts a pickup point
    (``None``: none does), so the bound prices the lanes the single-order solve has.
    A wrong length or entry raises :class:`~logistics.errors.InvalidValueError` on
    the argument.
    """
    from ortools.linear_solver import pywraplp

    clocks = order_clocks(orders, clocks)
    pickup = order_pickup_points(orders, accept_pickup_points)

    started = time.perf_counter()
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.SetTimeLimit(int(time_limit_s * 1000))
    inf = solver.infinity()
    n_w = len(network.warehouses)
    stock: dict[tuple[int, int], pywraplp.Constraint] = {}
    channel_stock: dict[tuple[str, int, int], pywraplp.Constraint] = {}
    cap = [solver.Constraint(-inf, float(network.capacity_left[i])) for i in range(n_w)]
    obj = solver.Objective()
    excluded = rules.excluded_warehouse_ids
    kidx = network.sku_index
    weights = network.sku_weights_g
    extra = rules.cost_per_extra_shipment
    miss_vars, lost_vars = [], []
    columns = 0
    for order, clock, accept in zip(orders, clocks, pickup, strict=True):
        problem = clocked_problem(order, network, rules, clock, accept_pickup_point=accept)
        reserve = rules.channel_reserve(order.channel)
        groups = shipping_units(problem)
        n_g = len(groups)
        if n_g > max_subset_units:
            raise ValueError(f"order {order.id} has {n_g} shipping units > {max_subset_units}")
        lanes = order_lanes(problem)
        per_site: dict[int, list] = {}
        for ln in lanes:
            per_site.setdefault(ln.warehouse, []).append(ln)
        g_cols = [[kidx[order.lines[li].sku_id] for li in g] for g in groups]
        g_qty = [[order.lines[li].quantity for li in g] for g in groups]
        g_weight = [
            sum(int(weights[k]) * q for k, q in zip(c, qs, strict=True))
            for c, qs in zip(g_cols, g_qty, strict=True)
        ]
        g_units = [sum(qs) for qs in g_qty]
        late = solver.NumVar(0.0, 1.0, "")
        miss_vars.append(late)
        obj.SetCoefficient(late, float(miss_penalty))
        # extra-shipment cost extra * max(0, shipments - 1): columns pay ``extra``,
        # ``first`` (<= 1, <= shipments) pays it back once.
        first = solver.NumVar(0.0, 1.0, "")
        obj.SetCoefficient(first, -float(extra))
        first_link = solver.Constraint(-inf, 0.0)
        first_link.SetCoefficient(first, 1.0)
        cover = []
        late_links = []
        for g in range(n_g):
            lost = solver.NumVar(0.0, 1.0, "")
            lost_vars.append((lost, g_units[g]))
            obj.SetCoefficient(lost, float(stockout_penalty * g_units[g]))
            c = solver.Constraint(1.0, 1.0)
            c.SetCoefficient(lost, 1.0)
            cover.append(c)
            lk = solver.Constraint(-inf, 0.0)
            lk.SetCoefficient(late, -1.0)
            late_links.append(lk)
        nship = solver.Constraint(-inf, float(rules.max_shipments))
        for i, mine in per_site.items():
            site = network.warehouses[i]
            if site.id in excluded or network.capacity_left[i] <= 0:
                continue
            on = [ln for ln in mine if ln.on_time]
            use = on or mine
            held = [
                g
                for g in range(n_g)
                if all(
                    network.available[i, k] - reserve >= q
                    for k, q in zip(g_cols[g], g_qty[g], strict=True)
                )
            ]
            if not held:
                continue
            for mask in range(1, 1 << len(held)):
                members = [held[b] for b in range(len(held)) if mask >> b & 1]
                grams = sum(g_weight[g] for g in members)
                prices = [
                    ln.base_cents + ln.per_kg_cents * -(-grams // 1000)
                    for ln in use
                    if not ln.max_weight_g or grams <= ln.max_weight_g
                ]
                if not prices:
                    continue
                units = sum(g_units[g] for g in members)
                cost = (
                    min(prices)
                    + site.handling_cost_per_order
                    + site.handling_cost_per_unit * units
                    + extra
                )
                z = solver.NumVar(0.0, 1.0, "")
                columns += 1
                obj.SetCoefficient(z, float(cost))
                cap[i].SetCoefficient(z, 1.0)
                nship.SetCoefficient(z, 1.0)
                first_link.SetCoefficient(z, -1.0)
                for g in members:
                    cover[g].SetCoefficient(z, 1.0)
                    if not on:
                        late_links[g].SetCoefficient(z, 1.0)
                    for k, q in zip(g_cols[g], g_qty[g], strict=True):
                        key = (i, k)
                        if key not in stock:
                            stock[key] = solver.Constraint(-inf, float(network.available[i, k]))
                        stock[key].SetCoefficient(z, float(q))
                        if reserve:
                            ckey = (order.channel, i, k)
                            if ckey not in channel_stock:
                                room = max(float(network.available[i, k]) - reserve, 0.0)
                                channel_stock[ckey] = solver.Constraint(-inf, room)
                            channel_stock[ckey].SetCoefficient(z, float(q))
    obj.SetMinimization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise RuntimeError(f"hindsight LP not solved to optimality (status {status})")
    misses = float(sum(v.solution_value() for v in miss_vars))
    lost_total = float(sum(v.solution_value() for v, _ in lost_vars))
    lost_units = float(sum(v.solution_value() * u for v, u in lost_vars))
    total = obj.Value()
    return HindsightBound(
        total=total,
        landed=total - misses * miss_penalty - lost_units * stockout_penalty,
        misses=misses,
        stockouts=lost_total,
        lost_units=lost_units,
        columns=columns,
        seconds=time.perf_counter() - started,
    )
