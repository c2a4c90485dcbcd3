"""``logistics demo``: a seeded synthetic day through every stage."""

from __future__ import annotations

import typer


def demo(
    seed: int = typer.Option(7, help="Random seed of the synthetic day."),
    orders: int = typer.Option(400, help="Orders in the day."),
) -> None:
    """Generate a seeded synthetic day (Rio de Janeiro) and run every stage on it."""
    from logistics.demo import run_demo

    run_demo(seed=seed, n_orders=orders)
