"""The demo day: generate a seeded synthetic day and run every stage on it."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def run_demo(seed: int = 7, n_orders: int = 400, console: Console | None = None) -> None:
    """Print what each stage did with a seeded synthetic day."""
    from logistics.synthetic import generate_day

    console = console or Console()
    console.print(f"[bold]logistics demo[/bold] seed={seed} orders={n_orders}")
    day = generate_day(seed=seed, n_orders=n_orders)
    summary = day.summary()
    table = Table(title=f"Synthetic day: {summary['city']}, {summary['date']}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("warehouses", "skus", "inventory_positions", "orders", "lines", "units"):
        table.add_row(key.replace("_", " "), str(summary[key]))
    for kind, count in summary["promises"].items():
        table.add_row(f"  promise {kind}", str(count))
    table.add_row("carriers", str(summary["carriers"]))
    table.add_row("vehicles", str(summary["vehicles"]))
    console.print(table)
    from logistics.demo_sourcing import run_sourcing_demo

    run_sourcing_demo(seed=seed, n_orders=n_orders, console=console)
