"""``logistics demo``: a seeded synthetic day through every stage."""

from __future__ import annotations

import typer


def demo(
    seed: int = typer.Option(7, help="Random seed of the synthetic day (>= 0)."),
    orders: int = typer.Option(400, help="Orders in the day (1..10000)."),
    db_url: str | None = typer.Option(
        None,
        "--db-url",
        "--db",
        help="Store URL; default LOGISTICS_DB_URL, else ./logistics-demo.db, a SQLite file "
        "made afresh on every run.",
    ),
    route_seconds: float = typer.Option(5.0, help="Routing time limit per depot (s)."),
    wave_seconds: float = typer.Option(3.0, help="Wave planning time limit per site (s)."),
) -> None:
    """Generate a seeded synthetic day (Rio de Janeiro) and run every stage on it.

    Orders go through the HTTP API in-process (stock reserved in the store), then
    each site's waves and each depot's delivery routes are planned.
    """
    import os

    from logistics.cli.interrupt import exit_stopped
    from logistics.cli.store_url import open_store, settings_or_error
    from logistics.cli.time_limit import check_time_limit
    from logistics.demo import MAX_ORDERS, DemoInterrupted, run_demo
    from logistics.demo.sourcing import demo_db_url
    from logistics.errors import InvalidValueError

    # before any work, named as typed: the library names them n_orders and time_limit_s, and
    # a bad route time limit was only found after every order had been sourced
    if seed < 0:
        raise InvalidValueError("seed", seed, "expected an integer >= 0")
    if orders < 1:
        raise InvalidValueError("orders", orders, "expected an integer >= 1")
    if orders > MAX_ORDERS:  # 10**8 was gigabytes of orders made before any was posted
        raise InvalidValueError(
            "orders",
            orders,
            f"at most {MAX_ORDERS} orders (the demo posts each one through the API)",
        )
    check_time_limit(route_seconds, name="route-seconds")
    check_time_limit(wave_seconds, name="wave-seconds")
    # the LOGISTICS_* settings and the store too (named db-url or LOGISTICS_DB_URL, password
    # hidden): a bad URL or an unreachable database was a traceback after the day was made
    settings_or_error()
    if not db_url and not os.environ.get("LOGISTICS_DB_URL"):
        # the old demo file goes first, as in the run (an old file that is no database is
        # replaced, not refused); then a folder it cannot write in is found here
        open_store(demo_db_url(None)[0]).dispose()
    else:
        open_store(db_url).dispose()
    try:
        run_demo(
            seed=seed,
            n_orders=orders,
            db_url=db_url,
            route_seconds=route_seconds,
            wave_seconds=wave_seconds,
        )
    except DemoInterrupted as exc:
        stage = exc.stage
    else:
        return
    # after the except block: an exit raised in it would read as Typer's own Ctrl-C exit
    exit_stopped(f"the demo, while {stage} (the stages before it are shown)")
