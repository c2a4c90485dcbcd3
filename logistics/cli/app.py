"""The ``logistics`` command: one Typer app, one module per command group."""

from __future__ import annotations

import typer

from logistics.cli import (
    bench_cmd,
    datasets_cmd,
    demo_cmd,
    keys_cmd,
    network_cmd,
    route_cmd,
    serve_cmd,
    slot_cmd,
    source_cmd,
    waves_cmd,
    whatif_cmd,
)
from logistics.cli.errors import run_cli

app = typer.Typer(
    name="logistics",
    help="Warehouse and last-mile logistics optimizer: sourcing, waves, slotting, routing, "
    "network design.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("demo", help="Generate a seeded synthetic day and run every stage on it.")(
    demo_cmd.demo
)
app.add_typer(datasets_cmd.app, name="datasets", help="Public benchmark data sets.")
app.add_typer(
    bench_cmd.app,
    name="bench",
    help="Benchmark suites (tables under benchmarks/results/, or LOGISTICS_RESULTS).",
)
app.command("source", help="Source one order: which site(s) ship it, and why.")(source_cmd.source)
app.add_typer(waves_cmd.app, name="waves", help="Order batching, waves, picker routes, SBPO.")
app.add_typer(route_cmd.app, name="route", help="Delivery route planning.")
app.add_typer(slot_cmd.app, name="slot", help="Slotting and re-slotting (plan, moves).")
app.add_typer(network_cmd.app, name="network", help="Network design (facility location).")
app.command("whatif", help="Network what-if: a scenario against its base, or a sweep.")(
    whatif_cmd.whatif
)
app.add_typer(keys_cmd.app, name="keys", help="API keys for the HTTP service.")
app.command("serve", help="Run the HTTP API (uvicorn), migrations applied.")(serve_cmd.serve)


def main() -> None:
    """Console entry point: runs the app and turns library errors into clean messages."""
    run_cli(app)
