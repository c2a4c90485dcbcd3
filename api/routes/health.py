"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.deps import StoreDep
from api.unique_keys import UniqueKeysRoute
from logistics.store import Store

router = APIRouter(route_class=UniqueKeysRoute, tags=["health"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: bool
    workers: bool
    workers_warm: bool = Field(
        description="The standby job workers have their solvers imported (a job starts at once)"
    )


@router.get("/healthz", response_model=Health, summary="The process is up")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    summary="The database answers and the job workers are alive",
    responses={503: {"model": Readiness}},
)
def readyz(request: Request, store: StoreDep):
    body = _readiness(request, store)
    if body.status == "ready":
        return body
    return JSONResponse(body.model_dump(), status_code=503)


# HEAD as well as GET (RFC 9110 9.3.2: uptime monitors and load balancers probe with it);
# FastAPI serves a GET route to GET only


@router.head("/healthz", include_in_schema=False)
def healthz_head() -> Response:
    return Response(status_code=200)


@router.head("/readyz", include_in_schema=False)
def readyz_head(request: Request, store: StoreDep) -> Response:
    ready = _readiness(request, store).status == "ready"
    return Response(status_code=200 if ready else 503)


def _readiness(request: Request, store: Store) -> Readiness:
    db = store.ping()
    runner = getattr(request.app.state, "jobs", None)
    workers = runner is None or runner.alive()
    warm = runner is None or runner.warm()
    return Readiness(
        status="ready" if db and workers else "not ready",
        database=db,
        workers=workers,
        workers_warm=warm,
    )
