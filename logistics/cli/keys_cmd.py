"""``logistics keys``: create, list and revoke API keys (the store's ``LOGISTICS_DB_URL``)."""

from __future__ import annotations

import typer

from logistics.store import Store, upgrade_database
from logistics.store.keys import create_key, list_keys, revoke_key

app = typer.Typer(no_args_is_help=True)


def _store(db_url: str | None) -> Store:
    store = Store(db_url)
    upgrade_database(engine=store.engine)
    return store


@app.command("create")
def create(
    role: str = typer.Option(..., "--role", help="shop, dispatcher, planner or admin"),
    name: str = typer.Option("", "--name", help="who or what uses the key"),
    db_url: str | None = typer.Option(None, "--db-url", help="default: LOGISTICS_DB_URL"),
) -> None:
    """Create a key; the key itself is printed as the LAST line (other tools rely on it)."""
    store = _store(db_url)
    new = create_key(store, role, name)
    typer.echo(f"created {new.role.value} key {new.id} (shown once; only its hash is stored)")
    typer.echo(new.secret)


@app.command("list")
def list_() -> None:
    """List live keys (ids and roles, never secrets)."""
    for k in list_keys(_store(None)):
        typer.echo(f"{k.id}\t{k.role.value}\t{k.name}")


@app.command("revoke")
def revoke(key_id: str) -> None:
    """Revoke a key by id."""
    if not revoke_key(_store(None), key_id):
        typer.echo(f"error: no live key with id {key_id}", err=True)
        raise typer.Exit(2)
    typer.echo(f"revoked {key_id}")
