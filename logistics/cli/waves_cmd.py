"""``logistics waves``: order batching and wave planning, and SBPO wave selection."""

from __future__ import annotations

import typer

from logistics.cli import waves_plan_cmd, waves_sbpo_cmd

app = typer.Typer(no_args_is_help=True, help="Order batching, waves and picker routes.")
app.command("plan", help="Batch orders into waves and carts; print pick lists in walking order.")(
    waves_plan_cmd.plan
)
app.command("sbpo", help="Choose one wave's orders and aisles (SBPO 2025 instance file).")(
    waves_sbpo_cmd.sbpo
)
