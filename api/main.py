"""The FastAPI application: ``create_app()`` wires settings, store, routers and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from api.deps import KeyCache, known_query_parameters, nul_free_parameters, single_valued_query
from api.errors import install_error_handlers
from api.job_runner import JobRunner
from api.middleware import BodySizeLimit, JsonBodiesOnly, NoSniff
from api.openapi_problems import install_problem_openapi
from api.ordering import NetworkCache
from api.routes import (
    carriers,
    health,
    keys,
    orders,
    route_plans,
    scenarios,
    skus,
    slotting,
    stock,
    warehouses,
    waves,
)
from api.routes.jobs_common import never_stopping
from logistics import __version__
from logistics.settings import Settings, get_settings
from logistics.store import Store, upgrade_database

__all__ = ["create_app"]


DESCRIPTION = """
Order sourcing with stock that is never oversold, delivery route-plan jobs,
picking waves, slotting and what-if scenarios.

Authenticate with an API key in `X-API-Key` (or `Authorization: Bearer KEY`).
Roles: **shop** routes and cancels orders; **dispatcher** runs route plans and
waves and slotting; **planner** runs scenarios; **admin** manages keys, warehouses, SKUs and stock.
Errors are RFC 9457 `application/problem+json` documents.
"""


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    migrate: bool = False,
    start_workers: bool = True,
) -> FastAPI:
    """Build the API.

    Parameters
    ----------
    settings
        Defaults to the environment (``LOGISTICS_*``).
    store
        An open store; by default one is made from ``settings.db_url``.
    migrate
        Apply the database migrations before serving.
    start_workers
        Start the worker processes that run long solves.
    """
    settings = settings or get_settings()
    store = store or Store(settings.db_url)
    if migrate:
        upgrade_database(engine=store.engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner = getattr(app.state, "jobs", None)
        if runner is not None and start_workers:
            runner.start()
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()

    app = FastAPI(
        title="logistics",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[
            Depends(single_valued_query),
            Depends(known_query_parameters),
            Depends(nul_free_parameters),
        ],
    )
    app.state.settings = settings
    # whether the server is stopping (``logistics serve`` asks uvicorn): open event
    # streams end then, so that the server can go on to stop its job workers
    app.state.stopping = never_stopping
    app.state.store = store
    app.state.key_cache = KeyCache()
    install_error_handlers(app)
    install_problem_openapi(app)
    app.state.network_cache = NetworkCache()
    app.state.orders_in_flight = orders.KeysInFlight()
    app.state.jobs = JobRunner(
        store,
        settings.job_workers,
        standby=settings.job_standby,
        heartbeat_s=settings.job_heartbeat_s,
        stale_s=settings.job_stale_s,
    )
    for module in (
        health,
        keys,
        warehouses,
        skus,
        carriers,
        stock,
        orders,
        route_plans,
        waves,
        scenarios,
        slotting,
    ):
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(JsonBodiesOnly)
    app.add_middleware(NoSniff)  # outermost: the 413 and 415 answers above carry it too
    return app
