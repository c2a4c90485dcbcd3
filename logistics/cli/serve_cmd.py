"""``logistics serve``: run the HTTP API with uvicorn (migrations applied first)."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="interface to listen on"),
    # uvicorn would wrap a bigger number around (99999 listens on 34463)
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port"),
    db_url: str | None = typer.Option(None, "--db-url", help="default: LOGISTICS_DB_URL"),
    log_level: str = typer.Option(
        "info", help="uvicorn log level: critical, error, warning, info, debug or trace"
    ),
    access_log: bool = typer.Option(True, help="log every request"),
) -> None:
    """Serve the API (docs at /docs) on the store at LOGISTICS_DB_URL (SQLite file by default)."""
    from logistics.cli.interrupt import defer_sigint, exit_interrupted

    # Ctrl-C while starting: held back to the check below (none is lost, nothing half done)
    came = defer_sigint()
    import gc
    import os
    import sys

    import uvicorn
    from uvicorn.config import LOG_LEVELS

    from api.main import create_app
    from logistics.cli.listen_sockets import listen_sockets
    from logistics.cli.store_url import open_store, shown_url
    from logistics.errors import InvalidValueError, one_of
    from logistics.settings import Settings

    # options first, then the address (a port in use), then the store: each a line, exit 2,
    # before any file is made (a Ctrl-C that came meanwhile wins)
    sockets = []
    try:
        if log_level.lower() not in LOG_LEVELS:
            raise InvalidValueError("log-level", log_level, one_of(LOG_LEVELS))
        sockets = listen_sockets(host, port)
        # a URL that names no usable store: one line naming --db-url or LOGISTICS_DB_URL
        store = open_store(db_url)
    except InvalidValueError:
        for sock in sockets:
            sock.close()
        if came():
            exit_interrupted()
        raise
    if db_url:
        os.environ["LOGISTICS_DB_URL"] = db_url  # the job workers read the store from here
    settings = Settings()
    app = create_app(settings, store=store)
    # everything built so far lives as long as the server: keep it out of the cyclic
    # collector's full passes (shorter pauses under load)
    gc.collect()
    gc.freeze()
    if came():
        exit_interrupted()
    typer.echo(
        f"serving on http://{host}:{port} (store {shown_url(settings.db_url)}); docs at /docs"
    )
    config = uvicorn.Config(
        app, host=host, port=port, log_level=log_level.lower(), access_log=access_log
    )
    server = uvicorn.Server(config)
    # uvicorn waits for open answers before the app's shutdown stops the job workers: the
    # event streams of running jobs end as soon as it begins to stop (SIGTERM, Ctrl-C)
    app.state.stopping = lambda: server.should_exit
    server.run(sockets=sockets)
    if not server.started:  # the app failed to start (uvicorn.run's exit code)
        sys.exit(3)
