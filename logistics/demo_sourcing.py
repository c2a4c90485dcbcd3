"""The sourcing stage of ``logistics demo``: source a seeded day of US orders, one by one.

Each order is decided on the stock its predecessors left (as the API would,
without the database), then the day's unreleased orders are re-optimised
together. Prints what happened; returns the numbers for tests.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.console import Console

__all__ = ["run_sourcing_demo"]


def run_sourcing_demo(
    seed: int = 7, n_orders: int = 400, console: Console | None = None
) -> dict[str, Any]:
    """Source ``n_orders`` orders of the seeded US scenario; print and return a summary."""
    from logistics.domain.orders import Promise, PromiseKind
    from logistics.domain.sourcing import SourcingProblem
    from logistics.sourcing_scenario import us_scenario
    from solvers.sourcing import BatchParams, SourcingParams, reoptimize_batch, solve

    console = console or Console()
    sc = us_scenario(seed=seed, n_orders=n_orders)
    net0 = sc.network
    avail = net0.available.copy()
    cap = net0.capacity_left.copy()
    params = SourcingParams(explain=False, runner_ups=0)
    kept, plans = [], []
    missed = lost = 0
    for order in sc.orders:
        net = net0.with_stock(avail, cap)
        result = solve(SourcingProblem(order, net, sc.rules), params)
        plan = result.plan
        if plan is None and result.status != "out_of_stock":
            relaxed = replace(order, promise=Promise(PromiseKind.STANDARD, standard_days=30))
            plan = solve(SourcingProblem(relaxed, net, sc.rules), params).plan
            missed += plan is not None
        if plan is None:
            lost += 1
            continue
        for s in plan.shipments:
            w = net.warehouse_index[s.warehouse_id]
            cap[w] -= 1
            for ln in s.lines:
                avail[w, net.sku_index[ln.sku_id]] -= ln.quantity
        kept.append(order)
        plans.append(plan)
    batch = reoptimize_batch(net0, sc.rules, kept, plans, BatchParams(time_limit=5))
    summary = {
        "orders": n_orders,
        "sourced": len(kept),
        "missed_promises": missed,
        "lost": lost,
        "landed_cost": sum(p.total_cost for p in plans),
        "shipments": sum(len(p.shipments) for p in plans),
        "batch_cost": batch.cost_after,
        "batch_shipments": batch.shipments_after,
        "moved": len(batch.moves),
    }
    console.print(
        f"[bold]sourcing[/bold]: {len(kept)}/{n_orders} orders sourced on the US network "
        f"({missed} late, {lost} out of stock), {summary['shipments']} shipments, landed cost "
        f"{summary['landed_cost'] / 100:,.2f}; batch re-optimisation moved {len(batch.moves)} "
        f"orders: {summary['batch_shipments']} shipments, {batch.cost_after / 100:,.2f}"
    )
    return summary
