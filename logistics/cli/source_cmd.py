"""``logistics source ORDER.json [--network NETWORK.json]``: source one order and explain it."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from logistics.cli.input_files import check_input_file
from logistics.cli.options import named_as_options
from logistics.errors import InvalidValueError
from logistics.json_file import read_json
from logistics.printable import rich_text

__all__ = ["source"]


def source(
    order_file: Path = typer.Argument(
        ..., metavar="ORDER.json", help="The order as JSON (see examples/sourcing/)."
    ),
    network: Path | None = typer.Option(
        None,
        "--network",
        help="Network snapshot JSON (sites, SKUs, stock, carriers, rules). "
        "Default: the seeded US benchmark network (10 centres + 10 forward sites).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the decision as JSON."),
    runner_ups: int = typer.Option(5, help="How many runner-up plans to show."),
    look_ahead: bool = typer.Option(
        False,
        "--look-ahead",
        help="Price scarce stock with transportation-LP duals over the default network's "
        "expected demand (default network only).",
    ),
) -> None:
    """Decide which site(s) ship ORDER.json, by which carrier, and show the runner-ups."""
    from logistics.sourcing_json import network_from_json, problem_from_json
    from solvers.sourcing import SourcingParams, solve

    with named_as_options(runner_ups="runner-ups"):  # before any work, named as typed
        SourcingParams(runner_ups=runner_ups)
    if network is not None and look_ahead:
        raise InvalidValueError("look-ahead", True, "only with the default network")
    check_input_file("ORDER.json", order_file)
    if network is not None:
        check_input_file("network", network)
    order = read_json(order_file, "ORDER.json")
    prices = None
    if network is not None:
        snapshot, rules = network_from_json(read_json(network, "network"))
    else:
        from logistics.sourcing_scenario import us_scenario

        scenario = us_scenario()
        snapshot, rules = scenario.network, scenario.rules
        if look_ahead:
            prices = _scenario_prices(scenario)
    problem = problem_from_json(order, snapshot, rules)
    result = solve(problem, SourcingParams(runner_ups=runner_ups, stock_prices=prices))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    _print(result)


def _scenario_prices(scenario):
    """Stock prices of the default network for a day of expected demand (look-ahead)."""
    import numpy as np

    from logistics.domain.orders import Promise, PromiseKind
    from logistics.sourcing_scenario import START_UNIX
    from solvers.sourcing import price_stock, unit_costs

    cities = scenario.us.cities
    pop = np.array([c.population for c in cities], dtype=float)
    mix = (
        (Promise(PromiseKind.STANDARD, standard_days=5), 0.55),
        (Promise(PromiseKind.NEXT_DAY), 0.30),
        (Promise(PromiseKind.SAME_DAY), 0.10),
        (Promise(PromiseKind.SAME_CITY, hours=4), 0.05),
    )
    net = scenario.network
    cost = unit_costs(
        net,
        [c.location for c in cities],
        [c.utc_offset_s for c in cities],
        mix,
        3000,
        day_start=START_UNIX - 5 * 3600,
    )
    demand = len(scenario.orders) * (pop / pop.sum())[:, None] * scenario.units_per_order[None, :]
    return price_stock(
        net.available,
        cost,
        demand,
        np.full(len(cities), 10_000.0),
        [w.id for w in net.warehouses],
        [s.id for s in net.skus],
    )


def _money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def _print(result) -> None:
    """The decision as Rich tables; ids and reasons shown as written (:func:`rich_text`)."""
    import sys

    from rich.console import Console
    from rich.table import Table

    from solvers.sourcing.result import rfc3339

    console = Console(width=None if sys.stdout.isatty() else 150)
    console.print(
        f"[bold]order {rich_text(result.order_id)}[/bold]: {result.status}  "
        f"(promise due {rfc3339(result.promise_deadline)})"
    )
    if result.plan is None:
        console.print(f"[red]{rich_text(result.reason)}[/red]")
    else:
        plan = result.plan
        t = Table(title="decision")
        for col in ("site", "carrier", "lines", "shipping", "handling", "ships at", "delivers by"):
            t.add_column(col)
        for s in plan.shipments:
            t.add_row(
                rich_text(s.warehouse_id),
                rich_text(s.carrier_id),
                ", ".join(f"{rich_text(ln.sku_id)} x{ln.quantity}" for ln in s.lines),
                _money(s.shipping_cost),
                _money(s.handling_cost),
                rfc3339(s.ships_at),
                rfc3339(s.delivers_by),
            )
        console.print(t)
        extra = f", extra shipments {_money(plan.extra_shipment_cost)}"
        opp = (
            f", stock price {_money(plan.stock_opportunity_cost)}"
            if plan.stock_opportunity_cost
            else ""
        )
        proof = "optimal" if result.exact else f"bound {_money(result.bound or 0)}"
        console.print(f"landed cost {_money(plan.total_cost)}{extra}{opp} ({proof})")
    if result.runner_ups:
        t = Table(title="runner-ups")
        for col in ("plan", "sites", "landed cost", "vs decision", "delivers by"):
            t.add_column(col)
        base = result.plan.objective if result.plan else 0
        for o in result.runner_ups:
            t.add_row(
                rich_text(o.label),
                " + ".join(
                    f"{rich_text(s.warehouse_id)}/{rich_text(s.carrier_id)}" for s in o.shipments
                ),
                _money(o.total_cost),
                f"+{_money(o.objective - base)}" if result.plan else "",
                rfc3339(o.delivers_by),
            )
        console.print(t)
    if result.site_notes:
        t = Table(title="sites that cannot ship it all")
        t.add_column("site")
        t.add_column("why")
        for n in result.site_notes:
            t.add_row(rich_text(n.warehouse_id), rich_text(n.reason))
        console.print(t)
