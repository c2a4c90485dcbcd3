"""``logistics demo``: one seeded synthetic day through every stage.

1. :mod:`~logistics.demo.day` generates the day (Rio de Janeiro: sites, SKUs,
   stock, orders with promises, carriers, fleets) and prints it.
2. :mod:`~logistics.demo.sourcing` loads the network into the store (the
   embedded SQLite file by default) and routes every order through the HTTP API
   in-process (``POST /v1/orders`` with a shop key): the same path shop backends
   use, stock reserved atomically.
3. :mod:`~logistics.demo.warehouse` slots each site's SKUs and plans its picking
   waves and picker routes for the orders it ships.
4. :mod:`~logistics.demo.routes` plans each depot's delivery routes (OR-Tools in a
   worker process) for its own-fleet shipments.
"""

from __future__ import annotations

import time

from rich.console import Console

from logistics.ctrl_c import raised_by_ctrl_c
from logistics.demo.day import show_day
from logistics.demo.routes import plan_routes
from logistics.demo.sourcing import source_orders
from logistics.demo.warehouse import plan_warehouses

__all__ = ["DemoInterrupted", "MAX_ORDERS", "run_demo"]

MAX_ORDERS = 10_000
"""Most orders of a demo day (25 times the default 400). Every order is posted through the
API one by one, and a depot's share becomes one routing problem: at 2,000 orders the demo
takes about a minute and a fulfilment centre's 1,200 stops already get no first routing
solution in the default 5 s. 10**8 orders used more than 3.2 GB before the first order was
posted; the synthetic ids ``ORD-00001``.. stay five digits up to here."""


class DemoInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped :func:`run_demo` during ``stage`` (``"sourcing the orders"`` ...); the
    stages before it were printed. Raised also when Ctrl-C broke the import of a module
    the stage needed (Python reports that as ``ImportError: initialization failed``)."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


def run_demo(
    seed: int = 7,
    n_orders: int = 400,
    *,
    db_url: str | None = None,
    route_seconds: float = 5.0,
    wave_seconds: float = 3.0,
    console: Console | None = None,
) -> dict:
    """Run every stage on a seeded synthetic day; print and return a summary.

    Parameters
    ----------
    seed, n_orders
        The synthetic day.
    db_url
        Store to use; default a fresh SQLite file ``logistics-demo.db`` here.
    route_seconds, wave_seconds
        Time limits per depot (routing) and per site (waves).

    Raises
    ------
    DemoInterrupted
        Ctrl-C came (the order being posted is answered first, and the run's API keys
        are revoked: the store holds whole orders only).
    """
    console = console or Console()
    started = time.perf_counter()
    console.rule(f"[bold]logistics demo[/bold]  seed={seed}  orders={n_orders}")
    stage = "generating the day"
    try:
        from logistics.synthetic import generate_day

        day = generate_day(seed=seed, n_orders=n_orders)
        show_day(day, console)
        stage = "sourcing the orders"
        sourced = source_orders(day, db_url=db_url, console=console)
        stage = "planning the warehouses"
        warehouses = plan_warehouses(day, sourced, time_limit_s=wave_seconds, console=console)
        stage = "planning the delivery routes"
        routes = plan_routes(day, sourced, time_limit_s=route_seconds, console=console)
    except Exception as exc:
        if raised_by_ctrl_c(exc):  # ImportError: Ctrl-C broke a module's initialization
            raise DemoInterrupted(stage) from None
        raise
    except KeyboardInterrupt:
        raise DemoInterrupted(stage) from None
    console.rule(f"done in {time.perf_counter() - started:.1f} s")
    return {"sourcing": sourced.summary, "warehouses": warehouses, "routes": routes}
