"""Print the synthetic day the demo runs on."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from logistics.synthetic import SyntheticDay

__all__ = ["show_day"]


def show_day(day: SyntheticDay, console: Console) -> None:
    """A table of what the day holds (sites, SKUs, orders by promise, fleet)."""
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
