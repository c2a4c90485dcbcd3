"""Demo stage 4: each depot's delivery routes for its own-fleet shipments.

Orders the API sent with the own fleet (``OWN-FLEET``) are delivered by the
shipping site's vans and motorbikes (capacities in kg, litres and parcels,
promise windows, 08:00-18:00 shifts, a 30-minute break). Each depot is solved
with the default backend in a worker process (OR-Tools holds the GIL) and the
plan is re-checked by :func:`solvers.routing.validate`.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from logistics.demo.sourcing import DaySourcing
from logistics.synthetic import SyntheticDay

__all__ = ["plan_routes", "OWN_FLEET"]

OWN_FLEET = "OWN-FLEET"


def plan_routes(
    day: SyntheticDay, sourced: DaySourcing, *, time_limit_s: float, console: Console
) -> dict[str, Any]:
    """Solve every depot that has own-fleet deliveries; print and return a summary."""
    from logistics.synthetic import delivery_problem
    from logistics.synthetic.routing import PROMISE_PENALTY
    from solvers.routing import RoutingParams, solve_in_worker, validate

    by_id = {o.id: o for o in day.orders}
    depots = sorted({v.start_depot for v in day.vehicles})
    table = Table(title=f"Delivery routes per depot ({time_limit_s:g} s each, worker process)")
    for col in ("depot", "stops", "vehicles", "km", "hours", "CO2 kg", "unserved", "valid"):
        table.add_column(col, justify="right" if col != "depot" else "left")
    out: dict[str, Any] = {}
    for depot in depots:
        ids = sorted(sourced.orders_shipped_from(depot, OWN_FLEET))
        if not ids:
            continue
        problem = delivery_problem(day, depot, [by_id[i] for i in ids])
        handle = solve_in_worker(problem, RoutingParams(time_limit_s=time_limit_s))
        try:
            plan = handle.result()
        except KeyboardInterrupt:  # Ctrl-C: the worker stops too
            handle.cancel()
            raise
        report = validate(problem, plan)
        s = plan.summary
        co2 = s.co2_g / 1000
        out[depot] = {
            "stops": len(problem.stops),
            "vehicles": s.vehicles,
            "distance_m": s.distance,
            "unserved": len(plan.unassigned),
            "feasible": report.feasible,
            "backend": plan.backend,
        }
        table.add_row(
            depot,
            str(len(problem.stops)),
            f"{s.vehicles}/{len(problem.vehicles)}",
            f"{s.distance / 1000:,.1f}",
            f"{s.duration / 3600:,.1f}",
            f"{co2:,.1f}",
            str(len(plan.unassigned)),
            "yes" if report.feasible else "NO",
        )
    if not out:  # an empty table and a note about its columns said nothing
        console.print("Delivery routes: no own-fleet deliveries today")
        return out
    console.print(table)
    penalties = ", ".join(
        f"R${cents / 100:,.0f} {kind.value.replace('_', '-')}"
        for kind, (cents, _) in PROMISE_PENALTY.items()
    )
    console.print(
        f"vehicles: used/available; unserved: deliveries left for another day, serving them "
        f"costing more than the penalty of the promise ({penalties})"
    )
    return out
