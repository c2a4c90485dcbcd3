"""``logistics serve``: run the HTTP API with uvicorn (migrations applied first)."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    port: int = typer.Option(8000, help="TCP port"),
    db_url: str | None = typer.Option(None, "--db-url", help="default: LOGISTICS_DB_URL"),
    log_level: str = typer.Option("info", help="uvicorn log level"),
    access_log: bool = typer.Option(True, help="log every request"),
) -> None:
    """Serve the API (docs at /docs) on the store at LOGISTICS_DB_URL (SQLite file by default)."""
    import gc
    import os

    import uvicorn

    from api.main import create_app
    from logistics.settings import Settings

    if db_url:
        os.environ["LOGISTICS_DB_URL"] = db_url
    settings = Settings()
    app = create_app(settings, migrate=True)
    # everything built so far lives as long as the server: keep it out of the cyclic
    # collector's full passes (shorter pauses under load)
    gc.collect()
    gc.freeze()
    typer.echo(f"serving on http://{host}:{port} (store {settings.db_url}); docs at /docs")
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=access_log)
