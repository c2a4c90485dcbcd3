"""``logistics keys``: create, list and revoke API keys (the store's ``LOGISTICS_DB_URL``)."""

from __future__ import annotations

import typer

from logistics.cli.store_url import open_store
from logistics.errors import InvalidValueError, one_of

app = typer.Typer(no_args_is_help=True)

_DB_URL_HELP = "default: LOGISTICS_DB_URL"


@app.command("create")
def create(
    role: str = typer.Option(..., "--role", help="shop, dispatcher, planner or admin"),
    name: str = typer.Option("", "--name", help="who or what uses the key"),
    db_url: str | None = typer.Option(None, "--db-url", help=_DB_URL_HELP),
) -> None:
    """Create a key; the key itself is printed as the LAST line (other tools rely on it)."""
    from logistics.store.keys import check_key_name, create_key
    from logistics.store.models import Role

    if role not in {r.value for r in Role}:  # before the store is opened (or created)
        raise InvalidValueError("role", role, one_of(r.value for r in Role))
    check_key_name(name)
    store = open_store(db_url)
    new = create_key(store, role, name)
    typer.echo(f"created {new.role.value} key {new.id} (shown once; only its hash is stored)")
    typer.echo(new.secret)


@app.command("list")
def list_(
    db_url: str | None = typer.Option(None, "--db-url", help=_DB_URL_HELP),
) -> None:
    """List live keys (ids and roles, never secrets)."""
    from logistics.store.keys import list_keys

    for k in list_keys(open_store(db_url)):
        typer.echo(f"{k.id}\t{k.role.value}\t{k.name}")


@app.command("revoke")
def revoke(
    key_id: str,
    db_url: str | None = typer.Option(None, "--db-url", help=_DB_URL_HELP),
) -> None:
    """Revoke a key by id."""
    from logistics.store.keys import revoke_key

    if not revoke_key(open_store(db_url), key_id):
        typer.echo(f"error: no live key with id {key_id}", err=True)
        raise typer.Exit(2)
    typer.echo(f"revoked {key_id}")
