"""The demo day: generate a seeded synthetic day and run every stage on it."""

from __future__ import annotations

from rich.console import Console


def run_demo(seed: int = 7, n_orders: int = 400, console: Console | None = None) -> None:
    """Print what each stage did with a seeded synthetic day."""
    console = console or Console()
    console.print(f"[bold]logistics demo[/bold] seed={seed} orders={n_orders}")
    from logistics.demo_sourcing import run_sourcing_demo

    run_sourcing_demo(seed=seed, n_orders=n_orders, console=console)
