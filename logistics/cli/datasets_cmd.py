"""``logistics datasets``: what public data ships with the project."""

from __future__ import annotations

import typer

from logistics.datasets.catalog import DATASETS, instance_files
from logistics.errors import InvalidValueError
from logistics.paths import datasets_root

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_datasets() -> None:
    """Show every set with its problem, instance count and whether BKS exist."""
    from rich.console import Console
    from rich.table import Table

    root = datasets_root()
    if not root.is_dir():
        raise InvalidValueError("datasets", str(root), "no such folder (the public benchmark data)")
    table = Table(title=str(root))
    for col in ("set", "problem", "instances", "BKS"):
        table.add_column(col)
    missing = []
    for info in DATASETS.values():
        if not info.folder.is_dir():  # a partial copy: say so, not "0 instances, no BKS"
            missing.append(info.name)
            table.add_row(info.name, info.problem, "missing", "-")
            continue
        table.add_row(
            info.name,
            info.problem,
            str(len(instance_files(info.name))),
            "yes" if info.has_bks else "no",
        )
    Console().print(table)
    if missing:
        typer.echo(f"missing under {root}: {', '.join(missing)}", err=True)
